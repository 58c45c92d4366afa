package follow

import (
	"path/filepath"
	"sync"
	"time"

	"github.com/codewatch/codewatch/internal/input"
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
	in   notifier // nil without inotify
	dirs map[string]bool
	c    chan struct{}
	done chan struct{}
	wg   sync.WaitGroup
	mu   sync.Mutex
	// batch is how long the events that follow one are left to gather
	// before they are taken (Options.Batch).
	batch time.Duration

	// failed is the first failure to watch a directory, until WatchErr
	// takes it; unwatched says there was one: the Waker's wakes look at
	// every file.
	failed    error
	unwatched bool

	dmu   sync.Mutex
	all   bool
	tick  bool            // the Waker woke
	dirty map[string]bool // cleaned names
}

// WatchError is inotify failing: to start (Dir is empty), or to watch a
// directory, whose files are then polled at each wake of the Waker. When
// a limit of the system was reached, Limit names it, with its value.
type WatchError struct {
	Dir   string
	Err   error
	Limit string // "inotify watches (fs.inotify.max_user_watches = 8192)"
}

func (e *WatchError) Error() string {
	s := ""
	if e.Dir != "" {
		s = "watch " + e.Dir + ": "
	}
	if e.Limit != "" {
		return s + "the limit of " + e.Limit + " is reached"
	}
	return s + input.Reason(e.Err)
}

func (e *WatchError) Unwrap() error { return e.Err }

// WatchErr returns the first failure to watch a directory (a
// *WatchError), once: nil before and after. The directory's files are
// polled at each wake of the Waker.
func (w *Follower) WatchErr() error {
	if w.watch == nil {
		return nil
	}
	w.watch.mu.Lock()
	defer w.watch.mu.Unlock()
	err := w.watch.failed
	w.watch.failed = nil
	return err
}

// notifier is inotify, as the system has it: it watches directories and
// tells the watcher of the events in them.
type notifier interface {
	add(dir string) error
	// run hands the events to wt until stop: each to wt.event, then
	// wt.signal for those read together, then waits wt.batch before it
	// reads more (unless a rotation is under way); lost events to
	// wt.lost.
	run(wt *watcher)
	stop()
	// close releases what the notifier holds, once run has returned.
	close() error
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
	wt.mu.Lock()
	unwatched := wt.unwatched
	wt.mu.Unlock()
	if tick && (wt.in == nil || unwatched) {
		all = true // the Waker alone drives the polls (of some files, at least)
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
	wt := &watcher{dirs: map[string]bool{}, c: make(chan struct{}, 1), done: make(chan struct{}), all: true, batch: w.opt.Batch}
	var err error
	if notify {
		wt.in, err = newNotifier(w)
	}
	w.watch = wt
	if wt.in != nil {
		for _, f := range w.files {
			wt.add(dirOf(f.Name))
		}
		for _, a := range w.args {
			if isPattern(a) {
				wt.add(patternDir(a))
			}
		}
		wt.wg.Add(1)
		go func() {
			defer wt.wg.Done()
			wt.in.run(wt)
		}()
	}
	wt.wg.Add(1)
	go wt.run(w, waker, waker.Wake()) // the first wake is the one due now
	return wt.c, err
}

func (wt *watcher) add(dir string) {
	if wt.in == nil {
		return
	}
	wt.mu.Lock()
	defer wt.mu.Unlock()
	if wt.dirs[dir] {
		return
	}
	if err := wt.in.add(dir); err != nil {
		if !wt.unwatched {
			wt.failed, wt.unwatched = err, true
		}
		return
	}
	wt.dirs[dir] = true
}

func (wt *watcher) signal() {
	select {
	case wt.c <- struct{}{}:
	default:
	}
}

// run feeds the channel from the Waker.
func (wt *watcher) run(w *Follower, waker Waker, wake <-chan struct{}) {
	defer wt.wg.Done()
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
			wt.signal()
		}
	}
}

// event marks what an inotify event is about: path, and whether a name
// was created, renamed or removed (moved).
func (wt *watcher) event(w *Follower, path string, moved bool) {
	name := filepath.Clean(path)
	if moved {
		w.rescan.Store(true)
		wt.mu.Lock()
		isDir := wt.dirs[name]
		wt.mu.Unlock()
		if isDir {
			name = "" // a watched directory itself went: everything
		}
	}
	wt.mark(name)
}

// lost says that events were lost (the queue overflowed) or cannot be
// read: the next Poll looks at everything.
func (wt *watcher) lost(w *Follower) {
	w.rescan.Store(true)
	wt.mark("")
}

// pause waits the batch time after events were taken, so that those that
// follow gather; it reports false once the watcher is closed.
func (wt *watcher) pause(t *time.Timer) bool {
	if wt.batch <= 0 {
		select {
		case <-wt.done:
			return false
		default:
			return true
		}
	}
	t.Reset(wt.batch)
	select {
	case <-wt.done:
		t.Stop()
		return false
	case <-t.C:
		return true
	}
}

func (wt *watcher) close() error {
	close(wt.done)
	var err error
	if wt.in != nil {
		wt.in.stop()
	}
	wt.wg.Wait()
	if wt.in != nil {
		err = wt.in.close()
	}
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
