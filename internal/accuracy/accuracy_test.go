package accuracy

import (
	"bytes"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/codewatch/codewatch/internal/catalog"
	"github.com/codewatch/codewatch/internal/testgen"
)

// realPhrases are the lines of testdata/real that carry a Web SDK 4.x
// phrase, read by hand: labels.tsv leaves these sentences to product
// policy (they are in the source's labels_loose.tsv, not copied here), and
// codewatch's policy is to annotate them with the code of the same server
// condition (SPEC §1, issue 7). The "data: {"desc":"no active status"…}"
// lines of file 53 are the server's own reason field of the error on the
// line before, and count too.
var realPhrases = map[Triple]string{
	{"19_API-Examples-Web_issue86.log", 1, "ERR_DYNAMIC_KEY_TIMEOUT"}:       "dynamic key or token timeout",
	{"19_API-Examples-Web_issue86.log", 2, "ERR_DYNAMIC_KEY_TIMEOUT"}:       "dynamic key or token timeout",
	{"21_API-Examples-Web_issue66.log", 1, "ERR_NO_AUTHORIZED"}:             "invalid token, authorized failed",
	{"23_AgoraWebSDK-NG_issue102.log", 3, "ERR_DYNAMIC_USE_STATIC_KEY"}:     "dynamic use static key",
	{"25_OpenClubhouse_issue9.log", 1, "ERR_NO_ACTIVE_STATUS"}:              "no active status",
	{"25_OpenClubhouse_issue9.log", 3, "ERR_NO_ACTIVE_STATUS"}:              "no active status",
	{"27_Houseclub_issue127.log", 1, "ERR_NO_ACTIVE_STATUS"}:                "no active status",
	{"29_RTM_issue182_CSharp_issue81.log", 1, "ERR_DYNAMIC_USE_STATIC_KEY"}: "dynamic use static key",
	{"29_RTM_issue182_CSharp_issue81.log", 2, "ERR_DYNAMIC_USE_STATIC_KEY"}: "dynamic use static key",
	{"53_shengwang_support_tickets_web4x.log", 1, "ERR_NO_ACTIVE_STATUS"}:   "no active status",
	{"53_shengwang_support_tickets_web4x.log", 2, "ERR_NO_ACTIVE_STATUS"}:   "no active status",
	{"53_shengwang_support_tickets_web4x.log", 3, "ERR_NO_ACTIVE_STATUS"}:   "no active status",
	{"53_shengwang_support_tickets_web4x.log", 4, "ERR_NO_ACTIVE_STATUS"}:   "no active status",
	{"53_shengwang_support_tickets_web4x.log", 5, "ERR_NO_ACTIVE_STATUS"}:   "no active status",
	{"53_shengwang_support_tickets_web4x.log", 6, "ERR_NO_ACTIVE_STATUS"}:   "no active status",
	{"53_shengwang_support_tickets_web4x.log", 7, "ERR_NO_ACTIVE_STATUS"}:   "no active status",
}

// TestRealLogs: on real pasted logs (a copy of shared/logs/real), no false
// positive at all (strict precision 1.0), every trap avoided, recall of at
// least 0.9, and exactly the Web SDK 4.x phrase lines found by phrase.
func TestRealLogs(t *testing.T) {
	s, err := Run(os.DirFS("../../testdata/real"), catalog.Default())
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	s.Write(&b)
	t.Log("\n" + b.String())
	if s.Files < 27 || s.Labelled < 12 {
		t.Fatalf("read %d files with %d labelled triples: the copy is incomplete", s.Files, s.Labelled)
	}
	if len(s.FP) > 0 || s.Precision() != 1 {
		t.Errorf("%d false positives, precision %.3f", len(s.FP), s.Precision())
	}
	found := map[Triple]bool{}
	for _, f := range s.Phrase {
		found[f.Triple] = true
		if want, ok := realPhrases[f.Triple]; !ok || !strings.EqualFold(f.Match, want) {
			t.Errorf("found by phrase, not a 4.x phrase line: %s %q in: %s", f.Triple, f.Match, f.Text)
		}
	}
	for tr := range realPhrases {
		if !found[tr] {
			t.Errorf("4.x phrase line not found by phrase: %s", tr)
		}
	}
	if len(s.TrapsHit) > 0 {
		t.Errorf("%d traps reported as codes", len(s.TrapsHit))
	}
	if s.Recall() < 0.9 {
		t.Errorf("recall %.3f, want at least 0.9", s.Recall())
	}
}

