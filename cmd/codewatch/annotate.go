package main

import (
	"bufio"
	"errors"
	"fmt"
	"runtime"

	"github.com/codewatch/codewatch/internal/annotate"
	"github.com/codewatch/codewatch/internal/catalog"
	"github.com/codewatch/codewatch/internal/input"
	"github.com/codewatch/codewatch/internal/scan"
)

const annotateHelp = `Usage: codewatch annotate [flags] [FILE|DIR|GLOB|-]...

Annotate each line of Agora SDK logs with the codes it carries. Every line
comes out once, in order, byte for byte; a line with codes gets its
annotation appended on the same line after a tab:

  <line>	[codewatch] error ERR_NO_AUTHORIZED (110): The current Channel Key is not authorized.

so line counts are kept and cut, grep and paste still work downstream.
With no FILE, or with -, standard input is read. Directories are walked,
globs may use **, and .gz, .zst, .bz2 and .xz files are read as their
contents. On a terminal, colours show severities and control characters in
log lines are shown escaped (^[, \xFF), never sent to the terminal.

Examples:
  tail -f app.log | codewatch annotate
  codewatch annotate -o --min-severity error logs/
  codewatch annotate --format json app.log | jq -c '.codes[].name'
  codewatch annotate -o --fail-on error ci.log     # exit 1 if an error code was seen
`

func cmdAnnotate(e *env, args []string) int {
	f := newFlags("annotate", annotateHelp)
	var lo lineOutput
	lo.register(f, "several inputs")
	failOn := f.String("fail-on", "", "exit 1 if a code at or above `SEVERITY` was seen")
	lineNum := f.BoolP("line-number", "n", false, "prefix each line with its line number")
	f.catalogFlag()
	f.logFlags()
	if st, ok := f.parse(e, args); !ok {
		return st
	}
	opts, st, ok := filterOptions(e, f, lo.minSev, *failOn)
	if !ok {
		return st
	}
	aopt, msg := lo.options(e)
	if msg != "" {
		st, _ := f.usageError(e, msg)
		return st
	}
	ins, status, ok := e.inputs(f, f.Args())
	if !ok {
		return status
	}

	out := bufio.NewWriterSize(e.stdout, 64<<10)
	aopt.Catalog = opts.cat
	aopt.WithFile = lo.withFile(manyInputs(f.Args(), ins))
	aopt.WithLine = *lineNum
	var sink interface {
		scan.Sink
		Start(name string)
	}
	if lo.json() {
		sink = annotate.NewJSON(out, aopt)
	} else {
		sink = annotate.NewText(out, aopt)
	}
	ropt := scan.Options{
		EveryLine:   lo.json() && !lo.only,
		MinSeverity: opts.min,
		Workers:     runtime.GOMAXPROCS(0),
		// Flush before waiting for input, so that the output keeps up
		// with a live input (tail -f app.log | codewatch annotate).
		Idle: func() error {
			if out.Buffered() == 0 {
				return nil
			}
			return out.Flush()
		},
	}
	if lo.only {
		ropt.Body = scan.BodyMatching
	}
	rd := scan.NewReader(scan.NewMatcher(opts.cat, false), ropt)
	defer rd.Close()
	seen := &severitySink{Sink: sink, cat: opts.cat}

	for _, in := range ins {
		sink.Start(in.Name)
		st, stop := e.scanInput(in, rd, seen)
		status = max(status, st)
		if stop {
			return status
		}
	}
	if err := out.Flush(); err != nil {
		if e.outputFailed(err, "") == exitOK {
			return status
		}
		return exitError
	}
	return max(status, opts.failStatus(seen.max))
}

// lineOutput holds the flags for annotated lines that annotate and tail
// share.
type lineOutput struct {
	format, minSev, color  string
	only, withName, noName bool
}

// register adds the flags to f; many says when lines get file names by
// default.
func (o *lineOutput) register(f *flags, many string) {
	f.StringVar(&o.format, "format", "text", "output `format`: text, or json (JSON Lines)")
	f.BoolVarP(&o.only, "only-matching", "o", false, "print only the lines that carry codes")
	f.StringVar(&o.minSev, "min-severity", "", "ignore codes below `SEVERITY` (info, warning, error, critical)")
	f.StringVar(&o.color, "color", "auto", "colour the annotations: auto, always or never (NO_COLOR is honoured)")
	f.BoolVarP(&o.withName, "with-filename", "H", false, "prefix each line with its file name (default with "+many+")")
	f.BoolVar(&o.noName, "no-filename", false, "never prefix lines with file names")
}

// options checks --format and --color and returns the annotator's options
// they make, or what is wrong with them.
func (o *lineOutput) options(e *env) (annotate.Options, string) {
	if o.format != "text" && o.format != "json" {
		return annotate.Options{}, fmt.Sprintf("--format %q: want text or json", o.format)
	}
	color, err := e.colorOn(o.color)
	if err != nil {
		return annotate.Options{}, err.Error()
	}
	return annotate.Options{OnlyMatching: o.only, Color: color, Escape: color || e.isTerminal(e.stdout)}, ""
}

