//go:build !unix

package monitor

import "os"

// lockFile takes no lock here: there is no flock.
func lockFile(*os.File) error { return nil }
