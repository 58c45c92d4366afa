//go:build !unix

package follow

import (
	"errors"
	"io"
	"os"
)

// fileID returns the device and inode of fi: unknown here, so files are
// recognised by their fingerprints only.
func fileID(fi os.FileInfo) (dev, ino uint64) { return 0, 0 }

// deleted reports whether g's file has no name left: unknown here.
func deleted(g *handle) bool { return false }

// pread reads into p at off: a read shorter than p is where the file ends
// now. At the end it returns 0, io.EOF.
func pread(f *os.File, p []byte, off int64) (int, error) {
	n, err := f.ReadAt(p, off)
	if n > 0 && errors.Is(err, io.EOF) {
		err = nil
	}
	return n, err
}
