package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/codewatch/codewatch/internal/follow"
	"github.com/codewatch/codewatch/internal/input"
	"github.com/codewatch/codewatch/internal/metrics"
	"github.com/codewatch/codewatch/internal/monitor"
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
-n +N begins at line N of each file present at the start (+1 and +0: its
start; a file with fewer lines, at its end). -F and -f are accepted as
tail takes them: both follow by name and retry (tail -F), the one way
codewatch follows.

With --positions FILE, where each file was read to is saved (atomically,
after the output is written) every --positions-every and at exit, and a
restart goes on from there: after SIGINT or SIGTERM nothing is lost or
repeated; after kill -9 nothing is lost and at most the lines read since the
last save are repeated.

Signals: SIGINT and SIGTERM stop it cleanly (status 0); SIGUSR1 prints the
running counts on stderr; SIGHUP reloads the --catalog files (a bad one is
reported and the catalog in use kept). At exit the report of all that was
read goes to stderr, or to --report FILE.

--code and --unknown choose the codes as annotate's do (the final report
and the metrics count the --code codes only). Annotate's other grep flags
are not tail's: -c, -l and -q wait for an end that a follow does not have,
-A holds nothing back but -B and -C would hold lines until the next code,
and --since/--until would be a filter 'codewatch annotate' already is for
files read once.

Examples:
  codewatch tail app.log
  codewatch tail -o --format json 'logs/*.log' | jq -c .codes
  codewatch tail -o --code ERR_NO_AUTHORIZED,K_UID_BANNED --unknown app.log
  codewatch tail --positions /var/lib/codewatch/pos.json --metrics-addr 127.0.0.1:9464 --no-filename /var/log/app/web.log
