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

	"github.com/codewatch/codewatch/internal/catalog"
	"github.com/codewatch/codewatch/internal/input"
	"github.com/codewatch/codewatch/internal/visible"
)

// Exit statuses, in one place.
const (
	exitOK        = 0   // every input was read
	exitFound     = 1   // --fail-on: a code at or above the severity was seen; explain: nothing found; catalog validate: a problem found
	exitError     = 2   // a usage error, or an input that could not be read
	exitInterrupt = 130 // SIGINT or SIGTERM
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
	// the progress bar appears after progressAfter and is redrawn every
	// progressEvery
	progressAfter, progressEvery time.Duration
	// signals delivers the signals given (tail's SIGHUP and SIGUSR1)
	// until stop is called; nil where there are none.
	signals func(sig ...os.Signal) (c <-chan os.Signal, stop func())
}

type command struct {
	name    string
	summary string
	run     func(e *env, args []string) int
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
		fmt.Fprintf(&b, "  %-9s %s\n", c.name, c.summary)
	}
	return fmt.Sprintf(mainUsage, b.String())
}

// run is codewatch: it parses args, runs a command and returns the exit
// status. It touches nothing of the process but what it is given.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{ctx: ctx, stdin: stdin, stdout: stdout, stderr: stderr, getenv: os.Getenv, isTerminal: isTerminal,
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
		return cmdVersion(e, nil)
	}
	for _, c := range commands {
		if c.name == args[0] {
			if path := e.getenv("CODEWATCH_CPUPROFILE"); path != "" {
				// For profiling codewatch itself (and default.pgo): a CPU
				// profile of the command, written to that file.
				stop, err := startProfile(path)
				if err != nil {
					e.log.Error().Msg("CODEWATCH_CPUPROFILE: " + err.Error())
					return exitError
				}
				defer stop()
			}
			return c.run(e, args[1:])
		}
	}
	fmt.Fprintf(stderr, "codewatch: unknown command %q (run 'codewatch --help' for the list)\n", args[0])
	return exitError
}

// flags is what every command's flag set carries besides its own flags.
type flags struct {
	*pflag.FlagSet
	name      string
	help      string
	catalogs  []string
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

func (f *flags) catalogFlag() {
	f.StringArrayVar(&f.catalogs, "catalog", nil, "add a catalog `FILE` over the default one (repeatable; later files win)")
}

func (f *flags) logFlags() {
	f.StringVar(&f.logLevel, "log-level", "info", "codewatch's own diagnostics: debug, info, warn or error")
	f.StringVar(&f.logFormat, "log-format", "text", "diagnostics as text or json")
}

// parse parses args. It returns a status and false when the command should
// stop: after --help (0) or on a usage error (2).
func (f *flags) parse(e *env, args []string) (int, bool) {
	f.BoolP("help", "h", false, "show this help")
	err := f.Parse(args)
	if errors.Is(err, pflag.ErrHelp) || err == nil && f.Changed("help") {
		fmt.Fprintf(e.stdout, "%s\nFlags:\n%s", f.help, f.FlagUsages())
		return exitOK, false
	}
	if err != nil {
		return f.usageError(e, err.Error())
	}
	if f.Lookup("log-level") != nil {
		lvl, err := zerolog.ParseLevel(strings.ToLower(f.logLevel))
		if err != nil || f.logLevel == "" {
			return f.usageError(e, fmt.Sprintf("--log-level %q: want debug, info, warn or error", f.logLevel))
		}
		if f.logFormat != "text" && f.logFormat != "json" {
			return f.usageError(e, fmt.Sprintf("--log-format %q: want text or json", f.logFormat))
		}
		e.log = newLogger(e.stderr, lvl, f.logFormat)
	}
	return 0, true
}

func (f *flags) usageError(e *env, msg string) (int, bool) {
	fmt.Fprintf(e.stderr, "codewatch %s: %s (see 'codewatch %s --help')\n", f.name, msg, f.name)
	return exitError, false
}

// loadCatalog returns the default catalog with the --catalog files layered
// over it.
func (f *flags) loadCatalog() (*catalog.Catalog, string, error) {
	cat := catalog.Default()
	name := catalog.DefaultName
	for _, path := range f.catalogs {
		file, err := os.Open(path)
		if err != nil {
			return nil, "", fmt.Errorf("%s: %s", path, input.Reason(err))
		}
		entries, err := catalog.Decode(path, file)
		file.Close()
		if err != nil {
			return nil, "", err
		}
		if cat, err = cat.With(entries); err != nil {
			return nil, "", err
		}
		name += "+" + path
	}
	return cat, name, nil
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

// inputFailed reports an input that could not be read.
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

// outputFailed reports that writing the output failed: one line, "write
// output: REASON" for standard output, "write FILE: REASON" for a file
// (--output), and the status exitError. A closed pipe downstream is no
// failure: nothing is said, and the status is exitOK.
func (e *env) outputFailed(err error, file string) int {
	if isClosedPipe(err) {
		return exitOK
	}
	what := "output"
	if file != "" && file != "-" {
		what = file
	}
	reason := input.Reason(err)
	e.log.Error().Str("error", reason).Msg("write " + what + ": " + reason)
	return exitError
}

// isClosedPipe reports whether err is a write to a pipe whose reader has
// gone (codewatch ... | head): not a failure, just the end.
func isClosedPipe(err error) bool {
	return errors.Is(err, syscall.EPIPE)
}

func cmdVersion(e *env, args []string) int {
	v := "(devel)"
	goVersion := ""
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" {
			v = bi.Main.Version
		}
		goVersion = bi.GoVersion
	}
	fmt.Fprintf(e.stdout, "codewatch %s %s\n", v, goVersion)
	return exitOK
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
