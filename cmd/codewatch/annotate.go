package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"os"
	"runtime"
	"sync"
	"time"

	"github.com/codewatch/codewatch/internal/annotate"
	"github.com/codewatch/codewatch/internal/catalog"
	"github.com/codewatch/codewatch/internal/input"
	"github.com/codewatch/codewatch/internal/scan"
	"github.com/codewatch/codewatch/internal/search"
	"github.com/codewatch/codewatch/internal/timestamp"
)

const annotateHelp = `Usage: codewatch annotate [flags] [FILE|DIR|GLOB|-]...

Annotate each line of Agora SDK logs with the codes it carries. Every line
comes out once, in order, byte for byte; a line with codes gets its
annotation appended on the same line after a tab:

  <line>	[codewatch] error ERR_NO_AUTHORIZED (110): The current Channel Key is not authorized.

so line counts are kept and cut, grep and paste still work downstream.
With no FILE, or with -, standard input is read. Directories are walked,
globs may use **, and .gz, .zst, .bz2 and .xz files are read as their
contents; zip and tar archives file by file (-H names each line's
ARCHIVE:MEMBER). A binary file found in a directory or an archive is
skipped with a line on stderr (-a reads it). On a terminal, colours show
severities, the matched text of each
code is highlighted, and control characters in log lines are shown escaped
(^[, \xFF), never sent to the terminal; in a pipe the bytes are untouched.

grep's habits: -o prints only the lines with codes (whole lines, annotated:
grep -o would print only the matched text); -c the number of codes of each
input (occurrences, not lines); -l the inputs with codes; -q nothing, with
grep's status (0 a code found, even if an input failed; 1 none; 2 none and
an input failed); -A/-B/-C, with -o, context lines, unannotated, with '-'
in their prefixes and "--" between groups. --code keeps some codes,
--unknown adds the unknown ones. --since/--until keep a time window: a line
without a time has the time of the last line before it with one, and a line
before any is kept.

Examples:
  tail -f app.log | codewatch annotate
  codewatch annotate -o --min-severity error logs/
  codewatch annotate --format json app.log | jq -c '.codes[].name'
  codewatch annotate -o --fail-on error ci.log     # exit 1 if an error code was seen
  codewatch annotate -o -n -C 2 --code ERR_NO_AUTHORIZED --since 10:05 --until 10:30 app.log
  codewatch annotate -q --min-severity error ci.log && echo 'errors in the log'
  codewatch annotate -c logs/                       # file:N for each log
`

func cmdAnnotate(e *env, args []string) error {
	f := newFlags("annotate", annotateHelp)
	var (
		lo lineOutput
		g  grepFlags
	)
	lo.register(f, "several inputs")
	failOn := f.String("fail-on", "", "exit 1 if a code at or above `SEVERITY` was seen")
	lineNum := f.BoolP("line-number", "n", false, "prefix each line with its line number")
	g.registerCodes(f)
	g.registerGrep(f)
	g.registerTime(f)
	text := f.BoolP("text", "a", false, "read binary files found in directories and archives too (by default one with a NUL byte in its first 8 KiB is skipped, with a line on stderr)")
	f.catalogFlag()
	f.logFlags()
	if err := f.parse(e, args); err != nil {
		return err
	}
	sel, err := f.selection(e, lo.minSev, *failOn)
	if err != nil {
		return err
	}
	aopt, err := lo.options(e, f)
	if err != nil {
		return err
	}
	if aopt.Before, aopt.After, err = g.checkGrep(f, &lo, *failOn); err != nil {
		return err
	}
	win, err := g.window(f)
	if err != nil {
		return err
	}
	only, err := g.only(f, sel.cats)
	if err != nil {
		return err
	}
	ins, found, err := e.inputs(f, f.Args())
	if err != nil {
		return err
	}
	r := &annotateRun{ins: ins, failed: !found, sel: sel, out: bufio.NewWriterSize(e.stdout, 64<<10),
		withFile: lo.withFile(manyInputs(f.Args(), ins))}
	ropt := lo.reader(sel, r.out)
	ropt.Only = only
	if g.tallying() {
		ropt.Body, ropt.EveryLine = scan.BodyNone, false
	}
	cfg := search.Config{Matcher: sel.cats.matcher(g.unknown), Reader: ropt, Stdin: e.stdin, Window: win, Text: *text}
	aopt.WithFile, aopt.WithLine, aopt.Unknown = r.withFile, *lineNum, g.unknown
	aopt.Set = sel.cats.named()
	jobs := inputsAtOnce(len(ins), aopt, g.tallying())
	if jobs == 1 {
		// Inputs one by one, each searched on every CPU; with more at
		// once, each has a worker of its own (annotateInOrder).
		r.w = search.New(e.ctx, cfg)
		defer r.w.Close()
	}
	if g.tallying() {
		return e.tallyInputs(r, &g, *failOn != "")
	}
	return e.annotateInputs(r, cfg, aopt, jobs)
}

