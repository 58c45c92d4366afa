// Command codewatch reads Agora RTC SDK logs and tells what their error and
// warning codes mean and how often they happen.
//
// Usage:
//
//	codewatch annotate [flags] [FILE|DIR|GLOB|-]...   annotate each line (a filter)
//	codewatch report   [flags] [FILE|DIR|GLOB|-]...   count codes over archived logs
//	codewatch merge    [flags] REPORT.json...         add JSON reports into one
//	codewatch tail     [flags] FILE|GLOB...           follow live logs, like tail -F
//	codewatch explain  [flags] WORD...                look codes up by value, name or text
//	codewatch catalog  list|export|import|validate    show, export, build and check catalogs
//	codewatch version
//
// Codes are found by name, by the other spellings the SDK prints, by fixed
// phrases of Web SDK 4.x, and by value after a keyword such as "code: 101"
// (the rules are in the README). Inputs are files, directories (walked
// recursively), glob patterns with ** and "-" for standard input; gzip,
// zstd, bzip2 and xz files are read as their contents, and zip and tar
// archives member by member (inputs named ARCHIVE:MEMBER). A binary file (a
// NUL byte in its first 8 KiB) found in a directory or an archive is
// skipped with one line on stderr, status 0 (-a/--text reads it).
//
// Exit status: 0 when every input was read (or skipped as binary); 1 when --fail-on was given and
// a code at or above that severity was seen; 2 on a usage error or when an
// input could not be read (the other inputs are still read); 130 when
// interrupted by SIGINT and 143 by SIGTERM (but tail, whose normal end is
// SIGINT or SIGTERM, exits 0). A closed pipe downstream ends codewatch
// quietly.
//
// Run "codewatch COMMAND --help" for each command's flags and examples.
//
// This package is the face: it parses flags, wires the packages under
// internal/ together and turns what they return into exit statuses.
// Commands return errors; run prints each once, at the top.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() { os.Exit(run(signalContext(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }

// interrupt is the cause of a context cancelled by a signal.
type interrupt struct{ sig syscall.Signal }

func (i interrupt) Error() string { return "interrupted by " + i.sig.String() }

// status is the conventional exit status of a process ended by the
// signal: 128 + its number (130 for SIGINT, 143 for SIGTERM).
func (i interrupt) status() int { return 128 + int(i.sig) }

// signalContext is cancelled by SIGINT or SIGTERM, with an interrupt as
// its cause. After the first, the signals have their default effect
// again: a second Ctrl-C ends codewatch at once, however it is stuck (a
// full pipe downstream, a flush that does not return). A write to a
// closed pipe returns EPIPE instead of killing the process, so that
// codewatch can end quietly and with its own status.
func signalContext() context.Context {
	signal.Ignore(syscall.SIGPIPE)
	ctx, cancel := context.WithCancelCause(context.Background())
	c := make(chan os.Signal, 1)
	signal.Notify(c, os.Interrupt, syscall.SIGTERM)
	go func() {
		s := <-c
		signal.Reset(os.Interrupt, syscall.SIGTERM)
		cancel(interrupt{s.(syscall.Signal)})
	}()
	return ctx
}
