package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
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
)

const tailHelp = `Usage: codewatch tail [flags] FILE|GLOB...

Follow live logs like tail -F and annotate each new line as it is written,
in the same forms as annotate (text or JSON Lines, --only-matching, colour
on a terminal), with the file name before each line when following several
files or a pattern.

Files are followed by name: rotation by rename, copytruncate, deletion and
re-creation, files that do not exist yet and new files that come to match a
pattern are all handled; a rotated-away file is read to its end before its
successor. Files present at the start are read from their end (only new
lines), or with --from-start or -n N as tail does; files that appear later
are read from their start. A line is written out only once it is complete.

With --positions FILE, where each file was read to is saved (atomically,
after the output is written) every --positions-every and at exit, and a
restart goes on from there: after SIGINT or SIGTERM nothing is lost or
repeated; after kill -9 nothing is lost and at most the lines read since the
last save are repeated.

Signals: SIGINT and SIGTERM stop it cleanly (status 0); SIGUSR1 prints the
running counts on stderr; SIGHUP reloads the --catalog files (a bad one is
reported and the catalog in use kept). At exit the report of all that was
read goes to stderr, or to --report FILE.

Examples:
  codewatch tail app.log
  codewatch tail -o --format json 'logs/*.log' | jq -c .codes
  codewatch tail --positions /var/lib/codewatch/pos.json --metrics-addr 127.0.0.1:9464 --no-filename /var/log/app/web.log
`

