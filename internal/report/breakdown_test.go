package report

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestBreakdownMerges: the breakdown of a merge of labelled JSON reports
// is that of one run, by input and by label, and its groups add up to the
// totals; the groups come in their total order.
func TestBreakdownMerges(t *testing.T) {
	c := genCorpus(t, 12, 7)
	labels := []string{"host-b:", "host-a:", "host-b:", ""}
	var parts []*Report
	one := New("")
	for p := range 4 {
		var idx []int
		for i := p; i < len(c.names); i += 4 {
			idx = append(idx, i)
		}
		r := oneRun(t, c, idx, MaxUnknown)
		for _, in := range r.Inputs {
			in.Label = labels[p]
		}
		parts = append(parts, roundTrip(t, r))
		one.Merge(r)
	}
	sum := merged(parts...)
	for _, by := range []string{ByInput, ByLabel} {
		sum.By, one.By = by, by
		got, want := sum.Breakdown(), one.Breakdown()
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("by %s: merged (-one run +merged):\n%s", by, diff)
		}
		var occ, lines int64
		var inputs int
		for i, g := range got {
			occ += g.Occurrences
			lines += g.Lines
			inputs += g.Inputs
			if i > 0 && (g.Occurrences > got[i-1].Occurrences || g.Occurrences == got[i-1].Occurrences && g.Name <= got[i-1].Name) {
				t.Errorf("by %s: %q (%d) after %q (%d)", by, g.Name, g.Occurrences, got[i-1].Name, got[i-1].Occurrences)
			}
		}
		if occ != sum.Totals.Occurrences || lines != sum.Totals.Lines || inputs != sum.Totals.Inputs {
			t.Errorf("by %s: groups add up to %d occurrences, %d lines, %d inputs; totals %+v", by, occ, lines, inputs, sum.Totals)
		}
	}
	if n := len(sum.Breakdown()); n != 3 {
		t.Errorf("%d labels, want 3 (host-a:, host-b:, none)", n)
	}
	sum.By = ""
	if g := sum.Breakdown(); g != nil {
		t.Errorf("no breakdown asked, got %v", g)
	}
}
