// Package monitor is codewatch tail's live pipeline: it follows files by
// name (package follow), reads what they gain through a search.Worker into
// the outputs — annotated lines, a running report per file, Prometheus
// metrics — and saves where each file was read to, in the background, once
// the output has taken it. It prints nothing and exits nothing: what it has
// to say comes to Config.Notify, and Run returns what ended it.
package monitor

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/codewatch/codewatch/internal/annotate"
	"github.com/codewatch/codewatch/internal/catalog"
	"github.com/codewatch/codewatch/internal/follow"
	"github.com/codewatch/codewatch/internal/input"
	"github.com/codewatch/codewatch/internal/metrics"
	"github.com/codewatch/codewatch/internal/report"
	"github.com/codewatch/codewatch/internal/scan"
	"github.com/codewatch/codewatch/internal/search"
)

// Config says what to follow and where its lines go.
type Config struct {
	Files  []string       // names and glob patterns
	Follow follow.Options // where to start, the positions read back; Stop is the monitor's
	// PollEvery is how often every file is looked at even without an
	// inotify event; Inotify says whether to use inotify at all.
	PollEvery time.Duration
	Inotify   bool

	Out      io.Writer        // the annotated lines
	Annotate annotate.Options // their form
	Reader   scan.Options     // how lines are read (--min-severity, every line, long lines)
	Matcher  *scan.Matcher    // finds the codes
	Catalog  string           // the catalog's name, for the report

	// Positions, when set, is the file where positions are saved every
	// PositionsEvery and at a clean stop.
	Positions      string
	PositionsEvery time.Duration
	// SummaryEvery, when set, sends the running counts as a notice that
	// often.
	SummaryEvery time.Duration
	Metrics      *metrics.Metrics // nil: no metrics
	// Reload makes a new matcher when SIGHUP asks for one; nil: SIGHUP
	// is ignored.
	Reload func() (m *scan.Matcher, catalogName string, err error)
	// Notify is told what happens: errors reading files, reloads,
	// summaries, failed saves. It must not be nil.
	Notify func(Notice)
}

// Level is how much a notice matters.
type Level int8

// The levels, as zerolog's.
const (
	Debug Level = iota
	Info
	Warn
	Error
)

// Notice is something the monitor has to say.
type Notice struct {
	Level Level
	Msg   string // one line, naming the file when there is one
	Input string // the file concerned, if any
	Err   error  // the cause, if any
	// the running counts, for summaries
	Lines, Occurrences int64
}

// Monitor follows files and annotates, counts and measures their new
// lines.
type Monitor struct {
	cfg    Config
	fw     *follow.Follower
	worker *search.Worker
	out    *lastByte
	buf    *bufio.Writer
	writer annotate.Writer
	rep    *report.Report
	counts map[string]*fileCount
	order  []string
	lines  int64

	sv    *saver    // nil without Config.Positions
	saved time.Time // when positions were last taken
}

// fileCount is what was read of one followed name.
type fileCount struct {
	c    *report.Counter
	st   scan.Stats
	sink scan.Sink    // the writer, c and the metrics; made again when the writer is (a reload)
	sdk  catalog.SDKs // what its lines so far said of its SDK
}

// New sets a monitor up; Run starts following.
func New(cfg Config) *Monitor {
	m := &Monitor{cfg: cfg, rep: report.New(cfg.Catalog), counts: map[string]*fileCount{}}
	m.rep.Named = !cfg.Matcher.Set().Legacy()
	m.out = &lastByte{w: cfg.Out}
	m.buf = bufio.NewWriterSize(m.out, 64<<10)
	m.writer = annotate.New(m.buf, cfg.Annotate)
	// The worker is not stopped by ctx: at a stop, what is already written
	// is still read (the follower's Stop ends a long catch-up instead).
	m.worker = search.New(context.Background(), search.Config{Matcher: cfg.Matcher, Reader: cfg.Reader})
	if cfg.Metrics != nil {
		for _, c := range cfg.Matcher.Set().Catalogs() {
			cfg.Metrics.Export(c)
		}
	}
	return m
}

// Report returns the report of all that was read; after Run, every file's
// size is in it.
func (m *Monitor) Report() *report.Report { return m.rep }

// OutputError is a failure to write the annotated lines. Run stops at
// once on it, without saving positions: the output did not take what was
// read.
type OutputError struct{ Err error }

func (e *OutputError) Error() string { return "write output: " + input.Reason(e.Err) }
func (e *OutputError) Unwrap() error { return e.Err }

// ErrPositions says that saving positions failed at least once (each
// failure was a notice).
var ErrPositions = errors.New("saving positions failed")

