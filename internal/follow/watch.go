package follow

import (
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Waker says when to look again, whatever inotify says: Wake returns a
// channel that is closed at the next wake. Tests use a Waker of their own
// (google/mtail's internal/waker is the model), so they never sleep.
type Waker interface {
	Wake() <-chan struct{}
}

// Every returns a Waker that wakes every d.
func Every(d time.Duration) Waker { return every(d) }

type every time.Duration

func (e every) Wake() <-chan struct{} {
	c := make(chan struct{})
	time.AfterFunc(time.Duration(e), func() { close(c) })
	return c
}

// ManualWaker wakes when told to.
type ManualWaker struct {
	mu sync.Mutex
	c  chan struct{}
}

// NewManualWaker returns a Waker that wakes only on WakeNow.
func NewManualWaker() *ManualWaker { return &ManualWaker{c: make(chan struct{})} }

// Wake implements Waker.
func (m *ManualWaker) Wake() <-chan struct{} {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.c
}

// WakeNow wakes those waiting.
func (m *ManualWaker) WakeNow() {
	m.mu.Lock()
	defer m.mu.Unlock()
	close(m.c)
	m.c = make(chan struct{})
}

// watcher feeds a channel from inotify and a Waker.
type watcher struct {
	fs   *fsnotify.Watcher // nil without inotify
	dirs map[string]bool
	c    chan struct{}
	done chan struct{}
	wg   sync.WaitGroup
	mu   sync.Mutex
}

// Watch starts watching, and returns a channel that receives when there
// may be something new: an inotify event in the directory of a followed
// file or pattern (with notify), or a wake of waker, which also makes the
// next Poll look for new files matching the patterns. Without notify, or
// when inotify cannot be had (the error says why), the waker alone drives
// the polls. Close stops it.
func (w *Follower) Watch(waker Waker, notify bool) (<-chan struct{}, error) {
	wt := &watcher{dirs: map[string]bool{}, c: make(chan struct{}, 1), done: make(chan struct{})}
	var err error
	if notify {
		wt.fs, err = fsnotify.NewWatcher()
	}
	w.watch = wt
	if wt.fs != nil {
		for _, f := range w.files {
			wt.add(dirOf(f.Name))
		}
		for _, a := range w.args {
			if isPattern(a) {
				wt.add(patternDir(a))
			}
		}
	}
	wt.wg.Add(1)
	go wt.run(w, waker)
	return wt.c, err
}

func (wt *watcher) add(dir string) {
	if wt.fs == nil {
		return
	}
	wt.mu.Lock()
	defer wt.mu.Unlock()
	if wt.dirs[dir] {
		return
	}
	if wt.fs.Add(dir) == nil {
		wt.dirs[dir] = true
	}
}

func (wt *watcher) signal() {
	select {
	case wt.c <- struct{}{}:
	default:
	}
}

func (wt *watcher) run(w *Follower, waker Waker) {
	defer wt.wg.Done()
	var events chan fsnotify.Event
	var errs chan error
	if wt.fs != nil {
		events, errs = wt.fs.Events, wt.fs.Errors
	}
	wake := waker.Wake()
	for {
		select {
		case <-wt.done:
			return
		case <-wake:
			wake = waker.Wake()
			w.rescan.Store(true)
		case ev, ok := <-events:
			if !ok {
				events = nil
				continue
			}
			if ev.Has(fsnotify.Create) || ev.Has(fsnotify.Rename) || ev.Has(fsnotify.Remove) {
				w.rescan.Store(true)
			}
		case _, ok := <-errs:
			if !ok {
				errs = nil
				continue
			}
			w.rescan.Store(true) // e.g. the event queue overflowed: look at everything
		}
		wt.signal()
	}
}

func (wt *watcher) close() error {
	close(wt.done)
	var err error
	if wt.fs != nil {
		err = wt.fs.Close()
	}
	wt.wg.Wait()
	return err
}

func dirOf(name string) string {
	d := name
	for i := len(d) - 1; i >= 0; i-- {
		if d[i] == '/' {
			if i == 0 {
				return "/"
			}
			return d[:i]
		}
	}
	return "."
}