func cmdTail(e *env, args []string) int {
	f := newFlags("tail", tailHelp)
	var lo lineOutput
	lo.register(f, "several files or a pattern")
	fromStart := f.Bool("from-start", false, "read the files present at the start from their beginning")
	lines := f.StringP("lines", "n", "0", "begin `N` lines before the end of the files present at the start (0: only new lines; +1: from the start)")
	posFile := f.String("positions", "", "save where each file was read to in `FILE`, and resume from it")
	posEvery := f.Duration("positions-every", time.Second, "how often to save --positions")
	summaryEvery := f.Duration("summary-every", 0, "print the running counts on stderr every `DURATION` (e.g. 30s)")
	reportFile := f.String("report", "", "write the final report to `FILE` instead of stderr")
	reportFormat := f.String("report-format", "", "the final report's `format`: "+strings.Join(tailReportFormats(), ", ")+" (default: from the --report file's extension, else table)")
	metricsAddr := f.String("metrics-addr", "", "serve Prometheus metrics at http://`ADDR`/metrics (e.g. 127.0.0.1:9464)")
	pollEvery := f.Duration("poll-interval", time.Second, "look at the files at least this often (inotify wakes codewatch at once)")
	noInotify := f.Bool("no-inotify", false, "do not use inotify: poll every --poll-interval only")
	f.catalogFlag()
	f.logFlags()
	if st, ok := f.parse(e, args); !ok {
		return st
	}
	usage := func(msg string) int { st, _ := f.usageError(e, msg); return st }
	opts, st, ok := filterOptions(e, f, lo.minSev, "")
	if !ok {
		return st
	}
	aopt, msg := lo.options(e)
	if msg != "" {
		return usage(msg)
	}
	if len(f.Args()) == 0 {
		return usage("no files: give the files or patterns to follow")
	}
	for _, a := range f.Args() {
		if a == "-" {
			return usage("standard input cannot be followed: pipe it to 'codewatch annotate'")
		}
	}
	if *fromStart && f.Changed("lines") {
		return usage("--from-start and -n: give one")
	}
	if *posEvery <= 0 || *pollEvery <= 0 || *summaryEvery < 0 {
		return usage("durations must be positive")
	}
	writeReport, ok := reportWriter(*reportFormat, *reportFile)
	if !ok {
		return usage(fmt.Sprintf("--report-format %q: want %s", *reportFormat, strings.Join(tailReportFormats(), ", ")))
	}
	fopt := follow.Options{}
	n, err := strconv.Atoi(strings.TrimPrefix(*lines, "+"))
	switch {
	case err != nil || n < 0 || strings.HasPrefix(*lines, "+") && n > 1:
		return usage(fmt.Sprintf("-n %q: want a number of lines, or +1 for the start", *lines))
	case *fromStart || strings.HasPrefix(*lines, "+"):
		fopt.Start = follow.AtStart
	case n > 0:
		fopt.Start, fopt.Lines = follow.LastLines, n
	}
	if *posFile != "" {
		p, err := readPositions(*posFile)
		if err != nil {
			e.log.Error().Str("error", err.Error()).Msg(err.Error())
			return exitError
		}
		fopt.Positions = p
	}

	t := &tailer{e: e, only: lo.only, json: lo.json(), counts: map[string]*tailCount{}, rep: report.New(opts.name), min: opts.min}
	t.out = &lastByte{w: e.stdout}
	t.buf = bufio.NewWriterSize(t.out, 64<<10)
	t.aopt = aopt
	t.aopt.WithFile = lo.withFile(len(f.Args()) > 1 || hasPattern(f.Args()))
	t.setCatalog(opts.cat, opts.name)
	defer t.rd.Close()

	var m *metrics.Metrics
	if *metricsAddr != "" {
		m = metrics.New()
		t.metrics = m
		t.msink = m.Sink(opts.cat)
		srv, err := serveMetrics(e, *metricsAddr, m)
		if err != nil {
			if errors.Is(err, errPublicAddr) {
				return usage(err.Error())
			}
			e.log.Error().Str("error", err.Error()).Msg("--metrics-addr: " + err.Error())
			return exitError
		}
		defer srv.Close()
	}

	// A stop ends a long catch-up at a line end; at the stop, what is
	// already written is read for up to a second more.
	var stopAt atomic.Int64
	fopt.Stop = func() bool { return e.ctx.Err() != nil && time.Now().UnixNano() > stopAt.Load() }
	w := follow.New(f.Args(), fopt)
	defer w.Close()
	for _, a := range f.Args() {
		if _, err := os.Stat(a); err != nil && !isPatternArg(a) {
			e.log.Warn().Str("input", a).Msg(a + ": " + input.Reason(err) + " (following it as it appears)")
		}
	}
	wake, err := w.Watch(follow.Every(*pollEvery), !*noInotify)
	if err != nil {
		e.log.Warn().Str("error", err.Error()).Msg(fmt.Sprintf("inotify: %s (polling every %s)", err, *pollEvery))
	}
	var sigs <-chan os.Signal
	if e.signals != nil {
		var stop func()
		sigs, stop = e.signals(syscall.SIGHUP, syscall.SIGUSR1)
		defer stop()
	}
	var summary <-chan time.Time
	if *summaryEvery > 0 {
		tk := time.NewTicker(*summaryEvery)
		defer tk.Stop()
		summary = tk.C
	}
	var saveTick <-chan time.Time
	if *posFile != "" {
		tk := time.NewTicker(*posEvery)
		defer tk.Stop()
		saveTick = tk.C
	}

	status := exitOK
	// Positions are taken here, after the output is flushed, and written
	// (synced, renamed) by a goroutine of their own, so that a slow disk
	// never holds up the following.
	var saved []byte // the positions last handed to the saver
	var sv *saver
	if *posFile != "" {
		sv = newSaver(e, *posFile)
	}
	save := func() {
		if sv == nil {
			return
		}
		var b bytes.Buffer
		p := w.Positions()
		when := p.Saved
		p.Saved = time.Time{}
		p.WriteTo(&b)
		if bytes.Equal(b.Bytes(), saved) {
			return // nothing moved
		}
		p.Saved = when
		sv.save(p)
		saved = b.Bytes()
	}
	e.log.Debug().Strs("files", w.Files()).Msg("following")
	// poll reads what is new and flushes it out; stop says why to end.
	poll := func() (int, bool) {
		if err := w.Poll(t); err != nil {
			if st, stop := t.failed(err); stop {
				return st, true
			}
		}
		if err := t.buf.Flush(); err != nil {
			st, _ := t.failed(err)
			return st, true
		}
		return 0, false
	}
	for done := false; !done; {
		if st, stop := poll(); stop {
			return st
		}
		select {
		case <-e.ctx.Done():
			stopAt.Store(time.Now().Add(time.Second).UnixNano())
			if st, stop := poll(); stop {
				return st
			}
			done = true
		case <-wake:
		case <-saveTick:
			save()
		case <-summary:
			t.summary()
		case s := <-sigs:
			switch s {
			case syscall.SIGHUP:
				t.reload(f)
			case syscall.SIGUSR1:
				t.summary()
			}
		}
	}
	save()
	if sv != nil && !sv.close() {
		status = exitError
	}
	t.finish()
	rw := e.stderr
	var rf *os.File
	if *reportFile != "" {
		if rf, err = os.Create(*reportFile); err != nil {
			e.log.Error().Str("error", err.Error()).Msg("report: " + input.Reason(err))
			return exitError
		}
		rw = rf
	}
	err = writeReport(t.rep, rw)
	if rf != nil {
		if cerr := rf.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		e.log.Error().Str("error", err.Error()).Msg("report: " + input.Reason(err))
		return exitError
	}
	return status
}

