package report

import (
	"bytes"
	"fmt"
	"runtime"
	"testing"

	"github.com/codewatch/codewatch/internal/catalog"
	"github.com/codewatch/codewatch/internal/scan"
)

// TestReadJSONMemory: reading a JSON report back (merge, --baseline)
// allocates at most 5 times the report's size: a report of 20,000 inputs
// (5 MB) cost 7.2 times its size, the decoder holding the whole document,
// its buffer doubling on the way to it (issue 14, Low 13: "a JSON report
// costs 5.7–7.5× its size in memory"); streamed, 4.6 times (4.2 before
// each input kept its label and place among failed inputs) — the rest is
// the decoded elements (a map of severities each) and the report made of
// them. What it reads is what was written.
func TestReadJSONMemory(t *testing.T) {
	rd := scan.NewReader(scan.NewMatcher(catalog.Default(), true), scan.Options{Body: scan.BodyNone})
	big := New("")
	for i := range 20000 {
		c := big.Count(fmt.Sprintf("logs/d%02d/f%05d.log", i%20, i))
		text := fmt.Sprintf("2026-03-01T10:%02d:00Z join failed, code: 101 ERR_X_%d_UNKNOWN K_UID_BANNED\n", i%60, i%500)
		st, err := rd.Scan(bytes.NewReader([]byte(text)), c)
		if err != nil {
			t.Fatal(err)
		}
		c.Done(st, nil)
	}
	text := jsonOf(t, big)
	in := bytes.NewReader([]byte(text))
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	rep, err := ReadJSON(in)
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	alloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("a report of %d bytes: %d allocated reading it (%.1f×)", len(text), alloc, float64(alloc)/float64(len(text)))
	if float64(alloc) > 5*float64(len(text)) {
		t.Errorf("reading a report of %d bytes allocated %d (%.1f×), want at most 5×", len(text), alloc, float64(alloc)/float64(len(text)))
	}
	if got := jsonOf(t, rep); got != text {
		t.Error("the report read back is not the one written")
	}
}
