package report

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/codewatch/codewatch/internal/catalog"
	"github.com/codewatch/codewatch/internal/scan"
)

// Lines of three SDKs: INVALID_OPERATION in Web 4.x's line and in a line of
// no SDK (Web 2.x's, the first catalog that has it), a gateway 116 in a Web
// 4.x line and an "error 116" in no SDK's (ambiguous: Web's
// ERR_NO_ACTIVE_STATUS, native's ERR_TOO_MANY_DATA_STREAMS), native's -17.
var namedInputs = []struct{ name, text string }{
	{"web.log", "2026-03-01T10:00:00.000Z Agora-SDK [INFO]: [client-f541a] join channel\n" +
		"2026-03-01T10:00:01.000Z Agora-SDK [ERROR]: [client-f541a] AgoraRTCError INVALID_OPERATION: Can't publish stream\n" +
		"2026-03-01T10:00:02.000Z Agora-SDK [ERROR]: [client-f541a] unexpected response from type join, error_code: 116, message: ERR_NO_ACTIVE_STATUS, action: failed\n"},
	{"app.log", "2026-03-01T11:00:00Z level=error msg=publish err=INVALID_OPERATION\n" +
		"2026-03-01T11:00:01Z level=error msg=join error 116\n" +
		"2026-03-01T11:00:02Z level=error msg=join error 116\n" +
		"2026-03-01T11:00:04Z level=error msg=other error 98765 net_error -202\n"},
	{"native.log", "[12/13/23 17:57:01:576][1026][E]:onError err:17 msg:join rejected\n" +
		"[12/13/23 17:57:02:576][1026][E]:AgoraRtcException(-17, null)\n"},
}

// namedReport counts namedInputs with every built-in catalog, each line in
// its SDK's.
func namedReport(t testing.TB) *Report {
	t.Helper()
	set := catalog.MustSet(catalog.Builtin()...)
	r := New(strings.Join(set.IDs(), ","))
	r.Named = true
	for _, in := range namedInputs {
		rd := scan.NewReader(scan.NewSetMatcher(set, scan.MatcherOptions{Unknown: true, Auto: true}), scan.Options{Body: scan.BodyNone})
		c := r.Count(in.name)
		st, err := rd.Scan(strings.NewReader(in.text), c)
		if err != nil {
			t.Fatal(err)
		}
		c.Done(st, nil)
	}
	r.Sort()
	return r
}

// TestNamedCounts: a code is (catalog, name); an ambiguous value is counted
// apart, in the totals and its input, not in the occurrences nor a
// severity; --fail-on holds it to its least severe candidate.
func TestNamedCounts(t *testing.T) {
	r := namedReport(t)
	var codes []string
	for _, c := range r.Codes {
		codes = append(codes, fmt.Sprint(c.Catalog, " ", c.Name, " ", c.Count))
	}
	want := []string{
		"agora-native-4.x ERR_JOIN_CHANNEL_REJECTED 2",
		"agora-web-4.x ERR_NO_ACTIVE_STATUS 1",
		"agora-web-2.x INVALID_OPERATION 1",
		"agora-web-4.x INVALID_OPERATION 1",
	}
	if diff := cmp.Diff(want, codes); diff != "" {
		t.Errorf("codes (-want +got):\n%s", diff)
	}
	if len(r.Ambiguous) != 1 {
		t.Fatalf("%d ambiguous values, want 1", len(r.Ambiguous))
	}
	a := r.Ambiguous[0]
	if a.Value != 116 || a.Count != 2 || a.First.File != "app.log" || a.First.Line != 2 ||
		a.CandidatesString() != "web-2.x ERR_NO_ACTIVE_STATUS or native-4.x ERR_TOO_MANY_DATA_STREAMS" {
		t.Errorf("ambiguous %+v (%s)", a, a.CandidatesString())
	}
	tot := r.Totals
	if tot.Occurrences != 5 || tot.Ambiguous != 2 || tot.BySeverity.Total() != 5 || tot.Unknown != 2 {
		t.Errorf("totals %+v", tot)
	}
	if r.Inputs[1].Ambiguous != 2 || r.Inputs[0].Ambiguous != 0 {
		t.Errorf("inputs' ambiguous %d %d", r.Inputs[0].Ambiguous, r.Inputs[1].Ambiguous)
	}
	var unknown []string
	for _, u := range r.Unknown {
		unknown = append(unknown, u.Text)
	}
	if diff := cmp.Diff([]string{"-202", "98765"}, unknown); diff != "" {
		t.Errorf("unknown (-want +got):\n%s", diff)
	}
	if a.Severity() != catalog.Err || r.MaxSeverity() != catalog.Err {
		t.Errorf("severity %s, report's %s", a.Severity(), r.MaxSeverity())
	}
	// Alone, the ambiguous value still fails --fail-on error.
	only := New("x")
	only.Named = true
	only.Merge(&Report{Ambiguous: r.Ambiguous, Totals: Totals{Ambiguous: 2}})
	if only.MaxSeverity() != catalog.Err {
		t.Errorf("an ambiguous value alone: severity %s", only.MaxSeverity())
	}
}

