package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"runtime/pprof"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/rs/zerolog"
	"github.com/spf13/pflag"
	"golang.org/x/term"

	"github.com/codewatch/codewatch/internal/input"
	"github.com/codewatch/codewatch/internal/search"
	"github.com/codewatch/codewatch/internal/visible"
)

// Exit statuses, in one place.
const (
	exitOK    = 0 // every input was read
	exitFound = 1 // --fail-on: a code at or above the severity was seen; explain: nothing found; catalog validate: a problem found
	exitError = 2 // a usage error, or an input that could not be read
	// An interrupted command exits 128 + the signal's number: 130 for
	// SIGINT, 143 for SIGTERM (see interrupt).
)

// env is what a command may touch of the world.
type env struct {
	ctx    context.Context
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	log    zerolog.Logger
	getenv func(string) string
	// isTerminal reports whether stdin, stdout or stderr is a terminal.
	isTerminal func(f any) bool
	// termWidth is the width of the terminal f in columns, 0 when it
	// does not say (see width).
	termWidth func(f any) int
	// the progress bar appears after progressAfter and is redrawn every
	// progressEvery
	progressAfter, progressEvery time.Duration
	// signals delivers the signals given (tail's SIGHUP and SIGUSR1)
	// until stop is called; nil where there are none.
	signals func(sig ...os.Signal) (c <-chan os.Signal, stop func())
	// describe, when set, is given each command's flag set in place of
	// running the command (completion and man read the flags so).
	describe func(f *flags)
}

type command struct {
	name    string
	summary string
	run     func(e *env, args []string) error
}

var commands []command

func init() {
	commands = []command{
		{"annotate", "annotate each line with the codes it carries (a filter)", cmdAnnotate},
		{"report", "count codes over archived logs", cmdReport},
		{"merge", "add JSON reports (from many machines) into one", cmdMerge},
		{"tail", "follow live logs like tail -F, annotating new lines", cmdTail},
		{"explain", "look codes up by value, name, alias or words of their description", cmdExplain},
		{"catalog", "list, export, import and validate catalogs of codes", cmdCatalog},
		{"completion", "print a completion script for bash, zsh or fish", cmdCompletion},
		{"man", "print codewatch's manual page (roff)", cmdMan},
		{"version", "print codewatch's version", cmdVersion},
	}
}

const mainUsage = `codewatch reads Agora RTC SDK logs and tells what their error and warning
codes mean and how often they happen.

Usage:
  codewatch COMMAND [flags] [args]

Commands:
%s
Examples:
  codewatch report testdata/logs                  what happened, how often, where
  tail -f app.log | codewatch annotate            annotate a live stream
  codewatch annotate -o 'logs/**/*.log.gz'        only the lines with codes
  codewatch explain 110 NO_AUTHORIZED token       look codes up

Run 'codewatch COMMAND --help' for a command's flags.
`

func usage() string {
	var b strings.Builder
	for _, c := range commands {
		fmt.Fprintf(&b, "  %-10s %s\n", c.name, c.summary)
	}
	return fmt.Sprintf(mainUsage, b.String())
}

// run is codewatch: it parses args, runs a command and returns the exit
// status. It touches nothing of the process but what it is given.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{ctx: ctx, stdin: stdin, stdout: stdout, stderr: stderr, getenv: os.Getenv, isTerminal: isTerminal, termWidth: termWidth,
		progressAfter: time.Second, progressEvery: 200 * time.Millisecond, signals: notify}
	e.log = newLogger(stderr, zerolog.InfoLevel, "text")
	if len(args) == 0 {
		fmt.Fprint(stderr, usage())
		return exitError
	}
	switch args[0] {
	case "-h", "--help", "help":
		if len(args) > 1 && args[0] == "help" {
			return run(ctx, []string{args[1], "--help"}, stdin, stdout, stderr)
		}
		fmt.Fprint(stdout, usage())
		return exitOK
	case "--version", "-V":
		return e.status(cmdVersion(e, nil))
	}
	for _, c := range commands {
		if c.name != args[0] {
			continue
		}
		if path := e.getenv("CODEWATCH_CPUPROFILE"); path != "" {
			// For profiling codewatch itself (and default.pgo): a CPU
			// profile of the command, written to that file.
			stop, err := startProfile(path)
			if err != nil {
				return e.status(fmt.Errorf("CODEWATCH_CPUPROFILE: %w", err))
			}
			defer stop()
		}
		return e.status(c.run(e, args[1:]))
	}
	fmt.Fprintf(stderr, "codewatch: unknown command %q%s (run 'codewatch --help' for the list)\n", args[0], didYouMean(args[0], commandNames(), "%s"))
	return exitError
}

// The errors that commands return, which status turns into exit statuses.
type (
	// usageError is a mistake on the command line: one line naming the
	// command and pointing at its help, status 2.
	usageError struct{ cmd, msg string }
	// exitStatus ends a command that has said what it had to say (the
	// inputs that failed were reported as they failed; --fail-on found a
	// code): only its status is left.
	exitStatus int
	// writeError is a failure to write the output: standard output when
	// file is "" or "-", else the file.
	writeError struct {
		file string
		err  error
	}
)

