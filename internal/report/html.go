package report

import (
	"bufio"
	"fmt"
	"html/template"
	"io"

	"github.com/codewatch/codewatch/internal/catalog"
	"github.com/codewatch/codewatch/internal/scan"
	"github.com/codewatch/codewatch/internal/timestamp"
	"github.com/codewatch/codewatch/internal/visible"
)

// WriteHTML writes the report as one self-contained HTML page: inline CSS
// and inline SVG charts (codes by count; the timeline per severity), no
// script, nothing fetched. Every string from a log, a file name or a
// catalog goes through html/template, and the page's Content Security
// Policy allows no script and no network at all.
//
// Chart elements carry their numbers as data- attributes (data-code and
// data-count on each code's bar, data-severity, data-start and data-count
// on each timeline bucket), so that tools and tests can read them back.
func (r *Report) WriteHTML(w io.Writer) error {
	r.Sort()
	// Bidirectional overrides in names would show the page's text
	// reordered (visible.BidiHTML).
	vw := visible.NewWriter(w, visible.BidiHTML)
	bw := bufio.NewWriter(vw)
	if err := htmlPage.Execute(bw, r.htmlData()); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return vw.Flush()
}

// The geometry of the charts, in SVG user units (pixels).
const (
	chartWidth = 960
	labelWidth = 300
	countWidth = 90
	barHeight  = 18
	barGap     = 4
	rowHeight  = 64 // a timeline row: one severity
	rowGap     = 26
)

type htmlData struct {
	R         *Report
	Summary   string
	Failed    int
	Codes     []htmlCode
	Chart     htmlChart
	Timeline  []htmlTimeline
	Gone      []Change
	Severity  []htmlSeverity
	Unknown   []htmlUnknown
	Ambiguous []htmlAmbiguous
	By        *htmlBreakdown
}

type htmlAmbiguous struct {
	*Ambiguous
	First htmlPlace
}

type htmlCode struct {
	*Code
	SDK    string // the catalog's short id, in a Named report
	Share  string
	Change string
	First  htmlPlace
	Last   htmlPlace
	Value  string
	Long   bool // a name too long to keep on one line
}

// htmlPlace is a place as the page shows it: the file and line, which may
// break where they must, and the time, which does not.
type htmlPlace struct {
	File string // "file:line"
	Time string
}

func toHTMLPlace(p Place) htmlPlace {
	hp := htmlPlace{File: fmt.Sprintf("%s:%d", p.File, p.Line)}
	if p.Time.Kind != timestamp.None {
		hp.Time = p.Time.String()
	}
	return hp
}

// longName is the length of a code name past which the page lets it
// break: longer than any in the default catalog.
const longName = 32

type htmlChart struct {
	Width, Height int
	Bars          []htmlBar
}

type htmlBar struct {
	Name     string
	Count    int64
	Severity string
	Y, W     int
	TextY    int
	CountX   int
	Label    string
}

type htmlTimeline struct {
	ID      string
	Title   string
	Width   int
	Height  int
	Rows    []htmlRow
	Ticks   []htmlTick
	Buckets int
}

// htmlTick is a time on the timeline's axis, under the last row: a mark
// at the start of a bucket and its label, centred on the mark but kept
// inside the bars' area.
type htmlTick struct {
	Start, Label string
	X, TextX     string
	Y1, Y2       int
	TextY        int
}

type htmlRow struct {
	Severity string
	Total    int64
	Peak     int64
	Y        int
	Base     int // the y of the baseline of the bars
	Rects    []htmlRect
}

type htmlRect struct {
	Start string
	Label string
	Count int64
	X, Y  string
	W, H  string
}

type htmlSeverity struct {
	Name  string
	Count int64
}

type htmlUnknown struct {
	Text  string
	Count int64
	First htmlPlace
}

