// Package follow follows files by name, like tail -F: it hands out the
// complete lines written to them, across rotation by rename, copytruncate,
// deletion and re-creation, files that do not exist yet and new files that
// come to match a glob. It never hands out part of a line that is still
// being written, and it reads a rotated-away file to its end before its
// successor, so that nothing written is lost or handed out twice; its
// positions can be saved and resumed (Positions).
//
// A Follower does nothing by itself: Poll looks at every file once and
// hands what is new to a Handler. What calls Poll, and when, is the
// caller's: Watch gives a channel fed by inotify (fsnotify) and a Waker, so
// that tests can poll by hand and never sleep.
//
// Rotation is detected as in google/mtail's filestream: the name now
// points to another file (os.SameFile), or the file is shorter than what
// was read (truncation), or its first bytes have changed (truncated and
// written again before a look).
package follow

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/codewatch/codewatch/internal/input"
)

// StartAt says where to begin in the files present when following begins.
type StartAt uint8

// The places to begin.
const (
	// AtEnd begins after the last complete line (tail -n 0): only what is
	// written from now on.
	AtEnd StartAt = iota
	// AtStart begins at the start (tail -n +1).
	AtStart
	// LastLines begins Options.Lines lines before the end (tail -n N).
	LastLines
	// FromLine begins at line Options.Lines, counted from 1 (tail -n +N);
	// in a file with fewer lines, after its last complete line.
	FromLine
)

// Options configure a Follower.
type Options struct {
	Start StartAt
	Lines int // for LastLines and FromLine
	// Positions, when not nil, are where a previous run stopped: the files
	// it names are resumed there, and files it does not name are new since
	// and are read from the start.
	Positions *Positions
	// Grace is how long a rotated-away file is kept open after it last
	// grew, for a writer that has not yet reopened its log (default 2s).
	Grace time.Duration
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Stop, when it returns true, ends a long catch-up at a line end.
	Stop func() bool
	// Batch is how long, after inotify events, those that follow are left
	// to gather before they are read, all for one Poll (0: each at once).
	// A line after a quiet spell comes out at once; lines that follow one
	// another closely, at most Batch later: with many busy files, a wake
	// for every line costs more than reading it.
	Batch time.Duration
}

// Handler receives what a Follower reads.
type Handler interface {
	// Lines is given new lines of a file: r reads them to io.EOF. They
	// are complete lines, but for the last line of a rotated-away file,
	// which may lack its ending. An error other than a read error of r
	// stops Poll and is returned by it.
	Lines(c Chunk, r io.Reader) error
	// Event tells of what happened to a file.
	Event(e Event)
}

// Chunk says whose lines a Handler is given.
type Chunk struct {
	Name string // the file's name, as given or matched
	Line int64  // how many lines of this file come before these (0 when read from its start)
	Old  bool   // the lines are from a rotated-away file
}

// EventKind says what happened.
type EventKind uint8

// The events.
const (
	Opened    EventKind = iota + 1 // the file was opened (Offset says where reading begins)
	Resumed                        // the file was opened where the positions say a previous run stopped
	Rotated                        // the name now points to another file (rename, or deletion and re-creation)
	Truncated                      // the file was truncated, or replaced in place
	Recovered                      // the rest of a file is read from its rotated copy (Path)
	Closed                         // a rotated-away file was read to its end and closed
	Removed                        // the file is gone (it is read on while it is open)
	Error                          // the file could not be opened or read (Err)
)

func (k EventKind) String() string {
	switch k {
	case Opened:
		return "opened"
	case Resumed:
		return "resumed"
	case Rotated:
		return "rotated"
	case Truncated:
		return "truncated"
	case Recovered:
		return "recovered"
	case Closed:
		return "closed"
	case Removed:
		return "removed"
	case Error:
		return "error"
	}
	return fmt.Sprintf("EventKind(%d)", k)
}

// Event is something that happened to a followed file.
type Event struct {
	Kind   EventKind
	Name   string // the followed name
	Path   string // for Recovered: the rotated file read from
	Offset int64  // for Opened, Resumed and Recovered: where reading begins
	Err    error  // for Error
}

