package report

import (
	"bytes"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/codewatch/codewatch/internal/catalog"
	"github.com/codewatch/codewatch/internal/scan"
)

// count reads text as one input named name into r.
func count(t *testing.T, r *Report, name, text string) {
	t.Helper()
	cat := catalog.Default()
	rd := scan.NewReader(scan.NewMatcher(cat, true), scan.Options{Body: scan.BodyNone})
	c := r.Count(name)
	st, err := rd.Scan(strings.NewReader(text), c)
	if err != nil {
		t.Fatal(err)
	}
	c.Done(st, nil)
}

func TestParseWidth(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		err  bool
	}{
		{"1m", 1, false}, {"15m", 15, false}, {"1h", 60, false}, {"1h30m", 90, false}, {"1d", 1440, false},
		{"7d", 7 * 1440, false}, {"90s", 0, true}, {"30s", 0, true}, {"0m", 0, true}, {"-5m", 0, true},
		{"m", 0, true}, {"", 0, true}, {"1.5d", 0, true}, {"5", 0, true}, {"100000d", 0, true},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseWidth(tc.in)
			if (err != nil) != tc.err || got != tc.want {
				t.Errorf("ParseWidth(%q) = %d, %v; want %d, error %v", tc.in, got, err, tc.want, tc.err)
			}
			if err == nil {
				if back, _ := ParseWidth(WidthString(got)); back != got {
					t.Errorf("WidthString(%d) = %q reads back as %d", got, WidthString(got), back)
				}
			}
		})
	}
}