// TestNamedJSON: a Named report is codewatch-report/2, with each code's
// catalog, the ambiguous values and their counts; it reads back to the
// same bytes, and merged with itself doubles.
func TestNamedJSON(t *testing.T) {
	r := namedReport(t)
	data := jsonOf(t, r)
	for _, s := range []string{`"format": "codewatch-report/2"`, `"catalog": "agora-web-4.x",
      "name": "INVALID_OPERATION"`, `"ambiguous": 2,`, `"value": 116,
      "candidates": [`, `"catalog": "agora-native-4.x",
          "name": "ERR_TOO_MANY_DATA_STREAMS",`, `"text": "-202"`} {
		if !strings.Contains(data, s) {
			t.Errorf("no %q in\n%s", s, data)
		}
	}
	back, err := ReadJSON(strings.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if !back.Named {
		t.Error("read back not Named")
	}
	if again := jsonOf(t, back); again != data {
		t.Errorf("read back and written again:\n%s\nwant\n%s", again, data)
	}
	back.Merge(namedReport(t))
	back.Sort()
	if back.Totals.Ambiguous != 4 || back.Ambiguous[0].Count != 4 || len(back.Codes) != 4 || back.Codes[0].Count != 4 {
		t.Errorf("merged with itself: totals %+v, ambiguous %+v, codes %d", back.Totals, back.Ambiguous[0], len(back.Codes))
	}
	if _, err := ReadJSON(strings.NewReader(jsonOf(t, back))); err != nil {
		t.Errorf("the merged report does not read back: %v", err)
	}
}

// TestMergeV1: a codewatch-report/1 report's codes are Web 2.x's: merged
// into a Named report they add up with its Web 2.x codes, apart from
// other catalogs' codes of the same name, and the sum is Named.
func TestMergeV1(t *testing.T) {
	v1 := New(catalog.DefaultName)
	count(t, v1, "old.log", "INVALID_OPERATION\nINVALID_OPERATION\nerror 116\n")
	data := jsonOf(t, v1)
	if !strings.Contains(data, `"format": "codewatch-report/1"`) || strings.Contains(data, `",
      "name"`) || strings.Contains(data, "ambiguous") {
		t.Fatalf("a Web 2.x report is not as it was:\n%s", data)
	}
	old, err := ReadJSON(strings.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range old.Codes {
		if c.Catalog != catalog.DefaultName {
			t.Errorf("%s read from /1 in catalog %q", c.Name, c.Catalog)
		}
	}
	total := namedReport(t)
	if err := total.MergeChecked(old); err != nil {
		t.Fatal(err)
	}
	total.Sort()
	got := map[string]int64{}
	for _, c := range total.Codes {
		got[c.Catalog+" "+c.Name] = c.Count
	}
	want := map[string]int64{
		"agora-native-4.x ERR_JOIN_CHANNEL_REJECTED": 2, "agora-web-4.x ERR_NO_ACTIVE_STATUS": 1,
		"agora-web-2.x INVALID_OPERATION": 3, "agora-web-4.x INVALID_OPERATION": 1, "agora-web-2.x ERR_NO_ACTIVE_STATUS": 1,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("merged codes (-want +got):\n%s", diff)
	}
	if !total.Named || !strings.Contains(jsonOf(t, total), FormatVersion2) {
		t.Error("the sum is not Named")
	}
	// Added the other way round: Named, the same codes.
	other, _ := ReadJSON(strings.NewReader(data))
	other.Merge(namedReport(t))
	other.Sort()
	if !other.Named || !cmp.Equal(other.Codes, total.Codes) {
		t.Errorf("v1 + v2 differs from v2 + v1: %v", cmp.Diff(total.Codes, other.Codes))
	}
}

// TestReadJSONNamedErrors: what a /2 report must hold.
func TestReadJSONNamedErrors(t *testing.T) {
	good := jsonOf(t, namedReport(t))
	v1 := New("x")
	count(t, v1, "a.log", "error 110\n")
	goodV1 := jsonOf(t, v1)
	for _, tc := range []struct {
		name, in, want string
	}{
		{"no catalog", strings.Replace(good, `"catalog": "agora-native-4.x",
      "name": "ERR_JOIN_CHANNEL_REJECTED"`, `"name": "ERR_JOIN_CHANNEL_REJECTED"`, 1),
			`codes[0] ERR_JOIN_CHANNEL_REJECTED: catalog: `},
		{"twice", strings.Replace(good, `"catalog": "agora-web-4.x",
      "name": "INVALID_OPERATION"`, `"catalog": "agora-web-2.x",
      "name": "INVALID_OPERATION"`, 1), `codes[3] INVALID_OPERATION: listed twice`},
		{"one candidate", strings.Replace(good, `"candidates": [
        {
          "catalog": "agora-web-2.x",
          "name": "ERR_NO_ACTIVE_STATUS",
          "severity": "error",
          "description": "The current App ID is not activated."
        },`, `"candidates": [`, 1), `ambiguous[0] 116: an ambiguous value has two candidates or more`},
		{"one catalog twice", strings.Replace(good, `"catalog": "agora-native-4.x",
          "name": "ERR_TOO_MANY_DATA_STREAMS"`, `"catalog": "agora-web-2.x",
          "name": "ERR_TOO_MANY_DATA_STREAMS"`, 1), `ambiguous[0] 116: candidates[1]: a second candidate of agora-web-2.x`},
		{"candidate severity", strings.Replace(good, `"name": "ERR_NO_ACTIVE_STATUS",
          "severity": "error"`, `"name": "ERR_NO_ACTIVE_STATUS",
          "severity": "grave"`, 1), `ambiguous[0] 116: candidates[0]: unknown severity "grave"`},
		{"ambiguous off", strings.Replace(good, `"ambiguous": 2,`, `"ambiguous": 3,`, 1), `ambiguous values add up to 2 occurrences, totals say 3`},
		{"inputs' ambiguous off", strings.Replace(good, `"unknown": 2,
      "ambiguous": 2,`, `"unknown": 2,
      "ambiguous": 1,`, 1), `inputs add up to 1 ambiguous, totals say 2`},
		{"ambiguous in /1", strings.Replace(goodV1, `"unknown": 0,`, `"unknown": 0, "ambiguous": 0,`, 1), `ambiguous values in a codewatch-report/1 report, which has none`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadJSON(strings.NewReader(tc.in))
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
}

// TestNamedForms: every form of a Named report shows each code's SDK and
// the ambiguous values; the CSV has the catalog column.
func TestNamedForms(t *testing.T) {
	r := namedReport(t)
	var b bytes.Buffer
	if err := r.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(CSVHeader2, recs[0]); diff != "" {
		t.Errorf("header (-want +got):\n%s", diff)
	}
	rows := map[string][]string{}
	for _, rec := range recs[1:] {
		rows[rec[0]+" "+rec[17]+" "+rec[1]] = rec
	}
	if rec := rows["code agora-web-4.x INVALID_OPERATION"]; rec == nil || rec[5] != "1" {
		t.Errorf("no Web 4.x INVALID_OPERATION row of count 1: %q", rec)
	}
	amb := rows["ambiguous agora-web-2.x agora-native-4.x ERR_NO_ACTIVE_STATUS ERR_TOO_MANY_DATA_STREAMS"]
	if amb == nil || amb[2] != "116" || amb[5] != "2" || amb[8] != "app.log" || amb[9] != "2" {
		t.Errorf("ambiguous row %q", amb)
	}
	for name, write := range map[string]func(*bytes.Buffer) error{
		"table":    func(b *bytes.Buffer) error { return r.WriteTable(b) },
		"markdown": func(b *bytes.Buffer) error { return r.WriteMarkdown(b) },
		"html":     func(b *bytes.Buffer) error { return r.WriteHTML(b) },
	} {
		b.Reset()
		if err := write(&b); err != nil {
			t.Fatal(err)
		}
		wants := map[string][]string{
			"table":    {"SDK", "web-4.x     INVALID_OPERATION", "web-2.x     INVALID_OPERATION", "ambiguous values", "code 116", "web-2.x ERR_NO_ACTIVE_STATUS or native-4.x ERR_TOO_MANY_DATA_STREAMS"},
			"markdown": {"| Severity | SDK | Code |", "| error | web-4.x | `INVALID_OPERATION` |", "## Ambiguous values", "| 2 | 116 |"},
			"html":     {"<th>SDK</th>", `<td class="sdk" data-catalog="agora-web-4.x">web-4.x</td>`, `<table id="ambiguous">`, "ERR_TOO_MANY_DATA_STREAMS"},
		}[name]
		for _, s := range wants {
			if !strings.Contains(b.String(), s) {
				t.Errorf("%s: no %q in\n%s", name, s, b.String())
			}
		}
	}
}
