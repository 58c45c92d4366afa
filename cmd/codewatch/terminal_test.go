package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// hostileName is a log file name that would retitle a terminal (OSC 0)
// and reverse what follows it (U+202E, RIGHT-TO-LEFT OVERRIDE).
const hostileName = "\x1b]0;pwned\x07\u202egol.txt.log"

// TestReportToTerminal: on a terminal, every format of report shows what
// a file name holds in a visible form, never as bytes that act on the
// terminal (issue 14, Low 11): CSV, Markdown and HTML as package visible
// writes them (tabs and newlines kept), JSON with \u escapes — still
// valid JSON, the same strings — and the table as it always did. Before,
// CSV and HTML (and JSON's U+202E) went out raw: OSC 0 retitled the
// terminal.
func TestReportToTerminal(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, hostileName), []byte("join failed K_UID_BANNED\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ format, want string }{
		{"csv", "^[]0;pwned^G<U+202E>gol.txt.log"},
		{"markdown", "?]0;pwned?<U+202E>gol.txt.log"}, // Markdown has its own for controls
		{"html", "^[]0;pwned^G&lt;U+202E&gt;gol.txt.log"},
		{"json", `\u001b]0;pwned\u0007\u202egol.txt.log`},
		{"table", "^[]0;pwned^G<U+202E>gol.txt.log"},
	} {
		t.Run(tc.format, func(t *testing.T) {
			e, stdout, stderr := testEnv("", false, true)
			// A terminal wide enough for the table's places, without the
			// table's own colour.
			e.getenv = func(k string) string { return map[string]string{"COLUMNS": "400"}[k] }
			if st := e.status(cmdReport(e, []string{"--format", tc.format, "--color", "never", "--no-progress", dir})); st != exitOK {
				t.Fatalf("status %d: %s", st, stderr)
			}
			out := stdout.String()
			if strings.ContainsAny(out, "\x1b\x07\u202e") {
				t.Errorf("raw escape, bell or override on the terminal:\n%q", out)
			}
			if !strings.Contains(out, tc.want) {
				t.Errorf("no %q in\n%s", tc.want, out)
			}
			if tc.format == "json" && !json.Valid(stdout.Bytes()) {
				t.Errorf("not valid JSON:\n%s", out)
			}
		})
	}
}

// TestAnnotateJSONToTerminal: annotate --format json on a terminal writes
// the C1 controls and bidirectional overrides of lines and names as \u
// escapes (valid JSON, the same strings); into a pipe, as they are
// (issue 14, Low 18).
func TestAnnotateJSONToTerminal(t *testing.T) {
	in := "\u202egol.exe \u009b31m K_UID_BANNED\n"
	for _, terminal := range []bool{true, false} {
		e, stdout, stderr := testEnv(in, false, terminal)
		if st := e.status(cmdAnnotate(e, []string{"--format", "json"})); st != exitOK {
			t.Fatalf("status %d: %s", st, stderr)
		}
		out := stdout.Bytes()
		if !json.Valid(bytes.TrimSpace(out)) {
			t.Errorf("not valid JSON: %s", out)
		}
		var l struct{ Text string }
		json.Unmarshal(out, &l)
		if l.Text != strings.TrimSuffix(in, "\n") {
			t.Errorf("text %q", l.Text)
		}
		if raw := bytes.ContainsAny(out, "\u202e\u009b"); raw == terminal {
			t.Errorf("terminal %v: %s", terminal, out)
		}
		if terminal && !bytes.Contains(out, []byte(`\u202egol.exe \u009b31m`)) {
			t.Errorf("terminal: %s", out)
		}
	}
}
