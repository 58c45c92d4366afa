package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/codewatch/codewatch/internal/catalog"
	"github.com/codewatch/codewatch/internal/input"
	"github.com/codewatch/codewatch/internal/report"
	"github.com/codewatch/codewatch/internal/scan"
	"github.com/codewatch/codewatch/internal/search"
	"github.com/codewatch/codewatch/internal/visible"
)

const reportHelp = `Usage: codewatch report [flags] [FILE|DIR|GLOB|-]...

Count the codes in archived logs: per code its count, share, severity and
first and last place seen (file:line and time where the line has one);
totals per severity and per input; unknown codes (ERR_/WARN_/K_ names and
numbers in code context that the catalog does not have); a timeline of
occurrences per time bucket.

Directories are walked, globs may use ** ('logs/**/*.log*'), and .gz, .zst,
.bz2 and .xz files are read as their contents, whatever their names; zip
and tar archives (.tar.gz, .tgz, .tar.zst, .tar.bz2, .tar.xz too) are read
file by file, each an input named ARCHIVE:MEMBER. A binary file (a NUL byte
in its first 8 KiB) found in a directory or an archive is skipped with a
line on stderr (-a reads it). An input that cannot be read is reported on
stderr, listed in the report as failed, and the rest are still read (exit
status 2). Inputs are read in parallel; the output is the same as reading
them one by one. --by input (or --by label) counts per input (per host).

The JSON form is also a partial result: 'codewatch merge' adds JSON reports
made on many machines into one. With --baseline, each code's count is
compared with an earlier JSON report, and --fail-on fails only on codes that
are new or went up.

On a terminal the table fits its width (COLUMNS overrides it) and its
severities are coloured (--color; NO_COLOR is honoured). When the full
table is too wide, these steps are taken in order until it fits: places
shortened to file:line and code names to 32 cells; SHARE loses its bar;
LAST SEEN, then VALUE, then FIRST SEEN, then SHARE, then DESCRIPTION are
dropped; descriptions are cut with … to the room left. Sparklines are
drawn in wider buckets so as to fit. Piped or in a file, the table is the
full one, its sparklines at most 60 cells.

Examples:
  codewatch report testdata/logs
  codewatch report --output report.html 'logs/**/*'       # the format from the extension
  codewatch report --by input logs.tgz other-host.zip
  codewatch report --format json --label "$(hostname):" /var/log/app > host1.json
  codewatch report --fail-on error ci-logs/                     # exit 1 if an error code was seen
  codewatch report --baseline last-release.json --fail-on error logs/   # exit 1 if an error code rose
`

// reportOutput is what report and merge share: how the report is written
// and judged.
type reportOutput struct {
	format   string
	bucket   string
	baseline string
	output   string
	failOn   string
	by       string
	color    string

	width int64
	old   *report.Report
}

var reportFormats = map[string]func(*report.Report, io.Writer) error{
	"table":    (*report.Report).WriteTable,
	"json":     (*report.Report).WriteJSON,
	"csv":      (*report.Report).WriteCSV,
	"markdown": (*report.Report).WriteMarkdown,
	"md":       (*report.Report).WriteMarkdown,
	"html":     (*report.Report).WriteHTML,
}

func (o *reportOutput) flags(f *flags) {
	f.StringVar(&o.format, "format", "", "output `format`: table, json, csv, markdown or html (default: from the --output file's extension, else table)")
	f.StringVar(&o.output, "output", "", "write the report to `FILE` instead of standard output")
	f.StringVar(&o.bucket, "bucket", "auto", "timeline bucket `WIDTH`: auto (from the span), or minutes, hours, days: 1m, 15m, 1h, 1d")
	f.StringVar(&o.baseline, "baseline", "", "compare each code's count with an earlier JSON report `FILE`")
	f.StringVar(&o.by, "by", "", "break the counts down by `WHAT`: input (each input's) or label (each --label's: a host's), in every format")
	f.StringVar(&o.failOn, "fail-on", "", "exit 1 if a code at or above `SEVERITY` was seen (with --baseline: is new or went up)")
	f.StringVar(&o.color, "color", "auto", "colour the table's severities: auto (on a terminal), always or never (NO_COLOR is honoured)")
}

// reportFormat is the format a report is written in: format when one is
// given, else the one the extension of file says (.json, .csv, .md or
// .markdown, .html or .htm, .txt), else table. report --output and tail
// --report both choose so.
func reportFormat(format, file string) string {
	if format != "" {
		return format
	}
	switch strings.ToLower(filepath.Ext(file)) {
	case ".json":
		return "json"
	case ".csv":
		return "csv"
	case ".md", ".markdown":
		return "markdown"
	case ".html", ".htm":
		return "html"
	}
	return "table" // .txt, or none
}

