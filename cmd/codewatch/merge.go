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
  codewatch merge --output fleet.html reports/
  codewatch merge --by label host1.json host2.json          # which host has the most
  codewatch merge --baseline last-week.json --fail-on error 'reports/*.json'
`

func cmdMerge(e *env, args []string) error {
	f := newFlags("merge", mergeHelp)
	var o reportOutput
	o.flags(f)
	f.logFlags()
	if err := f.parse(e, args); err != nil {
		return err
	}
	var failOn catalog.Severity
	if o.failOn != "" {
		var err error
		if failOn, err = catalog.ParseSeverity(o.failOn); err != nil {
			return f.usage("--fail-on: %s", err)
		}
	}
	if err := o.check(e, f); err != nil {
		return err
	}
	if len(f.Args()) == 0 && e.isTerminal(e.stdin) {
		return f.usage("no reports: give JSON report files, or pipe one in")
	}
	ins, found, err := e.inputList(f, f.Args())
	if err != nil {
		return err
	}
	failed := !found
	total := report.New("")
	for _, in := range ins {
		if in.Err != nil {
			total.Failed(in.Name, listCause(in)) // said on stderr already
			continue
		}
		rep, err := readReport(e, in)
		if err != nil {
			e.inputFailed(in.Name, err)
			total.Failed(in.Name, err)
			failed = true
			continue
		}
		if total.Catalog != "" && rep.Catalog != total.Catalog {
			by := "name"
			if total.Named || rep.Named {
				// A /1 report's codes are Web 2.x's (report.ReadJSON).
				by = "catalog and name"
			}
			e.log.Warn().Str("input", in.Name).Msg(shown(in.Name) + ": made with catalog " + rep.Catalog + ", not " +
				total.Catalog + "; codes are added up by " + by)
		}
		if err := total.MergeChecked(rep); err != nil {
			e.inputFailed(in.Name, err)
			total.Failed(in.Name, err)
			failed = true
			continue
		}
		if err := e.ctx.Err(); err != nil {
			return err
		}
	}
	st, err := o.write(e, total, failOn)
	if err != nil {
		return err
	}
	return worst(statusIf(failed), st)
}
