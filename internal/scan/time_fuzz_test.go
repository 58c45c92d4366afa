package scan

import (
	"bytes"
	"testing"
)

// FuzzParseTime checks ParseTime's invariants on any bytes: it never
// panics; what it finds is well formed, and formats to a line that parses
// back to the same time; only the first 256 bytes of a line (4096 for a
// JSON object line) matter; and a browser console's source prefix in front
// of a line changes nothing.
func FuzzParseTime(f *testing.F) {
	for _, l := range timeBenchLines {
		f.Add([]byte(l))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		orig := bytes.Clone(line)
		got := ParseTime(line)
		if !bytes.Equal(line, orig) {
			t.Fatalf("ParseTime changed its input")
		}
		timeCheckShape(t, got)

		// Round trip through the JSON form.
		if got.Kind != NoTime {
			s := got.AppendFormat(nil)
			back := ParseTime(s)
			if back.Kind != got.Kind || back.Compare(got) != 0 {
				t.Fatalf("ParseTime(%q) = %s, formatted %q, parsed back as %s", line, timeDescribe(got), s, timeDescribe(back))
			}
			if s2 := back.AppendFormat(nil); !bytes.Equal(s, s2) {
				t.Fatalf("formatted %q, then %q", s, s2)
			}
		} else if s := got.AppendFormat(nil); len(s) != 0 {
			t.Fatalf("NoTime formats as %q", s)
		}

		// Bytes after the JSON window never matter.
		long := append(bytes.Clone(line), bytes.Repeat([]byte{' '}, max(0, timeJSONWindow-len(line)))...)
		want := ParseTime(long)
		for _, junk := range []string{"9", `"ts":1700000000}`, ":59:59:999 13:35:39:20", "\xff"} {
			if g := ParseTime(append(bytes.Clone(long), junk...)); g.Kind != want.Kind || g.Compare(want) != 0 {
				t.Fatalf("junk %q after 4096 bytes changed %s to %s", junk, timeDescribe(want), timeDescribe(g))
			}
		}

		// For a line that is not a JSON object, bytes after the text window
		// never matter.
		if !tsJSONLine(line) {
			text := append(bytes.Clone(line[:min(len(line), timeTextWindow)]), bytes.Repeat([]byte{' '}, max(0, timeTextWindow-len(line)))...)
			want := ParseTime(text)
			for _, junk := range []string{"9", "x 13:35:39:20", ":5", "\x00"} {
				if g := ParseTime(append(bytes.Clone(text), junk...)); g.Kind != want.Kind || g.Compare(want) != 0 {
					t.Fatalf("junk %q after 256 bytes changed %s to %s", junk, timeDescribe(want), timeDescribe(g))
				}
			}
			if len(line) >= timeTextWindow && (want.Kind != got.Kind || want.Compare(got) != 0) {
				t.Fatalf("the first 256 bytes give %s, the line %s", timeDescribe(want), timeDescribe(got))
			}

			// A console's source prefix changes nothing.
			const prefix = "AgoraRTC_N.js:5 "
			if len(line)+len(prefix) <= timeTextWindow {
				g := ParseTime(append([]byte(prefix), line...))
				if g.Kind != got.Kind || g.Compare(got) != 0 {
					t.Fatalf("prefix %q changed %s to %s", prefix, timeDescribe(got), timeDescribe(g))
				}
			}
		}
	})
}

// tsJSONLine reports whether ParseTime reads line as a JSON object: its
// first non-blank byte within the JSON window is '{'.
func tsJSONLine(line []byte) bool {
	w := line[:min(len(line), timeJSONWindow)]
	t := bytes.TrimLeft(w, " \t\r\n")
	return len(t) > 0 && t[0] == '{'
}
