package visible

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/codewatch/codewatch/internal/catalog"
)

func TestString(t *testing.T) {
	for in, want := range map[string]string{
		"app.log":                     "app.log",
		"caf\xe9.log":                 `caf\xE9.log`,
		"a\nb\tc\rd":                  "a^Jb^Ic^Md",
		"\x1b]0;pwned\x07.log":        "^[]0;pwned^G.log",
		"\x1b]8;;http://evil/\x1b\\x": `^[]8;;http://evil/^[\x`,
		"\x1b[2J\x7f":                 "^[[2J^?",
		"8bit \u009b csi":             "8bit <U+009B> csi",
		"\u202egol.exe":               "<U+202E>gol.exe",
		"错误码 é ✓":                     "错误码 é ✓",
		"cut \xe4\xb8":                `cut \xE4\xB8`,
		"":                            "",
	} {
		if got := String(in); got != want {
			t.Errorf("String(%q) = %q, want %q", in, got, want)
		}
	}
	if got := string(Append(nil, []byte("a\tb\x1b"), true)); got != "a\tb^[" {
		t.Errorf("Append keeping tabs: %q", got)
	}
}

// FuzzString: what String returns is UTF-8 and holds nothing that acts on
// a terminal, not even a tab or a newline, and is s itself when s holds
// nothing to escape.
func FuzzString(f *testing.F) {
	for _, s := range []string{"\x1b[31m", "\u009b", "\xff", "中\xe4", "\u202e", "a\tb\nc", "plain"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := String(s)
		if !utf8.ValidString(got) {
			t.Fatalf("String(%q) = %q: not UTF-8", s, got)
		}
		for _, r := range got {
			if Is(r) || r == '\t' {
				t.Fatalf("String(%q) = %q: %U left", s, got, r)
			}
		}
		clean := utf8.ValidString(s)
		for _, r := range s {
			clean = clean && !Is(r) && r != '\t'
		}
		if clean != (got == s) {
			t.Fatalf("String(%q) = %q", s, got)
		}
	})
}

// TestCatalogAgrees: catalog.CheckText refuses, in descriptions and hints,
// exactly the characters made visible here (tab too: String escapes it),
// so that what a catalog holds never needs escaping. (catalog imports no
// other package of ours, so it has its own copy of the rule.)
func TestCatalogAgrees(t *testing.T) {
	for r := rune(0); r <= 0x3000; r++ {
		refused := catalog.CheckText(string(r)) != nil
		if want := Is(r) || r == '\t'; refused != want {
			t.Errorf("%U: catalog refuses it: %v; visible escapes it: %v", r, refused, want)
		}
	}
}

// TestWriter: each mode changes what it says and nothing else, and
// whatever the writes are cut into, the output is the same as one write.
func TestWriter(t *testing.T) {
	in := "a\tb \x1b]0;t\x07 \u202egol \u2066x\u2069 \u009b31m …é\xff\r\nnext\n中"
	for _, tc := range []struct {
		mode Mode
		want string
	}{
		{Document, "a\tb ^[]0;t^G <U+202E>gol <U+2066>x<U+2069> <U+009B>31m …é\\xFF^M\nnext\n中"},
		{JSON, "a\tb \x1b]0;t\x07 \\u202egol \\u2066x\\u2069 \\u009b31m …é\xff\r\nnext\n中"},
		{BidiText, "a\tb \x1b]0;t\x07 <U+202E>gol <U+2066>x<U+2069> \u009b31m …é\xff\r\nnext\n中"},
		{BidiHTML, "a\tb \x1b]0;t\x07 &lt;U+202E&gt;gol &lt;U+2066&gt;x&lt;U+2069&gt; \u009b31m …é\xff\r\nnext\n中"},
	} {
		for cut := 0; cut <= len(in); cut++ {
			var b strings.Builder
			w := NewWriter(&b, tc.mode)
			w.Write([]byte(in[:cut]))
			w.Write([]byte(in[cut:]))
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			if b.String() != tc.want {
				t.Fatalf("mode %d, cut at %d: %q, want %q", tc.mode, cut, b.String(), tc.want)
			}
		}
	}
	// A rune cut at the end of it all: its bytes, visible in a document.
	var b strings.Builder
	w := NewWriter(&b, Document)
	w.Write([]byte("end \xe4\xb8"))
	w.Flush()
	if b.String() != `end \xE4\xB8` {
		t.Errorf("cut at the end: %q", b.String())
	}
}
