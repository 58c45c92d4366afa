package search

import (
	"bytes"

	"github.com/codewatch/codewatch/internal/scan"
	"github.com/codewatch/codewatch/internal/timestamp"
)

// window hands on only the lines whose time is in a Window (--since,
// --until). A line without a time of its own has the time of the last line
// before it in the input that has one (a stack trace is of its entry's
// time); before any, it is kept. The lines it leaves out are told to a
// sink that counts lines (scan.SkipSink).
type window struct {
	w     timestamp.Window
	next  scan.Sink
	plain scan.PlainSink // nil: plain runs only set the time
	long  scan.LongSink
	skip  scan.SkipSink
	last  timestamp.Time // the time of the last line with one, in this input
	out   bool           // the long line under way is left out
}

// longWindow is a window before a LongSink.
type longWindow struct{ *window }

// newWindow puts a window before next, the reader's sink; user is the
// caller's own sink, which may count lines; last is the time of the input
// so far.
func newWindow(w timestamp.Window, next, user scan.Sink, last timestamp.Time) *window {
	win := &window{w: w, next: next, last: last}
	win.plain, _ = next.(scan.PlainSink)
	win.skip, _ = user.(scan.SkipSink)
	win.long, _ = next.(scan.LongSink)
	return win
}

// sink is the window as the reader's sink: a LongSink when next is one
// (else the reader would read long lines' content for nothing).
func (w *window) sink() scan.Sink {
	if w.long != nil {
		return longWindow{w}
	}
	return w
}

// keeps reads the time of a line (its text, or a long line's head).
func (w *window) keeps(text []byte) bool {
	if t := timestamp.Parse(text); t.Kind != timestamp.None {
		w.last = t
	}
	return w.w.Keeps(w.last)
}

func (w *window) skipped(n int) error {
	if w.skip == nil || n == 0 {
		return nil
	}
	return w.skip.Skip(n)
}

// Line implements scan.Sink.
func (w *window) Line(l *scan.Line) error {
	if !w.keeps(l.Text) {
		return w.skipped(1)
	}
	return w.next.Line(l)
}

// Plain implements scan.PlainSink: the lines of the run in the window go
// on, in runs as long as can be; before a sink that takes no runs, only
// the time of the run's last line with one is read.
func (w *window) Plain(raw []byte, n int) error {
	if w.plain == nil {
		w.lastTime(raw)
		return nil
	}
	start, kept, out := 0, 0, 0
	for at := 0; at < len(raw); {
		end := len(raw)
		if k := bytes.IndexByte(raw[at:], '\n'); k >= 0 {
			end = at + k + 1
		}
		if w.keeps(raw[at:end]) {
			if out > 0 {
				if err := w.skipped(out); err != nil {
					return err
				}
				start, out = at, 0
			}
			kept++
		} else {
			if kept > 0 {
				if err := w.plain.Plain(raw[start:at], kept); err != nil {
					return err
				}
				kept = 0
			}
			out++
		}
		at = end
	}
	if kept > 0 {
		return w.plain.Plain(raw[start:], kept)
	}
	return w.skipped(out)
}

// lastTime sets the time from the last line of raw that has one.
func (w *window) lastTime(raw []byte) {
	end := len(raw)
	for end > 0 {
		ls := bytes.LastIndexByte(raw[:end-1], '\n') + 1
		if t := timestamp.Parse(raw[ls:end]); t.Kind != timestamp.None {
			w.last = t
			return
		}
		end = ls
	}
}

// LongBegin implements scan.LongSink: the line's head says its time.
func (w longWindow) LongBegin(l *scan.Line) error {
	w.out = !w.keeps(l.Text)
	if w.out {
		return nil
	}
	return w.long.LongBegin(l)
}

// LongPart implements scan.LongSink.
func (w longWindow) LongPart(p []byte) error {
	if w.out {
		return nil
	}
	return w.long.LongPart(p)
}

// LongEnd implements scan.LongSink.
func (w longWindow) LongEnd(l *scan.Line) error {
	if w.out {
		w.out = false
		return w.skipped(1)
	}
	return w.long.LongEnd(l)
}