func (e Event) String() string {
	s := e.Name + ": " + e.Kind.String()
	switch e.Kind {
	case Opened, Resumed:
		s += fmt.Sprintf(" at offset %d", e.Offset)
	case Recovered:
		s += fmt.Sprintf(" from %s at offset %d", e.Path, e.Offset)
	case Error:
		s += ": " + input.Reason(e.Err)
	}
	return s
}

// Follower follows the files named by paths and glob patterns.
type Follower struct {
	opt      Options
	args     []string
	files    []*File
	byName   map[string]*File
	past     []generation // recently finished generations, to recognise copies and renamed files
	resuming bool         // Positions were given
	rescan   atomic.Bool
	watch    *watcher
	started  int64 // Options.Now at New, ns
	polls    int   // files polled, for tests

	byKey   map[string]*File   // by cleaned name, as inotify events name them
	busy    map[*File]struct{} // to look at in every Poll: not looked at yet, or reading rotated-away files
	seq     int                // files added
	gone    bool               // a name found by a pattern may be forgotten
	target  []*File            // scratch for Poll
	scratch []byte             // what a look reads (unchanged)
	turn    int                // the next file the Waker's share looks at
}

// fallbackShare is how many files a wake of the Waker looks at when
// inotify runs: with up to that many files, all of them (a look a second
// by default); with more, each in turn (2,000 files: each every 32 s), as
// inotify's events cover what is written. (256 was a stat every 4 ms with
// 2,000 files: more than the stats of 200 lines a second.)
const fallbackShare = 64

// retained is how many names the follower keeps state for.
func (w *Follower) retained() int { return max(len(w.files), len(w.byName)) }

// File is a followed name.
type File struct {
	Name     string
	cur      *handle   // the file the name points to, or nil
	old      []*handle // rotated-away files still being read
	initial  bool      // present when following began: Options.Start applies
	missing  bool      // the name points to nothing (reported once)
	failed   bool      // an error was reported and not yet cleared
	restored bool      // the positions were applied
	seen     int64     // when the name was last seen pointing to cur (Options.Now, ns)
	matched  bool      // found by a pattern: forgotten once gone and read
	key      string    // the name cleaned, as inotify events name it
	fresh    bool      // not polled yet
	handed   bool      // Handler.Lines was called for it
	seq      int       // the order it was added in
}

// generation is what is known of a file that was read: enough to
// recognise it, or a copy of it, and to go on where reading stopped.
type generation struct {
	dev, ino uint64
	fp       []byte // the first bytes; or, restored from positions, their hash
	hash     [32]byte
	hashLen  int
	off      int64
	line     int64
	// tail: the bytes just before off (up to FingerprintSize); or,
	// restored from positions, their hash
	tail        []byte
	tailHash    [32]byte
	tailHashLen int
	marks       []mark // where the last chunks read ended (not saved in positions)
}

// maxPast bounds the finished generations kept.
const maxPast = 64

