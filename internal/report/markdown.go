package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/codewatch/codewatch/internal/catalog"
	"github.com/codewatch/codewatch/internal/scan"
	"github.com/codewatch/codewatch/internal/timestamp"
)

// WriteMarkdown writes the report as GitHub-flavoured Markdown: a summary,
// tables of codes, severities, the timeline, unknown codes and inputs that
// failed. Text from logs and file names is escaped so that it shows as
// written and cannot add links, HTML or table cells, and table cells of
// such text are guarded against being read as formulas when a rendered
// table is pasted into a spreadsheet (FormulaSafe).
func (r *Report) WriteMarkdown(w io.Writer) error {
	r.Sort()
	bw := bufio.NewWriter(w)
	t := &r.Totals
	bw.WriteString("# codewatch report\n\n" + t.summary())
	if t.InputsFailed > 0 {
		fmt.Fprintf(bw, ", %d failed", t.InputsFailed)
	}
	fmt.Fprintf(bw, "; catalog %s.\n", mdText(r.Catalog))
	if b := r.Baseline; b != nil {
		fmt.Fprintf(bw, "\nAgainst the baseline %s: %s then, %s now.\n", mdCode(FormulaSafe(b.Name)), plural(b.Occurrences, "occurrence"),
			thousands(t.Occurrences))
	}
	for _, section := range []func(*bufio.Writer){r.mdCodes, r.mdAmbiguous, r.mdGone, r.mdSeverities, r.mdBreakdown, r.mdTimeline, r.mdUnknown, r.mdFailed} {
		section(bw)
	}
	return bw.Flush()
}

func (r *Report) mdCodes(bw *bufio.Writer) {
	if len(r.Codes) == 0 {
		return
	}
	bw.WriteString("\n## Codes\n\n")
	change, rule, sdk, sdkRule := "", "", "", ""
	if r.Baseline != nil {
		change, rule = " Change |", "-------:|"
	}
	if r.Named {
		sdk, sdkRule = " SDK |", "-----|"
	}
	fmt.Fprintf(bw, "| Count |%s Share | Severity |%s Code | Value | First seen | Last seen | Description |\n", change, sdk)
	fmt.Fprintf(bw, "|------:|%s------:|----------|%s------|------:|------------|-----------|-------------|\n", rule, sdkRule)
	for _, c := range r.Codes {
		if ch := r.change(c); ch != nil {
			change = " " + ch.ChangeString() + " |"
		}
		if r.Named {
			sdk = " " + mdText(FormulaSafe(catalog.ShortID(c.Catalog))) + " |"
		}
		share := 100 * float64(c.Count) / float64(max(r.Totals.Occurrences, 1))
		fmt.Fprintf(bw, "| %s |%s %.1f%% | %s |%s `%s` | %s | %s | %s | %s |\n", thousands(c.Count), change, share,
			c.Severity, sdk, c.Name, value(c), mdPlace(c.First), mdPlace(c.Last), mdText(FormulaSafe(c.Description)))
	}
}

func (r *Report) mdAmbiguous(bw *bufio.Writer) {
	if len(r.Ambiguous) == 0 {
		return
	}
	fmt.Fprintf(bw, "\n## Ambiguous values\n\nNo SDK known, and the SDKs' meanings differ: %s, not counted above.\n\n", plural(r.Totals.Ambiguous, "occurrence"))
	bw.WriteString("| Count | Value | First seen | Candidates |\n|------:|------:|------------|------------|\n")
	for _, a := range r.Ambiguous {
		fmt.Fprintf(bw, "| %s | %d | %s | %s |\n", thousands(a.Count), a.Value, mdPlace(a.First), mdText(FormulaSafe(a.CandidatesString())))
	}
}

func (r *Report) mdGone(bw *bufio.Writer) {
	if r.Baseline == nil {
		return
	}
	gone := r.Baseline.Gone()
	if len(gone) == 0 {
		return
	}
	if r.Named {
		bw.WriteString("\n### Gone since the baseline\n\n| SDK | Code | Severity | Count then |\n|-----|------|----------|-----------:|\n")
	} else {
		bw.WriteString("\n### Gone since the baseline\n\n| Code | Severity | Count then |\n|------|----------|-----------:|\n")
	}
	for _, c := range gone {
		if r.Named {
			fmt.Fprintf(bw, "| %s ", mdText(FormulaSafe(catalog.ShortID(c.Catalog))))
		}
		fmt.Fprintf(bw, "| `%s` | %s | %s |\n", c.Name, c.Severity, thousands(c.Baseline))
	}
}