// TestSampleLogs: the project's own sample logs, labelled in
// testdata/expected.tsv, are read exactly: precision and recall 1.0.
func TestSampleLogs(t *testing.T) {
	fsys := os.DirFS("../../testdata")
	data, err := fs.ReadFile(fsys, "expected.tsv")
	if err != nil {
		t.Fatal(err)
	}
	want := map[Triple]bool{}
	for _, row := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		f := strings.Split(row, "\t")
		n, err := strconv.ParseInt(f[1], 10, 64)
		if len(f) != 3 || err != nil {
			t.Fatalf("bad row %q", row)
		}
		want[Triple{"logs/" + f[0], n, f[2]}] = true
	}
	got, err := Scan(fsys, catalog.Default(), "logs/*.log")
	if err != nil {
		t.Fatal(err)
	}
	if len(want) < 100 {
		t.Fatalf("only %d expected triples: expected.tsv is incomplete", len(want))
	}
	for tr := range got {
		if !want[tr] {
			t.Errorf("false positive %s: %q", tr, got[tr].Text)
		}
	}
	for tr := range want {
		if _, ok := got[tr]; !ok {
			t.Errorf("missed %s", tr)
		}
	}
}

// TestGeneratedCorpus: on a generated corpus with exact ground truth
// (internal/testgen), precision and recall are 1.0, with LF and CRLF.
func TestGeneratedCorpus(t *testing.T) {
	for _, crlf := range []bool{false, true} {
		var buf bytes.Buffer
		want := map[Triple]bool{}
		_, _, err := testgen.Write(&buf, testgen.Config{Seed: 7, Lines: 100000, CodeRate: 0.2, TrapRate: 0.3, CRLF: crlf}, func(tr testgen.Truth) {
			for _, c := range tr.Codes {
				want[Triple{"gen.log", int64(tr.Line), c}] = true
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		got, err := Scan(fstest.MapFS{"gen.log": {Data: buf.Bytes()}}, catalog.Default(), "*.log")
		if err != nil {
			t.Fatal(err)
		}
		tp, fp := 0, 0
		for tr := range got {
			switch {
			case want[tr]:
				tp++
			case fp < 20:
				fp++
				t.Errorf("crlf=%v: false positive %s: %q", crlf, tr, got[tr].Text)
			}
		}
		if len(want) < 15000 {
			t.Fatalf("only %d true occurrences generated", len(want))
		}
		if tp != len(want) || len(got) != len(want) {
			t.Errorf("crlf=%v: precision %d/%d, recall %d/%d", crlf, tp, len(got), tp, len(want))
		}
	}
}

// TestAccuracyAllSDKs scores the every-SDK view (SPEC §6) of the real
// logs of testdata/real and testdata/real2 (copies of shared/logs/real
// and real2) as codewatch reads them with every built-in catalog and each
// line's SDK from its cues: no false positive at all, a recall of at
// least 0.95 and the right SDK for at least 0.95 of the hits, by
// score_multi.py's rules with RTM 1.x rows as labels (DefaultRules).
func TestAccuracyAllSDKs(t *testing.T) {
	set := catalog.MustSet(catalog.Builtin()...)
	for _, dir := range []string{"real", "real2"} {
		t.Run(dir, func(t *testing.T) {
			fsys := os.DirFS("../../testdata/" + dir)
			s, err := RunAll(fsys, set, DefaultRules())
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			s.WriteAll(&b, fsys, -1)
			t.Logf("testdata/%s:\n%s", dir, b.String())
			if s.Labels < 25 {
				t.Fatalf("only %d labels: the copy is incomplete", s.Labels)
			}
			if p := s.Precision(); p != 1 {
				t.Errorf("precision %.4f, want 1 (%d false positives)", p, len(s.FP))
			}
			if r := s.Recall(); r < 0.95 {
				t.Errorf("recall %.4f, want at least 0.95", r)
			}
			if r := s.RightShare(); r < 0.95 {
				t.Errorf("right SDK for %.4f of the hits, want at least 0.95", r)
			}
		})
	}
}