func (r *Report) htmlData() *htmlData {
	t := &r.Totals
	d := &htmlData{R: r, Failed: t.InputsFailed, By: r.htmlBreakdown()}
	d.Summary = t.summary()
	var top int64 = 1
	for _, c := range r.Codes {
		top = max(top, c.Count)
	}
	barArea := chartWidth - labelWidth - countWidth
	for i, c := range r.Codes {
		hc := htmlCode{Code: c, Share: fmt.Sprintf("%.1f%%", 100*float64(c.Count)/float64(max(t.Occurrences, 1))),
			First: toHTMLPlace(c.First), Last: toHTMLPlace(c.Last), Value: value(c), Long: len(c.Name) > longName,
			SDK: catalog.ShortID(c.Catalog)}
		if ch := r.change(c); ch != nil {
			hc.Change = ch.ChangeString()
		}
		d.Codes = append(d.Codes, hc)
		y := i * (barHeight + barGap)
		w := max(1, int(float64(barArea)*float64(c.Count)/float64(top)+0.5))
		d.Chart.Bars = append(d.Chart.Bars, htmlBar{Name: c.Name, Count: c.Count, Severity: c.Severity.String(),
			Y: y, W: w, TextY: y + barHeight - 5, CountX: labelWidth + w + 6, Label: thousands(c.Count)})
	}
	d.Chart.Width = chartWidth
	d.Chart.Height = max(1, len(r.Codes)*(barHeight+barGap))
	if r.Baseline != nil {
		d.Gone = r.Baseline.Gone()
	}
	for s := catalog.Critical; s >= catalog.Info; s-- {
		if n := t.BySeverity[s]; n > 0 {
			d.Severity = append(d.Severity, htmlSeverity{Name: s.String(), Count: n})
		}
	}
	for _, a := range r.Ambiguous {
		d.Ambiguous = append(d.Ambiguous, htmlAmbiguous{Ambiguous: a, First: toHTMLPlace(a.First)})
	}
	for _, u := range r.Unknown {
		text := u.Text
		if u.By == scan.ByValue {
			text = "code " + text
		}
		d.Unknown = append(d.Unknown, htmlUnknown{Text: text, Count: u.Count, First: toHTMLPlace(u.First)})
	}
	dated, clock := r.Timeline.Views(r.Bucket)
	for _, v := range []View{dated, clock} {
		if len(v.Buckets) == 0 {
			continue
		}
		d.Timeline = append(d.Timeline, timelineChart(v))
	}
	return d
}

// timelineChart lays out a view as one row of bars per severity, each row
// scaled to its own busiest bucket.
func timelineChart(v View) htmlTimeline {
	tl := htmlTimeline{ID: "timeline-clock", Width: chartWidth, Buckets: len(v.Buckets)}
	if v.Dated {
		tl.ID = "timeline-dated"
		tl.Title = "Timeline (UTC): " + v.Span()
	} else {
		tl.Title = "Timeline by time of day (lines without a date): " + v.Span()
	}
	step := float64(chartWidth-labelWidth) / float64(len(v.Buckets))
	for _, s := range v.severities() {
		row := htmlRow{Severity: s.String(), Y: len(tl.Rows) * (rowHeight + rowGap)}
		row.Base = row.Y + rowHeight
		for _, b := range v.Buckets {
			row.Total += b.Counts[s]
			row.Peak = max(row.Peak, b.Counts[s])
		}
		for i, b := range v.Buckets {
			n := b.Counts[s]
			if n == 0 {
				continue
			}
			h := max(1, float64(rowHeight-14)*float64(n)/float64(row.Peak))
			row.Rects = append(row.Rects, htmlRect{Start: v.Stamp(b.Start), Label: v.Label(b.Start), Count: n,
				X: fmt.Sprintf("%.2f", labelWidth+float64(i)*step), Y: fmt.Sprintf("%.2f", float64(row.Base)-h),
				W: fmt.Sprintf("%.2f", max(step-1, 0.5)), H: fmt.Sprintf("%.2f", h)})
		}
		tl.Rows = append(tl.Rows, row)
	}
	tl.Height = max(1, len(tl.Rows)*(rowHeight+rowGap))
	if len(tl.Rows) > 0 {
		tl.Ticks = timeTicks(v, tl.Rows[len(tl.Rows)-1].Base, step)
	}
	return tl
}

