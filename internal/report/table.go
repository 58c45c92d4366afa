package report

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/codewatch/codewatch/internal/catalog"
	"github.com/codewatch/codewatch/internal/scan"
	"github.com/codewatch/codewatch/internal/timestamp"
	"github.com/codewatch/codewatch/internal/visible"
)

// summary is the report's first sentence, for people: "132 occurrences in
// 12 inputs (390 lines, 34.9 kB)".
func (t *Totals) summary() string {
	return fmt.Sprintf("%s in %s (%s, %s)", plural(t.Occurrences, "occurrence"), plural(int64(t.Inputs), "input"),
		plural(t.Lines, "line"), Bytes(t.Bytes))
}

// TableOptions lay the table out for a terminal. The zero value is the
// full table, as WriteTable writes it for pipes and files.
type TableOptions struct {
	// Width is the terminal's width in columns: no line of the table is
	// wider, counted in cells (East Asian wide runes take two, combining
	// marks and colour none). 0 means no limit.
	Width int
	// Color colours the severities and their sparklines with SGR escape
	// sequences.
	Color bool
}

// The least width the description keeps while other columns can still go,
// and then the least it keeps at all.
const (
	descMin  = 20
	descLast = 8
	placeMax = 32 // cells of a shortened place
	codeMax  = 32 // cells of a code name in a table that does not fit
	// codeLeast is what a code name keeps in a table that does not fit
	// even without its description.
	codeLeast = 16
)

// WriteTable writes the report for people: the codes with their counts and
// a bar of their share, then totals per severity, the timeline, unknown
// codes and inputs that failed. It is read on terminals: file names and
// the text from reports read back are made visible (package visible),
// never sent to the terminal as they are. It is WriteTableWith with no
// options: no width limit, no colour.
func (r *Report) WriteTable(w io.Writer) error {
	return r.WriteTableWith(w, TableOptions{})
}

// WriteTableWith writes the table of WriteTable laid out by o.
//
// With a Width, no line is wider than it. The codes table is the full one
// when it fits; else these steps are taken in order, each keeping the
// ones before it, until it fits:
//
//  1. places (FIRST SEEN, LAST SEEN) are shortened to the file's base name
//     and line, without the time (…node-17.log:12, at most 32 cells), and
//     code names to 32 cells;
//  2. SHARE loses its bar and keeps its percentage;
//  3. LAST SEEN is dropped;
//  4. VALUE is dropped;
//  5. FIRST SEEN is dropped;
//  6. SHARE is dropped;
//  7. DESCRIPTION is dropped.
//
// At each step the description is cut with "…" to the room left, which
// must be at least 20 cells (8 at step 6), or its whole width when it is
// narrower. COUNT, CHANGE (with a baseline), SEVERITY and CODE are never
// dropped; when even they do not fit, or a line of the other sections is
// too long, the line is cut with "…". A Named report's SDK column stays
// too. The other tables shorten places and
// cut unknown codes, input names and errors the same way.
//
// Sparklines have one cell per bucket: with a Width, as many as fit;
// without one, at most MaxBuckets for a bucket width asked for
// (Report.Bucket; an automatic width gives about as many, and is kept). A
// timeline with more buckets is drawn with wider ones: for a width asked
// for, a multiple of it, each cell the sum of whole buckets, and its
// header line says so ("31 30d buckets (merged from 1h) from 2023-08-21
// to 2026-02-06"); for an automatic width, the next usual width that fits.
// The other formats keep the buckets as they are.
//
// Without options the table is exactly WriteTable's, columns aligned as
// text/tabwriter aligns them (by runes).
func (r *Report) WriteTableWith(w io.Writer, o TableOptions) error {
	r.Sort()
	bw := bufio.NewWriter(w)
	t := &tableWriter{bw: bw, width: max(o.Width, 0), color: o.Color, cells: o.Width > 0 || o.Color}
	tot := &r.Totals
	summary := tot.summary()
	if tot.InputsFailed > 0 {
		summary += fmt.Sprintf(", %d failed", tot.InputsFailed)
	}
	t.line(span{text: summary})
	if b := r.Baseline; b != nil {
		d := tot.Occurrences - b.Occurrences
		sign := "+"
		if d < 0 {
			sign = ""
		}
		rest := fmt.Sprintf(": %s then, %s now (%s%s)", plural(b.Occurrences, "occurrence"), thousands(tot.Occurrences), sign, thousands(d))
		t.line(span{text: "against baseline " + t.name(visible.String(b.Name), len("against baseline ")+displayWidth(rest)) + rest})
	}
	if len(r.Codes) > 0 {
		t.blank()
		t.codes(r)
	}
	t.gone(r)
	if len(r.Ambiguous) > 0 {
		t.blank()
		t.ambiguous(r)
	}
	if tot.Occurrences > 0 {
		t.blank()
		spans := []span{{text: "by severity:"}}
		for s := catalog.Critical; s >= catalog.Info; s-- {
			if n := tot.BySeverity[s]; n > 0 {
				spans = append(spans, span{text: " "}, t.severity(s), span{text: " " + thousands(n)})
			}
		}
		t.line(spans...)
	}
	t.breakdown(r)
	dated, clock := r.Timeline.Views(r.Bucket)
	t.timeline(r, dated)
	t.timeline(r, clock)
	t.unknown(r)
	t.failed(r)
	return bw.Flush()
}

