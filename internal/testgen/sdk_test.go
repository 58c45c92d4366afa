package testgen

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/codewatch/codewatch/internal/catalog"
	"github.com/codewatch/codewatch/internal/scan"
)

// sdkWant is what a line carries in the every-SDK view, as strings:
// "catalog:NAME" for a code, "value[catalog:NAME …]" for an ambiguous
// value, sorted; and its SDKs.
type sdkWant struct {
	items []string
	sdks  []string
}

func truthItems(tr Truth) sdkWant {
	var out []string
	for _, r := range tr.Refs {
		out = append(out, r.Catalog+":"+r.Name)
	}
	for _, a := range tr.Ambiguous {
		out = append(out, ambItem(a.Value, a.Candidates))
	}
	sort.Strings(out)
	return sdkWant{out, tr.SDKs}
}

func ambItem(v int, cands []CodeRef) string {
	var parts []string
	for _, c := range cands {
		parts = append(parts, c.Catalog+":"+c.Name)
	}
	return fmt.Sprintf("%d[%s]", v, strings.Join(parts, " "))
}

// matchItems is the same of what a reader found.
func matchItems(set *catalog.Set, codes, amb []scan.Match, sdks catalog.SDKs) sdkWant {
	var out []string
	for _, m := range codes {
		if s := m.Code.Catalog().ID + ":" + m.Code.Name; !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	for _, m := range amb {
		var cands []CodeRef
		for _, c := range m.Ambiguous.Candidates {
			cands = append(cands, CodeRef{c.Catalog().ID, c.Name})
		}
		if s := ambItem(m.Value, cands); !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	sort.Strings(out)
	var ids []string
	for i, id := range set.IDs() {
		if sdks.Has(i) {
			ids = append(ids, id)
		}
	}
	return sdkWant{out, ids}
}

// fastSink gathers what the fast reader reports.
type fastSink struct {
	set   *catalog.Set
	lines map[int64]sdkWant
}

func (s *fastSink) Line(l *scan.Line) error {
	if w := matchItems(s.set, l.Codes, l.Ambiguous, l.SDKs); len(w.items) > 0 {
		s.lines[int64(l.Num)] = w
	}
	return nil
}

// sdkTally counts what a corpus held and how it was read.
type sdkTally struct {
	lines, refLines, truthLines, codes, ambiguous, noSDK, tp, fp, fn, sdkDiff int
	byCatalog                                                                 map[string]int
	set                                                                       *catalog.Set
	m                                                                         *scan.Matcher
}

// TestSDKCorpus: a corpus of every SDK's shapes (24 inputs of 160 KiB,
// 3.75 MiB, seeded), read with every built-in catalog and --sdk auto by
// the fast reader, and its every third input (1.25 MiB; two with -short)
// by the reference reader, which is slow: precision and recall 1, every
// code in the catalog the truth names, every ambiguous value with the
// truth's candidates, every line with the truth's SDKs.
func TestSDKCorpus(t *testing.T) {
	set := catalog.MustSet(catalog.Builtin()...)
	tally := &sdkTally{byCatalog: map[string]int{}, set: set, m: scan.NewSetMatcher(set, sdkOptions)}
	refEvery := 3
	if testing.Short() {
		refEvery = 12
	}
	var text []byte
	for in := range 24 {
		cfg := Config{Seed: int64(100 + in), Bytes: 160 << 10, CodeRate: 0.25, TrapRate: 0.2, CRLF: in%2 == 1, SDKs: true}
		text = append(text, tally.input(t, in, cfg, in%refEvery == 0)...)
	}
	t.Logf("%d lines (%d read by the reference too), %d with codes or ambiguous values (%d with no SDK known); %d codes %v, %d ambiguous values; TP %d FP %d FN %d, %d lines with other SDKs",
		tally.lines, tally.refLines, tally.truthLines, tally.noSDK, tally.codes, tally.byCatalog, tally.ambiguous, tally.tp, tally.fp, tally.fn, tally.sdkDiff)
	if tally.fp > 0 || tally.fn > 0 || tally.sdkDiff > 0 {
		t.Errorf("precision %d/%d, recall %d/%d", tally.tp, tally.tp+tally.fp, tally.tp, tally.tp+tally.fn)
	}
	for _, id := range set.IDs() {
		if tally.byCatalog[id] < 300 {
			t.Errorf("only %d codes of %s", tally.byCatalog[id], id)
		}
	}
	if tally.ambiguous < 300 || tally.noSDK < 1000 {
		t.Errorf("only %d ambiguous values, %d lines with codes and no SDK known", tally.ambiguous, tally.noSDK)
	}
	// Every SDK's shapes are there (FORMATS.md, issue 12).
	for _, form := range []string{
		"AgoraRTCError CAN_NOT_GET_GATEWAY_SERVER: ", " Agora-SDK [ERROR]: [client-", "error_code: ", "][E]:[CONN-0][CM]: connection state changed",
		"caused by reason[0]", "E/AGORA_SDK( ", "PlatformException(1", "PlatformException(-", "AgoraRtcException(-", "ErrorCode.",
		"ErrorCodeType.", "AgoraErrorCode", ": Err", "onError: 1", "OnError err: ", "onConnectionStateChanged state ", "reason 14",
		"errorCode: -1", "login failed errorCode:5", "RTM:ERROR AgoraRtmClient ", "W/System.err( ", "[iris_logger.cc:157] ",
		"Get server node failed [", "AGORA_SDK: ", "ui_dart_state.cc(209)",
	} {
		if !bytes.Contains(text, []byte(form)) {
			t.Errorf("%q never written", form)
		}
	}
}

var sdkOptions = scan.MatcherOptions{Unknown: true, Auto: true}

// input writes one input, reads it with the fast reader (and, with ref,
// the reference reader) and counts the readings against its truth; it
// returns the input's text.
func (ta *sdkTally) input(t *testing.T, in int, cfg Config, ref bool) []byte {
	var buf bytes.Buffer
	want := map[int64]sdkWant{}
	n, _, err := Write(&buf, cfg, func(tr Truth) {
		want[int64(tr.Line)] = truthItems(tr)
		ta.count(tr)
	})
	if err != nil {
		t.Fatal(err)
	}
	ta.lines += n
	fast := &fastSink{set: ta.set, lines: map[int64]sdkWant{}}
	if _, err := scan.NewReader(ta.m, scan.Options{}).Scan(bytes.NewReader(buf.Bytes()), fast); err != nil {
		t.Fatal(err)
	}
	report := func(num int64, line []byte, reader string, got sdkWant) {
		if !ta.compare(want[num], got) && ta.fp+ta.fn+ta.sdkDiff <= 20 {
			t.Errorf("input %d line %d, %s reader:\n  %s\n  got  %v %v\n  want %v %v", in, num, reader, line, got.items, got.sdks, want[num].items, want[num].sdks)
		}
	}
	rr := scan.NewRefReader(ta.set, sdkOptions)
	for i, line := range splitLines(buf.Bytes()) {
		num := int64(i + 1)
		report(num, line, "fast", fast.lines[num])
		if !ref {
			continue
		}
		ta.refLines++
		codes, _, amb, sdks := rr.Line(line)
		got := matchItems(ta.set, codes, amb, sdks)
		if len(got.items) == 0 {
			got = sdkWant{}
		}
		report(num, line, "reference", got)
	}
	return buf.Bytes()
}

func (ta *sdkTally) count(tr Truth) {
	ta.truthLines++
	ta.codes += len(tr.Refs)
	ta.ambiguous += len(tr.Ambiguous)
	if len(tr.SDKs) == 0 {
		ta.noSDK++
	}
	for _, r := range tr.Refs {
		ta.byCatalog[r.Catalog]++
	}
}

// compare counts one reader's reading of a line against the truth.
func (ta *sdkTally) compare(want, got sdkWant) bool {
	ok := true
	for _, x := range got.items {
		if slices.Contains(want.items, x) {
			ta.tp++
		} else {
			ta.fp++
			ok = false
		}
	}
	for _, x := range want.items {
		if !slices.Contains(got.items, x) {
			ta.fn++
			ok = false
		}
	}
	if len(want.items) > 0 && !slices.Equal(want.sdks, got.sdks) {
		ta.sdkDiff++
		ok = false
	}
	return ok
}

// TestSDKSubset: with a set of some of the catalogs, in another order,
// the shapes of the others are left out and the truth is still exact.
func TestSDKSubset(t *testing.T) {
	set := catalog.MustSet(catalog.BuiltinByID("agora-native-4.x"), catalog.BuiltinByID("agora-web-4.x"), catalog.BuiltinByID("agora-rtm-1.x"))
	tally := &sdkTally{byCatalog: map[string]int{}, set: set, m: scan.NewSetMatcher(set, sdkOptions)}
	for in := range 2 {
		tally.input(t, in, Config{Seed: int64(7 + in), Lines: 3000, CodeRate: 0.3, TrapRate: 0.2, SDKs: true, Set: set}, true)
	}
	if tally.fp > 0 || tally.fn > 0 || tally.sdkDiff > 0 || tally.tp < 1000 || len(tally.byCatalog) != 3 {
		t.Errorf("TP %d FP %d FN %d, %d lines with other SDKs; codes %v", tally.tp, tally.fp, tally.fn, tally.sdkDiff, tally.byCatalog)
	}
	if _, _, err := Write(io.Discard, Config{Lines: 1, SDKs: true, Set: catalog.MustSet(catalog.Default())}, nil); err == nil {
		t.Error("a set of one catalog was taken")
	}
}

// TestSDKDeterministic: the same config gives the same bytes and truth;
// Lines and Bytes are honoured; every line ends with its line ending.
func TestSDKDeterministic(t *testing.T) {
	cfg := Config{Seed: 5, Lines: 5000, CodeRate: 0.3, TrapRate: 0.2, SDKs: true}
	a, ta := generate(t, cfg)
	b, tb := generate(t, cfg)
	if !bytes.Equal(a, b) || !reflect.DeepEqual(ta, tb) {
		t.Fatal("same seed, different output")
	}
	if c, _ := generate(t, Config{Seed: 6, Lines: 5000, SDKs: true}); bytes.Equal(a, c) {
		t.Fatal("different seeds, same output")
	}
	if n := len(splitLines(a)); n != 5000 {
		t.Errorf("Lines 5000: %d lines", n)
	}
	if text, _ := generate(t, Config{Seed: 5, Bytes: 1 << 20, SDKs: true, CRLF: true}); len(text) < 1<<20 || !bytes.HasSuffix(text, []byte("\r\n")) {
		t.Errorf("Bytes 1 MiB, CRLF: %d bytes", len(text))
	}
}

// TestSDKShapesKept: with every built-in catalog, no form, trap or
// ordinary message of sdkshapes.go is dropped for holding a code in its
// fixed text (a catalog change that makes one a code is noticed here),
// and every shape is written.
func TestSDKShapesKept(t *testing.T) {
	st, err := newSDKTables(newSDKCats(catalog.Builtin()))
	if err != nil {
		t.Fatal(err)
	}
	if len(st.shapes) != len(sdkShapeSrcs) {
		t.Fatalf("%d of %d shapes kept", len(st.shapes), len(sdkShapeSrcs))
	}
	for _, sh := range st.shapes {
		src := sh.src
		if len(sh.forms) != len(src.forms) || len(sh.traps) != len(src.traps) || len(sh.ordinary) != len(src.ordinary) || len(sh.leads) != len(src.leads)+1 {
			t.Errorf("%s: kept %d/%d forms, %d/%d traps, %d/%d messages, %d/%d leads", src.name,
				len(sh.forms), len(src.forms), len(sh.traps), len(src.traps), len(sh.ordinary), len(src.ordinary), len(sh.leads), len(src.leads)+1)
		}
	}
	if len(st.messages) != len(sdkMessages) || len(st.apps) != len(sdkApps) {
		t.Errorf("kept %d/%d messages, %d/%d app names", len(st.messages), len(sdkMessages), len(st.apps), len(sdkApps))
	}
}

// TestSDKBlocksOpenWithTheirCue: whatever the lines before said, the
// first line of a block says its SDK (some of the catalogs it draws codes
// from), so that the lines after it are read in it.
func TestSDKBlocksOpenWithTheirCue(t *testing.T) {
	cats := newSDKCats(catalog.Builtin())
	st, err := newSDKTables(cats)
	if err != nil {
		t.Fatal(err)
	}
	sg := newSGen(Config{Seed: 1, Lines: 1}, st)
	sg.newBlock()
	for _, sh := range st.shapes[1:] {
		draw := cats.maskOf(sh.src.draw)
		for _, before := range []mask{0, 1, 2, 4, 8, 16, 32} {
			sg.sh, sg.first, sg.ctx, sg.left = sh, true, before, 10
			tr, _ := sg.line()
			if m := cats.maskOf(tr.SDKs); m == 0 || m&^draw != 0 {
				t.Errorf("%s after %b: first line %q says %v", sh.src.name, before, splitLines(sg.buf)[sg.lines-1], tr.SDKs)
			}
		}
	}
}

// TestWebOutputUnchanged: without SDKs, Write writes what it wrote before
// the every-SDK shapes existed, byte for byte (the benchmarks and tests
// that use it depend on that).
func TestWebOutputUnchanged(t *testing.T) {
	for _, tc := range []struct {
		cfg         Config
		text, truth string
	}{
		{Config{Seed: 1, Bytes: 1 << 20}, "5d0b32f3722f621871c4f94a363fe2cc78ba8de42f26b48c185f2ce00baa4582", "b5fb1fff5341b66874047a9af017204c1d3c0d4985cf3c9bb5afda604a0f3244"},
		{Config{Seed: 7, Lines: 20000, CodeRate: 0.2, TrapRate: 0.3, CRLF: true}, "fdb501f8041db238e8b32d317f6fc1b122b997da423c3aab76228c99c5d677c9", "f809ef0ae741e81f9141bded822c4476e328844294877c17f3c9ad75ae12f9f6"},
	} {
		h, tr := sha256.New(), sha256.New()
		if _, _, err := Write(h, tc.cfg, func(x Truth) { fmt.Fprintln(tr, x.Line, x.Codes) }); err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprintf("%x", h.Sum(nil)); got != tc.text {
			t.Errorf("%+v: text %s, want %s", tc.cfg, got, tc.text)
		}
		if got := fmt.Sprintf("%x", tr.Sum(nil)); got != tc.truth {
			t.Errorf("%+v: truth %s, want %s", tc.cfg, got, tc.truth)
		}
	}
}