func (r *Report) mdSeverities(bw *bufio.Writer) {
	if r.Totals.Occurrences == 0 {
		return
	}
	bw.WriteString("\n## By severity\n\n| Severity | Count |\n|----------|------:|\n")
	for s := catalog.Critical; s >= catalog.Info; s-- {
		if n := r.Totals.BySeverity[s]; n > 0 {
			fmt.Fprintf(bw, "| %s | %s |\n", s, thousands(n))
		}
	}
}

func (r *Report) mdTimeline(bw *bufio.Writer) {
	dated, clock := r.Timeline.Views(r.Bucket)
	for _, v := range []View{dated, clock} {
		if len(v.Buckets) == 0 {
			continue
		}
		if v.Dated {
			fmt.Fprintf(bw, "\n## Timeline (UTC, %s buckets)\n\n", WidthString(v.Width))
		} else {
			fmt.Fprintf(bw, "\n## Timeline by time of day (lines without a date, %s buckets)\n\n", WidthString(v.Width))
		}
		sevs := v.severities()
		bw.WriteString("| Bucket |")
		for _, s := range sevs {
			fmt.Fprintf(bw, " %s |", s)
		}
		bw.WriteString("\n|--------|" + strings.Repeat("------:|", len(sevs)) + "\n")
		for _, b := range v.Buckets {
			fmt.Fprintf(bw, "| %s |", v.Label(b.Start))
			for _, s := range sevs {
				fmt.Fprintf(bw, " %s |", thousands(b.Counts[s]))
			}
			bw.WriteString("\n")
		}
	}
}

func (r *Report) mdUnknown(bw *bufio.Writer) {
	if len(r.Unknown) == 0 {
		return
	}
	fmt.Fprintf(bw, "\n## Unknown codes (not in the catalog)\n\n%s.\n\n| Count | Code | First seen |\n|------:|------|------------|\n",
		plural(r.Totals.Unknown, "occurrence"))
	for _, u := range r.Unknown {
		text := "`" + u.Text + "`"
		if u.By == scan.ByValue {
			text = "code " + u.Text
		}
		fmt.Fprintf(bw, "| %s | %s | %s |\n", thousands(u.Count), text, mdPlace(u.First))
	}
}

func (r *Report) mdFailed(bw *bufio.Writer) {
	if r.Totals.InputsFailed == 0 {
		return
	}
	bw.WriteString("\n## Inputs that could not be read whole\n\n| Input | Lines read | Error |\n|-------|-----------:|-------|\n")
	for _, in := range r.Inputs {
		if in.Error != "" {
			fmt.Fprintf(bw, "| %s | %s | %s |\n", mdCode(FormulaSafe(in.Name)), thousands(in.Lines), mdText(FormulaSafe(in.Error)))
		}
	}
}

// severities returns the severities with occurrences in the view, highest
// first.
func (v View) severities() []catalog.Severity {
	var out []catalog.Severity
	for s := catalog.Critical; s >= catalog.Info; s-- {
		for _, b := range v.Buckets {
			if b.Counts[s] > 0 {
				out = append(out, s)
				break
			}
		}
	}
	return out
}

func mdPlace(p Place) string {
	s := mdCode(fmt.Sprintf("%s:%d", FormulaSafe(p.File), p.Line))
	if p.Time.Kind != timestamp.None {
		s += " " + p.Time.String()
	}
	return s
}

// mdText escapes text for a Markdown table cell: characters that Markdown
// or HTML would act on are backslash-escaped or written as entities, and
// line breaks become spaces.
func mdText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			b.WriteByte(' ')
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '&':
			b.WriteString("&amp;")
		case r == '|':
			b.WriteString("\\|")
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, "\\x%02X", r)
		case strings.ContainsRune("\\`*_[]~", r):
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// mdCode writes s as inline code, which Markdown shows as written: with a
// fence of backticks longer than any run inside, and pipes escaped (GitHub
// splits table cells on them even in code).
func mdCode(s string) string {
	if s == "" {
		return "" // "``" is not an empty code span: two backticks
	}
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return '?'
		}
		return r
	}, s)
	run, longest := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	pad := ""
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		pad = " "
	}
	return fence + pad + strings.ReplaceAll(s, "|", "\\|") + pad + fence
}