// tickChar is the width of a character of the ticks' 12px monospace font,
// a little over what browsers draw (about 7.2 px), and tickGap the least
// room between two labels.
const (
	tickChar = 7.5
	tickGap  = 24
)

// timeTicks are the marks on the time axis of a view whose bars stand on
// base, step wide: the first bucket's start and the last's, and between
// them the buckets that start on a round time (a multiple of the finest
// usual width whose marks leave room for their labels). A label is
// centred on its mark, but kept inside the bars' area.
func timeTicks(v View, base int, step float64) []htmlTick {
	n := len(v.Buckets)
	labelW := tickChar * float64(len(v.Label(v.Buckets[0].Start)))
	room := labelW + tickGap
	center := func(i int) float64 {
		return min(max(labelWidth+float64(i)*step, labelWidth+labelW/2), chartWidth-labelW/2)
	}
	var round []int
	for k := int64(1); ; k++ {
		every := k * widths[len(widths)-1]
		if k == 1 {
			every = 0
			for _, w := range widths {
				if w%v.Width == 0 && float64(w/v.Width)*step >= room {
					every = w
					break
				}
			}
			if every == 0 {
				continue
			}
		} else if every%v.Width != 0 || float64(every/v.Width)*step < room {
			continue
		}
		for i, b := range v.Buckets {
			if b.Start%every == 0 {
				round = append(round, i)
			}
		}
		break
	}
	at := []int{0}
	for _, i := range round {
		if center(i)-center(at[len(at)-1]) >= room && center(n-1)-center(i) >= room {
			at = append(at, i)
		}
	}
	if n > 1 && center(n-1)-center(at[len(at)-1]) >= room {
		at = append(at, n-1)
	} else if n > 1 && len(at) > 1 {
		at[len(at)-1] = n - 1 // the end matters more than a round time beside it
	}
	ticks := make([]htmlTick, len(at))
	for j, i := range at {
		b := v.Buckets[i]
		ticks[j] = htmlTick{Start: v.Stamp(b.Start), Label: v.Label(b.Start), X: fmt.Sprintf("%.2f", labelWidth+float64(i)*step),
			TextX: fmt.Sprintf("%.2f", center(i)), Y1: base, Y2: base + 4, TextY: base + 17}
	}
	return ticks
}

