package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"

	"github.com/codewatch/codewatch/internal/catalog"
	"github.com/codewatch/codewatch/internal/input"
	"github.com/codewatch/codewatch/internal/report"
	"github.com/codewatch/codewatch/internal/scan"
)

const reportHelp = `Usage: codewatch report [flags] [FILE|DIR|GLOB|-]...

Count the codes in archived logs: per code its count, share, severity and
first and last place seen (file:line and time where the line has one);
totals per severity and per input; unknown codes (ERR_/WARN_/K_ names and
numbers in code context that the catalog does not have); a timeline of
occurrences per time bucket.

Directories are walked, globs may use ** ('logs/**/*.log*'), and .gz, .zst,
.bz2 and .xz files are read as their contents, whatever their names. An input
that cannot be read is reported on stderr and the rest are still read
(exit status 2). Inputs are read in parallel; the output is the same as
reading them one by one.

The JSON form is also a partial result: 'codewatch merge' adds JSON reports
made on many machines into one. With --baseline, each code's count is
compared with an earlier JSON report, and --fail-on fails only on codes that
are new or went up.

Examples:
  codewatch report testdata/logs
  codewatch report --format html --output report.html 'logs/**/*'
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
	f.StringVar(&o.format, "format", "table", "output `format`: table, json, csv, markdown or html")
	f.StringVar(&o.output, "output", "", "write the report to `FILE` instead of standard output")
	f.StringVar(&o.bucket, "bucket", "auto", "timeline bucket `WIDTH`: auto (from the span), or minutes, hours, days: 1m, 15m, 1h, 1d")
	f.StringVar(&o.baseline, "baseline", "", "compare each code's count with an earlier JSON report `FILE`")
	f.StringVar(&o.failOn, "fail-on", "", "exit 1 if a code at or above `SEVERITY` was seen (with --baseline: is new or went up)")
}

// check validates the output flags and reads the baseline. It reports what
// is wrong and returns false.
func (o *reportOutput) check(e *env, f *flags) (int, bool) {
	if reportFormats[o.format] == nil {
		return f.usageError(e, fmt.Sprintf("--format %q: want table, json, csv, markdown or html", o.format))
	}
	if o.bucket != "auto" && o.bucket != "" {
		w, err := report.ParseWidth(o.bucket)
		if err != nil {
			return f.usageError(e, "--bucket: "+err.Error())
		}
		o.width = w
	}
	if o.baseline != "" {
		old, err := readReport(e, input.Input{Name: o.baseline, Path: o.baseline})
		if err != nil {
			e.log.Error().Str("input", o.baseline).Str("error", err.Error()).Msg("baseline " + o.baseline + ": " + err.Error())
			return exitError, false
		}
		o.old = old
	}
	return 0, true
}

// write renders rep and returns the status that --fail-on gives it.
func (o *reportOutput) write(e *env, rep *report.Report, failOn catalog.Severity) int {
	rep.Bucket = o.width
	if o.old != nil {
		rep.Compare(o.old, o.baseline)
	}
	w := e.stdout
	var file *os.File
	if o.output != "" && o.output != "-" {
		var err error
		if file, err = os.Create(o.output); err != nil {
			e.log.Error().Str("error", input.Reason(err)).Msg(fmt.Sprintf("write %s: %s", o.output, input.Reason(err)))
			return exitError
		}
		w = file
	}
	out := bufio.NewWriterSize(w, 64<<10)
	err := reportFormats[o.format](rep, out)
	if err == nil {
		err = out.Flush()
	}
	if file != nil {
		if cerr := file.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		if st := e.outputFailed(err, o.output); st != exitOK {
			return st
		}
	}
	if failOn == 0 {
		return exitOK
	}
	seen := rep.MaxSeverity()
	if rep.Baseline != nil {
		seen = rep.Baseline.Worse()
	}
	if seen >= failOn {
		return exitFound
	}
	return exitOK
}

func cmdReport(e *env, args []string) int {
	f := newFlags("report", reportHelp)
	var o reportOutput
	o.flags(f)
	minSev := f.String("min-severity", "", "ignore codes below `SEVERITY` (info, warning, error, critical)")
	jobs := f.IntP("jobs", "j", 0, "read `N` inputs at once (default: the number of CPUs)")
	label := f.String("label", "", "put `TEXT` before each input's name (e.g. the host name), to tell places apart in merged reports")
	noProgress := f.Bool("no-progress", false, "never show the progress bar (it shows only on a terminal, for work that takes over a second)")
	f.catalogFlag()
	f.logFlags()
	if st, ok := f.parse(e, args); !ok {
		return st
	}
	opts, st, ok := filterOptions(e, f, *minSev, o.failOn)
	if !ok {
		return st
	}
	if *jobs < 0 {
		st, _ := f.usageError(e, fmt.Sprintf("--jobs %d: want 1 or more (0: the number of CPUs)", *jobs))
		return st
	}
	if st, ok := o.check(e, f); !ok {
		return st
	}
	ins, status, ok := e.inputs(f, f.Args())
	if !ok {
		return status
	}
	var prog *progress
	if !*noProgress && e.showProgress() {
		prog = e.startProgress(ins)
	}
	rep, st := e.countAll(ins, opts, *jobs, *label, prog)
	prog.stop()
	if st == exitInterrupt {
		return st
	}
	status = max(status, st)
	return max(status, o.write(e, rep, opts.failOn))
}

// partial is the report of one input, and its diagnostics, until it is
// merged in its turn.
type partial struct {
	rep   *report.Report
	diags []diag
	done  chan struct{}
}

// diag is a failure to read an input, to be logged.
type diag struct {
	reason string
	lines  int64 // lines read before the failure, when reading failed
	read   bool  // the input was opened, and reading it failed
}

// countAll counts the inputs on jobs goroutines (0: GOMAXPROCS), each with
// its own reader, each input into its own partial report. The partials are
// merged in input order, and their diagnostics logged in that order too, so
// the result is the same as reading the inputs one by one. The status is
// exitError when an input failed, exitInterrupt when interrupted.
func (e *env) countAll(ins []input.Input, opts *filters, jobs int, label string, prog *progress) (*report.Report, int) {
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	jobs = max(1, min(jobs, len(ins)))
	// With fewer inputs than CPUs, each reader also searches its input
	// on the spare ones (scan's parallel reader: the same lines, in order).
	split := runtime.GOMAXPROCS(0) / jobs
	m := scan.NewMatcher(opts.cat, true)
	parts := make([]*partial, len(ins))
	for i := range parts {
		parts[i] = &partial{done: make(chan struct{})}
	}
	next := make(chan int)
	go func() {
		defer close(next)
		for i := range ins {
			select {
			case next <- i:
			case <-e.ctx.Done():
				return
			}
		}
	}()
	for range jobs {
		go func() {
			rd := scan.NewReader(m, scan.Options{Body: scan.BodyNone, MinSeverity: opts.min, Workers: split})
			defer rd.Close()
			for i := range next {
				p := parts[i]
				p.rep = report.New(opts.name)
				c := p.rep.Count(opts.cat, label+ins[i].Name)
				st, err := e.countInput(ins[i], rd, c, p, prog)
				c.Done(st, err)
				close(p.done)
			}
		}()
	}
	total := report.New(opts.name)
	status := exitOK
	for i, p := range parts {
		select {
		case <-p.done:
		case <-e.ctx.Done():
			return nil, exitInterrupt
		}
		if e.ctx.Err() != nil {
			return nil, exitInterrupt
		}
		if len(p.diags) > 0 {
			status = exitError
			prog.pause(func() {
				for _, d := range p.diags {
					name := ins[i].Name
					if !d.read {
						e.log.Error().Str("input", name).Str("error", d.reason).Msg(shown(name) + ": " + d.reason)
						continue
					}
					e.log.Error().Str("input", name).Str("error", d.reason).Int64("lines", d.lines).
						Msg(fmt.Sprintf("%s: %s (after %d lines)", shown(name), d.reason, d.lines))
				}
			})
		}
		total.Merge(p.rep)
		parts[i] = nil
	}
	return total, status
}

// countInput reads one input into a report counter. It returns the error
// that kept the input from being read whole, and notes the diagnostic to
// log in p.
func (e *env) countInput(in input.Input, rd *scan.Reader, sink scan.Sink, p *partial, prog *progress) (scan.Stats, error) {
	var counted *progressCount
	if prog != nil {
		counted = &prog.done
	}
	rc, err := input.OpenCounted(in, e.stdin, counted.counter())
	if err != nil {
		reason := input.Reason(err)
		p.diags = append(p.diags, diag{reason: reason})
		return scan.Stats{}, errors.New(reason)
	}
	defer rc.Close()
	st, err := rd.Scan(e.interruptible(rc), sink)
	if err != nil {
		if e.ctx.Err() != nil {
			return st, e.ctx.Err()
		}
		reason := input.Reason(err)
		p.diags = append(p.diags, diag{reason: reason, lines: st.Lines, read: true})
		return st, errors.New(reason)
	}
	return st, nil
}

// ctxReader stops reading when codewatch is interrupted.
type ctxReader struct {
	e *env
	r io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.e.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// ctxReaderAt is a ctxReader over an input that can also be read at an
// offset, which the scanner uses instead of a spool file.
type ctxReaderAt struct {
	ctxReader
	io.ReaderAt
}

// interruptible wraps an input so that reading stops on interrupt, and
// keeps its ReadAt.
func (e *env) interruptible(r io.Reader) io.Reader {
	if ra, ok := r.(io.ReaderAt); ok {
		return ctxReaderAt{ctxReader{e, r}, ra}
	}
	return ctxReader{e, r}
}

// readReport reads a JSON report, decompressed if it is compressed.
func readReport(e *env, in input.Input) (*report.Report, error) {
	rc, err := input.Open(in, e.stdin)
	if err != nil {
		return nil, errors.New(input.Reason(err))
	}
	defer rc.Close()
	rep, err := report.ReadJSON(rc)
	if err != nil {
		return nil, errors.New(input.Reason(err))
	}
	return rep, nil
}
