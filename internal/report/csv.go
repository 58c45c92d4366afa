package report

import (
	"encoding/csv"
	"io"
	"slices"
	"strconv"
	"strings"

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

// CSVHeader2 is the header of a Named report's CSV: CSVHeader and a last
// column, catalog, the id of each code's catalog (for an "ambiguous" row,
// a section a Named report adds: the candidates' ids, space-separated,
// in the order of the names in name).
var CSVHeader2 = append(slices.Clip(CSVHeader), "catalog")

// WriteCSV writes the report as CSV (RFC 4180), one record per row, in the
// order of the other forms: codes, ambiguous values (Named), codes gone since the baseline, totals
// per severity, unknown codes, inputs, the breakdown (Report.By), then the
// timeline's buckets. Cells
// of text from outside (names, file names, descriptions, errors) are
// guarded against being read as formulas (see FormulaSafe).
func (r *Report) WriteCSV(w io.Writer) error {
	r.Sort()
	// Bidirectional overrides in names would show a cell reordered
	// (visible.BidiText).
	vw := visible.NewWriter(w, visible.BidiText)
	c := &csvWriter{cw: csv.NewWriter(vw), header: CSVHeader}
	if r.Named {
		c.header = CSVHeader2
	}
	c.cw.Write(c.header)
	for _, section := range []func(*csvWriter){r.csvCodes, r.csvAmbiguous, r.csvBaseline, r.csvCounts, r.csvBreakdown, r.csvTimeline} {
		section(c)
	}
	c.cw.Flush()
	if err := c.cw.Error(); err != nil {
		return err
	}
	return vw.Flush()
}

// csvWriter writes the records of one CSV report.
type csvWriter struct {
	cw     *csv.Writer
	header []string
}

// row is a record of the section, named name (guarded), the rest empty.
func (c *csvWriter) row(section, name string) []string {
	rec := make([]string, len(c.header))
	rec[0], rec[1] = section, FormulaSafe(name)
	return rec
}

// place sets the three cells of p from rec[i] on.
func (c *csvWriter) place(rec []string, i int, p Place) {
	rec[i], rec[i+1] = FormulaSafe(p.File), strconv.FormatInt(p.Line, 10)
	if p.Time.Kind != timestamp.None {
		rec[i+2] = p.Time.String()
	}
}

func (r *Report) csvCodes(c *csvWriter) {
	for _, code := range r.Codes {
		rec := c.row("code", code.Name)
		if code.HasValue {
			rec[2] = strconv.Itoa(code.Value)
		}
		rec[3], rec[4], rec[5] = code.Kind.String(), code.Severity.String(), strconv.FormatInt(code.Count, 10)
		if ch := r.change(code); ch != nil {
			rec[6], rec[7] = strconv.FormatInt(ch.Baseline, 10), ch.ChangeString()
		}
		c.place(rec, 8, code.First)
		c.place(rec, 11, code.Last)
		rec[16] = FormulaSafe(code.Description)
		if r.Named {
			rec[17] = FormulaSafe(code.Catalog)
		}
		c.cw.Write(rec)
	}
}

func (r *Report) csvAmbiguous(c *csvWriter) {
	for _, a := range r.Ambiguous {
		ids, names := make([]string, len(a.Candidates)), make([]string, len(a.Candidates))
		for i, cand := range a.Candidates {
			ids[i], names[i] = cand.Catalog, cand.Name
		}
		rec := c.row("ambiguous", strings.Join(names, " "))
		rec[2], rec[5] = strconv.Itoa(a.Value), strconv.FormatInt(a.Count, 10)
		c.place(rec, 8, a.First)
		rec[16], rec[17] = FormulaSafe(a.CandidatesString()), FormulaSafe(strings.Join(ids, " "))
		c.cw.Write(rec)
	}
}

func (r *Report) csvBaseline(c *csvWriter) {
	if r.Baseline == nil {
		return
	}
	rec := c.row("baseline", r.Baseline.Name)
	rec[5] = strconv.FormatInt(r.Totals.Occurrences, 10)
	rec[6] = strconv.FormatInt(r.Baseline.Occurrences, 10)
	c.cw.Write(rec)
	for _, g := range r.Baseline.Gone() {
		rec := c.row("gone", g.Name)
		rec[3], rec[4], rec[5] = g.Kind.String(), g.Severity.String(), "0"
		rec[6], rec[7] = strconv.FormatInt(g.Baseline, 10), g.ChangeString()
		if r.Named {
			rec[17] = FormulaSafe(g.Catalog)
		}
		c.cw.Write(rec)
	}
}

// csvCounts writes the totals per severity, the unknown codes and the
// inputs.
func (r *Report) csvCounts(c *csvWriter) {
	for s := catalog.Critical; s >= catalog.Info; s-- {
		rec := c.row("severity", s.String())
		rec[4], rec[5] = s.String(), strconv.FormatInt(r.Totals.BySeverity[s], 10)
		c.cw.Write(rec)
	}
	for _, u := range r.Unknown {
		rec := c.row("unknown", u.Text)
		if u.By == scan.ByValue {
			rec[2] = u.Text
		}
		rec[5] = strconv.FormatInt(u.Count, 10)
		c.place(rec, 8, u.First)
		c.cw.Write(rec)
	}
	for _, in := range r.Inputs {
		rec := c.row("input", in.Name)
		rec[5] = strconv.FormatInt(in.Occurrences, 10)
		rec[14], rec[15] = strconv.FormatInt(in.Lines, 10), strconv.FormatInt(in.Bytes, 10)
		rec[16] = FormulaSafe(in.Error)
		c.cw.Write(rec)
	}
}

func (r *Report) csvTimeline(c *csvWriter) {
	dated, clock := r.Timeline.Views(r.Bucket)
	for _, v := range []View{dated, clock} {
		for _, b := range v.Buckets {
			for s := catalog.Critical; s >= catalog.Info; s-- {
				if b.Counts[s] == 0 {
					continue
				}
				rec := c.row("timeline", v.Stamp(b.Start))
				rec[2] = strconv.FormatInt(v.Width, 10)
				rec[4], rec[5] = s.String(), strconv.FormatInt(b.Counts[s], 10)
				c.cw.Write(rec)
			}
		}
	}
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
