package main

import (
	"bufio"
	"slices"
	"strings"

	"github.com/codewatch/codewatch/internal/catalog"
	"github.com/codewatch/codewatch/internal/report"
)

// The least room a description keeps while columns can still be dropped
// to give it more, and the most a name keeps in a table that does not
// fit (as in report's table).
const (
	fitDescMin = 20
	fitNameMax = 32
)

// fitTable is a table of text for a terminal: its head and rows, the
// columns it may drop to fit a width, in order, and those it cuts.
type fitTable struct {
	rows  [][]string // rows[0] is the head
	drops []string   // heads of the columns dropped, in this order, until the table fits
	desc  string     // the head of the column cut with … to the room left (the last one)
	name  string     // the head of the column cut when nothing else can go
	sev   string     // the head of the column of severities, coloured
}

// fit lays t out in width cells (0: no limit) and returns its rows. The
// full table when it fits; else names are cut to fitNameMax cells, and
// the columns t.drops names are dropped one
// by one, in order, until the description column, cut with "…", keeps at
// least fitDescMin cells (or its whole width when narrower); then the
// description is dropped, and the name column cut to what is left.
func (t *fitTable) fit(width int) [][]string {
	if width <= 0 || gridWidth(t.rows) <= width {
		return t.rows
	}
	cols := t.rows[0]
	all := cutColumn(project(t.rows, cols), slices.Index(cols, t.name), fitNameMax)
	for k := 0; ; k++ {
		keep := cols
		for _, d := range t.drops[:k] {
			keep = slices.DeleteFunc(slices.Clone(keep), func(h string) bool { return h == d })
		}
		rows := project(all, keep)
		room := width - gridWidth(rows) + columnWidth(rows, len(keep)-1)
		if room >= min(fitDescMin, columnWidth(rows, len(keep)-1)) {
			return cutColumn(rows, len(keep)-1, room)
		}
		if k < len(t.drops) {
			continue
		}
		keep = slices.DeleteFunc(slices.Clone(keep), func(h string) bool { return h == t.desc })
		rows = project(all, keep)
		i := slices.Index(keep, t.name)
		room = width - gridWidth(rows) + columnWidth(rows, i)
		return cutColumn(rows, i, max(room, 8))
	}
}

// project is rows with only the columns whose heads are keep, in order.
func project(rows [][]string, keep []string) [][]string {
	idx := make([]int, len(keep))
	for j, h := range keep {
		idx[j] = slices.Index(rows[0], h)
	}
	out := make([][]string, len(rows))
	for i, r := range rows {
		out[i] = make([]string, len(keep))
		for j, k := range idx {
			out[i][j] = r[k]
		}
	}
	return out
}

// cutColumn cuts the cells of column i of rows (a copy) to n cells.
func cutColumn(rows [][]string, i, n int) [][]string {
	for _, r := range rows {
		r[i] = report.Cut(r[i], n)
	}
	return rows
}

// columnWidth is the width of column i of rows, in cells.
func columnWidth(rows [][]string, i int) int {
	w := 0
	for _, r := range rows {
		w = max(w, report.DisplayWidth(r[i]))
	}
	return w
}

// gridWidth is the width of the widest line of rows as columns two
// spaces apart.
func gridWidth(rows [][]string) int {
	w := 0
	for i := range rows[0] {
		w += columnWidth(rows, i) + 2
	}
	return w - 2
}

// writeGrid writes rows as columns two spaces apart, aligned by terminal
// cells, each line cut with "…" to width (0: no limit); the cells of the
// column headed sev (but the head) are coloured when color is set.
func writeGrid(out *bufio.Writer, rows [][]string, sev string, width int, color bool) {
	widths := make([]int, len(rows[0]))
	for i := range widths {
		widths[i] = columnWidth(rows, i)
	}
	si := slices.Index(rows[0], sev)
	for n, r := range rows {
		var line strings.Builder
		at := -1 // where the severity starts, in bytes
		for i, c := range r {
			if i == si {
				at = line.Len()
			}
			if i == len(r)-1 {
				line.WriteString(c)
				break
			}
			line.WriteString(c + strings.Repeat(" ", widths[i]-report.DisplayWidth(c)+2))
		}
		text := line.String()
		if width > 0 {
			text = report.Cut(text, width)
		}
		if color && n > 0 && at >= 0 && at <= len(text) && strings.HasPrefix(text[at:], r[si]) {
			// (a cut line keeps its bytes up to the cut)
			if sev, err := catalog.ParseSeverity(r[si]); err == nil {
				text = text[:at] + paint(sev, r[si]) + text[at+len(r[si]):]
			}
		}
		out.WriteString(text + "\n")
	}
}

// paint colours text as severity s is coloured.
func paint(s catalog.Severity, text string) string {
	sgr := report.SeverityColor(s)
	if sgr == "" {
		return text
	}
	return "\x1b[" + sgr + "m" + text + "\x1b[0m"
}

// wrap breaks each line of text that is wider than width cells at spaces,
// continuing it two spaces further in than it starts; a word wider than
// the room is cut with "…". SGR sequences take no room.
func wrap(text string, width int) string {
	if width <= 0 {
		return text
	}
	var b strings.Builder
	for _, line := range strings.SplitAfter(text, "\n") {
		body := strings.TrimSuffix(line, "\n")
		if visibleWidth(body) <= width {
			b.WriteString(line)
			continue
		}
		indent := len(body) - len(strings.TrimLeft(body, " "))
		b.WriteString(wrapLine(body, indent, width))
		if strings.HasSuffix(line, "\n") {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// wrapLine breaks one line, its words after indent spaces, the next lines
// after indent+2.
func wrapLine(line string, indent, width int) string {
	var b strings.Builder
	pad := strings.Repeat(" ", indent)
	col := 0
	for _, w := range strings.Fields(line) {
		ww := visibleWidth(w)
		switch {
		case col == 0:
		case col+1+ww <= width:
			b.WriteByte(' ')
			col++
		default:
			b.WriteByte('\n')
			col, pad = 0, strings.Repeat(" ", min(indent+2, width/2))
		}
		if col == 0 {
			b.WriteString(pad)
			col = len(pad)
		}
		if col+ww > width && !strings.Contains(w, "\x1b") {
			w = report.Cut(w, width-col)
			ww = report.DisplayWidth(w)
		}
		b.WriteString(w)
		col += ww
	}
	return b.String()
}

// visibleWidth is the width of s on a terminal, its SGR sequences none.
func visibleWidth(s string) int {
	if !strings.Contains(s, "\x1b") {
		return report.DisplayWidth(s)
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == 0x1b {
			if j := strings.IndexByte(s[i:], 'm'); j >= 0 {
				i += j
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return report.DisplayWidth(b.String())
}