// gone writes the codes seen only in the baseline.
func (t *tableWriter) gone(r *Report) {
	if r.Baseline == nil {
		return
	}
	gone := r.Baseline.Gone()
	if len(gone) == 0 {
		return
	}
	t.blank()
	t.line(span{text: "gone since the baseline:"})
	rows := make([][]span, len(gone))
	for i, c := range gone {
		rows[i] = []span{t.severity(c.Severity), {text: c.Name}, {text: "was " + thousands(c.Baseline)}}
		if r.Named {
			rows[i] = slices.Insert(rows[i], 1, span{text: visible.String(catalog.ShortID(c.Catalog))})
		}
	}
	t.capColumn("  ", rows, len(rows[0])-2, 8, math.MaxInt) // "was N" whole
	t.grid("  ", rows)
}

// unknown writes the unknown codes, the first 20.
func (t *tableWriter) unknown(r *Report) {
	if len(r.Unknown) == 0 {
		return
	}
	t.blank()
	t.line(span{text: fmt.Sprintf("unknown codes (not in the catalog): %s", plural(r.Totals.Unknown, "occurrence"))})
	var rows [][]span
	for i, u := range r.Unknown {
		if i == 20 {
			rows = append(rows, []span{{text: "…"}, {text: fmt.Sprintf("%d more", len(r.Unknown)-20)}, {}})
			break
		}
		text := u.Text
		if u.By == scan.ByValue {
			text = "code " + text
		}
		rows = append(rows, []span{{text: thousands(u.Count)}, {text: visible.String(text)}, {text: "first " + t.place(u.First, false)}})
	}
	if t.width > 0 && t.gridWidth("", rows) > t.width {
		for i, u := range r.Unknown[:min(len(r.Unknown), 20)] {
			rows[i][2].text = "first " + t.place(u.First, true)
		}
		t.capColumn("", rows, 1, 12, len("first ")+placeMax)
	}
	t.grid("", rows)
}

// failed writes the inputs that could not be read whole.
func (t *tableWriter) failed(r *Report) {
	if r.Totals.InputsFailed == 0 {
		return
	}
	t.blank()
	t.line(span{text: "inputs that could not be read whole:"})
	for _, in := range r.Inputs {
		if in.Error != "" {
			rest := fmt.Sprintf(": %s (%s read)", visible.String(in.Error), plural(in.Lines, "line"))
			name := visible.String(in.Name)
			if t.width > 0 && 2+displayWidth(name)+displayWidth(rest) > t.width {
				name = cutLeft(name, max(16, t.width/2))
			}
			t.line(span{text: "  " + name + rest})
		}
	}
}

