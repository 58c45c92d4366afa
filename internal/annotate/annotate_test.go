package annotate

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/codewatch/codewatch/internal/catalog"
	"github.com/codewatch/codewatch/internal/scan"
	"github.com/codewatch/codewatch/internal/visible"
)

func TestVisible(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text", "plain text"},
		{"tab\tstays", "tab\tstays"},
		{"\x1b[31mred\x1b[0m", "^[[31mred^[[0m"},
		{"\x1b]8;;http://x/\x1b\\link", "^[]8;;http://x/^[\\link"},
		{"bell\x07 nul\x00 del\x7f cr\r", "bell^G nul^@ del^? cr^M"},
		{"csi \u009b c1 \u0085", "csi <U+009B> c1 <U+0085>"},
		{"bidi \u202e evil \u2066", "bidi <U+202E> evil <U+2066>"},
		{"bad \xff\xfe utf8", "bad \\xFF\\xFE utf8"},
		{"ok é ü 中文 😀", "ok é ü 中文 😀"},
		{"cut \xe4\xb8", "cut \\xE4\\xB8"},
	}
	for _, tt := range tests {
		var v escaper
		got := string(v.flush(v.append(nil, []byte(tt.in))))
		if got != tt.want {
			t.Errorf("escaper(%q) = %q, want %q", tt.in, got, tt.want)
		}
		// The same, fed one byte at a time: runes cut between parts.
		var w escaper
		var b []byte
		for i := 0; i < len(tt.in); i++ {
			b = w.append(b, []byte{tt.in[i]})
		}
		if got := string(w.flush(b)); got != tt.want {
			t.Errorf("escaper(%q) byte by byte = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzJSONString: whatever the bytes, and however they are cut into parts,
// the escaped string is valid JSON, and equal to the input where the input
// is UTF-8.
func FuzzJSONString(f *testing.F) {
	for _, s := range []string{"", "plain", "quote\" back\\slash", "\x00\x1f\x7f", "\xff\xfe", "中文\u2028\u2029", "\xe4\xb8"} {
		f.Add([]byte(s), uint8(3))
	}
	f.Fuzz(func(t *testing.T, in []byte, cut uint8) {
		var js jsonString
		b := []byte{'"'}
		step := int(cut%16) + 1
		for i := 0; i < len(in); i += step {
			b = js.append(b, in[i:min(i+step, len(in))])
		}
		b = append(js.flush(b), '"')
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			t.Fatalf("invalid JSON %q: %v", b, err)
		}
		if utf8.Valid(in) && s != string(in) {
			t.Fatalf("got %q, want %q", s, in)
		}
		if !utf8.Valid(in) && s != strings.ToValidUTF8(string(in), "\ufffd") && s != toValidEach(in) {
			t.Fatalf("got %q for invalid input %q", s, in)
		}
	})
}

// toValidEach replaces each invalid byte by U+FFFD.
func toValidEach(b []byte) string {
	var sb strings.Builder
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		sb.WriteRune(r)
		b = b[n:]
	}
	return sb.String()
}

// TestJSONLines: every line out is valid JSON in the schema, for lines of
// any bytes, long lines included.
func TestJSONLines(t *testing.T) {
	cat := catalog.Default()
	long := strings.Repeat("é\xff", 3*scan.MinBufSize)
	in := "ok\n\xff\xfe bad code: 101\n\x00 nul K_UID_BANNED\r\n" + long + " ERR_FAILED\n2026-03-01T10:00:00Z last"
	var out bytes.Buffer
	w := NewJSON(&out, Options{})
	w.Start("in\"put.log")
	if _, err := scan.NewReader(scan.NewMatcher(cat, false), scan.Options{EveryLine: true, BufSize: scan.MinBufSize}).Scan(strings.NewReader(in), w); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 5 {
		t.Fatalf("%d JSON lines, want 5:\n%s", len(lines), out.String())
	}
	type code struct {
		Name        string
		Value       *int
		By          string
		Match       string
		Start, End  int
		Kind        string
		Severity    string
		Description string
	}
	type line struct {
		File  string
		Line  int
		Text  string
		Bytes string
		Time  string
		Codes []code
	}
	var got []line
	for _, l := range lines {
		var v line
		if err := json.Unmarshal([]byte(l), &v); err != nil {
			t.Fatalf("invalid JSON line %q: %v", l, err)
		}
		got = append(got, v)
	}
	if got[0].File != "in\"put.log" || got[0].Line != 1 || got[0].Text != "ok" || len(got[0].Codes) != 0 {
		t.Errorf("line 1: %+v", got[0])
	}
	raw, _ := base64.StdEncoding.DecodeString(got[1].Bytes)
	if string(raw) != "\xff\xfe bad code: 101" || got[1].Text != "\ufffd\ufffd bad code: 101" {
		t.Errorf("line 2: text %q, bytes %q", got[1].Text, raw)
	}
	if c := got[1].Codes; len(c) != 1 || c[0].Name != "ERR_INVALID_VENDOR_KEY" || *c[0].Value != 101 || c[0].Match != "code: 101" || c[0].Start != 7 || c[0].End != 16 || c[0].By != "value" {
		t.Errorf("line 2 codes: %+v", c)
	}
	if got[2].Text != "\x00 nul K_UID_BANNED" || got[2].Bytes != "" || got[2].Codes[0].Name != "K_UID_BANNED" {
		t.Errorf("line 3: %+v", got[2])
	}
	if want := strings.ToValidUTF8(long, "\ufffd") + " ERR_FAILED"; got[3].Text != toValidEach([]byte(long+" ERR_FAILED")) && got[3].Text != want {
		t.Errorf("long line: %d bytes of text", len(got[3].Text))
	}
	if c := got[3].Codes; len(c) != 1 || c[0].Name != "ERR_FAILED" || c[0].Start != len(long)+1 || c[0].Match != "ERR_FAILED" {
		t.Errorf("long line codes: %+v", c)
	}
	if got[4].Time != "2026-03-01T10:00:00.000Z" || got[4].Text != "2026-03-01T10:00:00Z last" {
		t.Errorf("line 5: %+v", got[4])
	}
}

// TestTextLongLine: a line longer than the buffer streams through the text
// writer unchanged, with its annotation at its end; escaped, its runes cut
// between parts come out whole.
func TestTextLongLine(t *testing.T) {
	cat := catalog.Default()
	long := strings.Repeat("中\x1b", 2*scan.MinBufSize)
	in := long + " K_UID_BANNED\n"
	for _, escape := range []bool{false, true} {
		var out bytes.Buffer
		w := NewText(&out, Options{Escape: escape})
		w.Start("x")
		if _, err := scan.NewReader(scan.NewMatcher(cat, false), scan.Options{BufSize: scan.MinBufSize + 1}).Scan(strings.NewReader(in), w); err != nil {
			t.Fatal(err)
		}
		body := long
		if escape {
			body = strings.ReplaceAll(long, "\x1b", "^[")
		}
		want := body + " K_UID_BANNED" + Separator + "error K_UID_BANNED (14): The UID is banned.\n"
		if out.String() != want {
			t.Errorf("escape=%v: output of %d bytes differs from the %d expected", escape, out.Len(), len(want))
		}
	}
}

// FuzzVisible: escaped text holds no byte that could act on a terminal
// (no C0 control but tab, no DEL, no C1 control, only valid UTF-8), and
// does not depend on how the input was cut into parts; and it is what
// package visible makes of the input whole (tabs kept).
func FuzzVisible(f *testing.F) {
	for _, s := range []string{"\x1b[31m", "\u009b", "\xff", "中\xe4", "\u202e"} {
		f.Add([]byte(s), uint8(1))
	}
	f.Fuzz(func(t *testing.T, in []byte, cut uint8) {
		var whole escaper
		want := whole.flush(whole.append(nil, in))
		var parts escaper
		var got []byte
		step := int(cut%16) + 1
		for i := 0; i < len(in); i += step {
			got = parts.append(got, in[i:min(i+step, len(in))])
		}
		got = parts.flush(got)
		if !bytes.Equal(got, want) {
			t.Fatalf("in parts %q, whole %q", got, want)
		}
		if !utf8.Valid(got) {
			t.Fatalf("not UTF-8: %q", got)
		}
		if other := visible.Append(nil, in, true); !bytes.Equal(got, other) {
			t.Fatalf("escaper %q, visible.Append %q: the rules differ", got, other)
		}
		for _, r := range string(got) {
			if r < 0x20 && r != '\t' || r == 0x7f || r >= 0x80 && r <= 0x9f || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 {
				t.Fatalf("control %U left in %q", r, got)
			}
		}
	})
}