func (e *usageError) Error() string {
	return fmt.Sprintf("codewatch %s: %s (see 'codewatch %s --help')", e.cmd, e.msg, e.cmd)
}

func (s exitStatus) Error() string { return fmt.Sprintf("exit status %d", int(s)) }

func (e *writeError) Error() string {
	what := "output"
	if e.file != "" && e.file != "-" {
		what = e.file
	}
	return "write " + what + ": " + input.Reason(e.err)
}

func (e *writeError) Unwrap() error { return e.err }

// errHelp says --help was shown: status 0.
var errHelp = errors.New("help shown")

// status turns what a command returned into its exit status, saying on
// stderr, once, what went wrong.
func (e *env) status(err error) int {
	var (
		st    exitStatus
		use   *usageError
		intr  interrupt
		write *writeError
	)
	switch {
	case err == nil, errors.Is(err, errHelp):
		return exitOK
	case errors.As(err, &st):
		return int(st)
	case errors.As(context.Cause(e.ctx), &intr) && (errors.Is(err, context.Canceled) || errors.As(err, &intr)):
		return intr.status()
	case errors.As(err, &write) && isClosedPipe(err):
		return exitOK // codewatch ... | head: not a failure, just the end
	case errors.As(err, &use):
		fmt.Fprintln(e.stderr, use.Error())
		return exitError
	}
	e.log.Error().Str("error", err.Error()).Msg(err.Error())
	return exitError
}

// worst combines statuses: an input that failed (2) outranks --fail-on (1).
func worst(statuses ...int) error {
	st := exitOK
	for _, s := range statuses {
		st = max(st, s)
	}
	if st == exitOK {
		return nil
	}
	return exitStatus(st)
}

// flags is what every command's flag set carries besides its own flags.
type flags struct {
	*pflag.FlagSet
	name      string
	help      string
	catalogs  []string
	sdk       string
	logLevel  string
	logFormat string
}

// newFlags makes a command's flag set; help is the text shown above the
// flags by --help (usage line, description, examples).
func newFlags(name, help string) *flags {
	f := &flags{FlagSet: pflag.NewFlagSet(name, pflag.ContinueOnError), name: name, help: help}
	f.SetOutput(io.Discard)
	f.Usage = func() {}
	f.SortFlags = false
	return f
}

// usage is a usage error of this command.
func (f *flags) usage(format string, args ...any) error {
	return &usageError{cmd: f.name, msg: fmt.Sprintf(format, args...)}
}

// catalogFlag adds --catalog and --sdk.
func (f *flags) catalogFlag() {
	f.catalogFileFlag()
	f.StringVar(&f.sdk, "sdk", "auto", sdkHelp)
}

// catalogFileFlag adds --catalog alone, for catalog validate, which
// checks each file over the catalog of its id whatever --sdk would say.
func (f *flags) catalogFileFlag() {
	f.StringArrayVar(&f.catalogs, "catalog", nil, "add a catalog `FILE` over the built-in one of its id (agora-web-2.x without one), or a catalog of its own id (repeatable; later files win; with --sdk IDS, the files of those catalogs only)")
}

func (f *flags) logFlags() {
	f.StringVar(&f.logLevel, "log-level", "info", "codewatch's own diagnostics: debug, info, warn or error")
	f.StringVar(&f.logFormat, "log-format", "text", "diagnostics as text or json")
}

// parse parses args. It returns errHelp after --help, a usage error, or
// nil when the command should go on.
func (f *flags) parse(e *env, args []string) error {
	f.BoolP("help", "h", false, "show this help")
	if e.describe != nil {
		e.describe(f)
		return errHelp
	}
	err := f.Parse(args)
	if errors.Is(err, pflag.ErrHelp) || err == nil && f.Changed("help") {
		fmt.Fprintf(e.stdout, "%s\nFlags:\n%s", f.help, flagUsages(f.FlagSet))
		return errHelp
	}
	var unknown *pflag.NotExistError
	if errors.As(err, &unknown) && unknown.GetSpecifiedName() != "" {
		return f.usage("%s%s", err.Error(), didYouMean(unknown.GetSpecifiedName(), flagNames(f.FlagSet), "--%s"))
	}
	if err != nil {
		return f.usage("%s", err.Error())
	}
	// Formats are names: --format JSON is --format json.
	for _, name := range []string{"format", "report-format"} {
		if fl := f.Lookup(name); fl != nil && f.Changed(name) {
			fl.Value.Set(strings.ToLower(fl.Value.String()))
		}
	}
	if f.Lookup("log-level") != nil {
		lvl, err := zerolog.ParseLevel(strings.ToLower(f.logLevel))
		if err != nil || f.logLevel == "" {
			return f.usage("--log-level %q: want debug, info, warn or error", f.logLevel)
		}
		if f.logFormat != "text" && f.logFormat != "json" {
			return f.usage("--log-format %q: want text or json", f.logFormat)
		}
		e.log = newLogger(e.stderr, lvl, f.logFormat)
	}
	return nil
}

