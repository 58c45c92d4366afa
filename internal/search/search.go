// Package search reads inputs for codes: one Worker type, used alike by
// annotate (one worker, inputs in turn), report (a worker per goroutine,
// an input each) and tail (a worker fed the chunks the follower reads), as
// ripgrep's one SearchWorker serves every mode. A worker opens an input,
// reads it through a scan.Reader into a sink, stops when its context is
// done, and says what went wrong in errors that tell the input's failures
// from the output's.
package search

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync/atomic"

	"github.com/codewatch/codewatch/internal/catalog"
	"github.com/codewatch/codewatch/internal/input"
	"github.com/codewatch/codewatch/internal/scan"
	"github.com/codewatch/codewatch/internal/timestamp"
)

// Config says how a worker reads.
type Config struct {
	// Matcher finds the codes; a worker can be given another (Reset).
	Matcher *scan.Matcher
	// Reader are the line reader's options (buffer, every line, long
	// lines, --min-severity, workers, Idle).
	Reader scan.Options
	// Stdin is read for the input "-".
	Stdin io.Reader
	// Counted, when set, is added the bytes read from each input before
	// decompression (for a progress bar).
	Counted *atomic.Int64
	// Window, when it has a bound, hands on only the lines whose time is in
	// it (--since, --until; see window): the sink, and MaxSeverity, see
	// only those.
	Window timestamp.Window
	// Text reads binary files found by a walk and in archives too (Each):
	// --text.
	Text bool
}

// Worker reads inputs for codes. It is not safe for concurrent use: use a
// worker per goroutine.
type Worker struct {
	ctx context.Context
	cfg Config
	rd  *scan.Reader
	max catalog.Severity // the highest severity of a code seen
	// last is the time of the last line with one in the input under way,
	// for the window (Config.Window).
	last timestamp.Time
}

// New returns a worker that stops reading when ctx is done.
func New(ctx context.Context, cfg Config) *Worker {
	return &Worker{ctx: ctx, cfg: cfg, rd: scan.NewReader(cfg.Matcher, cfg.Reader)}
}

// Reset makes the worker find codes with m from now on (a catalog
// reloaded): the reader of the old matcher is closed.
func (w *Worker) Reset(m *scan.Matcher) error {
	err := w.rd.Close()
	w.cfg.Matcher = m
	w.rd = scan.NewReader(m, w.cfg.Reader)
	return err
}

// Matcher returns the matcher in use.
func (w *Worker) Matcher() *scan.Matcher { return w.cfg.Matcher }

// Close releases the reader's spool file, if it made one.
func (w *Worker) Close() error { return w.rd.Close() }

// MaxSeverity returns the highest severity among the codes of every line
// the worker has handed on, for --fail-on.
func (w *Worker) MaxSeverity() catalog.Severity { return w.max }

// InputError is an input that could not be opened or read whole. Lines is
// how many lines were read (and handed on) before the failure.
type InputError struct {
	Input  string
	Err    error
	Opened bool // the input was opened, and reading it failed
	Lines  int64
}

func (e *InputError) Error() string {
	if !e.Opened {
		return e.Input + ": " + input.Reason(e.Err)
	}
	return fmt.Sprintf("%s: %s (after %d lines)", e.Input, input.Reason(e.Err), e.Lines)
}

func (e *InputError) Unwrap() error { return e.Err }

// DroppedError says that -o could not show lines that carry codes: they
// are longer than the spool holds, on an input that cannot be read again.
type DroppedError struct {
	Input string
	First int64 // the first such line
	Lines int64 // how many
}

func (e *DroppedError) Error() string {
	return fmt.Sprintf("%s: line %d carries codes but is longer than %d MiB and cannot be read again, so -o cannot show it (%d such lines); run without -o",
		e.Input, e.First, scan.DefaultSpoolLimit>>20, e.Lines)
}

// Enough is what a sink returns to end the reading of the input under
// way, which counts as read (grep -l: the first code is enough); Each goes
// on with the next.
var Enough = errors.New("enough of this input read")

// OutputError is an error of the sink: the output could not be written.
type OutputError struct{ Err error }

func (e *OutputError) Error() string { return e.Err.Error() }
func (e *OutputError) Unwrap() error { return e.Err }

// Scan reads r, which continues an input of which lines were read before,
// into sink (tail's chunks). A read error is a *scan.ReadError, the
// output's an *OutputError, and an interruption the context's error.
func (w *Worker) Scan(r io.Reader, lines int64, sink scan.Sink) (scan.Stats, error) {
	return w.ScanIn(r, lines, nil, sink)
}

// ScanIn is Scan of a part of an input whose SDK, as the lines before it
// said, sdk holds (nil: the reader's, as the last part it read left it),
// and keeps there what the part says: the caller following many files
// reads each file's parts in that file's SDK.
func (w *Worker) ScanIn(r io.Reader, lines int64, sdk *catalog.SDKs, sink scan.Sink) (scan.Stats, error) {
	if sdk != nil {
		w.rd.SetContext(*sdk)
		defer func() { *sdk = w.rd.Context() }()
	}
	out := scan.Tee(sink, (*severities)(w))
	if w.cfg.Window.Active() {
		win := newWindow(w.cfg.Window, out, sink, w.last)
		defer func() { w.last = win.last }()
		out = win.sink()
	}
	st, err := w.rd.ScanAt(w.interruptible(r), lines, out)
	var re *scan.ReadError
	switch {
	case err == nil:
		return st, nil
	case w.ctx.Err() != nil:
		return st, w.ctx.Err()
	case errors.As(err, &re):
		return st, err
	}
	return st, &OutputError{err}
}

// severities notes the highest severity of the codes handed on.
type severities Worker

func (s *severities) Line(l *scan.Line) error {
	for _, m := range l.Codes {
		s.max = max(s.max, m.Code.Severity)
	}
	return nil
}

// interruptible wraps r so that reading stops when the context is done,
// keeping its ReadAt (the reader reads long lines again from a plain file
// instead of holding them in a spool).
func (w *Worker) interruptible(r io.Reader) io.Reader {
	cr := ctxReader{w.ctx, r}
	if ra, ok := r.(io.ReaderAt); ok {
		return ctxReaderAt{cr, ra}
	}
	return cr
}

type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

type ctxReaderAt struct {
	ctxReader
	io.ReaderAt
}
