package report

import (
	"encoding/csv"
	"io"
	"strconv"

	"github.com/codewatch/codewatch/internal/catalog"
	"github.com/codewatch/codewatch/internal/scan"
	"github.com/codewatch/codewatch/internal/timestamp"
	"github.com/codewatch/codewatch/internal/visible"
)

// CSVHeader is the header of the CSV form. Each row is one record of the
// report, named by its first column, section: "code", "gone" (with a
// baseline: a code seen only in the baseline), "severity", "unknown",
// "input" and "timeline"; a column that does not apply to a section is
// empty. The README lists what each column holds in each section.
var CSVHeader = []string{"section", "name", "value", "kind", "severity", "count", "baseline", "change",
	"first_file", "first_line", "first_time", "last_file", "last_line", "last_time", "lines", "bytes", "description"}

// WriteCSV writes the report as CSV (RFC 4180), one record per row, in the
// order of the other forms: codes, codes gone since the baseline, totals
// per severity, unknown codes, inputs, then the timeline's buckets. Cells
// of text from outside (names, file names, descriptions, errors) are
// guarded against being read as formulas (see FormulaSafe).
func (r *Report) WriteCSV(w io.Writer) error {
	r.Sort()
	// Bidirectional overrides in names would show a cell reordered
	// (visible.BidiText).
	vw := visible.NewWriter(w, visible.BidiText)
	cw := csv.NewWriter(vw)
	cw.Write(CSVHeader)
	row := func(section, name string) []string {
		rec := make([]string, len(CSVHeader))
		rec[0], rec[1] = section, FormulaSafe(name)
		return rec
	}
	place := func(rec []string, i int, p Place) {
		rec[i], rec[i+1] = FormulaSafe(p.File), strconv.FormatInt(p.Line, 10)
		if p.Time.Kind != timestamp.None {
			rec[i+2] = p.Time.String()
		}
	}
	for _, c := range r.Codes {
		rec := row("code", c.Name)
		if c.HasValue {
			rec[2] = strconv.Itoa(c.Value)
		}
		rec[3], rec[4], rec[5] = c.Kind.String(), c.Severity.String(), strconv.FormatInt(c.Count, 10)
		if ch := r.change(c.Name); ch != nil {
			rec[6], rec[7] = strconv.FormatInt(ch.Baseline, 10), ch.ChangeString()
		}
		place(rec, 8, c.First)
		place(rec, 11, c.Last)
		rec[16] = FormulaSafe(c.Description)
		cw.Write(rec)
	}
	if r.Baseline != nil {
		rec := row("baseline", r.Baseline.Name)
		rec[5] = strconv.FormatInt(r.Totals.Occurrences, 10)
		rec[6] = strconv.FormatInt(r.Baseline.Occurrences, 10)
		cw.Write(rec)
		for _, c := range r.Baseline.Gone() {
			rec := row("gone", c.Name)
			rec[3], rec[4], rec[5] = c.Kind.String(), c.Severity.String(), "0"
			rec[6], rec[7] = strconv.FormatInt(c.Baseline, 10), c.ChangeString()
			cw.Write(rec)
		}
	}
	for s := catalog.Critical; s >= catalog.Info; s-- {
		rec := row("severity", s.String())
		rec[4], rec[5] = s.String(), strconv.FormatInt(r.Totals.BySeverity[s], 10)
		cw.Write(rec)
	}
	for _, u := range r.Unknown {
		rec := row("unknown", u.Text)
		if u.By == scan.ByValue {
			rec[2] = u.Text
		}
		rec[5] = strconv.FormatInt(u.Count, 10)
		place(rec, 8, u.First)
		cw.Write(rec)
	}
	for _, in := range r.Inputs {
		rec := row("input", in.Name)
		rec[5] = strconv.FormatInt(in.Occurrences, 10)
		rec[14], rec[15] = strconv.FormatInt(in.Lines, 10), strconv.FormatInt(in.Bytes, 10)
		rec[16] = FormulaSafe(in.Error)
		cw.Write(rec)
	}
	dated, clock := r.Timeline.Views(r.Bucket)
	for _, v := range []View{dated, clock} {
		for _, b := range v.Buckets {
			for s := catalog.Critical; s >= catalog.Info; s-- {
				if b.Counts[s] == 0 {
					continue
				}
				rec := row("timeline", v.Stamp(b.Start))
				rec[2] = strconv.FormatInt(v.Width, 10)
				rec[4], rec[5] = s.String(), strconv.FormatInt(b.Counts[s], 10)
				cw.Write(rec)
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return vw.Flush()
}

// FormulaSafe guards a cell of text from outside against CSV injection:
// spreadsheets read a cell that starts with = + - or @ as a formula (and
// strip a leading tab or carriage return before looking), so a log file
// named "=HYPERLINK(...)" would run in whoever opens the report. Such a
// cell gets a leading single quote, as OWASP advises; spreadsheets show
// the rest as text. "-" alone, standard input's name, is no formula and is
// kept. Only the report's CSV and Markdown are guarded: JSON and catalog
// exports are for programs, and stay exact.
func FormulaSafe(s string) string {
	if s == "" || s == "-" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
