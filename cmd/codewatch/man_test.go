package main

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"
)

const manFile = "../../docs/codewatch.1"

// TestManPage: docs/codewatch.1 is what 'codewatch man' prints (-update
// writes it), it names every command and flag, and man renders it
// without warnings where man is installed.
func TestManPage(t *testing.T) {
	var b strings.Builder
	cmds := describeCommands()
	writeMan(&b, cmds)
	got := b.String()
	if *update {
		if err := os.WriteFile(manFile, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(manFile)
	if err != nil {
		t.Fatal(err)
	}
	if string(want) != got {
		t.Errorf("%s is out of date: go test ./cmd/codewatch -run TestManPage -update", manFile)
	}
	for _, c := range cmds {
		if !strings.Contains(got, ".B "+c.name+"\n") {
			t.Errorf("no command %s", c.name)
		}
		for _, w := range flagWords(c.fs) {
			if !strings.Contains(got, `\fB`+strings.ReplaceAll(w, "-", `\-`)+`\fR`) {
				t.Errorf("%s: no flag %s", c.name, w)
			}
		}
	}
	if _, err := exec.LookPath("man"); err != nil {
		t.Skip("man is not installed: the page is not rendered")
	}
	cmd := exec.Command("man", "--warnings", "-l", manFile)
	cmd.Env = append(os.Environ(), "MANWIDTH=80", "MANPAGER=cat", "PAGER=cat")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil || stderr.Len() > 0 {
		t.Fatalf("man: %v\n%s", err, stderr.String())
	}
	for _, want := range []string{"CODEWATCH(1)", "CODEWATCH REPORT", "-n, --lines N", "EXIT STATUS"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("rendered page has no %q", want)
		}
	}
}
