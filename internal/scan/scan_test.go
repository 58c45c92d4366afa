package scan

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/codewatch/codewatch/internal/catalog"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// testCatalog is the default catalog plus what exercises the rest of the
// rules: phrases, a name without an underscore, and a value shared by an
// error and a warning.
func testCatalog(t testing.TB) *catalog.Catalog {
	t.Helper()
	entries, err := catalog.Parse("test.json", []byte(`{"codes": [
		{"name": "ERR_INVALID_VENDOR_KEY", "phrases": ["invalid vendor key, can not find appid"]},
		{"name": "ERR_NO_AUTHORIZED", "phrases": ["invalid token, authorized failed"]},
		{"name": "ERR_DYNAMIC_KEY_TIMEOUT", "phrases": ["dynamic key or token timeout"]},
		{"name": "ERR_NO_ACTIVE_STATUS", "phrases": ["no active status"]},
		{"name": "ERR_DYNAMIC_KEY_EXPIRED", "phrases": ["dynamic key expired"]},
		{"name": "ERR_STATIC_USE_DYNAMIC_KEY", "phrases": ["static use dynamic key"]},
		{"name": "ERR_DYNAMIC_USE_STATIC_KEY", "phrases": ["dynamic use static key"]},
		{"name": "ERR_INVALID_CHANNEL_NAME", "phrases": ["invalid channel name"]},
		{"name": "TIMEOUTX", "kind": "error", "value": 4001, "description": "a name without an underscore", "aliases": ["TOX"]},
		{"name": "WARN_SHARED", "kind": "warning", "value": 2002, "description": "shares 2002 with ERR_JOIN_CHANNEL_TIMEOUT"},
		{"name": "ERR_SHARED", "kind": "error", "value": 104, "description": "shares 104 with WARN_LOOKUP_CHANNEL_TIMEOUT", "phrases": ["x9 y"]}
	]}`))
	if err != nil {
		t.Fatal(err)
	}
	cat, err := catalog.Default().With(entries)
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// sameCode compares matches' codes as the same entry of the same catalog.
var sameCode = cmp.Options{
	cmp.Comparer(func(a, b *catalog.Code) bool { return a == b }),
	cmp.Comparer(func(a, b *Ambiguity) bool {
		return a == b || a != nil && b != nil && a.Value == b.Value && reflect.DeepEqual(a.Candidates, b.Candidates)
	}),
	cmpopts.IgnoreUnexported(Match{}),
}

// recorder is a Sink that keeps everything: the input rebuilt from what it
// received, and the codes of each line.
type recorder struct {
	out     bytes.Buffer
	lines   int64
	codes   map[int64][]Match
	texts   map[int64][]string
	unknown map[int64][]string
	desc    map[int64][]string // every match of each line, as describe says it
	long    bool               // inside a long line
	longs   int
	gaps    bool // lines may be skipped (BodyMatching drops long lines without codes)
	skipped int64
}

func newRecorder() *recorder {
	return &recorder{codes: map[int64][]Match{}, texts: map[int64][]string{}, unknown: map[int64][]string{}, desc: map[int64][]string{}}
}

func (r *recorder) Plain(raw []byte, n int) error {
	r.out.Write(raw)
	r.lines += int64(n)
	return nil
}

func (r *recorder) note(l *Line) {
	if d := describeLine(l.Codes, l.Unknown, l.Ambiguous, l.SDKs, l.CodeText, l.UnknownText, l.AmbiguousText); len(d) > 0 {
		r.desc[l.Num] = d
	}
	if len(l.Codes) > 0 {
		r.codes[l.Num] = append([]Match(nil), l.Codes...)
	}
	for i := range l.Codes {
		r.texts[l.Num] = append(r.texts[l.Num], string(l.CodeText(i)))
	}
	for i, u := range l.Unknown {
		s := fmt.Sprint(u.Value)
		if u.By == ByName {
			s = string(l.UnknownText(i))
		}
		r.unknown[l.Num] = append(r.unknown[l.Num], fmt.Sprintf("%s@%d-%d", s, u.Start, u.End))
	}
}

func (r *recorder) Line(l *Line) error {
	if r.long {
		return fmt.Errorf("Line inside a long line")
	}
	r.skip(l)
	if l.Num != r.lines+1 {
		return fmt.Errorf("line %d after %d lines", l.Num, r.lines)
	}
	if !l.Long {
		r.out.Write(l.Text)
	}
	r.out.Write(l.EOL)
	r.lines++
	r.note(l)
	return nil
}

// skip counts the lines skipped before l, where lines may be skipped.
func (r *recorder) skip(l *Line) {
	if r.gaps && l.Num > r.lines+1 {
		r.skipped += l.Num - 1 - r.lines
		r.lines = l.Num - 1
	}
}

func (r *recorder) LongBegin(l *Line) error {
	r.skip(l)
	if l.Num != r.lines+1 {
		return fmt.Errorf("long line %d after %d lines", l.Num, r.lines)
	}
	r.long = true
	return nil
}

func (r *recorder) LongPart(p []byte) error {
	if !r.long {
		return fmt.Errorf("LongPart outside a long line")
	}
	r.out.Write(p)
	return nil
}

func (r *recorder) LongEnd(l *Line) error {
	if !r.long {
		return fmt.Errorf("LongEnd outside a long line")
	}
	r.long = false
	r.longs++
	r.out.Write(l.EOL)
	r.lines++
	r.note(l)
	return nil
}

// splitLines splits input into lines the way SPEC §2 reads them: '\n'
// ends a line, a '\r' before it is not content, a last line without '\n'
// is a line.
func splitLines(in []byte) [][]byte {
	var lines [][]byte
	for len(in) > 0 {
		i := bytes.IndexByte(in, '\n')
		if i < 0 {
			lines = append(lines, in)
			break
		}
		l := in[:i]
		l = bytes.TrimSuffix(l, []byte{'\r'})
		lines = append(lines, l)
		in = in[i+1:]
	}
	return lines
}

// describeLine says every match of a line, for comparing the fast reader
// with the reference: each code with its catalog, how it was found and
// chosen, its place and text; the ambiguous values with their candidates;
// the unknown codes; and the line's SDKs when it has any match.
func describeLine(codes, unknown, ambiguous []Match, sdks catalog.SDKs, codeText, unkText, ambText func(int) []byte) []string {
	var d []string
	for i, m := range codes {
		d = append(d, fmt.Sprintf("code %s:%s by=%s chosen=%s %d-%d v=%d agree=%x %q", m.Code.Catalog().ID, m.Code.Name, m.By, m.Chosen, m.Start, m.End, m.Value, uint64(m.Agree), codeText(i)))
	}
	for i, m := range ambiguous {
		var c []string
		for _, x := range m.Ambiguous.Candidates {
			c = append(c, x.Catalog().ID+":"+x.Name)
		}
		d = append(d, fmt.Sprintf("ambiguous %d %v %d-%d %q", m.Value, c, m.Start, m.End, ambText(i)))
	}
	for i, m := range unknown {
		d = append(d, fmt.Sprintf("unknown %s %d %d-%d %q", m.By, m.Value, m.Start, m.End, unkText(i)))
	}
	if len(d) > 0 {
		d = append(d, fmt.Sprintf("sdks %x", uint64(sdks)))
	}
	return d
}

// check scans input with the fast reader (in several buffer sizes and read
// patterns) and compares with the reference matcher line by line.
func check(t *testing.T, cat *catalog.Catalog, input []byte, bufSizes ...int) {
	t.Helper()
	checkSet(t, catalog.MustSet(cat), MatcherOptions{Unknown: true}, input, bufSizes...)
}

// checkSet is check for a set of catalogs.
func checkSet(t *testing.T, set *catalog.Set, opt MatcherOptions, input []byte, bufSizes ...int) {
	t.Helper()
	m := NewSetMatcher(set, opt)
	lines := splitLines(input)
	want := map[int64][]string{}
	hasCodes := map[int]bool{}
	rr := NewRefReader(set, opt)
	for i, l := range lines {
		codes, unk, amb, sdks := rr.Line(l)
		at := func(ms []Match) func(int) []byte {
			return func(k int) []byte { return l[ms[k].Start:ms[k].End] }
		}
		if d := describeLine(codes, unk, amb, sdks, at(codes), at(unk), at(amb)); len(d) > 0 {
			want[int64(i+1)] = d
			hasCodes[i] = true
		}
	}
	if len(bufSizes) == 0 {
		bufSizes = []int{MinBufSize, DefaultBufSize}
	}
	// wantSkipped counts the lines a sink is not given: with BodyNone, the
	// lines without codes that do not fit the buffer (line ending aside).
	raw := bytes.SplitAfter(input, []byte{'\n'})
	wantSkipped := func(size int, body BodyMode) int64 {
		var n int64
		for i := range lines {
			if body == BodyNone && len(bytes.TrimSuffix(raw[i], []byte{'\n'})) >= size && !hasCodes[i] {
				n++
			}
		}
		return n
	}
	for _, size := range bufSizes {
		for _, body := range []BodyMode{BodyStream, BodyNone} {
			for _, oneByte := range []bool{false, true} {
				var r io.Reader = bytes.NewReader(input)
				if oneByte {
					r = iotest.HalfReader(r)
				}
				rec := newRecorder()
				// BodyNone hands on no long line without codes: none of
				// its content is wanted, and it has no codes to show.
				rec.gaps = body == BodyNone
				// Alternate serial and parallel readers over the configurations.
				workers := 1 + (size+int(body)+len(input))%3
				if oneByte {
					workers = 1 + (workers % 2)
				}
				rd := NewReader(m, Options{BufSize: size, Body: body, Workers: workers})
				st, err := rd.Scan(r, rec)
				name := fmt.Sprintf("buf=%d body=%d half=%v workers=%d", size, body, oneByte, workers)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if rd.redone != 0 {
					t.Fatalf("%s: %d blocks read again by the consumer: the lines read ahead were read in another context", name, rd.redone)
				}
				if skipped := rec.skipped + st.Lines - rec.lines; st.Lines != int64(len(lines)) || skipped != wantSkipped(size, body) {
					t.Fatalf("%s: %d lines read, %d received, want %d (%d long lines without codes)", name, st.Lines,
						st.Lines-skipped, len(lines), wantSkipped(size, body))
				}
				if st.Bytes != int64(len(input)) {
					t.Fatalf("%s: %d bytes read, want %d", name, st.Bytes, len(input))
				}
				if body == BodyStream && !bytes.Equal(rec.out.Bytes(), input) {
					t.Fatalf("%s: output differs from input (%d vs %d bytes)", name, rec.out.Len(), len(input))
				}
				if diff := cmp.Diff(want, rec.desc); diff != "" {
					t.Fatalf("%s: matches (-reference +fast):\n%s", name, diff)
				}
			}
		}
	}
}

// fragments that random lines are made of: the pieces the rules care
// about, and noise.
var fragments = []string{
	"code", "Code", "CODE", "err", "Err", "error", "Error", "ERROR", "warn", "Warning", "WARN", "reason", "Reason",
	"errorCode", "errcode", "warningcode", "onError", "lastError", "closeReason", "X-Error-Code", "X-Status-Code",
	"statusCode", "keyCode", "charCode", "exitCode", "stderr", "decode", "errors", "errno", "XMLError", "v2Error", "myerror",
	"status", "HTTP", "http", "response", "exit",
	"_", "-", " ", " ", " ", "  ", "\t", ":", "=", "#", "(", "[", ")", "]", ".", "/", ",", "\"", "'", "“", "”", "‘", "’", "：",
	"0", "1", "2", "9", "00", "10", "99", "100", "101", "104", "106", "109", "110", "117", "119", "120", "2002", "2013", "4001",
	"999", "1000000000", "123456789", "0x", "v2.", "net::", "net:",
	"错误码", "错误", "警告码", "警告", "报错信息", "é", "\xff", "\x00", "\r", "\x1b[31m",
	"ERR_FAILED", "K_UID_BANNED", "NO_AUTHORIZED", "ERR_STATIC_USE_DYANMIC_KE", "INVALID_OPERATION", "TIMEOUTX", "TOX",
	"ERR_NOT_IN_CATALOG", "WARN_X1", "K_", "ERR_", "K_9", "FAILED", "TIMESTAMP_EXPIRED", "MY_K_IP_BANNED_X",
	"no active status", "No Active STATUS", "dynamic key expired", "invalid token, authorized failed", "static use dynamic key",
	"x9 y", "X9 Y", "dynamic", "key", "static", "use",
	"a", "b", "Z", "q", "word", "Agora-SDK", "[ERROR]", "https://x.agora.io/api/v1",
}

func randomLine(rng *rand.Rand, n int) string {
	var b strings.Builder
	for range n {
		b.WriteString(fragments[rng.IntN(len(fragments))])
	}
	return b.String()
}

func TestMatcherEqualsReferenceRandom(t *testing.T) {
	cat := testCatalog(t)
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 300 {
		var in strings.Builder
		for range 1 + rng.IntN(40) {
			in.WriteString(randomLine(rng, rng.IntN(30)))
			switch rng.IntN(4) {
			case 0:
				in.WriteString("\r\n")
			default:
				in.WriteString("\n")
			}
		}
		if rng.IntN(3) == 0 {
			in.WriteString(randomLine(rng, rng.IntN(10))) // no final newline
		}
		t.Run(fmt.Sprint(round), func(t *testing.T) {
			check(t, cat, []byte(in.String()), MinBufSize, 3000, DefaultBufSize)
		})
		if t.Failed() {
			break
		}
	}
}

func TestMatcherEqualsReferenceLongLines(t *testing.T) {
	cat := testCatalog(t)
	rng := rand.New(rand.NewPCG(3, 4))
	for round := range 40 {
		var in strings.Builder
		for range 1 + rng.IntN(4) {
			// Lines several times the buffer, so that matches fall on
			// window edges.
			in.WriteString(randomLine(rng, 500+rng.IntN(3000)))
			if rng.IntN(2) == 0 {
				in.WriteString("\r")
			}
			in.WriteString("\n")
		}
		t.Run(fmt.Sprint(round), func(t *testing.T) {
			check(t, cat, []byte(in.String()), MinBufSize, MinBufSize+7)
		})
		if t.Failed() {
			break
		}
	}
}

// TestLongLinesWithoutCodes: lines about the buffer's size, with and
// without codes, CRLF or not, last or not. With BodyNone, the sink is not
// given the long ones without codes (found by FuzzMatcher: check expected
// them); every other line comes once.
func TestLongLinesWithoutCodes(t *testing.T) {
	cat := testCatalog(t)
	x := func(n int) string { return strings.Repeat("\xbb", n) }
	for _, n := range []int{MinBufSize - 2, MinBufSize - 1, MinBufSize, MinBufSize + 1, 3 * MinBufSize} {
		for _, in := range []string{
			x(n), x(n) + "\n", x(n) + "\r\n", x(n) + "\nK_UID_BANNED\n", "K_UID_BANNED\n" + x(n),
			x(n-13) + " K_UID_BANNED\n" + x(n) + "\n", "a\n" + x(n) + "\r\nb\n" + x(n),
		} {
			check(t, cat, []byte(in), MinBufSize)
		}
	}
}

func TestMatcherCases(t *testing.T) {
	cat := catalog.Default()
	id := func(name string) *catalog.Code { return &cat.Codes[cat.IndexOf(name)] }
	tests := []struct {
		line string
		want []Match
	}{
		{"Get server node failed [NO_AUTHORIZED] https://x NO_AUTHORIZED", []Match{{Code: id("ERR_NO_AUTHORIZED"), By: ByAlias, Start: 24, End: 37}}},
		{"User join failed [ERR_DYNAMIC_USE_STATIC_KE]", []Match{{Code: id("ERR_DYNAMIC_USE_STATIC_KEY"), By: ByAlias, Start: 18, End: 43}}},
		{"报错信息：ERR_STATIC_USE_DYANMIC_KE", []Match{{Code: id("ERR_STATIC_USE_DYNAMIC_KEY"), By: ByAlias, Start: 15, End: 40}}},
		{"K_UID_BANNED", []Match{{Code: id("K_UID_BANNED"), By: ByName, Start: 0, End: 12}}},
		{`{"code":101}`, []Match{{Code: id("ERR_INVALID_VENDOR_KEY"), By: ByValue, Start: 2, End: 11, Value: 101}}},
		{"code: 101", []Match{{Code: id("ERR_INVALID_VENDOR_KEY"), By: ByValue, Start: 0, End: 9, Value: 101}}},
		{`"errorCode":"2002"`, []Match{{Code: id("ERR_JOIN_CHANNEL_TIMEOUT"), By: ByValue, Start: 1, End: 17, Value: 2002}}},
		{"err=109", []Match{{Code: id("ERR_DYNAMIC_KEY_TIMEOUT"), By: ByValue, Start: 0, End: 7, Value: 109}}},
		{"onError(117)", []Match{{Code: id("ERR_INVALID_UID"), By: ByValue, Start: 0, End: 11, Value: 117}}},
		{"onError：110", []Match{{Code: id("ERR_NO_AUTHORIZED"), By: ByValue, Start: 0, End: 13, Value: 110}}},
		{"Warning 106", []Match{{Code: id("WARN_OPEN_CHANNEL_TIMEOUT"), By: ByValue, Start: 0, End: 11, Value: 106}}},
		{"error 109", []Match{{Code: id("ERR_DYNAMIC_KEY_TIMEOUT"), By: ByValue, Start: 0, End: 9, Value: 109}}},
		{"X-Error-Code: 101", []Match{{Code: id("ERR_INVALID_VENDOR_KEY"), By: ByValue, Start: 0, End: 17, Value: 101}}},
		{"closeReason 118", []Match{{Code: id("ERR_DYNAMIC_KEY_EXPIRED"), By: ByValue, Start: 0, End: 15, Value: 118}}},
		{"错误码：110", []Match{{Code: id("ERR_NO_AUTHORIZED"), By: ByValue, Start: 0, End: 15, Value: 110}}},
		{"“code”:2002", []Match{{Code: id("ERR_JOIN_CHANNEL_TIMEOUT"), By: ByValue, Start: 3, End: 15, Value: 2002}}},
		{"code: 101 and ERR_INVALID_VENDOR_KEY again", []Match{{Code: id("ERR_INVALID_VENDOR_KEY"), By: ByValue, Start: 0, End: 9, Value: 101}}},
		{"NO_AUTHORIZED then K_UID_BANNED", []Match{
			{Code: id("ERR_NO_AUTHORIZED"), By: ByAlias, Start: 0, End: 13},
			{Code: id("K_UID_BANNED"), By: ByName, Start: 19, End: 31},
		}},
		// Not codes.
		{"net::ERR_FAILED", nil},
		{"ERR_FAILED_TO_CONNECT MY_K_IP_BANNED_X err_failed FAILED TIMESTAMP_EXPIRED", nil},
		{"uid: 101 port 102 statusCode: 101 X-Status-Code: 101 keyCode: 110", nil},
		{"HTTP/1.1 101 Switching Protocols", nil},
		{"HTTP status code 101, response code 101", nil},
		{"code 10:20:02 v2.9.101 code 0x101 code 101-105 code 103.198.202.62 errno=101 code (00000106)", nil},
		{"decode 101 stderr 101 errors 101", nil},
		{"SDK Error 2, reason 14, error 11", nil},
		{"code: 1000000101", nil},
		{"error :: 101", nil},
		{"ERR_OPEN_CHANNEL_TIMEOUT (110)", nil},
	}
	m := NewMatcher(cat, false)
	for _, tt := range tests {
		for i := range tt.want {
			tt.want[i].Chosen = BySDK // one catalog, the line's SDK
		}
		t.Run(tt.line, func(t *testing.T) {
			got := Reference(cat, []byte(tt.line), false)
			if diff := cmp.Diff(tt.want, got, sameCode); diff != "" {
				t.Errorf("Reference (-want +got):\n%s", diff)
			}
			rec := newRecorder()
			if _, err := NewReader(m, Options{}).Scan(strings.NewReader(tt.line), rec); err != nil {
				t.Fatal(err)
			}
			var fast []Match
			if c := rec.codes[1]; len(c) > 0 {
				fast = c
			}
			if diff := cmp.Diff(tt.want, fast, sameCode); diff != "" {
				t.Errorf("Matcher (-want +got):\n%s", diff)
			}
		})
	}
}

func TestValueKindPreference(t *testing.T) {
	cat := testCatalog(t)
	tests := []struct {
		line, want string
	}{
		{"warning 2002", "WARN_SHARED"},
		{"onWarn 2002", "WARN_SHARED"},
		{"error 2002", "ERR_JOIN_CHANNEL_TIMEOUT"},
		{"code 2002", "ERR_JOIN_CHANNEL_TIMEOUT"},
		{"警告 2002", "WARN_SHARED"},
		{"warning 104", "WARN_LOOKUP_CHANNEL_TIMEOUT"},
		{"error 104", "ERR_SHARED"},
		{"reason 104", "ERR_SHARED"},
		{"error 106", "WARN_OPEN_CHANNEL_TIMEOUT"}, // no error 106: the warning
	}
	for _, tt := range tests {
		got := Reference(cat, []byte(tt.line), false)
		if len(got) != 1 || got[0].Code.Name != tt.want {
			t.Errorf("%q: got %v, want %s", tt.line, got, tt.want)
		}
	}
}

func TestUnknown(t *testing.T) {
	cat := catalog.Default()
	line := []byte("ERR_PUBLISH_REQUEST_INVALID code: 4001 net::ERR_CONNECTION_REFUSED ERR_PUBLISH_REQUEST_INVALID code: 4001 K_9 ERR_FAILED code 101")
	got := Reference(cat, line, true)
	var unk []string
	for _, m := range got {
		if m.Code == nil {
			unk = append(unk, string(line[m.Start:m.End]))
		}
	}
	want := []string{"ERR_PUBLISH_REQUEST_INVALID", "code: 4001"}
	if diff := cmp.Diff(want, unk); diff != "" {
		t.Errorf("unknown (-want +got):\n%s", diff)
	}
}

// TestReaderLines holds the line reader to its promise: nothing split,
// merged, dropped or changed, whatever the bytes.
func TestReaderLines(t *testing.T) {
	cat := catalog.Default()
	big := strings.Repeat("x", 3*MinBufSize)
	tests := []struct {
		name  string
		in    string
		lines int64
	}{
		{"empty", "", 0},
		{"one newline", "\n", 1},
		{"no final newline", "a\nb", 2},
		{"crlf", "a\r\nb\r\n", 2},
		{"lone cr", "a\rb\r", 1},
		{"cr at end without lf", "a\r", 1},
		{"invalid utf8 and nul", "\xff\xfe\x00code: 101\x00\n\x80", 2},
		{"blank lines", "\n\n\n", 3},
		{"long line", big + "\n" + "K_UID_BANNED\n", 2},
		{"long line crlf no newline", big + "\r", 1},
		{"long line code at end", big + " ERR_FAILED", 1},
		{"long line then short", big + "\r\nshort\r\n" + big, 3},
	}
	m := NewMatcher(cat, true)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, body := range []BodyMode{BodyStream, BodyMatching} {
				rec := newRecorder()
				rec.gaps = body == BodyMatching
				st, err := NewReader(m, Options{BufSize: MinBufSize, Body: body}).Scan(iotest.OneByteReader(strings.NewReader(tt.in)), rec)
				if err != nil {
					t.Fatal(err)
				}
				if st.Lines != tt.lines || body == BodyStream && rec.lines != tt.lines {
					t.Errorf("body %d: lines: read %d, received %d, want %d", body, st.Lines, rec.lines, tt.lines)
				}
				if body == BodyStream && rec.out.String() != tt.in {
					t.Errorf("output %q, want %q", rec.out.String(), tt.in)
				}
			}
		})
	}
}

