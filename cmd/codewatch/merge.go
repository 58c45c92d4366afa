package main

import (
	"github.com/codewatch/codewatch/internal/catalog"
	"github.com/codewatch/codewatch/internal/report"
)

const mergeHelp = `Usage: codewatch merge [flags] REPORT.json...

Add JSON reports (codewatch report --format json) into one, exactly as if
all their inputs had been read in one run: counts, first and last places,
unknown codes, timelines and totals. This is how codewatch scales past one
machine: run 'codewatch report --format json' on each host or shard, under
any job runner, then merge the results. The inputs are listed in the order
of the reports given.

Report files may be compressed (gzip, zstd, bzip2, xz), directories and
globs are expanded, and - reads one report from standard input. A file that
is not a report is reported on stderr, with the reason, and the rest are
still merged (exit status 2); the merged report counts it as an input that
failed.

Examples:
  codewatch merge host1.json host2.json host3.json
  codewatch merge --format html --output fleet.html reports/
  codewatch merge --baseline last-week.json --fail-on error 'reports/*.json'
`

func cmdMerge(e *env, args []string) int {
	f := newFlags("merge", mergeHelp)
	var o reportOutput
	o.flags(f)
	f.logFlags()
	if st, ok := f.parse(e, args); !ok {
		return st
	}
	var failOn catalog.Severity
	if o.failOn != "" {
		var err error
		if failOn, err = catalog.ParseSeverity(o.failOn); err != nil {
			st, _ := f.usageError(e, "--fail-on: "+err.Error())
			return st
		}
	}
	if st, ok := o.check(e, f); !ok {
		return st
	}
	if len(f.Args()) == 0 && e.isTerminal(e.stdin) {
		st, _ := f.usageError(e, "no reports: give JSON report files, or pipe one in")
		return st
	}
	ins, status, ok := e.inputs(f, f.Args())
	if !ok {
		return status
	}
	total := report.New("")
	for _, in := range ins {
		rep, err := readReport(e, in)
		if err != nil {
			e.log.Error().Str("input", in.Name).Str("error", err.Error()).Msg(shown(in.Name) + ": " + err.Error())
			total.Failed(in.Name, err)
			status = exitError
			continue
		}
		if total.Catalog != "" && rep.Catalog != total.Catalog {
			e.log.Warn().Str("input", in.Name).Msg(shown(in.Name) + ": made with catalog " + rep.Catalog + ", not " +
				total.Catalog + "; codes are added up by name")
		}
		total.Merge(rep)
		if e.ctx.Err() != nil {
			return exitInterrupt
		}
	}
	return max(status, o.write(e, total, failOn))
}
