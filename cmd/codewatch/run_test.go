package main

import (
	"bytes"
	"context"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"
)

// testEnv is an env whose stdin and stdout may pretend to be terminals.
func testEnv(stdin string, ttyIn, ttyOut bool) (*env, *bytes.Buffer, *bytes.Buffer) {
	var stdout, stderr bytes.Buffer
	in := strings.NewReader(stdin)
	e := &env{ctx: context.Background(), stdin: in, stdout: &stdout, stderr: &stderr,
		getenv: func(string) string { return "" }}
	e.log = newLogger(&stderr, zerolog.InfoLevel, "text")
	e.isTerminal = func(f any) bool {
		return f == any(in) && ttyIn || f == any(&stdout) && ttyOut
	}
	return e, &stdout, &stderr
}

// TestNoInputFromTerminal: annotate with no file and a terminal on stdin
// does not sit waiting: it says what it wants, status 2.
func TestNoInputFromTerminal(t *testing.T) {
	e, stdout, stderr := testEnv("K_UID_BANNED\n", true, false)
	if st := e.status(cmdAnnotate(e, nil)); st != exitError {
		t.Errorf("status %d, want %d", st, exitError)
	}
	if want := "codewatch annotate: no input: give files or directories, or pipe logs in (see 'codewatch annotate --help')\n"; stderr.String() != want {
		t.Errorf("stderr %q, want %q", stderr.String(), want)
	}
	if stdout.Len() > 0 {
		t.Errorf("stdout %q", stdout.String())
	}
	// Piped in, the same is read.
	e, stdout, _ = testEnv("K_UID_BANNED\n", false, false)
	if st := e.status(cmdAnnotate(e, nil)); st != exitOK || !strings.Contains(stdout.String(), "K_UID_BANNED\t[codewatch] error") {
		t.Errorf("status %d, stdout %q", st, stdout.String())
	}
}

// TestTerminalOutput: on a terminal, colour is on (auto), the matched
// text is highlighted and control characters are escaped.
func TestTerminalOutput(t *testing.T) {
	e, stdout, _ := testEnv("\x1b]0;title\x07 K_UID_BANNED\n", false, true)
	if st := e.status(cmdAnnotate(e, nil)); st != exitOK {
		t.Fatalf("status %d", st)
	}
	if !strings.Contains(stdout.String(), "^[]0;title^G \x1b[1;31mK_UID_BANNED\x1b[0m") || !strings.Contains(stdout.String(), "\x1b[31merror\x1b[0m") {
		t.Errorf("stdout %q", stdout.String())
	}
	// NO_COLOR turns colour off, but the terminal still gets escapes made
	// visible.
	e, stdout, _ = testEnv("\x1b[2J K_UID_BANNED\n", false, true)
	e.getenv = func(k string) string {
		if k == "NO_COLOR" {
			return "1"
		}
		return ""
	}
	e.status(cmdAnnotate(e, []string{"--sdk", "web-2.x"}))
	if want := "^[[2J K_UID_BANNED\t[codewatch] error K_UID_BANNED (14): The UID is banned.\n"; stdout.String() != want {
		t.Errorf("stdout %q, want %q", stdout.String(), want)
	}
}

// TestLiveStreamNotHeldBack: a short first line on a live pipe is
// annotated while the pipe stays open — looking at the stream's first
// block for an archive's signature does not wait for 512 bytes.
func TestLiveStreamNotHeldBack(t *testing.T) {
	pr, pw := io.Pipe()
	defer pw.Close()
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(context.Background(), []string{"annotate"}, pr, &stdout, &stderr)
	}()
	if _, err := pw.Write([]byte("2026-03-01T10:00:00Z K_UID_BANNED\n")); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(stdout.String(), "K_UID_BANNED\t[codewatch]") {
		if time.Now().After(deadline) {
			t.Fatalf("the first line is still not out after 10 s; stdout %q, stderr %q", stdout.String(), stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	pw.Close()
	if st := <-done; st != exitOK {
		t.Errorf("status %d, stderr %q", st, stderr.String())
	}
}

// TestSuggest: "did you mean" takes the nearest names within an edit
// distance of 2 (a transposition counts 1), never one as far from the
// word as the word is long.
func TestSuggest(t *testing.T) {
	names := []string{"annotate", "report", "merge", "tail", "explain", "catalog", "version", "help"}
	for _, tc := range []struct {
		word string
		want []string
	}{
		{"reprot", []string{"report"}},
		{"tial", []string{"tail"}},
		{"expalin", []string{"explain"}},
		{"mrege", []string{"merge"}},
		{"REPORT", []string{"report"}},
		{"reports", []string{"report"}},
		{"zz", nil},
		{"x", nil},
		{"frobnicate", nil},
		{"hel", []string{"help"}},
	} {
		if got := suggest(tc.word, names); !slices.Equal(got, tc.want) {
			t.Errorf("suggest(%q) = %q, want %q", tc.word, got, tc.want)
		}
	}
	for _, tc := range []struct {
		a, b string
		d    int
	}{{"ab", "ba", 1}, {"abc", "ca", 3}, {"kitten", "sitting", 3}, {"", "abc", 3}, {"tail", "tail", 0}} {
		if d := editDistance(tc.a, tc.b); d != tc.d {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tc.a, tc.b, d, tc.d)
		}
	}
}
