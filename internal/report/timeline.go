package report

import (
	"maps"
	"slices"

	"github.com/codewatch/codewatch/internal/catalog"
	"github.com/codewatch/codewatch/internal/scan"
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

func (t *Timeline) add(tm scan.Time, s catalog.Severity, n int64) {
	switch tm.Kind {
	case scan.Local, scan.Zoned:
		if t.Dated == nil {
			t.Dated = map[int64]*Counts{}
		}
		bump(t.Dated, floorDiv(tm.T.Unix(), 60), s, n)
	case scan.Clock:
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
