package follow

import (
	"path/filepath"
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

// watcher feeds a channel from inotify and a Waker, and keeps what the
// next Poll is to look at: the names inotify events were about, or
// everything (after a wake of the Waker, an inotify error, and at first).
type watcher struct {
	fs   *fsnotify.Watcher // nil without inotify
	dirs map[string]bool
	c    chan struct{}
	done chan struct{}
	wg   sync.WaitGroup
	mu   sync.Mutex

	dmu   sync.Mutex
	all   bool
	tick  bool            // the Waker woke
	dirty map[string]bool // cleaned names
}

// mark makes the next Poll look at name, or with name "" at everything.
func (wt *watcher) mark(name string) {
	wt.dmu.Lock()
	defer wt.dmu.Unlock()
	switch {
	case name == "":
		wt.all, wt.dirty = true, nil
	case wt.all:
	case len(wt.dirty) >= 4096:
		wt.all, wt.dirty = true, nil // as many as a full look
	default:
		if wt.dirty == nil {
			wt.dirty = map[string]bool{}
		}
		wt.dirty[name] = true
	}
}

// take returns what the next Poll is to look at, and starts again: all,
// or the names in dirty, and with tick the Waker's share of every file.
func (wt *watcher) take() (all, tick bool, dirty map[string]bool) {
	wt.dmu.Lock()
	defer wt.dmu.Unlock()
	all, tick, dirty = wt.all, wt.tick, wt.dirty
	wt.all, wt.tick, wt.dirty = false, false, nil
	if tick && wt.fs == nil {
		all = true // the Waker alone drives the polls
	}
	return all, tick, dirty
}

// Watch starts watching, and returns a channel that receives when there
// may be something new: an inotify event in the directory of a followed
// file or pattern (with notify), or a wake of waker, which also makes the
// next Poll look for new files matching the patterns. Without notify, or
// when inotify cannot be had (the error says why), the waker alone drives
// the polls. Close stops it.
func (w *Follower) Watch(waker Waker, notify bool) (<-chan struct{}, error) {
	wt := &watcher{dirs: map[string]bool{}, c: make(chan struct{}, 1), done: make(chan struct{}), all: true}
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
			wt.dmu.Lock()
			wt.tick = true
			wt.dmu.Unlock()
		case ev, ok := <-events:
			if !ok {
				events = nil
				continue
			}
			name := filepath.Clean(ev.Name)
			if ev.Has(fsnotify.Create) || ev.Has(fsnotify.Rename) || ev.Has(fsnotify.Remove) {
				w.rescan.Store(true)
				wt.mu.Lock()
				isDir := wt.dirs[name]
				wt.mu.Unlock()
				if isDir {
					name = "" // a watched directory itself went: everything
				}
			}
			wt.mark(name)
		case _, ok := <-errs:
			if !ok {
				errs = nil
				continue
			}
			w.rescan.Store(true) // e.g. the event queue overflowed: look at everything
			wt.mark("")
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
