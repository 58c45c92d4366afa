package main

import (
	"bufio"
	"fmt"
	"io"

	"github.com/codewatch/codewatch/internal/input"
	"github.com/codewatch/codewatch/internal/report"
	"github.com/codewatch/codewatch/internal/scan"
)

const reportHelp = `Usage: codewatch report [flags] [FILE|DIR|GLOB|-]...

Count the codes in archived logs: per code its count, share, severity and
first and last place seen (file:line and time where the line has one);
totals per severity and per input; unknown codes (ERR_/WARN_/K_ names and
numbers in code context that the catalog does not have); a timeline.

Directories are walked, globs may use ** ('logs/**/*.log*'), and .gz, .zst,
.bz2 and .xz files are read as their contents, whatever their names. An input
that cannot be read is reported on stderr and the rest are still read
(exit status 2).

Examples:
  codewatch report testdata/logs
  codewatch report --format json 'logs/**/*' > host1.json
  codewatch report --fail-on error ci-logs/      # exit 1 if an error code was seen
`

func cmdReport(e *env, args []string) int {
	f := newFlags("report", reportHelp)
	format := f.String("format", "table", "output `format`: table or json")
	minSev := f.String("min-severity", "", "ignore codes below `SEVERITY` (info, warning, error, critical)")
	failOn := f.String("fail-on", "", "exit 1 if a code at or above `SEVERITY` was seen")
	f.catalogFlag()
	f.logFlags()
	if st, ok := f.parse(e, args); !ok {
		return st
	}
	opts, st, ok := filterOptions(e, f, *minSev, *failOn)
	if !ok {
		return st
	}
	if *format != "table" && *format != "json" {
		st, _ := f.usageError(e, fmt.Sprintf("--format %q: want table or json", *format))
		return st
	}
	ins, status, ok := e.inputs(f, f.Args())
	if !ok {
		return status
	}
	out := bufio.NewWriterSize(e.stdout, 64<<10)
	rep := report.New(opts.name)
	rd := scan.NewReader(scan.NewMatcher(opts.cat, true), scan.Options{Body: scan.BodyNone, MinSeverity: opts.min})
	for _, in := range ins {
		c := rep.Count(opts.cat, in.Name)
		st, err := e.countInput(in, rd, c)
		c.Done(st, err)
		if err != nil {
			status = exitError
		}
		if e.ctx.Err() != nil {
			return exitInterrupt
		}
	}
	var err error
	if *format == "json" {
		err = rep.WriteJSON(out)
	} else {
		err = rep.WriteTable(out)
	}
	if err == nil {
		err = out.Flush()
	}
	if err != nil && !isClosedPipe(err) {
		e.log.Error().Str("error", input.Reason(err)).Msg("write output: " + input.Reason(err))
		return exitError
	}
	return max(status, opts.failStatus(rep.MaxSeverity()))
}

// countInput reads one input into a report counter. It reports and returns
// the error that kept the input from being read whole.
func (e *env) countInput(in input.Input, rd *scan.Reader, sink scan.Sink) (scan.Stats, error) {
	rc, err := input.Open(in, e.stdin)
	if err != nil {
		e.inputFailed(in.Name, err)
		return scan.Stats{}, fmt.Errorf("%s", input.Reason(err))
	}
	defer rc.Close()
	st, err := rd.Scan(e.interruptible(rc), sink)
	if err != nil {
		if e.ctx.Err() != nil {
			return st, e.ctx.Err()
		}
		reason := input.Reason(err)
		e.log.Error().Str("input", in.Name).Str("error", reason).Int64("lines", st.Lines).
			Msg(fmt.Sprintf("%s: %s (after %d lines)", in.Name, reason, st.Lines))
		return st, fmt.Errorf("%s", reason)
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