func hasPattern(args []string) bool {
	for _, a := range args {
		if isPatternArg(a) {
			return true
		}
	}
	return false
}

func isPatternArg(a string) bool {
	if !strings.ContainsAny(a, "*?[") {
		return false
	}
	_, err := os.Lstat(a)
	return err != nil
}

// tailer is the follow.Handler of codewatch tail: it annotates, counts and
// measures what the follower reads.
type tailer struct {
	e    *env
	only bool
	json bool
	min  catalog.Severity
	aopt annotate.Options
	out  *lastByte
	buf  *bufio.Writer

	cat    *catalog.Catalog
	rd     *scan.Reader
	writer interface {
		scan.Sink
		Start(name string)
	}
	rep     *report.Report
	counts  map[string]*tailCount
	order   []string
	lines   int64
	metrics *metrics.Metrics
	msink   scan.Sink
	tee     tee
}

// tailCount is what was read of one followed name.
type tailCount struct {
	c  *report.Counter
	st scan.Stats
}

// setCatalog makes the reader, the writer and the counters use cat.
func (t *tailer) setCatalog(cat *catalog.Catalog, name string) {
	t.cat = cat
	t.rep.Catalog = name
	if t.rd != nil {
		t.rd.Close()
	}
	ropt := scan.Options{BufSize: 256 << 10, EveryLine: t.json && !t.only, MinSeverity: t.min}
	if t.only {
		ropt.Body = scan.BodyMatching
	}
	t.rd = scan.NewReader(scan.NewMatcher(cat, true), ropt)
	t.aopt.Catalog = cat
	if t.out.last != 0 && t.out.last != '\n' {
		// A new writer does not know that a line was left open.
		t.buf.WriteByte('\n')
	}
	if t.json {
		t.writer = annotate.NewJSON(t.buf, t.aopt)
	} else {
		t.writer = annotate.NewText(t.buf, t.aopt)
	}
	for _, c := range t.counts {
		c.c = c.c.Recount(cat)
	}
	if t.metrics != nil {
		t.msink = t.metrics.Sink(cat)
	}
}

