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
// zstd, bzip2 and xz files are read as their contents.
//
// Exit status: 0 when every input was read; 1 when --fail-on was given and
// a code at or above that severity was seen; 2 on a usage error or when an
// input could not be read (the other inputs are still read); 130 when
// interrupted (but tail, whose normal end is SIGINT or SIGTERM, exits 0).
// A closed pipe downstream ends codewatch quietly.
//
// Run "codewatch COMMAND --help" for each command's flags and examples.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() { os.Exit(run(signalContext(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }

// signalContext is cancelled by SIGINT and SIGTERM. A write to a closed
// pipe returns EPIPE instead of killing the process, so that codewatch can
// end quietly and with its own status.
func signalContext() context.Context {
	signal.Ignore(syscall.SIGPIPE)
	ctx, _ := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	return ctx
}
