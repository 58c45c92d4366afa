package report

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/codewatch/codewatch/internal/catalog"
	"github.com/codewatch/codewatch/internal/timestamp"
)

// Timeline counts occurrences per minute and severity: Dated for lines with
// a date (by UTC minute; a date without a zone read as UTC), Clock for lines
// with only a time of day (by minute of the day). Minutes are the finest
// grain, so that reports merge exactly whatever bucket width they are shown
// with.
type Timeline struct {
	Dated map[int64]*Counts // Unix time / 60
	Clock map[int64]*Counts // minute of the day, 0..1439
}

func (t *Timeline) add(tm timestamp.Time, s catalog.Severity, n int64) {
	switch tm.Kind {
	case timestamp.Local, timestamp.Zoned:
		if t.Dated == nil {
			t.Dated = map[int64]*Counts{}
		}
		bump(t.Dated, floorDiv(tm.T.Unix(), 60), s, n)
	case timestamp.Clock:
		if t.Clock == nil {
			t.Clock = map[int64]*Counts{}
		}
		bump(t.Clock, tm.Ms/60000, s, n)
	}
}

func bump(m map[int64]*Counts, k int64, s catalog.Severity, n int64) {
	c := m[k]
	if c == nil {
		c = new(Counts)
		m[k] = c
	}
	c[s] += n
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}

func (t *Timeline) merge(o *Timeline) {
	for _, p := range []struct {
		dst *map[int64]*Counts
		src map[int64]*Counts
	}{{&t.Dated, o.Dated}, {&t.Clock, o.Clock}} {
		if len(p.src) == 0 {
			continue
		}
		if *p.dst == nil {
			*p.dst = map[int64]*Counts{}
		}
		for k, c := range p.src {
			d := (*p.dst)[k]
			if d == nil {
				d = new(Counts)
				(*p.dst)[k] = d
			}
			d.add(c)
		}
	}
}

// Bucket is a span of a timeline and its counts.
type Bucket struct {
	Start  int64 // minutes: Unix minutes for dated timelines, minute of the day for clock ones
	Counts Counts
}

// Buckets groups the minutes of m into buckets of width minutes, from the
// first minute with occurrences to the last, empty buckets included.
func Buckets(m map[int64]*Counts, width int64) []Bucket {
	if len(m) == 0 {
		return nil
	}
	keys := slices.Sorted(maps.Keys(m))
	lo := floorDiv(keys[0], width) * width
	hi := floorDiv(keys[len(keys)-1], width) * width
	out := make([]Bucket, (hi-lo)/width+1)
	for i := range out {
		out[i].Start = lo + int64(i)*width
	}
	for _, k := range keys {
		out[(floorDiv(k, width)*width-lo)/width].Counts.add(m[k])
	}
	return out
}

// widths are the bucket widths a timeline is shown with, in minutes.
var widths = []int64{1, 5, 10, 15, 30, 60, 180, 360, 720, 1440, 7 * 1440, 30 * 1440}

// Width chooses a bucket width for a span of minutes: the smallest of the
// usual widths that gives at most max buckets.
func Width(m map[int64]*Counts, max int64) int64 {
	if len(m) == 0 {
		return 1
	}
	keys := slices.Sorted(maps.Keys(m))
	span := keys[len(keys)-1] - keys[0] + 1
	for _, w := range widths {
		if span/w+1 <= max {
			return w
		}
	}
	return widths[len(widths)-1] * ((span/max)/widths[len(widths)-1] + 1)
}

// MaxBuckets is the most buckets an automatic width gives a timeline.
const MaxBuckets = 60

// MaxUserBuckets bounds the buckets of a view whatever width is asked for:
// a width too fine for the span is doubled until it fits.
const MaxUserBuckets = 10000

func minMax(m map[int64]*Counts) (lo, hi int64) {
	first := true
	for k := range m {
		if first || k < lo {
			lo = k
		}
		if first || k > hi {
			hi = k
		}
		first = false
	}
	return lo, hi
}

// View is one side of a timeline (dated or by time of day) grouped into
// buckets of one width, as the renderers show it.
type View struct {
	Dated   bool  // buckets start at Unix minutes (UTC), else at minutes of the day
	Width   int64 // minutes
	Buckets []Bucket
}

// Views returns the dated and the time-of-day views of the timeline, with
// buckets of width minutes, or with a width chosen from each one's span
// when width is 0. A view without occurrences has no buckets.
func (t *Timeline) Views(width int64) (dated, clock View) {
	view := func(m map[int64]*Counts, isDated bool) View {
		w := width
		if w <= 0 {
			w = Width(m, MaxBuckets)
		}
		if !isDated {
			w = min(w, 1440)
		}
		if len(m) > 0 {
			lo, hi := minMax(m)
			for (hi-lo)/w+1 > MaxUserBuckets {
				w *= 2
			}
		}
		return View{Dated: isDated, Width: w, Buckets: Buckets(m, w)}
	}
	return view(t.Dated, true), view(t.Clock, false)
}

