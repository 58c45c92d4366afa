package timestamp

import (
	"bytes"
	"testing"
)

// FuzzParse checks Parse's invariants on any bytes: it never
// panics; what it finds is well formed, and formats to a line that parses
// back to the same time; only the first 256 bytes of a line (4096 for a
// JSON object line) matter; and a browser console's source prefix in front
// of a line changes nothing.
func FuzzParse(f *testing.F) {
	for _, l := range timeBenchLines {
		f.Add([]byte(l))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		orig := bytes.Clone(line)
		got := Parse(line)
		if !bytes.Equal(line, orig) {
			t.Fatalf("Parse changed its input")
		}
		checkShape(t, got)

		// Round trip through the JSON form.
		if got.Kind != None {
			s := got.AppendFormat(nil)
			back := Parse(s)
			if back.Kind != got.Kind || back.Compare(got) != 0 {
				t.Fatalf("Parse(%q) = %s, formatted %q, parsed back as %s", line, describe(got), s, describe(back))
			}
			if s2 := back.AppendFormat(nil); !bytes.Equal(s, s2) {
				t.Fatalf("formatted %q, then %q", s, s2)
			}
		} else if s := got.AppendFormat(nil); len(s) != 0 {
			t.Fatalf("None formats as %q", s)
		}

		// Bytes after the JSON window never matter.
		long := append(bytes.Clone(line), bytes.Repeat([]byte{' '}, max(0, timeJSONWindow-len(line)))...)
		want := Parse(long)
		for _, junk := range []string{"9", `"ts":1700000000}`, ":59:59:999 13:35:39:20", "\xff"} {
			if g := Parse(append(bytes.Clone(long), junk...)); g.Kind != want.Kind || g.Compare(want) != 0 {
				t.Fatalf("junk %q after 4096 bytes changed %s to %s", junk, describe(want), describe(g))
			}
		}

		// For a line that is not a JSON object, bytes after the text window
		// never matter.
		if !isJSONLine(line) {
			text := append(bytes.Clone(line[:min(len(line), timeTextWindow)]), bytes.Repeat([]byte{' '}, max(0, timeTextWindow-len(line)))...)
			want := Parse(text)
			for _, junk := range []string{"9", "x 13:35:39:20", ":5", "\x00"} {
				if g := Parse(append(bytes.Clone(text), junk...)); g.Kind != want.Kind || g.Compare(want) != 0 {
					t.Fatalf("junk %q after 256 bytes changed %s to %s", junk, describe(want), describe(g))
				}
			}
			if len(line) >= timeTextWindow && (want.Kind != got.Kind || want.Compare(got) != 0) {
				t.Fatalf("the first 256 bytes give %s, the line %s", describe(want), describe(got))
			}

			// A console's source prefix changes nothing.
			const prefix = "AgoraRTC_N.js:5 "
			if len(line)+len(prefix) <= timeTextWindow {
				g := Parse(append([]byte(prefix), line...))
				if g.Kind != got.Kind || g.Compare(got) != 0 {
					t.Fatalf("prefix %q changed %s to %s", prefix, describe(got), describe(g))
				}
			}
		}
	})
}

// isJSONLine reports whether Parse reads line as a JSON object: its
// first non-blank byte within the JSON window is '{'.
func isJSONLine(line []byte) bool {
	w := line[:min(len(line), timeJSONWindow)]
	t := bytes.TrimLeft(w, " \t\r\n")
	return len(t) > 0 && t[0] == '{'
}
