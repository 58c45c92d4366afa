package report

import (
	"bytes"
	"fmt"
	"io"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// seedReports adds, as seeds, the JSON of small reports of generated
// inputs (every part of the schema filled: codes, unknowns, both
// timelines, a failed input), a Named report's, and hand-made edge cases.
func seedReports(f *testing.F) {
	c := genCorpus(f, 6, 9)
	for _, idx := range [][]int{{}, {0}, {1, 2}, {0, 1, 2, 3, 4, 5}} {
		r := oneRun(f, c, idx, 3)
		if len(idx) == 2 {
			r.Failed("gone.log", fmt.Errorf("no such file or directory"))
		}
		f.Add([]byte(jsonOf(f, r)))
	}
	// A Named report (codewatch-report/2): codes with catalogs, an
	// ambiguous value, a negative unknown.
	f.Add([]byte(jsonOf(f, namedReport(f))))
	for _, s := range []string{
		"", "{}", "null", "[]", `{"format":"codewatch-report/1"}`, `{"format":"codewatch-report/2"}`,
		`{"format":"codewatch-report/2","totals":{"ambiguous":1},"ambiguous":[{"value":-5,"candidates":[{"catalog":"a","name":"ERR_A","severity":"error","description":"d"},{"catalog":"a","name":"ERR_A","severity":"info","description":""}],"count":1,"first":{"file":"f","line":1}}],"inputs":[],"totals":{"inputs":0}}`,
		`{"format":"codewatch-report/1","totals":{"inputs":1,"lines":-9223372036854775808},"inputs":[{"name":"a","lines":-9223372036854775808}]}`,
		`{"format":"codewatch-report/1","unknown":[{"text":"<script>alert(1)</script>","by":"name","count":1,"first":{"file":"=cmd|' /C calc'!A0","line":1}}]}`,
		`{"format":"codewatch-report/1","timeline":{"dated":[{"minute":"0001-01-01T00:00Z","counts":{"error":1}},{"minute":"9999-12-31T23:59Z","counts":{"error":1}}],"clock":[{"minute":"+1:05","counts":{}}]}}`,
	} {
		f.Add([]byte(s))
	}
}

// FuzzReadJSON holds the report reader (what merge and --baseline read) to
// its promises on any bytes: it never panics; a report it accepts renders
// in every format, writes back as JSON that reads again into a report that
// writes the very same bytes, and merging it with an empty report, either
// way round, changes nothing. What it refuses, it refuses whole.
func FuzzReadJSON(f *testing.F) {
	seedReports(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := ReadJSON(bytes.NewReader(data))
		if err != nil {
			if r != nil {
				t.Fatalf("refused (%v), but a report came back", err)
			}
			return
		}
		first := jsonOf(t, r)
		back, err := ReadJSON(bytes.NewReader([]byte(first)))
		if err != nil {
			t.Fatalf("written back, refused: %v\n%s", err, first)
		}
		if second := jsonOf(t, back); second != first {
			t.Fatalf("read, written, read and written again differs: (-first +second)\n%s", cmp.Diff(first, second))
		}

		// The empty report is the identity of merge.
		left := New("")
		left.Merge(back)
		if got := jsonOf(t, left); got != first {
			t.Fatalf("empty + report differs from the report: (-report +merged)\n%s", cmp.Diff(first, got))
		}
		right, _ := ReadJSON(bytes.NewReader([]byte(first)))
		right.Merge(New(""))
		if got := jsonOf(t, right); got != first {
			t.Fatalf("report + empty differs from the report: (-report +merged)\n%s", cmp.Diff(first, got))
		}

		// Every renderer takes it, with a baseline (itself) and without.
		renderAll(t, back)
		back.Compare(right, "base.json")
		renderAll(t, back)
	})
}

func renderAll(t *testing.T, r *Report) {
	t.Helper()
	for name, write := range map[string]func(io.Writer) error{
		"table": r.WriteTable, "csv": r.WriteCSV, "markdown": r.WriteMarkdown, "html": r.WriteHTML, "json": r.WriteJSON,
	} {
		if err := write(io.Discard); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
}
