package report

import (
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestMergeOverflow: two valid reports whose sums do not fit an int64 are
// refused by MergeChecked with the sum named, and the report merged into
// is left as it was; reports that fit merge as Merge does.
func TestMergeOverflow(t *testing.T) {
	const big = math.MaxInt64/2 + 1
	text := "2026-03-01T10:00:00Z join failed, code: 101\n10:00:01 ERR_NOT_IN_CATALOG\n"
	for _, tc := range []struct {
		name string
		grow func(r *Report) // makes r's counts big, keeping it valid
		err  string
	}{
		{"fits", func(r *Report) {}, ""},
		{"lines", func(r *Report) { r.Totals.Lines, r.Inputs[0].Lines = big, big }, "merge: lines: 4611686018427387904 + 4611686018427387904 does not fit an int64"},
		{"bytes", func(r *Report) { r.Totals.Bytes, r.Inputs[0].Bytes = big, big }, "merge: bytes: "},
		{"occurrences", func(r *Report) {
			r.Totals.Occurrences, r.Inputs[0].Occurrences, r.Codes[0].Count = big, big, big
			r.Totals.BySeverity[r.Codes[0].Severity] = big
		}, "merge: occurrences: "},
		{"one code", func(r *Report) { r.Codes[0].Count = big }, "merge: ERR_INVALID_VENDOR_KEY: "},
		{"one severity", func(r *Report) { r.Totals.BySeverity[r.Codes[0].Severity] = big }, "merge: occurrences of severity error: "},
		{"unknown", func(r *Report) { r.Totals.Unknown, r.Inputs[0].Unknown = big, big }, "merge: unknown codes: "},
		{"one unknown", func(r *Report) {
			for _, u := range r.unknown {
				u.Count = big
			}
		}, "merge: unknown ERR_NOT_IN_CATALOG: "},
		{"timeline", func(r *Report) {
			for _, c := range r.Timeline.Dated {
				c[r.Codes[0].Severity] = big
			}
		}, "merge: timeline error: "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, b := New(""), New("")
			count(t, a, "a.log", text)
			count(t, b, "b.log", text)
			tc.grow(a)
			tc.grow(b)
			before := jsonOf(t, a)
			want := New("")
			want.Merge(a)
			want.Merge(b)
			err := a.MergeChecked(b)
			if tc.err == "" {
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(jsonOf(t, want), jsonOf(t, a)); diff != "" {
					t.Errorf("MergeChecked differs from Merge (-want +got):\n%s", diff)
				}
				return
			}
			if err == nil || !strings.HasPrefix(err.Error(), tc.err) {
				t.Fatalf("error %v, want %q…", err, tc.err)
			}
			if diff := cmp.Diff(before, jsonOf(t, a)); diff != "" {
				t.Errorf("a refused merge changed the report (-before +after):\n%s", diff)
			}
		})
	}
}
