//go:build unix

package follow

import (
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