// ambiguous writes the ambiguous values: count, value, first place, and
// the candidates, which are cut to the width when they must be.
func (t *tableWriter) ambiguous(r *Report) {
	t.line(span{text: fmt.Sprintf("ambiguous values (no SDK known, and the SDKs' meanings differ): %s, not counted above",
		plural(r.Totals.Ambiguous, "occurrence"))})
	rows := make([][]span, 0, len(r.Ambiguous))
	for _, a := range r.Ambiguous {
		rows = append(rows, []span{{text: thousands(a.Count)}, {text: "code " + strconv.Itoa(a.Value)},
			{text: "first " + t.place(a.First, false)}, {text: visible.String(a.CandidatesString())}})
	}
	if t.width > 0 && t.gridWidth("", rows) > t.width {
		for i, a := range r.Ambiguous {
			rows[i][2].text = "first " + t.place(a.First, true)
		}
	}
	t.grid("", rows)
}

// codes writes the table of codes, fitted to the width as WriteTableWith
// says.
func (t *tableWriter) codes(r *Report) {
	cols := t.codeColumns(r)
	chosen := cols.rows(cols.layout(r, 0))
	if t.width > 0 {
		for step := 0; step <= 7; step++ {
			chosen = cols.rows(cols.layout(r, step))
			if step == 7 {
				// The code column, the last one now, gives what room it
				// must, down to codeLeast.
				last := len(chosen[0]) - 1
				room := max(t.width-(t.gridWidth("", chosen)-t.columnWidth(chosen, last)), codeLeast)
				for _, row := range chosen {
					row[last].text = cut(row[last].text, room)
				}
				break
			}
			room := t.width - t.gridWidth("", chosen) + t.columnWidth(chosen, len(chosen[0])-1)
			need := t.columnWidth(chosen, len(chosen[0])-1)
			if step > 0 {
				need = min(need, descMin)
				if step == 6 {
					need = min(need, descLast)
				}
			}
			if room >= need {
				break
			}
		}
	}
	t.grid("", chosen)
}

// column is a column of the codes table: its head and its cells.
type column struct {
	head  string
	cells []span
}

// codeColumns are every column the codes table may show, in every form.
type codeColumns struct {
	n                                                    int
	count, change, share, pct, sev, sdk, code, codeShort column
	val, first, last, firstShort, lastShort, desc        column
}

func (t *tableWriter) codeColumns(r *Report) *codeColumns {
	n := len(r.Codes)
	col := func(head string) column { return column{head, make([]span, n)} }
	c := &codeColumns{n: n, count: col("COUNT"), change: col("CHANGE"), share: col("SHARE"), pct: col("SHARE"), sev: col("SEVERITY"),
		sdk: col("SDK"), code: col("CODE"), codeShort: col("CODE"), val: col("VALUE"), first: col("FIRST SEEN"), last: col("LAST SEEN"),
		firstShort: col("FIRST SEEN"), lastShort: col("LAST SEEN"), desc: col("DESCRIPTION")}
	for i, code := range r.Codes {
		s := float64(code.Count) / float64(max(r.Totals.Occurrences, 1))
		c.count.cells[i].text = thousands(code.Count)
		if ch := r.change(code); ch != nil {
			c.change.cells[i].text = ch.ChangeString()
		}
		c.share.cells[i].text = fmt.Sprintf("%s %5.1f%%", Bar(s, 10), 100*s)
		c.pct.cells[i].text = fmt.Sprintf("%5.1f%%", 100*s)
		c.sev.cells[i] = t.severity(code.Severity)
		c.sdk.cells[i].text = visible.String(catalog.ShortID(code.Catalog))
		c.code.cells[i].text = code.Name
		c.codeShort.cells[i].text = cut(code.Name, codeMax)
		c.val.cells[i].text = value(code)
		c.first.cells[i].text, c.last.cells[i].text = t.place(code.First, false), t.place(code.Last, false)
		c.firstShort.cells[i].text, c.lastShort.cells[i].text = t.place(code.First, true), t.place(code.Last, true)
		c.desc.cells[i].text = t.shorten(visible.String(code.Description), 60)
	}
	return c
}