// TestReaderMatchingSpool: with BodyMatching a long line comes out only when
// it has a code, whole, even when the code is at its very end.
func TestReaderMatchingSpool(t *testing.T) {
	m := NewMatcher(catalog.Default(), false)
	big := strings.Repeat("y", 5*MinBufSize)
	in := big + "\n" + big + " K_UID_BANNED\n" + "K_IP_BANNED " + big + "\n"
	rec := newRecorder()
	rec.gaps = true
	if _, err := NewReader(m, Options{BufSize: MinBufSize, Body: BodyMatching}).Scan(strings.NewReader(in), rec); err != nil {
		t.Fatal(err)
	}
	want := big + " K_UID_BANNED\n" + "K_IP_BANNED " + big + "\n"
	if rec.out.String() != want {
		t.Errorf("got %d bytes, want %d: the lines with codes, whole", rec.out.Len(), len(want))
	}
	if rec.longs != 2 || len(rec.codes) != 2 {
		t.Errorf("got %d long lines with %d code lines, want 2 and 2", rec.longs, len(rec.codes))
	}
}

type failReader struct {
	data []byte
	err  error
}

func (f *failReader) Read(p []byte) (int, error) {
	if len(f.data) == 0 {
		return 0, f.err
	}
	n := copy(p, f.data)
	f.data = f.data[n:]
	return n, nil
}

