package report

import (
	"strconv"
	"testing"
)

// TestTimeTicks: a timeline's time labels start at its first bucket and
// end at its last, go forward, and leave room between them, whatever the
// number of buckets (the browser test measures the drawn ones).
func TestTimeTicks(t *testing.T) {
	for _, s := range sampleReports(t) {
		for _, asked := range []int64{0, 1, 15, 60, 1440} {
			dated, clock := s.r.Timeline.Views(asked)
			for _, v := range []View{dated, clock} {
				if len(v.Buckets) == 0 {
					continue
				}
				tl := timelineChart(v)
				ticks := tl.Ticks
				labelW := tickChar * float64(len(v.Label(v.Buckets[0].Start)))
				name := s.name + "/" + v.Span()
				if ticks[0].Start != v.Stamp(v.Buckets[0].Start) || len(v.Buckets) > 1 && ticks[len(ticks)-1].Start != v.Stamp(v.Buckets[len(v.Buckets)-1].Start) {
					t.Errorf("%s: labels from %s to %s", name, ticks[0].Start, ticks[len(ticks)-1].Start)
				}
				if len(v.Buckets) > 1 && len(ticks) < 2 {
					t.Errorf("%s: %d labels", name, len(ticks))
				}
				prev := -1e9
				for _, tick := range ticks {
					x, _ := strconv.ParseFloat(tick.TextX, 64)
					if x-labelW/2 < labelWidth || x+labelW/2 > chartWidth || x-prev < labelW+tickGap {
						t.Errorf("%s: label %s centred at %v, after one at %v", name, tick.Label, x, prev)
					}
					prev = x
				}
			}
		}
	}
}