// joinedOutput is the output of annotate's parts, one after the other:
// when a part's last line had no newline, it writes one before the next
// bytes (written only by the part whose turn it is: search.InOrder).
type joinedOutput struct {
	w    io.Writer
	open bool
}

func (j *joinedOutput) Write(p []byte) (int, error) {
	if j.open && len(p) > 0 {
		j.open = false
		if _, err := j.w.Write([]byte{'\n'}); err != nil {
			return 0, err
		}
	}
	return j.w.Write(p)
}

// takeOpen is annotate.Text's TakeOpen, false for JSON (whose lines all
// end).
func takeOpen(w annotate.Writer) bool {
	t, ok := w.(interface{ TakeOpen() bool })
	return ok && t.TakeOpen()
}

// inputsAtOnce is how many inputs annotate reads at once: one per CPU
// when there are several (search.InOrder keeps their output in order, and
// holds what an input ahead of its turn prints: heldPerInput), as
// ripgrep does; one with -c, -l, -q and context lines, whose output runs
// across inputs. One input alone is searched on every CPU instead (scan's
// parallel reader).
func inputsAtOnce(n int, aopt annotate.Options, tallying bool) int {
	if tallying || aopt.Before > 0 || aopt.After > 0 {
		return 1
	}
	at, _ := threads(0, n, runtime.GOMAXPROCS(0))
	return at
}

// heldPerInput bounds what an input read ahead of its turn holds of its
// output (search.InOrder): 1 MiB in memory, then, in an unlinked file in
// $TMPDIR, its share of 1 GiB among the inputs read at once (each
// goroutine's file keeps its size until the end); past it, its reading
// waits.
var heldPerInput = search.Hold{Memory: 1 << 20, Spill: 1 << 30}

// annotateInOrder reads ins jobs at once, each by a worker of its own on
// one CPU, writing their lines in the inputs' order, and the diagnostics
// of each when its turn comes.
func (e *env) annotateInOrder(r *annotateRun, ins []input.Input, cfg search.Config, aopt annotate.Options, jobs int) error {
	var mu sync.Mutex
	// As one writer does between inputs, a line left without its newline
	// at the end of an input is ended when more is written.
	ended := make([]bool, len(ins))
	out := &joinedOutput{w: e.stdout}
	start := func(ctx context.Context) (func(int, *search.TurnWriter) error, func()) {
		bw := bufio.NewWriterSize(nil, 64<<10)
		c := cfg
		c.Reader.Workers = 1
		c.Reader.Idle = func() error { return bw.Flush() } // a live input's lines go out at once
		w := search.New(ctx, c)
		writer := annotate.New(bw, aopt)
		part := func(i int, out *search.TurnWriter) error {
			// A live input is read in its turn: ahead of it, it could
			// block the end (| head) with nothing to show, and hold
			// what it read until it reads more.
			if live(ins[i], e.stdin) {
				if err := out.Wait(); err != nil {
					return &search.OutputError{Err: err}
				}
			}
			bw.Reset(out)
			var said notes
			defer func() { ended[i] = takeOpen(writer) }()
			err := w.Each(ins[i], func(string) scan.Sink { return writer }, func(_ string, _ scan.Stats, err error) {
				if err != nil {
					said = append(said, err)
				}
			})
			if ferr := bw.Flush(); err == nil && ferr != nil {
				err = &search.OutputError{Err: ferr}
			}
			if err == nil && len(said) > 0 {
				return said
			}
			return err
		}
		release := func() {
			mu.Lock()
			r.highest = max(r.highest, w.MaxSeverity())
			mu.Unlock()
			w.Close()
		}
		return part, release
	}
	after := func(i int, err error) error {
		out.open = ended[i] // the next part's first write ends the line
		var said notes
		if !errors.As(err, &said) {
			return outputFailure(err, "") // nil, or what ends it all
		}
		for _, err := range said {
			e.diag(err)
			r.failed = r.failed || inputFailure(err)
		}
		return nil
	}
	hold := heldPerInput
	hold.Spill /= int64(jobs) // each goroutine's spill file keeps its size until the end
	return search.InOrder(e.ctx, out, len(ins), jobs, hold, start, after)
}

// live reports whether an input may block with nothing to read: standard
// input or a path that is not a regular file (a FIFO, a terminal, a
// device).
func live(in input.Input, stdin io.Reader) bool {
	var fi os.FileInfo
	var err error
	if in.IsStdin() {
		f, ok := stdin.(*os.File)
		if !ok {
			return true
		}
		fi, err = f.Stat()
	} else {
		fi, err = os.Stat(in.Path)
	}
	return err != nil || !fi.Mode().IsRegular()
}