// New follows args: paths, which need not exist yet, and glob patterns
// (* ? [ and **). Files present now are positioned as opt says; files
// appearing later are read from their start.
func New(args []string, opt Options) *Follower {
	if opt.Grace == 0 {
		opt.Grace = 2 * time.Second
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	w := &Follower{opt: opt, args: args, byName: map[string]*File{}, resuming: opt.Positions != nil,
		byKey: map[string]*File{}, busy: map[*File]struct{}{}}
	w.started = w.now()
	for _, a := range args {
		if isPattern(a) {
			if _, err := os.Lstat(a); err != nil {
				continue // a pattern: expanded below
			}
		}
		w.add(a, true)
	}
	w.expand(true)
	return w
}

func isPattern(s string) bool { return strings.ContainsAny(s, "*?[") }

// Files returns the names followed now, in the order found.
func (w *Follower) Files() []string {
	names := make([]string, len(w.files))
	for i, f := range w.files {
		names[i] = f.Name
	}
	return names
}

// Patterns reports whether any argument is a glob pattern.
func (w *Follower) Patterns() bool {
	return slices.ContainsFunc(w.args, isPattern)
}

func (w *Follower) add(name string, initial bool) *File {
	if f := w.byName[name]; f != nil {
		return f
	}
	f := &File{Name: name, initial: initial, key: filepath.Clean(name), fresh: true, seq: w.seq}
	w.seq++
	w.files = append(w.files, f)
	w.byName[name] = f
	if w.byKey[f.key] == nil {
		w.byKey[f.key] = f
	}
	w.busy[f] = struct{}{}
	if w.watch != nil {
		w.watch.add(dirOf(name))
	}
	return f
}

// expand adds the files that match the patterns now.
func (w *Follower) expand(initial bool) {
	for _, a := range w.args {
		if !isPattern(a) || w.byName[a] != nil {
			continue
		}
		if w.watch != nil {
			w.watch.add(patternDir(a))
		}
		matches, err := input.Glob(a)
		if err != nil {
			continue
		}
		for _, m := range matches {
			if fi, err := os.Stat(m); err == nil && fi.Mode().IsRegular() && w.byName[m] == nil {
				w.add(m, initial).matched = true
			}
		}
	}
}

// patternDir is the deepest directory of a pattern without glob
// characters.
func patternDir(p string) string {
	d := filepath.Dir(p)
	for isPattern(d) {
		d = filepath.Dir(d)
	}
	return d
}

// Poll looks at the files once and hands their new lines to h: first the
// rest of rotated-away files, then the file each name points to now. It
// returns the first error of h.Lines other than a read error. Once Watch
// runs, a Poll after inotify events looks only at the names they concern
// (and at rotated-away files still being read); the first Poll, and one
// after a wake of the Waker (or an inotify error, such as a lost event),
// looks at every file.
func (w *Follower) Poll(h Handler) error {
	return w.pollFiles(h, false)
}

// PollAll is Poll looking at every file, whatever inotify said: for the
// last look before a stop.
func (w *Follower) PollAll(h Handler) error {
	return w.pollFiles(h, true)
}

func (w *Follower) pollFiles(h Handler, all bool) error {
	if w.rescan.Swap(false) {
		w.expand(false)
	}
	var dirty map[string]bool
	tick := false
	if w.watch != nil && !all {
		all, tick, dirty = w.watch.take()
	} else {
		all = true
	}
	defer w.forget()
	files := w.files
	if !all {
		// The names inotify named, and the files being read beside
		// them, in the order they were added.
		w.target = w.target[:0]
		for f := range w.busy {
			w.target = append(w.target, f)
		}
		for k := range dirty {
			if f := w.byKey[k]; f != nil {
				if _, ok := w.busy[f]; !ok {
					w.target = append(w.target, f)
				}
			}
		}
		if tick {
			// The fallback for what inotify misses: every file in turn,
			// fallbackShare of them at each wake of the Waker.
			for range min(fallbackShare, len(w.files)) {
				w.turn %= len(w.files)
				f := w.files[w.turn]
				w.turn++
				if _, ok := w.busy[f]; !ok && !dirty[f.key] {
					w.target = append(w.target, f)
				}
			}
		}
		slices.SortFunc(w.target, func(a, b *File) int { return a.seq - b.seq })
		files = w.target
	}
	for _, f := range files {
		err := w.poll(f, h)
		if len(f.old) > 0 || f.fresh {
			w.busy[f] = struct{}{}
		} else {
			delete(w.busy, f)
		}
		if err != nil {
			return err
		}
		if w.stopping() {
			return nil
		}
	}
	return nil
}

// forget drops the names found by a pattern whose file is gone and was
// read to its end: with files coming and going, no state is kept for
// those that went.
func (w *Follower) forget() {
	if !w.gone {
		return
	}
	w.gone = false
	gone := func(f *File) bool { return f.matched && f.missing && f.cur == nil && len(f.old) == 0 }
	w.files = slices.DeleteFunc(w.files, func(f *File) bool {
		if !gone(f) {
			return false
		}
		delete(w.byName, f.Name)
		if w.byKey[f.key] == f {
			delete(w.byKey, f.key)
		}
		delete(w.busy, f)
		return true
	})
}

// Rescan makes the next Poll look for new files matching the patterns.
func (w *Follower) Rescan() { w.rescan.Store(true) }

func (w *Follower) stopping() bool { return w.opt.Stop != nil && w.opt.Stop() }

func (w *Follower) now() int64 { return w.opt.Now().UnixNano() }

func (w *Follower) poll(f *File, h Handler) error {
	w.polls++
	f.fresh = false
	if f.initial && w.resuming {
		w.restore(f, h)
	}
	size := int64(-1) // the size of f.cur, when this look saw it
	var ahead []byte  // the new bytes of f.cur, read by the look
	fi, err := os.Stat(f.Name)
	if err == nil && !fi.Mode().IsRegular() {
		err = errors.New("not a regular file")
	}
	switch {
	case err != nil && errors.Is(err, fs.ErrNotExist):
		if !f.missing && (f.cur != nil || !f.initial) {
			h.Event(Event{Kind: Removed, Name: f.Name})
		}
		if g := f.cur; g != nil && deleted(g) {
			// Deleted, not renamed: read to its end and closed once it
			// has not grown for Grace, as a rotated-away file is, so that
			// its disk space is freed.
			f.cur = nil
			g.grown = w.now()
			f.old = append(f.old, g)
		}
		f.missing = true
		w.gone = w.gone || f.matched
		f.initial = f.initial && w.resuming // a file that does not exist yet is read from its start
	case err != nil:
		if !f.failed {
			f.failed = true
			h.Event(Event{Kind: Error, Name: f.Name, Err: err})
		}
	default:
		f.missing = false
		if f.cur != nil && !os.SameFile(f.cur.fi, fi) {
			// The name points to another file. The old one is read to
			// its end first, and stays open a while for a writer yet to
			// reopen.
			old := f.cur
			f.cur = nil
			old.grown = w.now()
			f.old = append(f.old, old)
			f.initial = false
			h.Event(Event{Kind: Rotated, Name: f.Name})
		}
		if f.cur == nil {
			// Files rotated away before they were read — the name rotated
			// twice between two looks, or again between the look above
			// and the open — are read first, from beside the name.
			w.between(f, nil, h)
			if err := w.open(f, h); errors.Is(err, fs.ErrNotExist) {
				// Gone since the look: as if missing; the next look
				// opens what the name points to then.
				f.missing = true
			} else if err != nil {
				if !f.failed {
					f.failed = true
					h.Event(Event{Kind: Error, Name: f.Name, Err: err})
				}
			} else {
				f.failed = false
			}
		}
		if g := f.cur; g != nil {
			st := fi // the name's look is the file's, when it is the same file
			if !os.SameFile(g.fi, fi) {
				st, err = g.f.Stat()
			}
			if err == nil {
				size = st.Size()
				same := true
				if st.Size() > g.off {
					same, ahead = w.unchanged(g)
				}
				if st.Size() < g.off || !same {
					w.truncated(f, g, h)
					size = -1
				}
			}
			f.seen = w.now()
		}
	}

	// What was written to rotated-away files comes first.
	for i := 0; i < len(f.old); {
		g := f.old[i]
		if err := w.read(f, g, true, false, -1, h); err != nil {
			return err
		}
		if time.Duration(w.now()-g.grown) < w.opt.Grace {
			i++
			continue
		}
		if err := w.read(f, g, true, true, -1, h); err != nil {
			return err
		}
		w.finish(g)
		f.old = slices.Delete(f.old, i, i+1)
		h.Event(Event{Kind: Closed, Name: f.Name})
	}
	if g := f.cur; g != nil {
		if f.handed && size == g.off {
			return nil // nothing new: the look at the name said so
		}
		f.handed = true
		return w.readAhead(f, g, size, ahead, h)
	}
	return nil
}

// unchanged reports whether g still holds what was read of it: the same
// first bytes and the same bytes just before the offset (a file truncated
// and written again past the offset before a look, beginning with the
// same header, differs there). It lengthens the fingerprint as the file
// grows. It reads what it compares and the new bytes after it in one
// read, and returns those new bytes (ahead) for the read that follows: a
// look at a file that grew is one stat and one read.
func (w *Follower) unchanged(g *handle) (same bool, ahead []byte) {
	if w.scratch == nil {
		w.scratch = make([]byte, lookahead)
	}
	buf := w.scratch
	tail := g.tailBytes()
	if len(g.fp) < FingerprintSize || len(tail) == 0 || g.off <= int64(len(g.fp)) {
		// (The first bytes tell only while they grow: then the bytes
		// before the offset, a look of one read, tell the rest.)
		if g.off > FingerprintSize {
			// Too far from the start for one read: as two.
			if !w.sameStart(g) {
				return false, nil
			}
			if len(tail) == 0 || g.off <= int64(len(g.fp)) {
				return true, nil
			}
			return sameTail(g, buf)
		}
		k, _ := g.pread(buf, 0)
		if !g.sameStart(buf[:min(k, FingerprintSize)]) {
			return false, nil
		}
		if len(tail) > 0 && g.off > int64(len(g.fp)) && (int64(k) < g.off || !bytes.Equal(buf[g.off-int64(len(tail)):g.off], tail)) {
			return false, nil
		}
		if int64(k) > g.off {
			ahead = buf[g.off:k]
		}
		return true, ahead
	}
	return sameTail(g, buf)
}

// sameTail reports whether the bytes just before g's offset are still
// those read, reading them and what follows into buf; it returns the new
// bytes, for the read that follows.
func sameTail(g *handle, buf []byte) (same bool, ahead []byte) {
	tail := g.tailBytes()
	k, _ := g.pread(buf, g.off-int64(len(tail)))
	if k < len(tail) || !bytes.Equal(buf[:len(tail)], tail) {
		return false, nil
	}
	return true, buf[len(tail):k]
}

// sameStart reports whether g's first bytes are still its fingerprint, and
// lengthens the fingerprint as the file grows.
func (w *Follower) sameStart(g *handle) bool {
	var buf [FingerprintSize]byte
	k, _ := g.pread(buf[:], 0)
	return g.sameStart(buf[:k])
}

// sameStart reports whether head, the first bytes of g's file now, begin
// with its fingerprint, and lengthens the fingerprint to them.
func (g *handle) sameStart(head []byte) bool {
	if len(head) < len(g.fp) || !bytes.Equal(head[:len(g.fp)], g.fp) {
		return false
	}
	if len(head) > len(g.fp) {
		g.fp = append(g.fp[:0], head...)
	}
	return true
}

// truncated handles a file truncated (copytruncate) or replaced in place:
// what was not read yet is read from its copy, if a rotated copy is found
// beside it, and the file is read again from its start.
func (w *Follower) truncated(f *File, g *handle, h Handler) {
	h.Event(Event{Kind: Truncated, Name: f.Name})
	gen := g.generation()
	w.remember(gen)
	if c := w.findCopy(f.Name, gen, false); c != nil {
		// Kept for Grace, read to its end, even when nothing was left
		// unread: so it is in the positions saved meanwhile, and a
		// restart does not take it for a file rotated since and read it
		// again.
		c.grown = w.now()
		f.old = append(f.old, c)
		if c.fi.Size() > c.off {
			h.Event(Event{Kind: Recovered, Name: f.Name, Path: c.f.Name(), Offset: c.off})
		}
	}
	w.between(f, &gen, h)
	g.off, g.line, g.fp, g.longEnd, g.open, g.noEnd, g.tail = 0, 0, g.fp[:0], 0, false, 0, g.tail[:0]
	// Its new first bytes, as at an open: positions saved before the next
	// look must tell this file, and its copy after the next copytruncate.
	w.sameStart(g)
}

// between adds to f's rotated-away files those rotated between two looks:
// files beside f's name (same name prefix, plain and not empty, not
// followed themselves) written since f was last seen, that were never read
// (by device and inode) and are not copies of gen or of a file read before.
// When a file is rotated twice between two looks — the writer is fast, or
// codewatch was held up — the file in between is read whole, not lost.
func (w *Follower) between(f *File, gen *generation, h Handler) {
	if f.seen == 0 {
		return
	}
	since := time.Unix(0, max(w.started, f.seen-int64(time.Second)))
	var found []*handle
	for _, p := range w.beside(f.Name) {
		info, err := os.Stat(p)
		if err != nil || !info.ModTime().After(since) || w.wasRead(info) {
			continue
		}
		file, err := os.Open(p)
		if err != nil {
			continue
		}
		fi, err := file.Stat()
		var head [FingerprintSize]byte
		k, _ := file.ReadAt(head[:], 0)
		// (An empty file may be an archive about to be written: logrotate's
		// compress creates app.log.1.gz, then gzip fills it.)
		if err != nil || !os.SameFile(fi, info) || k == 0 || input.Detect(head[:k]) != input.Plain ||
			gen != nil && (gen.heldBy(file, fi.Size(), head[:k]) || gen.prefixOf(file, fi.Size(), head[:k])) ||
			w.copyOfPast(file, fi.Size(), head[:k]) {
			file.Close()
			continue
		}
		found = append(found, &handle{f: file, fi: fi, grown: w.now()})
	}
	slices.SortStableFunc(found, func(a, b *handle) int { return a.fi.ModTime().Compare(b.fi.ModTime()) })
	for _, g := range found {
		f.old = append(f.old, g)
		h.Event(Event{Kind: Recovered, Name: f.Name, Path: g.f.Name(), Offset: 0})
	}
}

// copyOfPast reports whether file (of size size, beginning with head) is
// a copy of a file read before (an earlier copytruncate's copy).
func (w *Follower) copyOfPast(file *os.File, size int64, head []byte) bool {
	for _, p := range w.past {
		if p.heldBy(file, size, head) || p.prefixOf(file, size, head) {
			return true
		}
	}
	return false
}

// wasRead reports whether fi is a file that is or was being read.
func (w *Follower) wasRead(fi os.FileInfo) bool {
	for _, f := range w.files {
		if f.cur != nil && os.SameFile(f.cur.fi, fi) {
			return true
		}
		for _, g := range f.old {
			if os.SameFile(g.fi, fi) {
				return true
			}
		}
	}
	dev, ino := fileID(fi)
	for _, p := range w.past {
		if p.dev == dev && p.ino == ino && (dev != 0 || ino != 0) {
			return true
		}
	}
	return false
}

// read hands the new lines of g to h. With final, everything to the end is
// handed out: g is done. size, when not -1, is the size a look just saw:
// once there, the reader ends without reading again (what is written
// since brings its own event).
func (w *Follower) read(f *File, g *handle, old, final bool, size int64, h Handler) error {
	return w.readWith(f, g, &chunkReader{h: g, final: final, stop: w.opt.Stop, end: size}, old, h)
}

// readAhead is read of the file f names now, whose new bytes a look read
// already (ahead, at g's offset).
func (w *Follower) readAhead(f *File, g *handle, size int64, ahead []byte, h Handler) error {
	return w.readWith(f, g, &chunkReader{h: g, stop: w.opt.Stop, end: size, ahead: ahead}, false, h)
}

// chunkSize is about how much a chunk hands out at most: a long catch-up
// comes to the Handler in chunks of this size (ending at a line end, so a
// line longer than it is one chunk), and between two, what the Handler
// was given is all it was given (where it can flush its output and take
// Positions).
const chunkSize = 1 << 20

func (w *Follower) readWith(f *File, g *handle, r *chunkReader, old bool, h Handler) error {
	for {
		before := g.off
		g.err = nil
		r.budget = chunkSize
		err := h.Lines(Chunk{Name: f.Name, Line: g.line, Old: old}, r)
		if g.off > before {
			g.grown = w.now()
		}
		var re *errRead
		if errors.As(err, &re) || g.err != nil {
			if re == nil {
				re = g.err.(*errRead)
			}
			h.Event(Event{Kind: Error, Name: f.Name, Err: re.err})
			return nil
		}
		if err != nil || !r.cut || w.stopping() {
			return err
		}
		r = &chunkReader{h: g, final: r.final, stop: r.stop, end: r.end, scratch: r.scratch, read: true}
	}
}

// openName opens a followed name (a seam for tests: the name can be
// rotated between a look and the open).
var openName = os.Open

// open opens the file f names and places its reading.
func (w *Follower) open(f *File, h Handler) error {
	file, err := openName(f.Name)
	if err != nil {
		return err
	}
	fi, err := file.Stat()
	if err != nil {
		file.Close()
		return err
	}
	g := &handle{f: file, fi: fi}
	ev := Event{Kind: Opened, Name: f.Name}
	switch {
	case f.initial && w.resuming:
		// Not in the positions, or replaced since: new since the last
		// run, read from the start.
	case f.initial:
		if err := w.place(g, fi.Size()); err != nil {
			file.Close()
			return err
		}
	default:
		// A file that appeared: read from its start, unless it is a file
		// already being read under another name (a rotated file matching
		// a pattern) or a copy of one.
		if t := w.takeOver(fi); t != nil {
			file.Close()
			g = t
		} else if gen, ok := w.known(g, fi.Size()); ok {
			g.off, g.line = gen.off, gen.line
			g.loadTail()
		}
	}
	f.initial = false
	f.cur = g
	if len(g.fp) == 0 {
		w.sameStart(g)
	}
	ev.Offset = g.off
	h.Event(ev)
	return nil
}

// place positions a file present when following began, as Options.Start
// says: its line count up to there is counted, for line numbers.
func (w *Follower) place(g *handle, size int64) error {
	var off int64
	switch w.opt.Start {
	case AtStart:
		return nil
	case AtEnd:
		off = lastLineEnd(g.f, size)
	case LastLines:
		off = lastLines(g.f, size, w.opt.Lines)
	case FromLine:
		var err error
		if off, err = lineStart(g.f, size, w.opt.Lines); err != nil {
			return err
		}
	}
	n, err := countLines(g.f, off)
	if err != nil {
		return err
	}
	g.off, g.line = off, n
	g.loadTail()
	return nil
}

// lastLineEnd returns the offset just after the last line end before size
// (0 when there is none): a line being written is read whole once done.
func lastLineEnd(f *os.File, size int64) int64 {
	return lastLines(f, size, 0)
}

// lastLines returns the offset where the last n complete lines before size
// begin.
func lastLines(f *os.File, size int64, n int) int64 {
	buf := make([]byte, 64<<10)
	end := size
	seen := -1 // line ends seen from the end; the first found ends the last complete line
	for end > 0 {
		start := max(0, end-int64(len(buf)))
		k, err := f.ReadAt(buf[:end-start], start)
		if err != nil && !errors.Is(err, io.EOF) {
			return size
		}
		b := buf[:k]
		for i := len(b) - 1; i >= 0; i-- {
			if b[i] != '\n' {
				continue
			}
			if seen++; seen == n {
				return start + int64(i) + 1
			}
		}
		end = start
	}
	return 0
}

// lineStart returns the offset where line n (from 1) begins, or, when
// the first size bytes hold fewer complete lines, the offset after the
// last line end.
func lineStart(f *os.File, size int64, n int) (int64, error) {
	if n <= 1 {
		return 0, nil
	}
	buf := make([]byte, min(256<<10, size))
	seen, last := 0, int64(0)
	for pos := int64(0); pos < size; {
		k, err := f.ReadAt(buf[:min(int64(len(buf)), size-pos)], pos)
		for b := buf[:k]; ; {
			i := bytes.IndexByte(b, '\n')
			if i < 0 {
				break
			}
			last = pos + int64(len(buf[:k])-len(b)+i+1)
			if seen++; seen == n-1 {
				return last, nil
			}
			b = b[i+1:]
		}
		pos += int64(k)
		if k == 0 {
			if err == nil || errors.Is(err, io.EOF) {
				break
			}
			return 0, err
		}
	}
	return last, nil
}

// countLines counts the line ends before off.
func countLines(f *os.File, off int64) (int64, error) {
	if off == 0 {
		return 0, nil
	}
	buf := make([]byte, min(256<<10, off))
	var n int64
	for pos := int64(0); pos < off; {
		k, err := f.ReadAt(buf[:min(int64(len(buf)), off-pos)], pos)
		n += int64(bytes.Count(buf[:k], nl))
		pos += int64(k)
		if k == 0 {
			if err == nil || errors.Is(err, io.EOF) {
				break
			}
			return 0, err
		}
	}
	return n, nil
}

// takeOver returns the open handle, current or rotated-away, of the file
// fi under another name, removed from there.
func (w *Follower) takeOver(fi os.FileInfo) *handle {
	for _, f := range w.files {
		if f.cur != nil && os.SameFile(f.cur.fi, fi) {
			g := f.cur
			f.cur = nil
			f.initial = false
			return g
		}
		for i, g := range f.old {
			if os.SameFile(g.fi, fi) {
				f.old = slices.Delete(f.old, i, i+1)
				return g
			}
		}
	}
	return nil
}

// known returns the finished generation that g is a copy of (or is): the
// same first bytes, at least as long as was read of it, and the same bytes
// just before where its reading stopped (files that begin with the same
// header are told apart there). One with g's device and inode is
// preferred.
func (w *Follower) known(g *handle, size int64) (generation, bool) {
	var head [FingerprintSize]byte
	k, _ := g.f.ReadAt(head[:], 0)
	dev, ino := fileID(g.fi)
	for _, sameID := range []bool{true, false} {
		for i := len(w.past) - 1; i >= 0; i-- {
			if p := w.past[i]; (p.dev == dev && p.ino == ino) == sameID && p.heldBy(g.f, size, head[:k]) {
				return p, true
			}
		}
	}
	return generation{}, false
}

func (g *handle) generation() generation {
	dev, ino := fileID(g.fi)
	return generation{dev: dev, ino: ino, fp: slices.Clone(g.fp), off: g.off, line: g.line, tail: slices.Clone(g.tailBytes()), marks: g.lastMarks()}
}

// finish closes g and remembers it.
func (w *Follower) finish(g *handle) {
	w.remember(g.generation())
	g.f.Close()
}

func (w *Follower) remember(gen generation) {
	if len(w.past) == maxPast {
		w.past = slices.Delete(w.past, 0, 1)
	}
	w.past = append(w.past, gen)
}

// findCopy looks beside name for the file gen was, renamed (same device
// and inode, looked for first) or copied (same first bytes and bytes
// before the offset), holding more than was read of it, and opens it
// there. Files that are themselves followed are left to their own reading,
// and so are compressed ones. With byID, a file with gen's identity is
// taken too when its fingerprint is unknown.
func (w *Follower) findCopy(name string, gen generation, byID bool) *handle {
	paths := w.beside(name)
	for _, sameID := range []bool{true, false} {
		for _, p := range paths {
			if g, ok := openMatching(p, gen, byID, sameID); ok {
				return g
			}
		}
	}
	return nil
}

// compressed are the names of archives: never read as rotated text.
var compressed = []string{".gz", ".zst", ".bz2", ".xz", ".lz4", ".zip", ".lzma", ".lzo", ".z", ".Z", ".br"}

func compressedName(n string) bool {
	return slices.ContainsFunc(compressed, func(ext string) bool { return strings.HasSuffix(n, ext) })
}

// beside lists the paths of the files next to name whose names extend
// its own (its rotations: name.1, name-20260301, …): regular files, not
// followed themselves.
func (w *Follower) beside(name string) []string {
	dir, base := filepath.Split(name)
	if dir == "" {
		dir = "."
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		n := e.Name()
		if n == base || !strings.HasPrefix(n, base) || !e.Type().IsRegular() || compressedName(n) {
			continue
		}
		p := filepath.Join(dir, n)
		if w.byName[p] != nil || w.byName[filepath.Join(filepath.Dir(name), n)] != nil {
			continue
		}
		out = append(out, p)
	}
	return out
}

// openMatching opens path if it is gen or a copy of it, and has gen's
// device and inode or not, as sameID says.
func openMatching(path string, gen generation, byID, sameID bool) (*handle, bool) {
	file, err := os.Open(path)
	if err != nil {
		return nil, false
	}
	fi, err := file.Stat()
	if err != nil || fi.Size() < gen.off {
		file.Close()
		return nil, false
	}
	dev, ino := fileID(fi)
	var head [FingerprintSize]byte
	k, _ := file.ReadAt(head[:], 0)
	if (dev == gen.dev && ino == gen.ino) != sameID ||
		!(gen.matches(head[:k]) && gen.tailMatches(file) || byID && sameID && gen.fpLen() == 0) || input.Detect(head[:k]) != input.Plain {
		file.Close()
		return nil, false
	}
	g := &handle{f: file, fi: fi, off: gen.off, line: gen.line, fp: slices.Clone(head[:min(k, FingerprintSize)])}
	g.loadTail()
	return g, true
}

// Close closes every file.
func (w *Follower) Close() error {
	for _, f := range w.files {
		if f.cur != nil {
			f.cur.f.Close()
			f.cur = nil
		}
		for _, g := range f.old {
			g.f.Close()
		}
		f.old = nil
	}
	if w.watch != nil {
		return w.watch.close()
	}
	return nil
}