// Run follows until ctx is done, then reads for up to a second more what
// is already written, flushes the output, saves the positions and closes
// every file's counts into the report. SIGHUP and SIGUSR1 arriving on
// signals reload the catalogs and send a summary. It returns an
// *OutputError when the output failed, ErrPositions when a save failed,
// and nil after a clean stop.
func (m *Monitor) Run(ctx context.Context, signals <-chan os.Signal) (err error) {
	// A stop ends a long catch-up at a line end; at the stop, what is
	// already written is read for up to a second more.
	var stopAt atomic.Int64
	fopt := m.cfg.Follow
	fopt.Stop = func() bool { return ctx.Err() != nil && time.Now().UnixNano() > stopAt.Load() }
	if fopt.Batch == 0 {
		fopt.Batch = batch
	}
	m.fw = follow.New(m.cfg.Files, fopt)
	defer m.fw.Close()
	defer m.worker.Close()
	wake, werr := m.fw.Watch(follow.Every(m.cfg.PollEvery), m.cfg.Inotify)
	if werr != nil {
		m.notify(Notice{Level: Warn, Err: werr, Msg: fmt.Sprintf("inotify: %s (polling every %s)", werr, m.cfg.PollEvery)})
	}
	m.notify(Notice{Level: Debug, Msg: "following " + strings.Join(m.fw.Files(), ", ")})

	var sv *saver
	if m.cfg.Positions != "" {
		sv = newSaver(m.cfg.Positions, m.notify)
		m.sv = sv
		defer func() {
			// Whatever ended the run, the saver's goroutine ends with it.
			if !sv.close() && err == nil {
				err = ErrPositions
			}
		}()
	}
	summary := ticker(m.cfg.SummaryEvery)
	defer summary.Stop()
	saveTick := ticker(m.cfg.PositionsEvery)
	if sv == nil {
		saveTick.Stop()
	}
	defer saveTick.Stop()

	for first := true; ; first = false {
		if err := m.poll(); err != nil {
			return err
		}
		if first {
			// Saved at once, not one interval later: a run stopped in its
			// first second keeps where it began.
			m.take()
		}
		select {
		case <-ctx.Done():
			stopAt.Store(time.Now().Add(time.Second).UnixNano())
			if err := m.pollWith(m.fw.PollAll); err != nil {
				return err
			}
			m.take()
			m.finish()
			return nil
		case <-wake:
		case <-saveTick.C:
			m.take()
		case <-summary.C:
			m.summary()
		case s := <-signals:
			switch s {
			case syscall.SIGHUP:
				m.reload()
			case syscall.SIGUSR1:
				m.summary()
			}
		}
	}
}

// batch is how long, after inotify events, those that follow gather
// before they are read (follow.Options.Batch): a line after a quiet spell
// comes out at once, lines close together up to 50 ms late. With 2,000
// busy files at 200 lines a second, a wake for each line cost 4–5× the
// CPU of GNU tail -F; gathered, 1.5–2.5× (issue 14, Medium 6).
const batch = 50 * time.Millisecond

// ticker ticks every d, or never when d is 0.
func ticker(d time.Duration) *time.Ticker {
	if d <= 0 {
		t := time.NewTicker(time.Hour)
		t.Stop()
		return t
	}
	return time.NewTicker(d)
}

// poll reads what is new and flushes it out.
func (m *Monitor) poll() error { return m.pollWith(m.fw.Poll) }

// pollWith is poll with the follower's Poll or PollAll.
func (m *Monitor) pollWith(poll func(follow.Handler) error) error {
	if err := poll(m); err != nil {
		var re *scan.ReadError
		if !errors.As(err, &re) { // read errors are the follower's to report
			return m.outputError(err)
		}
	}
	if err := m.buf.Flush(); err != nil {
		return m.outputError(err)
	}
	if err := m.fw.WatchErr(); err != nil {
		m.notify(Notice{Level: Warn, Err: err, Msg: fmt.Sprintf("inotify: %s (polling its files every %s)", err, m.cfg.PollEvery)})
	}
	return nil
}

func (m *Monitor) outputError(err error) error {
	var oe *search.OutputError
	if errors.As(err, &oe) {
		err = oe.Err
	}
	return &OutputError{err}
}

// take hands the positions to the saver. Call it only when the output
// has been flushed.
func (m *Monitor) take() {
	m.sv.take(m.fw)
	m.saved = time.Now()
}