// annotateRun is what annotate reads and writes with.
type annotateRun struct {
	w        *search.Worker // reads the inputs one by one; nil when several are read at once
	ins      []input.Input
	failed   bool // an input was not found or not read whole
	sel      *selection
	out      *bufio.Writer
	withFile bool
	highest  catalog.Severity // of the codes seen by annotateInOrder's workers
}

// annotateInputs writes the lines of the inputs: one by one, each
// searched on every CPU (r.w), when jobs is 1; else jobs at once, each on
// one CPU (annotateInOrder).
func (e *env) annotateInputs(r *annotateRun, cfg search.Config, aopt annotate.Options, jobs int) error {
	writer := annotate.New(r.out, aopt)
	err := e.interruptibly(func() error {
		if jobs > 1 {
			if inOrderHook != nil {
				inOrderHook()
			}
			return e.annotateInOrder(r, r.ins, cfg, aopt, jobs)
		}
		for _, in := range r.ins {
			err := r.w.Each(in, func(string) scan.Sink { return writer }, func(_ string, _ scan.Stats, err error) {
				if err != nil {
					e.diag(err)
					r.failed = r.failed || inputFailure(err)
				}
			})
			if err != nil {
				return outputFailure(err, "")
			}
		}
		if err := r.out.Flush(); err != nil {
			return &writeError{err: err}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if r.w != nil {
		r.highest = max(r.highest, r.w.MaxSeverity())
	}
	return worst(statusIf(r.failed), r.sel.failStatus(r.highest))
}

// inOrderHook, when set, is called as annotate turns to reading inputs
// several at once (for TestAnnotateInOrder).
var inOrderHook func()

// tallyInputs counts the codes of the inputs (an archive's members each
// an input) for -c, -l and -q. -l stops reading an input at its first
// code (unless --fail-on needs them all), -q stops at the first code of
// all. -q's status is grep's: 0 when a code was found, even if an input
// failed; else 2 if one failed, 1 if not.
func (e *env) tallyInputs(r *annotateRun, g *grepFlags, failOn bool) error {
	t := &tally{unknown: g.unknown, quiet: g.quiet, list: g.list && !failOn}
	done := func(name string, _ scan.Stats, err error) {
		if err != nil {
			e.diag(err)
			r.failed = r.failed || inputFailure(err)
			var ie *search.InputError
			if !inputFailure(err) || errors.As(err, &ie) && !ie.Opened {
				return // skipped, an empty archive, or nothing read: no count
			}
		}
		if !g.quiet {
			t.report(e, r.out, name, r.withFile, g.count)
		}
	}
	err := e.interruptibly(func() error {
		for _, in := range r.ins {
			err := r.w.Each(in, func(string) scan.Sink { return t }, done)
			switch {
			case errors.Is(err, errQuiet):
				return nil
			case err != nil:
				return outputFailure(err, "")
			}
		}
		if err := r.out.Flush(); err != nil {
			return &writeError{err: err}
		}
		return nil
	})
	switch {
	case err != nil:
		return err
	case g.quiet && t.found:
		return nil
	case g.quiet:
		return worst(statusIf(r.failed), exitFound)
	}
	return worst(statusIf(r.failed), r.sel.failStatus(r.w.MaxSeverity()))
}

// interruptibly runs fn, and returns its error; or, when codewatch is
// interrupted and fn does not return within a moment (it is waiting for a
// quiet pipe or FIFO, or for a full one downstream, in a read or write that
// no context can cut short), the interruption, leaving fn behind: the
// process is ending.
func (e *env) interruptibly(fn func() error) error {
	done := make(chan error, 1)
	go func() { done <- fn() }()
	select {
	case err := <-done:
		return err
	case <-e.ctx.Done():
	}
	select {
	case err := <-done:
		if err != nil {
			return err
		}
		return e.ctx.Err()
	case <-time.After(100 * time.Millisecond):
		return e.ctx.Err()
	}
}

// inputFailure reports whether err is an input's failure, which the
// command reports and reads on past, as opposed to the output's or an
// interruption, which end it.
func inputFailure(err error) bool {
	var (
		ie *search.InputError
		de *search.DroppedError
	)
	return errors.As(err, &ie) || errors.As(err, &de)
}

// outputFailure turns a worker's error that is not an input's into the
// command's: a failed write of the output, or the interruption as it is.
func outputFailure(err error, file string) error {
	var oe *search.OutputError
	if errors.As(err, &oe) {
		return &writeError{file: file, err: oe.Err}
	}
	return err
}

func statusIf(failed bool) int {
	if failed {
		return exitError
	}
	return exitOK
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
	f.BoolVarP(&o.only, "only-matching", "o", false, "print only the lines that carry codes, whole and annotated (grep -o prints only the matched text; here it is highlighted on a terminal)")
	f.StringVar(&o.minSev, "min-severity", "", "ignore codes below `SEVERITY` (info, warning, error, critical)")
	f.StringVar(&o.color, "color", "auto", "colour the annotations: auto, always or never (NO_COLOR is honoured)")
	f.BoolVarP(&o.withName, "with-filename", "H", false, "prefix each line with its file name (default with "+many+")")
	f.BoolVar(&o.noName, "no-filename", false, "never prefix lines with file names")
}

// options checks --format and --color and returns the annotator's options
// they make.
func (o *lineOutput) options(e *env, f *flags) (annotate.Options, error) {
	if o.format != "text" && o.format != "json" {
		return annotate.Options{}, f.usage("--format %q: want text or json", o.format)
	}
	color, err := e.colorOn(o.color)
	if err != nil {
		return annotate.Options{}, f.usage("%s", err)
	}
	return annotate.Options{JSON: o.json(), OnlyMatching: o.only, Color: color, Escape: color || e.isTerminal(e.stdout)}, nil
}

// reader returns the line reader's options for these lines: every line for
// JSON without -o, long lines held until their first code with -o, and the
// output flushed before the reader may wait for input, so that it keeps up
// with a live input (tail -f app.log | codewatch annotate).
func (o *lineOutput) reader(sel *selection, out *bufio.Writer) scan.Options {
	ropt := scan.Options{
		EveryLine:   o.json() && !o.only,
		MinSeverity: sel.min,
		Workers:     runtime.GOMAXPROCS(0),
		Idle: func() error {
			if out.Buffered() == 0 {
				return nil
			}
			return out.Flush()
		},
	}
	if o.only {
		ropt.Body = scan.BodyMatching
	}
	return ropt
}

func (o *lineOutput) json() bool { return o.format == "json" }

// withFile says whether lines get file names, many being the default.
func (o *lineOutput) withFile(many bool) bool { return (o.withName || many) && !o.noName }

// selection is what several commands share: the catalog and the severity
// flags.
type selection struct {
	cats   *catalogs
	min    catalog.Severity
	failOn catalog.Severity
	window timestamp.Window // --since, --until (report)
}

func (s *selection) failStatus(seen catalog.Severity) int {
	if s.failOn != 0 && seen >= s.failOn {
		return exitFound
	}
	return exitOK
}

// selection reads --min-severity, --fail-on, --sdk and the catalogs.
func (f *flags) selection(e *env, minSev, failOn string) (*selection, error) {
	s := &selection{}
	var err error
	if minSev != "" {
		if s.min, err = catalog.ParseSeverity(minSev); err != nil {
			return nil, f.usage("--min-severity: %s", err)
		}
	}
	if failOn != "" {
		if s.failOn, err = catalog.ParseSeverity(failOn); err != nil {
			return nil, f.usage("--fail-on: %s", err)
		}
	}
	if s.cats, err = f.loadCatalogs(e); err != nil {
		return nil, err
	}
	return s, nil
}

// inputs expands the arguments, or standard input when there are none and
// it is not a terminal. Arguments that give nothing are reported; found
// says whether every one gave something.
func (e *env) inputs(f *flags, args []string) (ins []input.Input, found bool, err error) {
	if len(args) == 0 {
		if e.isTerminal(e.stdin) {
			return nil, false, f.usage("no input: give files or directories, or pipe logs in")
		}
		args = []string{"-"}
	}
	ins, errs := input.Expand(args)
	for _, err := range errs {
		e.diag(err)
	}
	return ins, len(errs) == 0, nil
}

// inputList is inputs that keeps the failures where they stood among the
// inputs (input.List), each said on stderr now, as inputs says them:
// report and merge list them in the report, as inputs that failed.
func (e *env) inputList(f *flags, args []string) (ins []input.Input, found bool, err error) {
	if len(args) == 0 {
		if e.isTerminal(e.stdin) {
			return nil, false, f.usage("no input: give files or directories, or pipe logs in")
		}
		args = []string{"-"}
	}
	ins = input.List(args)
	found = true
	for _, in := range ins {
		if in.Err != nil {
			e.diag(in.Err)
			found = false
		}
	}
	return ins, found, nil
}

// listCause is why a failed input of input.List gives nothing, without
// its name.
func listCause(in input.Input) error {
	var xe *input.Error
	if errors.As(in.Err, &xe) {
		return reason{xe.Err}
	}
	return reason{in.Err}
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
