//go:build unix

package follow

import (
	"io"
	"os"
	"syscall"
)

// fileID returns the device and inode of fi.
func fileID(fi os.FileInfo) (dev, ino uint64) {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Dev), uint64(st.Ino)
	}
	return 0, 0
}

// deleted reports whether g's file has no name left (its link count is
// 0): deleted, not renamed.
func deleted(g *handle) bool {
	st, err := g.f.Stat()
	if err != nil {
		return false
	}
	sys, ok := st.Sys().(*syscall.Stat_t)
	return ok && sys.Nlink == 0
}

// pread reads into p at off with one system call: a read shorter than p
// is where the file ends now (os.File.ReadAt would make a second call to
// be told so). At the end it returns 0, io.EOF.
func pread(f *os.File, p []byte, off int64) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	for {
		n, err := syscall.Pread(int(f.Fd()), p, off)
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil:
			return 0, &os.PathError{Op: "read", Path: f.Name(), Err: err}
		case n == 0:
			return 0, io.EOF
		}
		return n, nil
	}
}