// Lines implements follow.Handler: it reads a chunk of new lines of a file
// into the writer, the file's counter and the metrics. Between two chunks
// (a long catch-up comes in many), what the follower handed out has all
// been read: when positions are due, the output is flushed and they are
// taken there, so that a catch-up longer than --positions-every saves as
// it goes.
func (m *Monitor) Lines(c follow.Chunk, r io.Reader) error {
	if m.sv != nil && time.Since(m.saved) >= m.cfg.PositionsEvery {
		if err := m.buf.Flush(); err != nil {
			return err
		}
		m.take()
	}
	fc := m.counts[c.Name]
	if fc == nil {
		fc = &fileCount{c: m.rep.Count(c.Name)}
		m.counts[c.Name] = fc
		m.order = append(m.order, c.Name)
	}
	m.writer.Start(c.Name)
	if fc.sink == nil {
		sinks := []scan.Sink{m.writer, fc.c}
		if m.cfg.Metrics != nil {
			sinks = append(sinks, m.cfg.Metrics)
		}
		fc.sink = scan.Tee(sinks...)
	}
	st, err := m.worker.ScanIn(r, c.Line, &fc.sdk, fc.sink)
	fc.st.Lines += st.Lines
	fc.st.Bytes += st.Bytes
	m.lines += st.Lines
	if m.cfg.Metrics != nil {
		m.cfg.Metrics.Read(c.Name, st.Lines, st.Bytes)
	}
	return err
}

// Event implements follow.Handler.
func (m *Monitor) Event(ev follow.Event) {
	switch ev.Kind {
	case follow.Error:
		if m.cfg.Metrics != nil {
			m.cfg.Metrics.ReadError(ev.Name)
		}
		m.notify(Notice{Level: Error, Input: ev.Name, Err: ev.Err, Msg: ev.Name + ": " + input.Reason(ev.Err)})
		return
	case follow.Rotated, follow.Truncated:
		if m.cfg.Metrics != nil {
			m.cfg.Metrics.Rotation(ev.Name, ev.Kind.String())
		}
		if fc := m.counts[ev.Name]; fc != nil {
			fc.sdk = 0 // a new file, or new content: its own cues
		}
	}
	m.notify(Notice{Level: Debug, Input: ev.Name, Msg: ev.String()})
}

func (m *Monitor) notify(n Notice) { m.cfg.Notify(n) }

// reload makes a new matcher; a failure is a notice, and the matcher in
// use is kept.
func (m *Monitor) reload() {
	if m.cfg.Reload == nil {
		return
	}
	mt, name, err := m.cfg.Reload()
	if m.cfg.Metrics != nil {
		m.cfg.Metrics.Reload(err == nil)
	}
	if err != nil {
		m.notify(Notice{Level: Error, Err: err, Msg: "reload catalogs: " + err.Error() + " (keeping the catalog in use)"})
		return
	}
	if err := m.worker.Reset(mt); err != nil {
		m.notify(Notice{Level: Warn, Err: err, Msg: "close the old reader: " + err.Error()})
	}
	m.rep.Catalog = name
	n := 0
	for _, c := range mt.Set().Catalogs() {
		if m.cfg.Metrics != nil {
			m.cfg.Metrics.Export(c)
		}
		n += c.Len()
	}
	if m.out.last != 0 && m.out.last != '\n' {
		// A new writer does not know that a line was left open.
		m.buf.WriteByte('\n')
	}
	m.writer = annotate.New(m.buf, m.cfg.Annotate)
	for _, fc := range m.counts {
		fc.sink = nil
	}
	m.notify(Notice{Level: Info, Msg: fmt.Sprintf("reloaded catalogs: %d codes", n)})
}

// summary sends the running counts as one line.
func (m *Monitor) summary() {
	m.rep.Sort()
	var b strings.Builder
	fmt.Fprintf(&b, "summary: %d %s, %d %s", m.lines, plural(m.lines, "line"), m.rep.Totals.Occurrences, plural(m.rep.Totals.Occurrences, "occurrence"))
	for i, c := range m.rep.Codes {
		if i == 0 {
			b.WriteString(":")
		} else {
			b.WriteString(",")
		}
		if i == 10 {
			fmt.Fprintf(&b, " … %d more codes", len(m.rep.Codes)-10)
			break
		}
		fmt.Fprintf(&b, " %s %d", c.Name, c.Count)
	}
	if n := m.rep.Totals.Unknown; n > 0 {
		fmt.Fprintf(&b, "; %d unknown", n)
	}
	m.notify(Notice{Level: Info, Msg: b.String(), Lines: m.lines, Occurrences: m.rep.Totals.Occurrences})
}

// finish closes the counts of every file into the report.
func (m *Monitor) finish() {
	for _, name := range m.order {
		fc := m.counts[name]
		fc.c.Done(fc.st, nil)
	}
}

// lastByte remembers the last byte written through it.
type lastByte struct {
	w    io.Writer
	last byte
}

func (l *lastByte) Write(p []byte) (int, error) {
	n, err := l.w.Write(p)
	if n > 0 {
		l.last = p[n-1]
	}
	return n, err
}

// positionsBytes is p as saved, without the time of saving, to tell
// whether anything moved.
func positionsBytes(p *follow.Positions) []byte {
	when := p.Saved
	p.Saved = time.Time{}
	var b bytes.Buffer
	p.WriteTo(&b)
	p.Saved = when
	return b.Bytes()
}

// plural is word, or its plural when n is not 1: "1 line", "2 lines".
func plural(n int64, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}