// TestReaderError: lines read before a read error are all delivered, the
// partial last one too, and the error comes back as a ReadError.
func TestReaderError(t *testing.T) {
	m := NewMatcher(catalog.Default(), false)
	boom := fmt.Errorf("unexpected EOF in archive")
	rec := newRecorder()
	st, err := NewReader(m, Options{}).Scan(&failReader{data: []byte("a\nK_UID_BANNED\npart"), err: boom}, rec)
	var re *ReadError
	if !errorsAs(err, &re) || re.Err != boom {
		t.Fatalf("err = %v, want ReadError(%v)", err, boom)
	}
	if st.Lines != 3 || rec.out.String() != "a\nK_UID_BANNED\npart" || len(rec.codes[2]) != 1 {
		t.Errorf("lines %d, out %q, codes %v", st.Lines, rec.out.String(), rec.codes)
	}
}

func TestMinSeverity(t *testing.T) {
	entries, err := catalog.Parse("sev.json", []byte(`{"codes":[{"name":"K_UID_BANNED","severity":"critical"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	cat, err := catalog.Default().With(entries)
	if err != nil {
		t.Fatal(err)
	}
	m := NewMatcher(cat, false)
	rec := newRecorder()
	in := "WARN_REQUEST_DEFERRED\nERR_FAILED K_UID_BANNED\n"
	if _, err := NewReader(m, Options{MinSeverity: catalog.Critical}).Scan(strings.NewReader(in), rec); err != nil {
		t.Fatal(err)
	}
	if len(rec.codes) != 1 || len(rec.codes[2]) != 1 || rec.codes[2][0].Code.Name != "K_UID_BANNED" {
		t.Errorf("codes = %v, want only K_UID_BANNED on line 2", rec.codes)
	}
	if rec.out.String() != in {
		t.Errorf("out = %q", rec.out.String())
	}
}

func TestReaderNoAllocs(t *testing.T) {
	in := []byte(strings.Repeat("AgoraRTC_N.js:5 00:22:45:841 Agora-SDK [DEBUG]: [client-ccdab] current web page is visible, uid 2444849064\n"+
		"[12/13/23 17:57:00:576][1026][I]:[CONN-0][CM]: connection state changed from 1 to 2\n"+
		`{"level":"info","ts":"2026-03-01T10:00:00.123Z","msg":"joined","uid":123456}`+"\n", 1000))
	for _, tc := range []struct {
		name string
		m    *Matcher
	}{
		{"web-2.x", NewMatcher(catalog.Default(), true)},
		{"every SDK", NewSetMatcher(catalog.MustSet(catalog.Builtin()...), MatcherOptions{Unknown: true, Auto: true})},
	} {
		for _, opt := range []Options{{}, {Workers: 2}} {
			rd := NewReader(tc.m, opt)
			allocs := func(in []byte) float64 {
				r := bytes.NewReader(in)
				return testing.AllocsPerRun(20, func() {
					r.Reset(in)
					if _, err := rd.Scan(r, discard{}); err != nil {
						t.Fatal(err)
					}
				})
			}
			one, four := allocs(in), allocs(bytes.Repeat(in, 4))
			how := "serial"
			if opt.Workers > 1 {
				how = fmt.Sprintf("parallel (%d workers)", opt.Workers)
			}
			t.Logf("allocations per scan of code-free input, %s, %s: %v for 3,000 lines, %v for 12,000", tc.name, how, one, four)
			if opt.Workers == 0 && one != 0 {
				t.Errorf("%s: %v allocations per scan of code-free input, want 0", tc.name, one)
			}
			// The parallel reader's goroutines and channels are made per
			// scan, not per line.
			if four != one {
				t.Errorf("%s, %d workers: %v allocations per scan of code-free input, %v for 4 times as many lines", tc.name, opt.Workers, one, four)
			}
		}
	}
}

type discard struct{}

func (discard) Plain([]byte, int) error { return nil }
func (discard) Line(*Line) error        { return nil }
func (discard) LongBegin(*Line) error   { return nil }
func (discard) LongPart([]byte) error   { return nil }
func (discard) LongEnd(*Line) error     { return nil }

func errorsAs(err error, target any) bool { return errors.As(err, target) }

// TestReaderHugeLine: a 50 MB line with codes at its start and its very end
// comes through whole, in default buffers, with both codes.
func TestReaderHugeLine(t *testing.T) {
	line := make([]byte, 50<<20)
	for i := range line {
		line[i] = "abc 123 _x-"[i%11]
	}
	copy(line, "K_UID_BANNED ")
	copy(line[len(line)-11:], " code: 2002")
	in := append(append([]byte("first\n"), line...), "\r\nlast"...)
	m := NewMatcher(catalog.Default(), false)
	for _, body := range []BodyMode{BodyStream, BodyMatching, BodyNone} {
		rec := newRecorder()
		rec.gaps = true
		st, err := NewReader(m, Options{Body: body}).Scan(bytes.NewReader(in), rec)
		if err != nil {
			t.Fatal(err)
		}
		if st.Lines != 3 || len(rec.codes[2]) != 2 {
			t.Fatalf("body %d: %d lines, codes of line 2: %v", body, st.Lines, rec.codes[2])
		}
		// With BodyMatching the line has codes, so it comes out whole too.
		if body != BodyNone && !bytes.Equal(rec.out.Bytes(), in) {
			t.Fatalf("body %d: output differs from input", body)
		}
	}
}

// TestParallelEqualsSerial: the parallel reader hands the sink exactly what
// the serial one does, long lines and read errors included.
func TestParallelEqualsSerial(t *testing.T) {
	cat := testCatalog(t)
	m := NewMatcher(cat, true)
	rng := rand.New(rand.NewPCG(5, 6))
	for round := range 30 {
		var in strings.Builder
		for range 1 + rng.IntN(300) {
			n := rng.IntN(30)
			if rng.IntN(40) == 0 {
				n = 3000 // longer than the buffer
			}
			in.WriteString(randomLine(rng, n))
			in.WriteString([]string{"\n", "\r\n"}[rng.IntN(2)])
		}
		data := []byte(in.String())
		run := func(workers int, r io.Reader) (*recorder, Stats, error) {
			rec := newRecorder()
			st, err := NewReader(m, Options{BufSize: MinBufSize, Workers: workers}).Scan(r, rec)
			return rec, st, err
		}
		want, wst, _ := run(1, bytes.NewReader(data))
		for _, workers := range []int{2, 3, 8} {
			for _, r := range []io.Reader{bytes.NewReader(data), iotest.HalfReader(bytes.NewReader(data)), iotest.DataErrReader(bytes.NewReader(data))} {
				got, st, err := run(workers, r)
				if err != nil || st != wst || !bytes.Equal(got.out.Bytes(), want.out.Bytes()) ||
					!reflect.DeepEqual(got.codes, want.codes) || !reflect.DeepEqual(got.unknown, want.unknown) {
					t.Fatalf("round %d, %d workers: err %v, stats %+v want %+v, out equal %v, codes equal %v",
						round, workers, err, st, wst, bytes.Equal(got.out.Bytes(), want.out.Bytes()), reflect.DeepEqual(got.codes, want.codes))
				}
			}
		}
		// A read error after some input: the same lines, then the error.
		boom := fmt.Errorf("boom")
		cut := data[:len(data)/2]
		want, wst, werr := run(1, &failReader{data: cut, err: boom})
		got, st, err := run(2, &failReader{data: cut, err: boom})
		if st != wst || !bytes.Equal(got.out.Bytes(), want.out.Bytes()) || fmt.Sprint(err) != fmt.Sprint(werr) {
			t.Fatalf("round %d with a read error: %v / %v, stats %+v / %+v", round, err, werr, st, wst)
		}
	}
}

// TestReaderMatchingHeld: with BodyMatching a long line is held until its
// first code in every way the reader can: read again from an io.ReaderAt,
// or kept in a spool file; past SpoolLimit it is counted as dropped.
func TestReaderMatchingHeld(t *testing.T) {
	m := NewMatcher(catalog.Default(), false)
	big := strings.Repeat("z", 6*MinBufSize)
	in := "a\n" + big + " K_UID_BANNED\n" + big + "\n" + "b K_IP_BANNED\n"
	want := big + " K_UID_BANNED\n" + "b K_IP_BANNED\n"
	type onlyReader struct{ io.Reader }
	for _, c := range []struct {
		name    string
		r       io.Reader
		limit   int64
		out     string
		dropped int64
	}{
		{"reader-at", strings.NewReader(in), 1, want, 0}, // the limit is for spools only
		{"spool", onlyReader{strings.NewReader(in)}, 0, want, 0},
		{"spool too small", onlyReader{strings.NewReader(in)}, int64(len(big)) / 2, "b K_IP_BANNED\n", 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			rec := newRecorder()
			rec.gaps = true
			sink := &shownLines{recorder: rec}
			rd := NewReader(m, Options{BufSize: MinBufSize, Body: BodyMatching, SpoolLimit: c.limit})
			defer rd.Close()
			st, err := rd.Scan(c.r, sink)
			if err != nil {
				t.Fatal(err)
			}
			// Only the lines with codes are shown: drop what Plain got.
			if got := strings.Join(sink.shown, ""); got != c.out {
				t.Errorf("shown %d bytes, want %d", len(got), len(c.out))
			}
			if st.Dropped != c.dropped || c.dropped > 0 && st.FirstDropped != 2 {
				t.Errorf("dropped %d (first %d), want %d", st.Dropped, st.FirstDropped, c.dropped)
			}
		})
	}
}

// shownLines keeps the text of the lines with codes, as annotate -o shows
// them.
type shownLines struct {
	*recorder
	shown []string
	cur   strings.Builder
}

func (s *shownLines) Line(l *Line) error {
	if len(l.Codes) > 0 {
		s.shown = append(s.shown, string(l.Text)+string(l.EOL))
	}
	return s.recorder.Line(l)
}
func (s *shownLines) LongBegin(l *Line) error { s.cur.Reset(); return s.recorder.LongBegin(l) }
func (s *shownLines) LongPart(p []byte) error { s.cur.Write(p); return s.recorder.LongPart(p) }
func (s *shownLines) LongEnd(l *Line) error {
	s.shown = append(s.shown, s.cur.String()+string(l.EOL))
	return s.recorder.LongEnd(l)
}

// shrinking is an io.ReaderAt whose content is gone when read again.
type shrinking struct{ *strings.Reader }

func (shrinking) ReadAt(p []byte, off int64) (int, error) { return 0, io.EOF }

func TestReaderMatchingInputChanged(t *testing.T) {
	m := NewMatcher(catalog.Default(), false)
	in := strings.Repeat("z", 3*MinBufSize) + " K_UID_BANNED\n"
	rec := newRecorder()
	_, err := NewReader(m, Options{BufSize: MinBufSize, Body: BodyMatching}).Scan(shrinking{strings.NewReader(in)}, rec)
	var re *ReadError
	if !errors.As(err, &re) || !strings.Contains(err.Error(), "the input changed while it was read") {
		t.Errorf("err = %v, want a ReadError saying the input changed", err)
	}
}

// TestSortMatches: sortMatches orders matches as slices.SortFunc does,
// nearly sorted (the matcher's order) or not at all (where it gives up the
// insertion sort).
func TestSortMatches(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for range 500 {
		n := rng.IntN(300)
		ms := make([]Match, n)
		for i := range ms {
			ms[i] = Match{Start: i * 3, End: i*3 + 1 + rng.IntN(4), By: By(rng.IntN(2))}
		}
		for range rng.IntN(n + 1) {
			if rng.IntN(4) == 0 && n > 0 { // far
				i, j := rng.IntN(n), rng.IntN(n)
				ms[i], ms[j] = ms[j], ms[i]
			} else if n > 1 { // near
				i := rng.IntN(n - 1)
				ms[i], ms[i+1] = ms[i+1], ms[i]
			}
		}
		want := slices.Clone(ms)
		slices.SortFunc(want, cmpMatch)
		sortMatches(ms)
		for i := range ms {
			if cmpMatch(ms[i], want[i]) != 0 {
				t.Fatalf("at %d: %+v, want %+v", i, ms[i], want[i])
			}
		}
	}
}