func (o *lineOutput) json() bool { return o.format == "json" }

// withFile says whether lines get file names, many being the default.
func (o *lineOutput) withFile(many bool) bool { return (o.withName || many) && !o.noName }

// filters are the catalog and the severity flags that several commands
// share.
type filters struct {
	cat    *catalog.Catalog
	name   string
	min    catalog.Severity
	failOn catalog.Severity
}

func (o *filters) failStatus(seen catalog.Severity) int {
	if o.failOn != 0 && seen >= o.failOn {
		return exitFound
	}
	return exitOK
}

func filterOptions(e *env, f *flags, minSev, failOn string) (*filters, int, bool) {
	o := &filters{}
	var err error
	if minSev != "" {
		if o.min, err = catalog.ParseSeverity(minSev); err != nil {
			st, _ := f.usageError(e, "--min-severity: "+err.Error())
			return nil, st, false
		}
	}
	if failOn != "" {
		if o.failOn, err = catalog.ParseSeverity(failOn); err != nil {
			st, _ := f.usageError(e, "--fail-on: "+err.Error())
			return nil, st, false
		}
	}
	if o.cat, o.name, err = f.loadCatalog(); err != nil {
		e.log.Error().Str("error", err.Error()).Msg(err.Error())
		return nil, exitError, false
	}
	return o, 0, true
}

// inputs expands the arguments, or standard input when there are none and
// it is not a terminal. Inputs that cannot be found are reported; status
// says whether any was.
func (e *env) inputs(f *flags, args []string) ([]input.Input, int, bool) {
	if len(args) == 0 {
		if e.isTerminal(e.stdin) {
			st, _ := f.usageError(e, "no input: give files or directories, or pipe logs in")
			return nil, st, false
		}
		args = []string{"-"}
	}
	ins, errs := input.Expand(args)
	status := exitOK
	for _, err := range errs {
		var ie *input.Error
		if errors.As(err, &ie) {
			e.inputFailed(ie.Input, ie.Err)
		} else {
			e.log.Error().Msg(err.Error())
		}
		status = exitError
	}
	return ins, status, true
}

// scanInput reads one input into sink. It returns the status for this
// input, and stop when nothing more should be read: the output is closed or
// failing, or codewatch was interrupted.
func (e *env) scanInput(in input.Input, rd *scan.Reader, sink scan.Sink) (status int, stop bool) {
	rc, err := input.Open(in, e.stdin)
	if err != nil {
		e.inputFailed(in.Name, err)
		return exitError, false
	}
	defer rc.Close()
	st, err := rd.Scan(e.interruptible(rc), sink)
	if st.Dropped > 0 {
		// -o could not show these lines: they were too long to hold.
		e.log.Error().Str("input", in.Name).Int64("line", st.FirstDropped).Int64("lines", st.Dropped).
			Msg(fmt.Sprintf("%s: line %d carries codes but is longer than %d MiB and cannot be read again, so -o cannot show it (%d such lines); run without -o",
				shown(in.Name), st.FirstDropped, scan.DefaultSpoolLimit>>20, st.Dropped))
		status = exitError
	}
	var re *scan.ReadError
	switch {
	case err == nil:
		return status, false
	case errors.As(err, &re) && e.ctx.Err() != nil:
		return exitInterrupt, true
	case errors.As(err, &re):
		e.log.Error().Str("input", in.Name).Str("error", input.Reason(re.Err)).Int64("lines", st.Lines).
			Msg(fmt.Sprintf("%s: %s (after %d lines)", shown(in.Name), input.Reason(re.Err), st.Lines))
		return exitError, false
	}
	// The sink failed: the output.
	return e.outputFailed(err, ""), true
}

// severitySink passes lines on and notes the highest severity among their
// codes, for --fail-on.
type severitySink struct {
	scan.Sink
	cat *catalog.Catalog
	max catalog.Severity
}

func (s *severitySink) note(l *scan.Line, cat *catalog.Catalog) {
	for _, m := range l.Codes {
		if sev := cat.Codes[m.ID].Severity; sev > s.max {
			s.max = sev
		}
	}
}

func (s *severitySink) Line(l *scan.Line) error {
	s.note(l, s.cat)
	return s.Sink.Line(l)
}

func (s *severitySink) LongEnd(l *scan.Line) error {
	s.note(l, s.cat)
	return s.Sink.LongEnd(l)
}

// manyInputs reports whether file names should prefix lines, as grep
// does: several arguments, or a directory or pattern among them.
func manyInputs(args []string, ins []input.Input) bool {
	if len(args) > 1 {
		return true
	}
	for _, in := range ins {
		if in.Found {
			return true
		}
	}
	return false
}
