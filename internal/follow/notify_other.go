//go:build !linux

package follow

import (
	"runtime"
	"time"

	"github.com/fsnotify/fsnotify"
)

// fsnotifier is fsnotify's watcher (kqueue, ReadDirectoryChangesW, …).
type fsnotifier struct {
	fs *fsnotify.Watcher
	w  *Follower
}

func newNotifier(w *Follower) (notifier, error) {
	fs, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, &WatchError{Err: err}
	}
	return &fsnotifier{fs: fs, w: w}, nil
}

func (n *fsnotifier) add(dir string) error {
	if err := n.fs.Add(dir); err != nil {
		return &WatchError{Dir: dir, Err: err}
	}
	return nil
}

func (n *fsnotifier) stop() { n.fs.Close() }

func (n *fsnotifier) close() error { return nil }

func (n *fsnotifier) run(wt *watcher) {
	t := time.NewTimer(time.Hour)
	t.Stop()
	moved := fsnotify.Create | fsnotify.Rename | fsnotify.Remove
	for {
		select {
		case ev, ok := <-n.fs.Events:
			if !ok {
				return
			}
			wt.event(n.w, ev.Name, ev.Op&moved != 0)
			// The events read with this one (fsnotify hands them over one
			// at a time), taken before the signal.
			for more := wt.batch > 0; more; {
				runtime.Gosched()
				select {
				case ev, ok := <-n.fs.Events:
					if ok {
						wt.event(n.w, ev.Name, ev.Op&moved != 0)
					}
					more = ok
				default:
					more = false
				}
			}
		case _, ok := <-n.fs.Errors:
			if !ok {
				return
			}
			wt.lost(n.w) // e.g. the event queue overflowed: look at everything
		}
		wt.signal()
		if !wt.pause(t) {
			return
		}
	}
}
