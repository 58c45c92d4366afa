package report

import (
	"bufio"
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/codewatch/codewatch/internal/catalog"
	"github.com/codewatch/codewatch/internal/visible"
)

// The breakdowns a report can show (Report.By): the counts per input, or
// per label (report --label: a host), so that a report over many hosts
// says which has the most.
const (
	ByInput = "input"
	ByLabel = "label"
)

// ParseBy checks a breakdown's name: "input", "label", or "" for none.
func ParseBy(s string) (string, error) {
	switch s {
	case "", ByInput, ByLabel:
		return s, nil
	}
	return "", fmt.Errorf("%q: want input or label", s)
}

// Group is the counts of the inputs that share a name (ByInput) or a
// label (ByLabel), added up.
type Group struct {
	Name        string // the inputs' name or label ("" for the inputs without a label)
	Inputs      int
	Failed      int // inputs that could not be read whole
	Lines       int64
	Bytes       int64
	Occurrences int64
	Unknown     int64
	Ambiguous   int64
	BySeverity  Counts
}

// Breakdown is the groups of r.By (none when it is ""), in their total
// order: occurrences descending, then name. It is made from the inputs'
// own counts, so that a merged report breaks down as its parts did.
func (r *Report) Breakdown() []Group {
	if r.By == "" {
		return nil
	}
	at := map[string]int{}
	var groups []Group
	for _, in := range r.Inputs {
		key := in.Name
		if r.By == ByLabel {
			key = in.Label
		}
		i, ok := at[key]
		if !ok {
			i = len(groups)
			at[key] = i
			groups = append(groups, Group{Name: key})
		}
		g := &groups[i]
		g.Inputs++
		if in.Error != "" {
			g.Failed++
		}
		g.Lines += in.Lines
		g.Bytes += in.Bytes
		g.Occurrences += in.Occurrences
		g.Unknown += in.Unknown
		g.Ambiguous += in.Ambiguous
		g.BySeverity.add(&in.BySeverity)
	}
	slices.SortStableFunc(groups, func(a, b Group) int {
		if c := cmp.Compare(b.Occurrences, a.Occurrences); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	return groups
}

// groupName is a group's name as people read it.
func (r *Report) groupName(g *Group) string {
	if r.By == ByLabel && g.Name == "" {
		return "(no label)"
	}
	return g.Name
}

// breakdownSeverities are the severities the breakdown's columns show:
// those with occurrences, highest first.
func (r *Report) breakdownSeverities() []catalog.Severity {
	var out []catalog.Severity
	for s := catalog.Critical; s >= catalog.Info; s-- {
		if r.Totals.BySeverity[s] > 0 {
			out = append(out, s)
		}
	}
	return out
}

// share is n of the report's occurrences, as a percentage.
func (r *Report) share(n int64) float64 {
	return 100 * float64(n) / float64(max(r.Totals.Occurrences, 1))
}

// breakdown writes the table's section "by input:" (or "by label:").
func (t *tableWriter) breakdown(r *Report) {
	groups := r.Breakdown()
	if len(groups) == 0 {
		return
	}
	t.blank()
	t.line(span{text: "by " + r.By + ":"})
	sevs := r.breakdownSeverities()
	head := []span{{text: "COUNT"}, {text: "SHARE"}}
	for _, s := range sevs {
		head = append(head, span{text: strings.ToUpper(s.String())})
	}
	head = append(head, span{text: "UNKNOWN"}, span{text: "LINES"}, span{text: strings.ToUpper(r.By)})
	rows := [][]span{head}
	for i := range groups {
		g := &groups[i]
		share := r.share(g.Occurrences)
		row := []span{{text: thousands(g.Occurrences)}, {text: fmt.Sprintf("%s %5.1f%%", Bar(share/100, 10), share)}}
		for _, s := range sevs {
			row = append(row, span{text: thousands(g.BySeverity[s])})
		}
		name := visible.String(r.groupName(g))
		switch {
		case g.Failed > 0 && g.Inputs == 1:
			name += " (failed)"
		case g.Failed > 0:
			name += fmt.Sprintf(" (%d of %d inputs failed)", g.Failed, g.Inputs)
		}
		row = append(row, span{text: thousands(g.Unknown)}, span{text: thousands(g.Lines)}, span{text: name})
		rows = append(rows, row)
	}
	if t.width > 0 && t.gridWidth("  ", rows) > t.width {
		last := len(rows[0]) - 1
		room := max(16, t.width-(t.gridWidth("  ", rows)-t.columnWidth(rows, last)))
		for _, row := range rows[1:] {
			row[last].text = cutLeft(row[last].text, room)
		}
	}
	t.grid("  ", rows)
}

// mdBreakdown writes the Markdown section "By input" (or "By label").
func (r *Report) mdBreakdown(bw *bufio.Writer) {
	groups := r.Breakdown()
	if len(groups) == 0 {
		return
	}
	sevs := r.breakdownSeverities()
	title := strings.ToUpper(r.By[:1]) + r.By[1:]
	fmt.Fprintf(bw, "\n## By %s\n\n| %s | Inputs | Count | Share |", r.By, title)
	for _, s := range sevs {
		fmt.Fprintf(bw, " %s |", s)
	}
	bw.WriteString(" Unknown | Lines | Failed |\n|------|-------:|------:|------:|")
	for range sevs {
		bw.WriteString("------:|")
	}
	bw.WriteString("--------:|------:|-------:|\n")
	for i := range groups {
		g := &groups[i]
		name := mdCode(FormulaSafe(g.Name))
		if r.By == ByLabel && g.Name == "" {
			name = "*(no label)*"
		}
		fmt.Fprintf(bw, "| %s | %d | %s | %.1f%% |", name, g.Inputs, thousands(g.Occurrences), r.share(g.Occurrences))
		for _, s := range sevs {
			fmt.Fprintf(bw, " %s |", thousands(g.BySeverity[s]))
		}
		fmt.Fprintf(bw, " %s | %s | %d |\n", thousands(g.Unknown), thousands(g.Lines), g.Failed)
	}
}

// csvBreakdown writes the CSV rows of the breakdown: per group, a row of
// section "by_input" (or "by_label") with its occurrences (count), number
// of inputs (value), lines and bytes, then a row per severity with
// occurrences (severity, count).
func (r *Report) csvBreakdown(c *csvWriter) {
	section := "by_" + r.By
	for _, g := range r.Breakdown() {
		rec := c.row(section, g.Name)
		rec[2], rec[5] = strconv.Itoa(g.Inputs), strconv.FormatInt(g.Occurrences, 10)
		rec[14], rec[15] = strconv.FormatInt(g.Lines, 10), strconv.FormatInt(g.Bytes, 10)
		if g.Failed > 0 {
			rec[16] = fmt.Sprintf("%d failed", g.Failed)
		}
		c.cw.Write(rec)
		for s := catalog.Critical; s >= catalog.Info; s-- {
			if g.BySeverity[s] == 0 {
				continue
			}
			rec := c.row(section, g.Name)
			rec[4], rec[5] = s.String(), strconv.FormatInt(g.BySeverity[s], 10)
			c.cw.Write(rec)
		}
	}
}

// htmlGroup is a group as the page shows it: a row of the breakdown's
// table, with a bar of its occurrences by severity, scaled to the
// busiest group's.
type htmlGroup struct {
	Group
	Label    string // the name as shown
	Share    string
	Counts   []int64 // per severity of htmlBreakdown.Severities
	Segments []htmlSegment
}

type htmlSegment struct {
	Severity string
	Count    int64
	X, W     string
}

type htmlBreakdown struct {
	By         string
	Title      string
	Severities []string
	Groups     []htmlGroup
}

// groupBarWidth is the width of a group's bar, in pixels.
const groupBarWidth = 160

func (r *Report) htmlBreakdown() *htmlBreakdown {
	groups := r.Breakdown()
	if len(groups) == 0 {
		return nil
	}
	sevs := r.breakdownSeverities()
	b := &htmlBreakdown{By: r.By, Title: strings.ToUpper(r.By[:1]) + r.By[1:]}
	for _, s := range sevs {
		b.Severities = append(b.Severities, s.String())
	}
	top := max(groups[0].Occurrences, 1)
	for i := range groups {
		g := &groups[i]
		hg := htmlGroup{Group: *g, Label: r.groupName(g), Share: fmt.Sprintf("%.1f%%", r.share(g.Occurrences))}
		x := 0.0
		for _, s := range sevs {
			n := g.BySeverity[s]
			hg.Counts = append(hg.Counts, n)
			if n == 0 {
				continue
			}
			w := groupBarWidth * float64(n) / float64(top)
			hg.Segments = append(hg.Segments, htmlSegment{Severity: s.String(), Count: n,
				X: fmt.Sprintf("%.2f", x), W: fmt.Sprintf("%.2f", max(w, 1))})
			x += w
		}
		b.Groups = append(b.Groups, hg)
	}
	return b
}