// Lines implements follow.Handler.
func (t *tailer) Lines(c follow.Chunk, r io.Reader) error {
	tc := t.counts[c.Name]
	if tc == nil {
		tc = &tailCount{c: t.rep.Count(t.cat, c.Name)}
		t.counts[c.Name] = tc
		t.order = append(t.order, c.Name)
	}
	t.writer.Start(c.Name)
	t.tee.base = c.Line
	t.tee.sinks = append(t.tee.sinks[:0], t.writer, tc.c)
	if t.msink != nil {
		t.tee.sinks = append(t.tee.sinks, t.msink)
	}
	st, err := t.rd.Scan(r, &t.tee)
	tc.st.Lines += st.Lines
	tc.st.Bytes += st.Bytes
	t.lines += st.Lines
	if t.metrics != nil {
		t.metrics.Read(c.Name, st.Lines, st.Bytes)
	}
	return err
}

// Event implements follow.Handler.
func (t *tailer) Event(ev follow.Event) {
	log := t.e.log
	switch ev.Kind {
	case follow.Error:
		if t.metrics != nil {
			t.metrics.ReadError(ev.Name)
		}
		log.Error().Str("input", ev.Name).Str("error", input.Reason(ev.Err)).Msg(ev.Name + ": " + input.Reason(ev.Err))
		return
	case follow.Rotated, follow.Truncated:
		if t.metrics != nil {
			t.metrics.Rotation(ev.Name, ev.Kind.String())
		}
	}
	log.Debug().Str("input", ev.Name).Msg(ev.String())
}

// failed says what an error of Poll or of the output means: stop, and
// with which status. A closed pipe downstream ends tail quietly; positions
// are not saved, as the output did not take what was read.
func (t *tailer) failed(err error) (int, bool) {
	var re *scan.ReadError
	if errors.As(err, &re) {
		return 0, false // reported by the follower
	}
	if isClosedPipe(err) {
		return exitOK, true
	}
	t.e.log.Error().Str("error", input.Reason(err)).Msg("write output: " + input.Reason(err))
	return exitError, true
}

// reload reloads the catalogs; a bad one is reported and the one in use
// kept.
func (t *tailer) reload(f *flags) {
	cat, name, err := f.loadCatalog()
	if t.metrics != nil {
		t.metrics.Reload(err == nil)
	}
	if err != nil {
		t.e.log.Error().Str("error", err.Error()).Msg("reload catalogs: " + err.Error() + " (keeping the catalog in use)")
		return
	}
	t.setCatalog(cat, name)
	t.e.log.Info().Int("codes", cat.Len()).Msg(fmt.Sprintf("reloaded catalogs: %d codes", cat.Len()))
}

// summary prints the running counts on one line of stderr.
func (t *tailer) summary() {
	t.rep.Sort()
	var b strings.Builder
	fmt.Fprintf(&b, "summary: %d lines, %d occurrences", t.lines, t.rep.Totals.Occurrences)
	for i, c := range t.rep.Codes {
		if i == 0 {
			b.WriteString(":")
		} else {
			b.WriteString(",")
		}
		if i == 10 {
			fmt.Fprintf(&b, " … %d more codes", len(t.rep.Codes)-10)
			break
		}
		fmt.Fprintf(&b, " %s %d", c.Name, c.Count)
	}
	if n := t.rep.Totals.Unknown; n > 0 {
		fmt.Fprintf(&b, "; %d unknown", n)
	}
	t.e.log.Info().Int64("lines", t.lines).Int64("occurrences", t.rep.Totals.Occurrences).Msg(b.String())
}

// finish closes the counts of every file into the report.
func (t *tailer) finish() {
	for _, name := range t.order {
		tc := t.counts[name]
		tc.c.Done(tc.st, nil)
	}
}

// tee hands what the reader reads to several sinks, with line numbers
// made those of the file (the reader counts from the chunk).
type tee struct {
	base  int64
	sinks []scan.Sink
}

func (s *tee) Plain(raw []byte, n int) error {
	for _, k := range s.sinks {
		if err := k.Plain(raw, n); err != nil {
			return err
		}
	}
	return nil
}