// newLogger returns codewatch's diagnostics logger: one line per event on
// stderr, "codewatch: message" in text form, or zerolog's JSON.
func newLogger(w io.Writer, level zerolog.Level, format string) zerolog.Logger {
	if format == "json" {
		return zerolog.New(w).Level(level).With().Timestamp().Logger()
	}
	return zerolog.New(textLog{w}).Level(level)
}

// textLog turns zerolog's JSON events into "codewatch: message" lines;
// warnings say so, and debug events show their fields.
type textLog struct{ w io.Writer }

func (t textLog) Write(p []byte) (int, error) {
	var ev map[string]any
	if err := json.Unmarshal(p, &ev); err != nil {
		return t.w.Write(p)
	}
	var b bytes.Buffer
	b.WriteString("codewatch: ")
	switch ev["level"] {
	case "warn":
		b.WriteString("warning: ")
	case "debug", "trace":
		b.WriteString("debug: ")
	}
	// Messages name inputs, whose names come from the disk: what would act
	// on a terminal or split the line is made visible.
	msg, _ := ev["message"].(string)
	b.WriteString(visible.String(msg))
	if ev["level"] == "debug" {
		keys := make([]string, 0, len(ev))
		for k := range ev {
			if k != "level" && k != "message" {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(&b, " %s=%s", k, visible.String(fmt.Sprint(ev[k])))
		}
	}
	b.WriteByte('\n')
	if _, err := t.w.Write(b.Bytes()); err != nil {
		return 0, err
	}
	return len(p), nil
}

// shown is a name from the disk as a diagnostic says it: in the form
// package visible gives it, with its bytes that are not UTF-8 as \xNN
// (the log's JSON encoding would make them U+FFFD, and two names could
// read the same) and nothing that could act on the terminal.
func shown(name string) string { return visible.String(name) }

// diag says on stderr that an input could not be read whole, one line
// naming it and the reason; the command goes on with the other inputs.
func (e *env) diag(err error) {
	var (
		ie *search.InputError
		de *search.DroppedError
		xe *input.Error
		se *search.SkippedError
		ee *search.EmptyError
	)
	switch {
	case errors.As(err, &se):
		// Not a failure (status 0), as ripgrep passes binary files over.
		e.log.Info().Str("input", se.Input).Int("nul", se.Offset).
			Msg((&search.SkippedError{Input: shown(se.Input), Offset: se.Offset}).Error())
	case errors.As(err, &ee):
		e.log.Info().Str("input", ee.Input).Msg((&search.EmptyError{Input: shown(ee.Input), Format: ee.Format}).Error())
	case errors.As(err, &ie) && ie.Opened:
		reason := input.Reason(ie.Err)
		e.log.Error().Str("input", ie.Input).Str("error", reason).Int64("lines", ie.Lines).
			Msg(fmt.Sprintf("%s: %s (after %d lines)", shown(ie.Input), reason, ie.Lines))
	case errors.As(err, &ie):
		e.inputFailed(ie.Input, ie.Err)
	case errors.As(err, &xe):
		e.inputFailed(xe.Input, xe.Err)
	case errors.As(err, &de):
		e.log.Error().Str("input", de.Input).Int64("line", de.First).Int64("lines", de.Lines).
			Msg((&search.DroppedError{Input: shown(de.Input), First: de.First, Lines: de.Lines}).Error())
	default:
		e.log.Error().Msg(err.Error())
	}
}

// inputFailed reports an input that could not be found or opened.
func (e *env) inputFailed(name string, err error) {
	reason := input.Reason(err)
	e.log.Error().Str("input", name).Str("error", reason).Msg(shown(name) + ": " + reason)
}

// notify delivers the process's signals sig.
func notify(sig ...os.Signal) (<-chan os.Signal, func()) {
	c := make(chan os.Signal, 4)
	signal.Notify(c, sig...)
	return c, func() { signal.Stop(c) }
}

// isTerminal reports whether f is a terminal.
func isTerminal(f any) bool {
	file, ok := f.(*os.File)
	return ok && term.IsTerminal(int(file.Fd()))
}

// colorOn resolves --color: always, never, or auto (a terminal, NO_COLOR
// unset, TERM not dumb).
func (e *env) colorOn(mode string) (bool, error) {
	switch mode {
	case "always":
		return true, nil
	case "never":
		return false, nil
	case "auto", "":
		return e.isTerminal(e.stdout) && e.getenv("NO_COLOR") == "" && e.getenv("TERM") != "dumb", nil
	}
	return false, fmt.Errorf("--color %q: want auto, always or never", mode)
}

// isClosedPipe reports whether err is a write to a pipe whose reader has
// gone (codewatch ... | head): not a failure, just the end.
func isClosedPipe(err error) bool {
	return errors.Is(err, syscall.EPIPE)
}

func cmdVersion(e *env, args []string) error {
	v := "(devel)"
	goVersion := ""
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" {
			v = bi.Main.Version
		}
		goVersion = bi.GoVersion
	}
	fmt.Fprintf(e.stdout, "codewatch %s %s\n", v, goVersion)
	return nil
}

// startProfile starts a CPU profile written to path; stop ends it.
func startProfile(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}
