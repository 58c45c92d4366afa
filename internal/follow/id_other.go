//go:build !unix

package follow

import "os"

// fileID returns the device and inode of fi: unknown here, so files are
// recognised by their fingerprints only.
func fileID(fi os.FileInfo) (dev, ino uint64) { return 0, 0 }

// deleted reports whether g's file has no name left: unknown here.
func deleted(g *handle) bool { return false }