// check validates the output flags and reads the baseline.
func (o *reportOutput) check(e *env, f *flags) error {
	o.format = reportFormat(o.format, o.output)
	if reportFormats[o.format] == nil {
		return f.usage("--format %q: want table, json, csv, markdown or html", o.format)
	}
	if _, err := report.ParseBy(o.by); err != nil {
		return f.usage("--by %s", err)
	}
	if _, err := e.colorOn(o.color); err != nil {
		return f.usage("%s", err)
	}
	if o.bucket != "auto" && o.bucket != "" {
		w, err := report.ParseWidth(o.bucket)
		if err != nil {
			return f.usage("--bucket: %s", err)
		}
		o.width = w
	}
	if o.baseline != "" {
		old, err := readReport(e, input.Input{Name: o.baseline, Path: o.baseline})
		if err != nil {
			return fmt.Errorf("baseline %s: %w", o.baseline, err)
		}
		o.old = old
	}
	return nil
}

// write renders rep and returns the status that --fail-on gives it.
func (o *reportOutput) write(e *env, rep *report.Report, failOn catalog.Severity) (int, error) {
	rep.Bucket, rep.By = o.width, o.by
	if o.old != nil {
		rep.Compare(o.old, o.baseline)
	}
	if err := o.render(e, rep); err != nil {
		return 0, err
	}
	if failOn == 0 {
		return exitOK, nil
	}
	seen := rep.MaxSeverity()
	if rep.Baseline != nil {
		seen = rep.Baseline.Worse()
	}
	if seen >= failOn {
		return exitFound, nil
	}
	return exitOK, nil
}

// render writes rep in the chosen format to standard output or --output.
func (o *reportOutput) render(e *env, rep *report.Report) error {
	if o.output != "" && o.output != "-" {
		// Through a temporary file: a failed write (a full disk) leaves
		// the report from before as it was.
		write := reportFormats[o.format]
		if o.format == "table" && o.color == "always" {
			write = func(r *report.Report, w io.Writer) error {
				return r.WriteTableWith(w, report.TableOptions{Color: true})
			}
		}
		if err := writeFileAtomic(o.output, func(w io.Writer) error { return write(rep, w) }); err != nil {
			return &writeError{file: o.output, err: err}
		}
		return nil
	}
	w := e.stdout
	var vw *visible.Writer
	if o.format != "table" && e.isTerminal(e.stdout) {
		// Nothing a name holds may act on the terminal (the table makes
		// its text visible itself).
		mode := visible.Document
		if o.format == "json" {
			mode = visible.JSON
		}
		vw = visible.NewWriter(w, mode)
		w = vw
	}
	out := bufio.NewWriterSize(w, 64<<10)
	err := o.writeTo(e, rep, out)
	if err == nil {
		err = out.Flush()
	}
	if err == nil && vw != nil {
		err = vw.Flush()
	}
	if err != nil {
		return &writeError{file: o.output, err: err}
	}
	return nil
}

// writeTo writes rep to standard output (through w): the table fitted to
// the terminal's width and coloured as --color says (piped, the full
// table as WriteTable writes it), the other formats as they are.
func (o *reportOutput) writeTo(e *env, rep *report.Report, w io.Writer) error {
	if o.format != "table" {
		return reportFormats[o.format](rep, w)
	}
	color, _ := e.colorOn(o.color) // checked by check
	return rep.WriteTableWith(w, report.TableOptions{Width: e.width(), Color: color})
}

func cmdReport(e *env, args []string) error {
	f := newFlags("report", reportHelp)
	var o reportOutput
	o.flags(f)
	minSev := f.String("min-severity", "", "ignore codes below `SEVERITY` (info, warning, error, critical)")
	jobs := f.IntP("jobs", "j", 0, "use `N` threads: N inputs read at once, or one input's lines searched on N (default: the number of CPUs)")
	label := f.String("label", "", "put `TEXT` before each input's name (e.g. the host name), to tell places apart in merged reports")
	text := f.BoolP("text", "a", false, "read binary files found in directories and archives too (by default one with a NUL byte in its first 8 KiB is skipped, with a line on stderr)")
	noProgress := f.Bool("no-progress", false, "never show the progress bar (it shows only on a terminal, for work that takes over a second)")
	window := f.timeWindow()
	f.catalogFlag()
	f.logFlags()
	if err := f.parse(e, args); err != nil {
		return err
	}
	sel, err := f.selection(e, *minSev, o.failOn)
	if err != nil {
		return err
	}
	if sel.window, err = window(); err != nil {
		return err
	}
	if *jobs < 0 {
		return f.usage("--jobs %d: want 1 or more (0: the number of CPUs)", *jobs)
	}
	if err := o.check(e, f); err != nil {
		return err
	}
	ins, found, err := e.inputList(f, f.Args())
	if err != nil {
		return err
	}
	var prog *progress
	if !*noProgress && e.showProgress() {
		prog = e.startProgress(ins)
	}
	rep, failed, err := e.countAll(ins, sel, *jobs, *label, *text, prog)
	prog.stop()
	if err != nil {
		return err
	}
	if *label != "" {
		for _, in := range rep.Inputs {
			in.Label = *label
		}
	}
	st, err := o.write(e, rep, sel.failOn)
	if err != nil {
		return err
	}
	return worst(statusIf(failed || !found), st)
}

