package report

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/codewatch/codewatch/internal/catalog"
	"github.com/codewatch/codewatch/internal/scan"
	"github.com/codewatch/codewatch/internal/testgen"
)

// corpus is a set of generated inputs: name and contents.
type corpus struct {
	names []string
	data  [][]byte
}

func genCorpus(t testing.TB, n int, seed int64) *corpus {
	t.Helper()
	c := &corpus{}
	for i := range n {
		var b bytes.Buffer
		cfg := testgen.Config{Seed: seed*1000 + int64(i), Lines: 50 + i*37%200, CodeRate: 0.3, TrapRate: 0.1}
		if _, _, err := testgen.Write(&b, cfg, nil); err != nil {
			t.Fatal(err)
		}
		// Some inputs end without a newline, some are empty.
		data := b.Bytes()
		switch i % 7 {
		case 3:
			data = bytes.TrimSuffix(data, []byte("\n"))
		case 5:
			data = nil
		}
		c.names = append(c.names, fmt.Sprintf("host%d/app.log.%d", i%3, i))
		c.data = append(c.data, data)
	}
	return c
}

// oneRun counts the inputs idx, in that order, into one report, as a single
// run of codewatch report does.
func oneRun(t testing.TB, c *corpus, idx []int, maxUnknown int) *Report {
	t.Helper()
	cat := catalog.Default()
	rd := scan.NewReader(scan.NewMatcher(cat, true), scan.Options{Body: scan.BodyNone, BufSize: scan.MinBufSize})
	r := New(catalog.DefaultName)
	r.maxUnknown = maxUnknown
	for _, i := range idx {
		cn := r.Count(c.names[i])
		st, err := rd.Scan(bytes.NewReader(c.data[i]), cn)
		if err != nil {
			t.Fatal(err)
		}
		cn.Done(st, nil)
	}
	return r
}

func jsonOf(t testing.TB, r *Report) string {
	t.Helper()
	var b bytes.Buffer
	if err := r.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// roundTrip writes r as JSON and reads it back, as merge does.
func roundTrip(t testing.TB, r *Report) *Report {
	t.Helper()
	back, err := ReadJSON(strings.NewReader(jsonOf(t, r)))
	if err != nil {
		t.Fatal(err)
	}
	return back
}

func merged(rs ...*Report) *Report {
	out := New("")
	for _, r := range rs {
		out.Merge(r)
	}
	return out
}

// TestMergeEqualsOneRun is the property that makes reports mergeable
// across machines: for random splits of a set of inputs into parts, the
// merge of the parts' JSON reports is byte for byte the JSON report of all
// the inputs read in one run (in the order of the parts).
func TestMergeEqualsOneRun(t *testing.T) {
	c := genCorpus(t, 24, 1)
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := range 30 {
		idx := rng.Perm(len(c.names))
		parts := 1 + rng.IntN(5)
		cuts := []int{0}
		for range parts - 1 {
			cuts = append(cuts, rng.IntN(len(idx)+1))
		}
		cuts = append(cuts, len(idx))
		slices.Sort(cuts)
		var reps []*Report
		for p := range len(cuts) - 1 {
			reps = append(reps, roundTrip(t, oneRun(t, c, idx[cuts[p]:cuts[p+1]], MaxUnknown)))
		}
		want := jsonOf(t, oneRun(t, c, idx, MaxUnknown))
		if got := jsonOf(t, merged(reps...)); got != want {
			t.Fatalf("trial %d, cuts %v: merge differs from one run:\n%s", trial, cuts, cmp.Diff(want, got))
		}
	}
}

// TestMergeUnknownCap: with more distinct unknown codes than a report
// keeps, merging still gives what one run gives: the least keys, with
// exact counts.
func TestMergeUnknownCap(t *testing.T) {
	c := genCorpus(t, 16, 2)
	rng := rand.New(rand.NewPCG(5, 6))
	for _, limit := range []int{1, 2, 3, 5} {
		for trial := range 20 {
			idx := rng.Perm(len(c.names))
			cut := rng.IntN(len(idx) + 1)
			a, b := oneRun(t, c, idx[:cut], limit), oneRun(t, c, idx[cut:], limit)
			out := New("")
			out.maxUnknown = limit
			out.Merge(a)
			out.Merge(b)
			want := oneRun(t, c, idx, limit)
			if len(want.unknown) != limit {
				t.Fatalf("limit %d: the corpus has only %d distinct unknowns", limit, len(want.unknown))
			}
			if diff := cmp.Diff(jsonOf(t, want), jsonOf(t, out)); diff != "" {
				t.Fatalf("limit %d trial %d: (-one run +merged)\n%s", limit, trial, diff)
			}
		}
	}
}

// TestMergeLaws: merge is associative, and commutative but for the order
// of the inputs list (which follows the order of the reports merged).
func TestMergeLaws(t *testing.T) {
	c := genCorpus(t, 12, 3)
	rng := rand.New(rand.NewPCG(7, 8))
	for trial := range 20 {
		idx := rng.Perm(len(c.names))
		i, j := rng.IntN(len(idx)+1), rng.IntN(len(idx)+1)
		i, j = min(i, j), max(i, j)
		a := roundTrip(t, oneRun(t, c, idx[:i], MaxUnknown))
		b := roundTrip(t, oneRun(t, c, idx[i:j], MaxUnknown))
		cc := roundTrip(t, oneRun(t, c, idx[j:], MaxUnknown))
		left := jsonOf(t, merged(merged(a, b), cc))
		right := jsonOf(t, merged(a, merged(b, cc)))
		if left != right {
			t.Fatalf("trial %d: not associative:\n%s", trial, cmp.Diff(left, right))
		}
		ab, ba := merged(a, b), merged(b, a)
		for _, r := range []*Report{ab, ba} {
			slices.SortFunc(r.Inputs, func(x, y *Input) int { return strings.Compare(x.Name, y.Name) })
		}
		if diff := cmp.Diff(jsonOf(t, ab), jsonOf(t, ba)); diff != "" {
			t.Fatalf("trial %d: not commutative (inputs aside): (-ab +ba)\n%s", trial, diff)
		}
		// The empty report is the identity.
		if got, want := jsonOf(t, merged(New(catalog.DefaultName), a)), jsonOf(t, a); got != want {
			t.Fatalf("trial %d: merging into an empty report changes it:\n%s", trial, cmp.Diff(want, got))
		}
	}
}

// TestJSONRoundTrip: a report read back writes the same bytes.
func TestJSONRoundTrip(t *testing.T) {
	c := genCorpus(t, 8, 4)
	r := oneRun(t, c, []int{0, 1, 2, 3, 4, 5, 6, 7}, MaxUnknown)
	r.Failed("gone.log", fmt.Errorf("no such file or directory"))
	want := jsonOf(t, r)
	if got := jsonOf(t, roundTrip(t, r)); got != want {
		t.Fatal(cmp.Diff(want, got))
	}
	if r.Totals.Occurrences == 0 || len(r.Timeline.Dated) == 0 || len(r.Timeline.Clock) == 0 || len(r.Unknown) == 0 {
		t.Fatalf("the corpus should exercise everything: %d occurrences, %d dated and %d clock minutes, %d unknowns",
			r.Totals.Occurrences, len(r.Timeline.Dated), len(r.Timeline.Clock), len(r.Unknown))
	}
}