`

// tailFlags are tail's own flags.
type tailFlags struct {
	lo                                lineOutput
	g                                 grepFlags // --code, --unknown
	fromStart, noInotify              bool
	follow, retry                     bool // -f, -F: what tail always does
	lines, posFile, reportFile        string
	reportFormat, metricsAddr         string
	posEvery, summaryEvery, pollEvery time.Duration

	pos *monitor.PositionsFile // --positions, once taken
}

func (t *tailFlags) register(f *flags) {
	t.lo.register(f, "several files or a pattern")
	t.g.registerCodes(f)
	f.BoolVarP(&t.follow, "follow", "f", false, "accepted for tail -f: codewatch always follows files by name (as tail -F), never by descriptor")
	f.BoolVarP(&t.retry, "retry", "F", false, "accepted for tail -F (--follow=name --retry): what codewatch tail always does")
	f.BoolVar(&t.fromStart, "from-start", false, "read the files present at the start from their beginning (-n +1)")
	f.StringVarP(&t.lines, "lines", "n", "0", "begin `N` lines before the end of the files present at the start (0: only new lines), or with +N at their line N (+1: from the start)")
	f.StringVar(&t.posFile, "positions", "", "save where each file was read to in `FILE`, and resume from it")
	f.DurationVar(&t.posEvery, "positions-every", time.Second, "how often to save --positions")
	f.DurationVar(&t.summaryEvery, "summary-every", 0, "print the running counts on stderr every `DURATION` (e.g. 30s)")
	f.StringVar(&t.reportFile, "report", "", "write the final report to `FILE` instead of stderr")
	f.StringVar(&t.reportFormat, "report-format", "", "the final report's `format`: "+strings.Join(tailReportFormats(), ", ")+" (default: from the --report file's extension, else table)")
	f.StringVar(&t.metricsAddr, "metrics-addr", "", "serve Prometheus metrics at http://`ADDR`/metrics (e.g. 127.0.0.1:9464)")
	f.DurationVar(&t.pollEvery, "poll-interval", time.Second, "look at the files at least this often (inotify wakes codewatch at once)")
	f.BoolVar(&t.noInotify, "no-inotify", false, "do not use inotify: poll every --poll-interval only")
	f.catalogFlag()
	f.logFlags()
}

// start checks the flags that say where to begin, and returns them as
// the follower's options.
func (t *tailFlags) start(f *flags) (follow.Options, error) {
	var fopt follow.Options
	// As in tail, -n -N is -n N.
	n, err := strconv.Atoi(strings.TrimPrefix(strings.TrimPrefix(t.lines, "+"), "-"))
	switch {
	case err != nil && f.Changed("lines") && (len(f.Args()) == 0 || isPatternArg(t.lines) || strings.ContainsAny(t.lines, "./")):
		// tail -n app.log: the number was left out, and the file taken
		// for it.
		return fopt, f.usage("-n %q: the number of lines is missing (-n N, or -n +N to begin at line N)", t.lines)
	case err != nil || n < 0 || strings.HasPrefix(t.lines, "-+") || strings.HasPrefix(t.lines, "+-"):
		return fopt, f.usage("-n %q: want a number of lines N, or +N to begin at line N", t.lines)
	}
	if len(f.Args()) == 0 {
		return fopt, f.usage("no files: give the files or patterns to follow")
	}
	for _, a := range f.Args() {
		if a == "-" {
			return fopt, f.usage("standard input cannot be followed: pipe it to 'codewatch annotate'")
		}
	}
	if t.fromStart && f.Changed("lines") {
		return fopt, f.usage("--from-start and -n: give one")
	}
	if t.posEvery <= 0 || t.pollEvery <= 0 || t.summaryEvery < 0 {
		return fopt, f.usage("durations must be positive")
	}
	switch {
	case t.fromStart || strings.HasPrefix(t.lines, "+") && n <= 1:
		fopt.Start = follow.AtStart
	case strings.HasPrefix(t.lines, "+"):
		fopt.Start, fopt.Lines = follow.FromLine, n
	case n > 0:
		fopt.Start, fopt.Lines = follow.LastLines, n
	}
	return fopt, nil
}

func cmdTail(e *env, args []string) error {
	f := newFlags("tail", tailHelp)
	var t tailFlags
	t.register(f)
	if err := f.parse(e, args); err != nil {
		return err
	}
	cfg, err := t.config(e, f)
	defer t.pos.Close()
	if err != nil {
		return err
	}
	writeReport, ok := reportWriter(t.reportFormat, t.reportFile)
	if !ok {
		return f.usage("--report-format %q: want %s", t.reportFormat, strings.Join(tailReportFormats(), ", "))
	}
	if t.metricsAddr != "" {
		cfg.Metrics = metrics.New()
		srv, err := monitor.Serve(t.metricsAddr, cfg.Metrics, e.notice)
		switch {
		case errors.Is(err, monitor.ErrPublicAddr):
			return f.usage("%s", err)
		case err != nil:
			return fmt.Errorf("--metrics-addr: %w", err)
		}
		defer srv.Close()
		e.log.Debug().Str("addr", srv.Addr().String()).Msg("serving metrics at http://" + srv.Addr().String() + "/metrics")
	}
	for _, a := range f.Args() {
		if _, err := os.Stat(a); err != nil && !isPatternArg(a) {
			e.log.Warn().Str("input", a).Msg(a + ": " + input.Reason(err) + " (following it as it appears)")
		}
	}
	var sigs <-chan os.Signal
	if e.signals != nil {
		var stop func()
		sigs, stop = e.signals(syscall.SIGHUP, syscall.SIGUSR1)
		defer stop()
	}
	m := monitor.New(cfg)
	err = m.Run(e.ctx, sigs)
	var oe *monitor.OutputError
	if errors.As(err, &oe) {
		return &writeError{err: oe.Err}
	}
	if rerr := writeFinalReport(m.Report(), t.reportFile, writeReport, e.stderr); rerr != nil {
		return rerr
	}
	if errors.Is(err, monitor.ErrPositions) {
		return exitStatus(exitError) // each failed save was reported
	}
	return err
}

// config turns the flags into the monitor's configuration.
func (t *tailFlags) config(e *env, f *flags) (monitor.Config, error) {
	sel, err := f.selection(e, t.lo.minSev, "")
	if err != nil {
		return monitor.Config{}, err
	}
	aopt, err := t.lo.options(e, f)
	if err != nil {
		return monitor.Config{}, err
	}
	fopt, err := t.start(f)
	if err != nil {
		return monitor.Config{}, err
	}
	only, err := t.g.only(f, sel.cats)
	if err != nil {
		return monitor.Config{}, err
	}
	posFile := t.posFile
	if t.posFile != "" {
		// Taken at the start: locked against a second follower, its
		// directory checked, a link followed.
		if t.pos, fopt.Positions, err = monitor.OpenPositions(t.posFile); err != nil {
			return monitor.Config{}, err
		}
		posFile = t.pos.Path
	}
	aopt.WithFile = t.lo.withFile(len(f.Args()) > 1 || hasPattern(f.Args()))
	aopt.Set, aopt.Unknown = sel.cats.named(), t.g.unknown
	ropt := scan.Options{BufSize: 256 << 10, EveryLine: t.lo.json() && !t.lo.only, MinSeverity: sel.min, Only: only}
	if t.lo.only {
		ropt.Body = scan.BodyMatching
	}
	return monitor.Config{
		Files: f.Args(), Follow: fopt, PollEvery: t.pollEvery, Inotify: !t.noInotify,
		Out: e.stdout, Annotate: aopt, Reader: ropt, Matcher: sel.cats.matcher(true), Catalog: sel.cats.name,
		Positions: posFile, PositionsEvery: t.posEvery, SummaryEvery: t.summaryEvery,
		Reload: func() (*scan.Matcher, string, error) {
			cats, err := f.loadCatalogs(e)
			if err != nil {
				return nil, "", err
			}
			return cats.matcher(true), cats.name, nil
		},
		Notify: e.notice,
	}, nil
}

// notice logs what the monitor has to say.
func (e *env) notice(n monitor.Notice) {
	ev := e.log.Debug()
	switch n.Level {
	case monitor.Info:
		ev = e.log.Info()
	case monitor.Warn:
		ev = e.log.Warn()
	case monitor.Error:
		ev = e.log.Error()
	}
	if n.Input != "" {
		ev = ev.Str("input", n.Input)
	}
	if n.Err != nil {
		ev = ev.Str("error", input.Reason(n.Err))
	}
	if n.Lines > 0 || n.Occurrences > 0 || strings.HasPrefix(n.Msg, "summary:") {
		ev = ev.Int64("lines", n.Lines).Int64("occurrences", n.Occurrences)
	}
	ev.Msg(n.Msg)
}

// writeFinalReport writes the report of all that was read, to file or
// else to stderr.
func writeFinalReport(rep *report.Report, file string, write func(*report.Report, io.Writer) error, stderr io.Writer) error {
	var err error
	if file != "" {
		// Through a temporary file, as report --output.
		err = writeFileAtomic(file, func(w io.Writer) error { return write(rep, w) })
	} else {
		err = write(rep, stderr)
	}
	if err != nil {
		return fmt.Errorf("report: %s", input.Reason(err))
	}
	return nil
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

// tailReportFormats are the formats of the final report: report's.
func tailReportFormats() []string { return []string{"table", "json", "csv", "markdown", "html"} }

// reportWriter returns the writer of the final report in format, or in the
// format the file's extension says (table when it says none).
func reportWriter(format, file string) (func(*report.Report, io.Writer) error, bool) {
	w := reportFormats[reportFormat(format, file)]
	return w, w != nil
}