var htmlPage = template.Must(template.New("report").Funcs(template.FuncMap{"thousands": thousands, "plural": plural, "shortID": catalog.ShortID, "int64": func(n int) int64 { return int64(n) }}).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="codewatch">
<title>codewatch report</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #1a1a1a; background: #fff; overflow-wrap: anywhere; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; }
table { border-collapse: collapse; margin: 0.5em 0; max-width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
th, td.n, td.sev { white-space: nowrap; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
#codes td.place { width: 19%; }
td code { white-space: nowrap; } td code.long { white-space: normal; }
#codes td.desc { width: 34%; }
code, .place { font-family: ui-monospace, monospace; font-size: 0.92em; }
svg { max-width: 100%; height: auto; display: block; }
svg.group-bar { display: inline-block; vertical-align: middle; }
svg text { font: 12px ui-monospace, monospace; fill: #1a1a1a; }
svg text.tick { fill: #555; }
.critical { fill: #6a1b9a; } .error { fill: #c62828; } .warning { fill: #ef8f00; } .info { fill: #1565c0; }
.sev-critical { color: #6a1b9a; } .sev-error { color: #c62828; } .sev-warning { color: #b36b00; } .sev-info { color: #1565c0; }
.axis { stroke: #999; stroke-width: 1; }
.failed { color: #c62828; }
</style>
</head>
<body>
<h1>codewatch report</h1>
<p id="summary">{{.Summary}}{{if .Failed}}, <span class="failed">{{.Failed}} failed</span>{{end}}; catalog <code>{{.R.Catalog}}</code>.</p>
{{with .R.Baseline}}<p id="baseline">Against the baseline <code>{{.Name}}</code>: {{plural .Occurrences "occurrence"}} then.</p>{{end}}
{{if .Severity}}<p id="by-severity">By severity:{{range .Severity}} <span class="sev-{{.Name}}">{{.Name}} <b data-severity="{{.Name}}">{{.Count}}</b></span>{{end}}</p>{{end}}

{{with .By}}<h2>By {{.By}}</h2>
<table id="breakdown" data-by="{{.By}}"><thead><tr><th>{{.Title}}</th><th class="n">Inputs</th><th class="n">Count</th><th class="n">Share</th><th>By severity</th>{{range .Severities}}<th class="n sev-{{.}}">{{.}}</th>{{end}}<th class="n">Unknown</th><th class="n">Lines</th><th class="n">Failed</th></tr></thead><tbody>
{{range .Groups}}<tr class="group" data-name="{{.Name}}" data-count="{{.Occurrences}}"><td class="place">{{.Label}}</td><td class="n">{{thousands (int64 .Inputs)}}</td><td class="n">{{thousands .Occurrences}}</td><td class="n">{{.Share}}</td><td><svg class="group-bar" xmlns="http://www.w3.org/2000/svg" width="160" height="12" viewBox="0 0 160 12" role="img" aria-label="{{.Label}}: {{.Occurrences}}">{{range .Segments}}<rect class="{{.Severity}}" data-severity="{{.Severity}}" data-count="{{.Count}}" x="{{.X}}" y="0" width="{{.W}}" height="12"><title>{{.Severity}}: {{.Count}}</title></rect>{{end}}</svg></td>{{range .Counts}}<td class="n">{{thousands .}}</td>{{end}}<td class="n">{{thousands .Unknown}}</td><td class="n">{{thousands .Lines}}</td><td class="n{{if .Failed}} failed{{end}}">{{.Failed}}</td></tr>
{{end}}</tbody></table>
{{end}}
<h2>Codes by count</h2>
{{if .Codes}}<svg id="codes-chart" xmlns="http://www.w3.org/2000/svg" width="{{.Chart.Width}}" height="{{.Chart.Height}}" viewBox="0 0 {{.Chart.Width}} {{.Chart.Height}}" role="img" aria-label="codes by count">
{{range .Chart.Bars}}<g class="bar" data-code="{{.Name}}" data-count="{{.Count}}" data-severity="{{.Severity}}"><title>{{.Name}}: {{.Label}}</title><text x="0" y="{{.TextY}}">{{.Name}}</text><rect class="{{.Severity}}" x="300" y="{{.Y}}" width="{{.W}}" height="18"></rect><text x="{{.CountX}}" y="{{.TextY}}">{{.Label}}</text></g>
{{end}}</svg>
<table id="codes">
<thead><tr><th class="n">Count</th>{{if .R.Baseline}}<th class="n">Change</th>{{end}}<th class="n">Share</th><th>Severity</th>{{if .R.Named}}<th>SDK</th>{{end}}<th>Code</th><th class="n">Value</th><th>First seen</th><th>Last seen</th><th>Description</th></tr></thead>
<tbody>
{{range .Codes}}<tr><td class="n">{{thousands .Count}}</td>{{if $.R.Baseline}}<td class="n">{{.Change}}</td>{{end}}<td class="n">{{.Share}}</td><td class="sev sev-{{.Severity}}">{{.Severity}}</td>{{if $.R.Named}}<td class="sdk" data-catalog="{{.Catalog}}">{{.SDK}}</td>{{end}}<td><code{{if .Long}} class="long"{{end}}>{{.Name}}</code></td><td class="n">{{.Value}}</td>{{template "place" .First}}{{template "place" .Last}}<td class="desc">{{.Description}}{{if .Hint}}<br><small>{{.Hint}}</small>{{end}}</td></tr>
{{end}}</tbody>
</table>{{else}}<p>No codes were seen.</p>{{end}}
{{if .Gone}}<h3>Gone since the baseline</h3>
<table id="gone"><thead><tr>{{if .R.Named}}<th>SDK</th>{{end}}<th>Code</th><th>Severity</th><th class="n">Count then</th></tr></thead><tbody>
{{range .Gone}}<tr>{{if $.R.Named}}<td class="sdk" data-catalog="{{.Catalog}}">{{shortID .Catalog}}</td>{{end}}<td><code>{{.Name}}</code></td><td>{{.Severity}}</td><td class="n">{{thousands .Baseline}}</td></tr>
{{end}}</tbody></table>{{end}}
{{range .Timeline}}
<h2>{{.Title}}</h2>
<svg id="{{.ID}}" class="timeline" xmlns="http://www.w3.org/2000/svg" width="{{.Width}}" height="{{.Height}}" viewBox="0 0 {{.Width}} {{.Height}}" role="img" aria-label="{{.Title}}">
{{range .Rows}}{{$sev := .Severity}}<g class="series" data-severity="{{.Severity}}" data-total="{{.Total}}"><text x="0" y="{{.Y}}" dy="14">{{.Severity}}: {{thousands .Total}}</text><text x="0" y="{{.Y}}" dy="30">busiest bucket: {{thousands .Peak}}</text><line class="axis" x1="300" x2="960" y1="{{.Base}}" y2="{{.Base}}"></line>
{{range .Rects}}<rect class="bucket {{$sev}}" data-start="{{.Start}}" data-count="{{.Count}}" x="{{.X}}" y="{{.Y}}" width="{{.W}}" height="{{.H}}"><title>{{.Label}}: {{.Count}}</title></rect>
{{end}}</g>
{{end}}<g class="time-axis">
{{range .Ticks}}<line class="axis" x1="{{.X}}" x2="{{.X}}" y1="{{.Y1}}" y2="{{.Y2}}"></line><text class="tick" data-start="{{.Start}}" x="{{.TextX}}" y="{{.TextY}}" text-anchor="middle">{{.Label}}</text>
{{end}}</g>
</svg>
{{end}}
{{if .Ambiguous}}<h2>Ambiguous values</h2>
<p>No SDK known, and the SDKs' meanings differ: {{thousands .R.Totals.Ambiguous}} occurrences, not counted above.</p>
<table id="ambiguous"><thead><tr><th class="n">Count</th><th class="n">Value</th><th>First seen</th><th>Candidates</th></tr></thead><tbody>
{{range .Ambiguous}}<tr><td class="n">{{thousands .Count}}</td><td class="n">{{.Value}}</td>{{template "place" .First}}<td class="desc">{{range $i, $c := .Candidates}}{{if $i}}<br>{{end}}<span class="sdk" data-catalog="{{$c.Catalog}}">{{shortID $c.Catalog}}</span> <code>{{$c.Name}}</code>: {{$c.Description}}{{end}}</td></tr>
{{end}}</tbody></table>{{end}}
{{if .Unknown}}<h2>Unknown codes (not in the catalog)</h2>
<p>{{thousands .R.Totals.Unknown}} occurrences.</p>
<table id="unknown"><thead><tr><th class="n">Count</th><th>Code</th><th>First seen</th></tr></thead><tbody>
{{range .Unknown}}<tr><td class="n">{{thousands .Count}}</td><td><code class="long">{{.Text}}</code></td>{{template "place" .First}}</tr>
{{end}}</tbody></table>{{end}}
<h2>Inputs</h2>
<details{{if .Failed}} open{{end}}><summary>{{len .R.Inputs}} inputs{{if .Failed}}, {{.Failed}} could not be read whole{{end}}</summary>
<table id="inputs"><thead><tr><th>Input</th><th class="n">Lines</th><th class="n">Bytes</th><th class="n">Occurrences</th><th class="n">Unknown</th><th>Error</th></tr></thead><tbody>
{{range .R.Inputs}}<tr><td class="place">{{.Name}}</td><td class="n">{{thousands .Lines}}</td><td class="n">{{thousands .Bytes}}</td><td class="n">{{thousands .Occurrences}}</td><td class="n">{{thousands .Unknown}}</td><td class="failed">{{.Error}}</td></tr>
{{end}}</tbody></table>
</details>
</body>
</html>
{{define "place"}}<td class="place">{{.File}}{{with .Time}} <span class="time">{{.}}</span>{{end}}</td>{{end}}`))