// layout is the columns shown at a step of WriteTableWith's fitting.
func (c *codeColumns) layout(r *Report, step int) []column {
	cols := []column{c.count}
	if r.Baseline != nil {
		cols = append(cols, c.change)
	}
	switch {
	case step < 2:
		cols = append(cols, c.share)
	case step < 6:
		cols = append(cols, c.pct)
	}
	cols = append(cols, c.sev)
	if r.Named {
		cols = append(cols, c.sdk)
	}
	if step < 1 {
		cols = append(cols, c.code)
	} else {
		cols = append(cols, c.codeShort)
	}
	if step < 4 {
		cols = append(cols, c.val)
	}
	f, l := c.first, c.last
	if step >= 1 {
		f, l = c.firstShort, c.lastShort
	}
	if step < 5 {
		cols = append(cols, f)
	}
	if step < 3 {
		cols = append(cols, l)
	}
	if step < 7 {
		cols = append(cols, c.desc)
	}
	return cols
}

// rows are the head and the cells of cols, as grid takes them.
func (c *codeColumns) rows(cols []column) [][]span {
	out := make([][]span, c.n+1)
	for i := range out {
		out[i] = make([]span, len(cols))
		for j, col := range cols {
			if i == 0 {
				out[i][j].text = col.head
			} else {
				out[i][j] = col.cells[i-1]
			}
		}
	}
	return out
}

// tableWriter writes the lines of a table, fitted to a width.
type tableWriter struct {
	bw    *bufio.Writer
	width int  // 0: no limit
	color bool // SGR colours
	cells bool // columns are aligned by terminal cells, else by runes as text/tabwriter aligns them
}

// span is a piece of a line and the SGR parameters it is coloured with.
type span struct{ text, sgr string }

// severityColor are the SGR parameters of each severity, as annotate
// colours them.
var severityColor = [...]string{catalog.Info: "36", catalog.Warn: "33", catalog.Err: "31", catalog.Critical: "1;35"}

func (t *tableWriter) severity(s catalog.Severity) span {
	sp := span{text: s.String()}
	if int(s) < len(severityColor) {
		sp.sgr = severityColor[s]
	}
	return sp
}

// measure is the width of s as columns are aligned.
func (t *tableWriter) measure(s string) int {
	if t.cells {
		return displayWidth(s)
	}
	return utf8.RuneCountInString(s)
}

// shorten cuts s to n runes, or cells when aligning by cells.
func (t *tableWriter) shorten(s string, n int) string {
	if t.cells {
		return cut(s, n)
	}
	return Shorten(s, n)
}