// countAll counts the inputs on jobs goroutines (0: GOMAXPROCS), each with
// its own worker, in order (report.CountAll); diagnostics come out in the
// inputs' order, the progress bar paused for them. failed says whether an
// input could not be read whole.
func (e *env) countAll(ins []input.Input, sel *selection, jobs int, label string, text bool, prog *progress) (rep *report.Report, failed bool, err error) {
	jobs, split := threads(jobs, len(ins), runtime.GOMAXPROCS(0))
	m := sel.cats.matcher(true)
	cfg := search.Config{Matcher: m, Stdin: e.stdin, Counted: prog.counter(), Window: sel.window, Text: text,
		Reader: scan.Options{Body: scan.BodyNone, MinSeverity: sel.min, Workers: split}}
	newReading := func() (report.Reading, func()) {
		w := search.New(e.ctx, cfg)
		read := func(i int, c *report.Counter) error { return e.countInput(w, ins[i], c, label) }
		return read, func() { w.Close() }
	}
	names := func(i int) string { return label + ins[i].Name }
	rep, err = report.CountAll(e.ctx, sel.cats.newReport, len(ins), jobs, names, newReading, func(i int, err error) {
		var said notes
		if !errors.As(err, &said) {
			return
		}
		for _, err := range said {
			failed = failed || inputFailure(err)
			prog.pause(func() { e.diag(err) })
		}
	})
	return rep, failed, err
}

// threads shares out jobs threads (0: cpus) over n inputs: jobs inputs
// read at once, each searched on split threads. With fewer inputs than
// threads, each reader also searches its input on the spare ones (scan's
// parallel reader: the same lines, in order); -j 1 is one thread.
func threads(jobs, n, cpus int) (at, split int) {
	if jobs <= 0 {
		jobs = cpus
	}
	at = max(1, min(jobs, n))
	return at, max(1, jobs/at)
}

// notes are what reading one argument had to say on stderr, in order:
// inputs (or an archive's members) that failed, were skipped or were
// empty.
type notes []error

func (n notes) Error() string { return fmt.Sprintf("%d notes", len(n)) }

// countInput counts in into c: a file as itself, an archive as its
// members, each an input of its own in the report (search.Each), named
// after label. It returns the notes to say, or what stopped it (an
// interruption).
func (e *env) countInput(w *search.Worker, in input.Input, c *report.Counter, label string) error {
	if in.Err != nil {
		// Listed among the inputs, as failed; said on stderr when the
		// arguments were expanded.
		c.Done(scan.Stats{}, listCause(in))
		return nil
	}
	var said notes
	cur, own, started := c, true, false
	counter := func(name string) *report.Counter {
		if own { // c still stands for nothing read: the first input takes it
			own = false
			c.Rename(label + name)
			return c
		}
		return c.Another(label + name)
	}
	err := w.Each(in, func(name string) scan.Sink {
		cur, started = counter(name), true
		return cur
	}, func(name string, st scan.Stats, err error) {
		if err != nil {
			said = append(said, err)
		}
		var skipped *search.SkippedError
		if errors.As(err, &skipped) {
			return // not read: not an input of the report
		}
		if !started {
			cur = counter(name)
		}
		started = false
		var entry error // what the report's entry for the input says
		if inputFailure(err) {
			entry = reason{inputCause(err)}
		}
		cur.Done(st, entry)
	})
	if own {
		c.Skip()
	}
	if err != nil {
		return err // interrupted: the report is dropped
	}
	if len(said) > 0 {
		return said
	}
	return nil
}

// inputCause is what kept an input from being read, without the input's
// name and line count (which the report's entry for it gives apart).
func inputCause(err error) error {
	var ie *search.InputError
	if errors.As(err, &ie) {
		return ie.Err
	}
	return err
}

// reason is an error said as input.Reason says it (without the path the
// caller names anyway), still wrapping it.
type reason struct{ err error }

func (r reason) Error() string { return input.Reason(r.err) }
func (r reason) Unwrap() error { return r.err }

// readReport reads a JSON report, decompressed if it is compressed.
func readReport(e *env, in input.Input) (*report.Report, error) {
	rc, err := input.Open(in, e.stdin)
	if err != nil {
		return nil, reason{err}
	}
	defer rc.Close()
	rep, err := report.ReadJSON(rc)
	if err != nil {
		return nil, reason{err}
	}
	return rep, nil
}
