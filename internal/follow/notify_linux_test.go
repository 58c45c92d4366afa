package follow

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// TestWatchLimits: inotify failing says why, naming the system's limit
// when that is why, with its value, once; the files of a directory that
// could not be watched are polled at every wake of the Waker. (Before,
// the follower fell back to polling without a word.) The limits cannot
// be reached here without changing the system's: the system calls are
// made to fail as they do at the limit.
func TestWatchLimits(t *testing.T) {
	value := func(name string) string {
		b, err := os.ReadFile("/proc/sys/fs/inotify/" + name)
		if err != nil {
			return "?"
		}
		return strings.TrimSpace(string(b))
	}
	t.Run("watches", func(t *testing.T) {
		defer func(f func(int, string, uint32) (int, error)) { inotifyAddWatch = f }(inotifyAddWatch)
		inotifyAddWatch = func(int, string, uint32) (int, error) { return -1, unix.ENOSPC }
		dir := t.TempDir()
		var names []string
		for i := range 100 { // more than a wake's share of files (fallbackShare)
			names = append(names, filepath.Join(dir, fmt.Sprintf("f%03d.log", i)))
			appendFile(t, names[i], "")
		}
		log := names[80]
		w, c, _ := newTest(t, names, Options{})
		waker := NewManualWaker()
		wake, err := w.Watch(waker, true)
		if err != nil {
			t.Fatal(err)
		}
		err = w.WatchErr()
		want := "watch " + dir + ": the limit of inotify watches (fs.inotify.max_user_watches = " + value("max_user_watches") + ") is reached"
		if err == nil || err.Error() != want || !errors.Is(err, unix.ENOSPC) {
			t.Fatalf("WatchErr: %v, want %s", err, want)
		}
		if err := w.WatchErr(); err != nil {
			t.Errorf("WatchErr again: %v, want nil (said once)", err)
		}
		poll(t, w, c)
		appendFile(t, log, "a1\n")
		waker.WakeNow()
		<-wake
		check(t, "polled at the first wake", poll(t, w, c), "a1\n")
	})
	t.Run("instances", func(t *testing.T) {
		defer func(f func(int) (int, error)) { inotifyInit = f }(inotifyInit)
		inotifyInit = func(int) (int, error) { return -1, unix.EMFILE }
		w, _, _ := newTest(t, []string{filepath.Join(t.TempDir(), "app.log")}, Options{})
		_, err := w.Watch(NewManualWaker(), true)
		want := "the limit of inotify instances (fs.inotify.max_user_instances = " + value("max_user_instances") + ") is reached"
		if err == nil || err.Error() != want {
			t.Fatalf("Watch: %v, want %s", err, want)
		}
	})
}