// place is p made visible, in full ("file:line time"), or short: the
// file's base name and the line, at most placeMax cells.
func (t *tableWriter) place(p Place, short bool) string {
	if !short {
		return visible.String(PlaceString(p))
	}
	name := p.File
	if i := strings.LastIndexAny(name, `/\`); i >= 0 && i < len(name)-1 {
		name = name[i+1:]
	}
	return cutLeft(visible.String(name)+":"+strconv.FormatInt(p.Line, 10), placeMax)
}

// name fits a name into a line whose other parts take used cells: in
// full, or its base name, or the end of that.
func (t *tableWriter) name(s string, used int) string {
	if t.width == 0 || used+displayWidth(s) <= t.width {
		return s
	}
	if i := strings.LastIndexAny(s, `/\`); i >= 0 && i < len(s)-1 {
		s = s[i+1:]
	}
	return cutLeft(s, max(8, t.width-used))
}

func (t *tableWriter) blank() { t.bw.WriteByte('\n') }

// line writes spans as one line, cut with "…" to the width.
func (t *tableWriter) line(spans ...span) {
	if t.width > 0 {
		w := 0
		for _, s := range spans {
			w += displayWidth(s.text)
		}
		if w > t.width {
			spans = cutSpans(spans, t.width)
		}
	}
	for _, s := range spans {
		if t.color && s.sgr != "" && s.text != "" {
			t.bw.WriteString("\x1b[" + s.sgr + "m" + s.text + "\x1b[0m")
		} else {
			t.bw.WriteString(s.text)
		}
	}
	t.bw.WriteByte('\n')
}

// cutSpans cuts spans to n cells, the last one "…", with no space before it.
func cutSpans(spans []span, n int) []span {
	var out []span
	left := n - 1
	for _, s := range spans {
		w := displayWidth(s.text)
		if w <= left {
			out = append(out, s)
			left -= w
			continue
		}
		out = append(out, span{prefixCells(s.text, left), s.sgr})
		break
	}
	for len(out) > 0 {
		last := &out[len(out)-1]
		if last.text = strings.TrimRight(last.text, " "); last.text != "" {
			break
		}
		out = out[:len(out)-1]
	}
	return append(out, span{text: "…"})
}

// grid writes rows of cells as columns two spaces apart, after prefix, as
// text/tabwriter does with a padding of 2: each cell but a row's last is
// padded to the width of its column. Rows have as many cells each.
func (t *tableWriter) grid(prefix string, rows [][]span) {
	widths := t.columnWidths(rows)
	for _, row := range rows {
		line := make([]span, 0, 2*len(row)+1)
		if prefix != "" {
			line = append(line, span{text: prefix})
		}
		for i, c := range row {
			line = append(line, c)
			if i < len(row)-1 {
				line = append(line, span{text: strings.Repeat(" ", widths[i]-t.measure(c.text)+2)})
			}
		}
		t.line(line...)
	}
}

// columnWidths are the widths of the columns of rows but the last.
func (t *tableWriter) columnWidths(rows [][]span) []int {
	var widths []int
	for _, row := range rows {
		for i, c := range row[:len(row)-1] {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], t.measure(c.text))
		}
	}
	return widths
}

// columnWidth is the width of column i of rows.
func (t *tableWriter) columnWidth(rows [][]span, i int) int {
	w := 0
	for _, row := range rows {
		w = max(w, t.measure(row[i].text))
	}
	return w
}

// gridWidth is the width of the widest line grid writes.
func (t *tableWriter) gridWidth(prefix string, rows [][]span) int {
	w := t.measure(prefix)
	for _, cw := range t.columnWidths(rows) {
		w += cw + 2
	}
	return w + t.columnWidth(rows, len(rows[0])-1)
}

// capColumn cuts the cells of column i of the grid of rows after prefix
// so that it fits the width with its last column whole, or at least keep
// cells of it, but not below least cells.
func (t *tableWriter) capColumn(prefix string, rows [][]span, i, least, keep int) {
	if t.width == 0 || t.gridWidth(prefix, rows) <= t.width {
		return
	}
	last := t.columnWidth(rows, len(rows[0])-1)
	room := t.width - (t.gridWidth(prefix, rows) - t.columnWidth(rows, i) - last) - min(keep, last)
	room = max(room, least)
	for _, row := range rows {
		row[i].text = cut(row[i].text, room)
	}
}

func value(c *Code) string {
	if !c.HasValue {
		return "-"
	}
	return fmt.Sprint(c.Value)
}

// PlaceString formats a place as "file:line time".
func PlaceString(p Place) string {
	s := fmt.Sprintf("%s:%d", p.File, p.Line)
	if p.Time.Kind != timestamp.None {
		s += " " + p.Time.String()
	}
	return s
}

// Bar draws a share between 0 and 1 as a bar of width cells.
func Bar(share float64, width int) string {
	eighths := int(share*float64(width*8) + 0.5)
	if share > 0 && eighths == 0 {
		eighths = 1
	}
	full, rest := eighths/8, eighths%8
	b := strings.Repeat("█", full)
	if rest > 0 {
		b += string([]rune("▏▎▍▌▋▊▉")[rest-1])
		full++
	}
	return b + strings.Repeat(" ", width-full)
}

func plural(n int64, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return thousands(n) + " " + word + "s"
}

// thousands formats n with thousands separators: 1,234,567.
func thousands(n int64) string {
	sign, mag := "", uint64(n)
	if n < 0 {
		sign, mag = "-", -mag // two's complement: right for math.MinInt64 too
	}
	s := strconv.FormatUint(mag, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return sign + s
}

// Bytes formats a size in bytes for people: 512 B, 56.7 KB, 1.2 GB.
func Bytes(n int64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %cB", float64(n)/float64(div), "kMGTPE"[exp])
}

// Shorten cuts s to at most n runes, ending it with "…" when cut.
func Shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// timeline writes a view of the timeline as one sparkline per severity
// seen, with its total and its busiest bucket, in as many cells as
// WriteTableWith says.
func (t *tableWriter) timeline(r *Report, v View) {
	if len(v.Buckets) == 0 {
		return
	}
	auto := r.Bucket <= 0
	sevs := v.severities()
	sevWidth := 0
	for _, s := range sevs {
		sevWidth = max(sevWidth, len(s.String()))
	}
	// A row is "  error    |▁█ ▃|  34, busiest 29 at 2026-02-06".
	rowWidth := func(v View) int {
		w := 0
		for _, s := range sevs {
			total, peak, _ := v.peak(s)
			w = max(w, displayWidth(fmt.Sprintf("%s, busiest %s at %s", thousands(total), thousands(peak), v.Label(v.Buckets[0].Start))))
		}
		return 2 + sevWidth + 2 + 1 + len(v.Buckets) + 1 + 2 + w
	}
	drawn := v
	switch {
	case t.width > 0:
		cells := t.width - (rowWidth(v) - len(v.Buckets))
		for {
			drawn = r.Timeline.fit(v, max(cells, 1), r.Bucket)
			over := rowWidth(drawn) - t.width
			if over <= 0 || cells <= 1 {
				break
			}
			cells = min(cells, len(drawn.Buckets)) - over
		}
	case !auto:
		drawn = r.Timeline.fit(v, MaxBuckets, r.Bucket)
	}
	note := ""
	if drawn.Width != v.Width && !auto {
		note = "merged from " + WidthString(r.Bucket)
	}
	head := "timeline (UTC), " + drawn.span(note) + ":"
	if !v.Dated {
		head = "timeline by time of day (lines without a date), " + drawn.span(note) + ":"
		if t.width > 0 && displayWidth(head) > t.width {
			head = "timeline by time of day, " + drawn.span(note) + ":"
		}
	}
	t.blank()
	t.line(span{text: head})
	rows := make([][]span, 0, len(sevs))
	counts := make([]int64, len(drawn.Buckets))
	for _, s := range sevs {
		for i, b := range drawn.Buckets {
			counts[i] = b.Counts[s]
		}
		total, peak, at := drawn.peak(s)
		sp := t.severity(s)
		rows = append(rows, []span{sp, {text: "|" + Sparkline(counts) + "|", sgr: sp.sgr},
			{text: fmt.Sprintf("%s, busiest %s at %s", thousands(total), thousands(peak), drawn.Label(drawn.Buckets[at].Start))}})
	}
	t.grid("  ", rows)
}

// peak returns the total of severity s over the view, its busiest count
// and the index of the first bucket with it.
func (v View) peak(s catalog.Severity) (total, peak int64, at int) {
	for i, b := range v.Buckets {
		total += b.Counts[s]
		if b.Counts[s] > peak {
			peak, at = b.Counts[s], i
		}
	}
	return total, peak, at
}
