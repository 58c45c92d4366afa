package main

import (
	"strings"
	"testing"
)

// TestHighlightOnTerminal: with --color auto, on a terminal the matched
// text is highlighted (and a control character in the line escaped); in
// a pipe the line is its bytes; NO_COLOR turns it off, TERM=dumb too.
func TestHighlightOnTerminal(t *testing.T) {
	in := "x \x1b K_UID_BANNED y\n"
	for _, tc := range []struct {
		terminal bool
		env      string
		want     string
	}{
		{true, "", "x ^[ \x1b[1;31mK_UID_BANNED\x1b[0m y\x1b[2m\t[codewatch] "},
		{false, "", "x \x1b K_UID_BANNED y\t[codewatch] "},
		{true, "NO_COLOR", "x ^[ K_UID_BANNED y\t[codewatch] "},
		{true, "TERM", "x ^[ K_UID_BANNED y\t[codewatch] "},
	} {
		e, stdout, stderr := testEnv(in, false, tc.terminal)
		e.getenv = func(k string) string {
			switch {
			case k == "CODEWATCH_SDK":
				return "web-2.x"
			case k == tc.env && k == "TERM":
				return "dumb"
			case k == tc.env:
				return "1"
			}
			return ""
		}
		if st := e.status(cmdAnnotate(e, []string{"--color", "auto"})); st != exitOK {
			t.Fatalf("status %d: %s", st, stderr)
		}
		if !strings.HasPrefix(stdout.String(), tc.want) {
			t.Errorf("terminal %v, %s set: %q, want it to begin %q", tc.terminal, tc.env, stdout, tc.want)
		}
	}
}