// fit returns v with at most cells buckets: v itself when it has no
// more, else the view of the same minutes in wider buckets. When no width
// was asked for (asked is 0) the new width is the finest of the usual
// widths (1m … 30d, then multiples of 30d) that fits; when one was, a
// multiple of it, so that each new bucket is whole buckets of the width
// asked for: the finest usual width that is a multiple, unless the finest
// multiple that fits is less than half of it. By time of day a bucket is
// at most a day.
func (t *Timeline) fit(v View, cells int, asked int64) View {
	if len(v.Buckets) <= cells {
		return v
	}
	m := t.Clock
	if v.Dated {
		m = t.Dated
	}
	lo, hi := minMax(m)
	limit := 2 * (hi - lo + 1) // wide enough for one or two buckets: where the loops below end
	fits := func(w int64) bool {
		return !v.Dated && w >= 1440 || floorDiv(hi, w)-floorDiv(lo, w)+1 <= int64(cells) || w > limit
	}
	view := func(w int64) View {
		if !v.Dated {
			w = min(w, 1440)
		}
		return View{Dated: v.Dated, Width: w, Buckets: Buckets(m, w)}
	}
	usual := func(yield func(int64) bool) {
		for _, w := range widths {
			if !yield(w) {
				return
			}
		}
		for k := int64(2); ; k++ {
			if !yield(k * widths[len(widths)-1]) {
				return
			}
		}
	}
	if asked <= 0 {
		for w := range usual {
			if w > v.Width && fits(w) {
				return view(w)
			}
		}
	}
	k := max(v.Width/asked+1, (hi-lo+1)/asked/int64(max(cells, 1)))
	for !fits(k * asked) {
		k++
	}
	best := k * asked
	for w := range usual {
		if w > 2*best {
			break
		}
		if w > v.Width && w%asked == 0 && fits(w) {
			best = w
			break
		}
	}
	return view(best)
}

// Label names the bucket that starts at minute start: "2026-03-01 10:05"
// (UTC; the date alone for buckets of whole days) for dated views, "10:05"
// for views by time of day.
func (v View) Label(start int64) string {
	if !v.Dated {
		return fmt.Sprintf("%02d:%02d", start/60%24, start%60)
	}
	tm := time.Unix(start*60, 0).UTC()
	if v.Width%1440 == 0 {
		return tm.Format("2006-01-02")
	}
	return tm.Format("2006-01-02 15:04")
}

// Span says the view's width and extent: "5m buckets from 2026-03-01 10:00
// to 11:55", "one 1m bucket at 10:05".
func (v View) Span() string { return v.span("") }

// span is Span with a note after the width: "31 30d buckets (merged from
// 1h) from 2023-08-21 to 2026-02-06".
func (v View) span(note string) string {
	if len(v.Buckets) == 0 {
		return "no buckets"
	}
	if note != "" {
		note = " (" + note + ")"
	}
	first, last := v.Label(v.Buckets[0].Start), v.Label(v.Buckets[len(v.Buckets)-1].Start)
	if len(v.Buckets) == 1 {
		return fmt.Sprintf("one %s bucket%s at %s", WidthString(v.Width), note, first)
	}
	if day, _, ok := strings.Cut(first, " "); ok && strings.HasPrefix(last, day+" ") {
		last = strings.TrimPrefix(last, day+" ")
	}
	return fmt.Sprintf("%d %s buckets%s from %s to %s", len(v.Buckets), WidthString(v.Width), note, first, last)
}

// Stamp names the bucket that starts at minute start in the minute form of
// the JSON timeline: "2026-03-01T10:05Z", or "10:05".
func (v View) Stamp(start int64) string {
	if !v.Dated {
		return fmt.Sprintf("%02d:%02d", start/60%24, start%60)
	}
	return time.Unix(start*60, 0).UTC().Format("2006-01-02T15:04Z")
}

// WidthString says a width in minutes the way --bucket takes it: "5m",
// "2h", "1d".
func WidthString(w int64) string {
	switch {
	case w%1440 == 0:
		return fmt.Sprintf("%dd", w/1440)
	case w%60 == 0:
		return fmt.Sprintf("%dh", w/60)
	}
	return fmt.Sprintf("%dm", w)
}

// ParseWidth reads a bucket width: a whole number of minutes written as
// Go durations are ("90s" is not whole; "5m", "1h30m", "2h"), or days
// ("1d", "7d").
func ParseWidth(s string) (int64, error) {
	var d time.Duration
	if n, ok := strings.CutSuffix(s, "d"); ok {
		days, err := strconv.ParseInt(n, 10, 64)
		if err != nil || days <= 0 || days > 3660 {
			return 0, fmt.Errorf("bad width %q", s)
		}
		return days * 1440, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("bad width %q: want minutes, hours or days (1m, 15m, 1h, 1d)", s)
	}
	if d <= 0 || d%time.Minute != 0 {
		return 0, fmt.Errorf("bad width %q: want a whole number of minutes (1m, 15m, 1h, 1d)", s)
	}
	if d > 3660*24*time.Hour {
		return 0, fmt.Errorf("bad width %q: at most 3660d", s)
	}
	return int64(d / time.Minute), nil
}

// Sparkline draws counts as a line of block characters, one per count,
// scaled to the largest; a zero is a space.
func Sparkline(counts []int64) string {
	const ticks = "▁▂▃▄▅▆▇█"
	tick := []rune(ticks)
	var top int64
	for _, c := range counts {
		top = max(top, c)
	}
	var b strings.Builder
	for _, c := range counts {
		if c == 0 {
			b.WriteByte(' ')
			continue
		}
		i := int((c*int64(len(tick)) - 1) / top)
		b.WriteRune(tick[min(i, len(tick)-1)])
	}
	return b.String()
}