func (s *tee) each(l *scan.Line, call func(scan.Sink, *scan.Line) error) error {
	num := l.Num
	l.Num += s.base
	defer func() { l.Num = num }()
	for _, k := range s.sinks {
		if err := call(k, l); err != nil {
			return err
		}
	}
	return nil
}

func (s *tee) Line(l *scan.Line) error      { return s.each(l, scan.Sink.Line) }
func (s *tee) LongBegin(l *scan.Line) error { return s.each(l, scan.Sink.LongBegin) }
func (s *tee) LongEnd(l *scan.Line) error   { return s.each(l, scan.Sink.LongEnd) }
func (s *tee) LongPart(p []byte) error {
	for _, k := range s.sinks {
		if err := k.LongPart(p); err != nil {
			return err
		}
	}
	return nil
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

// readPositions reads the positions file, if there is one yet.
func readPositions(path string) (*follow.Positions, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("positions %s: %s", path, input.Reason(err))
	}
	defer f.Close()
	p, err := follow.ReadPositions(f)
	if err != nil {
		return nil, fmt.Errorf("positions %s: %w", path, err)
	}
	return p, nil
}

// saver writes positions in the background, the latest first: a save
// still pending when a newer one comes is dropped.
type saver struct {
	e       *env
	path    string
	mu      sync.Mutex
	pending *follow.Positions
	kick    chan struct{}
	done    chan struct{}
	failed  atomic.Bool
}

func newSaver(e *env, path string) *saver {
	s := &saver{e: e, path: path, kick: make(chan struct{}, 1), done: make(chan struct{})}
	go s.run()
	return s
}

func (s *saver) run() {
	defer close(s.done)
	for range s.kick {
		s.mu.Lock()
		p := s.pending
		s.pending = nil
		s.mu.Unlock()
		if p == nil {
			continue
		}
		if err := savePositions(s.path, p); err != nil {
			s.failed.Store(true)
			s.e.log.Error().Str("error", err.Error()).Msg("save positions: " + input.Reason(err))
		}
	}
}

func (s *saver) save(p *follow.Positions) {
	s.mu.Lock()
	s.pending = p
	s.mu.Unlock()
	select {
	case s.kick <- struct{}{}:
	default: // a save is due already: it takes p
	}
}

// close writes what is pending and reports whether every save succeeded.
func (s *saver) close() bool {
	close(s.kick)
	<-s.done
	return !s.failed.Load()
}

// savePositions writes p to path atomically: to a temporary file beside
// it, synced, then renamed over it.
func savePositions(path string, p *follow.Positions) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	_, err = p.WriteTo(tmp)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

var errPublicAddr = errors.New("--metrics-addr: give the host to listen on (127.0.0.1:PORT for this machine only; 0.0.0.0:PORT, deliberately, for every interface)")

// serveMetrics serves /metrics at addr. An address without a host (":9464")
// is refused: it would listen on every interface without saying so.
func serveMetrics(e *env, addr string, m *metrics.Metrics) (*http.Server, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	if host == "" {
		return nil, errPublicAddr
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("/metrics", m.Handler())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	e.log.Debug().Str("addr", ln.Addr().String()).Msg("serving metrics at http://" + ln.Addr().String() + "/metrics")
	return srv, nil
}

// tailReportFormats are the formats of the final report: report's.
func tailReportFormats() []string { return []string{"table", "json", "csv", "markdown", "html"} }

// reportWriter returns the writer of the final report in format, or in the
// format the file's extension says (table when it says none).
func reportWriter(format, file string) (func(*report.Report, io.Writer) error, bool) {
	if format == "" {
		format = "table"
		switch strings.ToLower(filepath.Ext(file)) {
		case ".json":
			format = "json"
		case ".csv":
			format = "csv"
		case ".md", ".markdown":
			format = "markdown"
		case ".html", ".htm":
			format = "html"
		}
	}
	w := reportFormats[format]
	return w, w != nil
}