func TestSparkline(t *testing.T) {
	for _, tc := range []struct {
		in   []int64
		want string
	}{
		{nil, ""},
		{[]int64{0, 0}, "  "},
		{[]int64{1}, "█"},
		{[]int64{1, 8, 0, 4}, "▁█ ▄"},
		{[]int64{1, 1000}, "▁█"},
	} {
		if got := Sparkline(tc.in); got != tc.want {
			t.Errorf("Sparkline(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestViews: bucket widths are chosen from the span, or given; empty
// buckets between are kept; widths too fine for the span are widened.
func TestViews(t *testing.T) {
	r := New("x")
	count(t, r, "a.log", "2026-03-01T10:00:00Z error 110\n2026-03-01T10:07:00Z error 110\n2026-03-01T12:59:00Z warning 106\n"+
		"10:05:00.000 error 110\n")
	dated, clock := r.Timeline.Views(0)
	if dated.Width != 5 || len(dated.Buckets) != 36 || dated.Buckets[0].Counts[catalog.Err] != 1 ||
		dated.Buckets[1].Counts[catalog.Err] != 1 || dated.Buckets[35].Counts[catalog.Warn] != 1 {
		t.Errorf("dated view: width %d, %d buckets: %+v", dated.Width, len(dated.Buckets), dated.Buckets)
	}
	if clock.Width != 1 || len(clock.Buckets) != 1 || clock.Label(clock.Buckets[0].Start) != "10:05" {
		t.Errorf("clock view: %+v", clock)
	}
	if got := dated.Span(); got != "36 5m buckets from 2026-03-01 10:00 to 12:55" {
		t.Errorf("span %q", got)
	}
	dated, _ = r.Timeline.Views(60)
	if len(dated.Buckets) != 3 || dated.Buckets[0].Counts[catalog.Err] != 2 {
		t.Errorf("hourly: %+v", dated.Buckets)
	}
	// A year at one minute is too many buckets: the width doubles.
	count(t, r, "b.log", "2027-03-01T10:00:00Z error 110\n")
	dated, _ = r.Timeline.Views(1)
	if len(dated.Buckets) > MaxUserBuckets || dated.Width < 2 {
		t.Errorf("a year in 1m buckets: width %d, %d buckets", dated.Width, len(dated.Buckets))
	}
}

func TestBaseline(t *testing.T) {
	old, now := New("x"), New("x")
	count(t, old, "old.log", "error 110\nerror 110\nerror 109\nwarning 106\n")
	count(t, now, "new.log", "error 110\nerror 110\nerror 110\nerror 117\nwarning 106\n")
	now.Compare(old, "old.json")
	type row struct {
		Name, Status string
		Delta        int64
	}
	var got []row
	for _, c := range now.Baseline.Changes {
		got = append(got, row{c.Name, c.Status(), c.Delta()})
	}
	want := []row{{"ERR_INVALID_UID", "new", 1}, {"ERR_NO_AUTHORIZED", "up", 1}, {"WARN_OPEN_CHANNEL_TIMEOUT", "same", 0},
		{"ERR_DYNAMIC_KEY_TIMEOUT", "gone", -1}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}
	if s := now.Baseline.Worse(); s != catalog.Err {
		t.Errorf("Worse() = %v, want error", s)
	}
	// Every format shows the comparison.
	for name, write := range map[string]func(*Report, *bytes.Buffer) error{
		"table":    func(r *Report, b *bytes.Buffer) error { return r.WriteTable(b) },
		"json":     func(r *Report, b *bytes.Buffer) error { return r.WriteJSON(b) },
		"csv":      func(r *Report, b *bytes.Buffer) error { return r.WriteCSV(b) },
		"markdown": func(r *Report, b *bytes.Buffer) error { return r.WriteMarkdown(b) },
		"html":     func(r *Report, b *bytes.Buffer) error { return r.WriteHTML(b) },
	} {
		var b bytes.Buffer
		if err := write(now, &b); err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{"old.json", "ERR_DYNAMIC_KEY_TIMEOUT", "new"} {
			if !strings.Contains(b.String(), s) {
				t.Errorf("%s: no %q in\n%s", name, s, b.String())
			}
		}
	}
}

// TestReadJSONErrors: a report file that is not right is refused with the
// reason.
func TestReadJSONErrors(t *testing.T) {
	r := New("x")
	count(t, r, "a.log", "2026-03-01T10:00:00Z error 110\n")
	good := jsonOf(t, r)
	var many strings.Builder
	for i := range MaxUnknown + 1 {
		if i > 0 {
			many.WriteString(",")
		}
		fmt.Fprintf(&many, `{"text": "ERR_X%d", "by": "name", "count": 1, "first": {"file": "a.log", "line": 1}}`, i)
	}
	for _, tc := range []struct {
		name, in, want string
	}{
		{"empty", "", "empty file, not a report"},
		{"too many unknowns", strings.Replace(good, `"unknown": []`, `"unknown": [`+many.String()+`]`, 1), "10001 unknown codes listed, more than a report keeps (10000)"},
		{"not json", "hello", "not a report: not a JSON object"},
		{"log lines", "10:05:49:744 Agora-SDK [ERROR]: NO_AUTHORIZED\n", "not a report: not a JSON object"},
		{"bad json", "{\"format\": codewatch}", "not a report: invalid character 'c' looking for beginning of value"},
		{"array", "  [1, 2]", "not a report: not a JSON object"},
		{"other format", `{"format":"codewatch-report/9"}`, `unsupported report format "codewatch-report/9" (this codewatch reads "codewatch-report/1" and "codewatch-report/2")`},
		{"truncated", good[:len(good)/2], "not a report: unexpected EOF"},
		{"bad count", strings.Replace(good, `"count": 1,`, `"count": -1,`, 1), "codes[0] ERR_NO_AUTHORIZED: count must be positive"},
		{"totals off", strings.Replace(good, `"occurrences": 1,`, `"occurrences": 2,`, 1), "codes add up to 1 occurrences, totals say 2"},
		{"bad severity", strings.Replace(good, `"severity": "error"`, `"severity": "fatal"`, 1), "codes[0] ERR_NO_AUTHORIZED: unknown severity \"fatal\" (want info, warning, error or critical)"},
		{"bad minute", strings.Replace(good, `"2026-03-01T10:00Z"`, `"2026-03-01T25:00Z"`, 1), `timeline: parsing time "2026-03-01T25:00Z": hour out of range`},
		// Found by FuzzReadJSON: the smallest int64 sent the table's
		// thousands() into endless recursion.
		{"negative lines", strings.Replace(good, `"lines": 1,`, `"lines": -9223372036854775808,`, 1), "totals: negative count"},
		{"negative input", strings.Replace(good, `"bytes": 31,
      "occurrences"`, `"bytes": -31,
      "occurrences"`, 1), "inputs[0]: negative count"},
		{"inputs off", strings.Replace(good, `"lines": 1,`, `"lines": 2,`, 1), "inputs add up to 1 lines, totals say 2"},
		{"line 0", strings.Replace(good, `"line": 1,`, `"line": 0,`, 1), "codes[0] ERR_NO_AUTHORIZED: first: line 0: lines count from 1"},
		{"overflow", strings.Replace(strings.Replace(good, `"error": 1`, `"error": 9223372036854775807, "err": 9`, 1), `"occurrences": 1,`, `"occurrences": 9223372036854775807,`, 1),
			"totals: counts too large"},
		{"unknown markup", strings.Replace(good, `"unknown": []`, `"unknown": [{"text": "<script>", "by": "name", "count": 1, "first": {"file": "a.log", "line": 1}}]`, 1),
			`unknown[0]: "<script>" is not a code name`},
		{"unknown value", strings.Replace(good, `"unknown": []`, `"unknown": [{"text": "0101", "by": "value", "count": 1, "first": {"file": "a.log", "line": 1}}]`, 1),
			`unknown[0]: "0101" is not a code value`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadJSON(strings.NewReader(tc.in))
			if err == nil || err.Error() != tc.want {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int64]string{
		0: "0", 999: "999", 1000: "1,000", -1234567: "-1,234,567",
		math.MaxInt64: "9,223,372,036,854,775,807", math.MinInt64: "-9,223,372,036,854,775,808",
	} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}
