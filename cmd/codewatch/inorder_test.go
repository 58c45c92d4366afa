package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/codewatch/codewatch/internal/search"
)

// TestAnnotateInOrder: annotate over many inputs reads several at once
// (one per CPU) and writes exactly what it writes reading them one by one
// (GOMAXPROCS 1): every line in order, a last line without its newline
// ended before the next input's, the diagnostics in the inputs' order, the
// same status — with and without -o, in text, with -n -H, and JSON.
func TestAnnotateInOrder(t *testing.T) {
	dir := t.TempDir()
	var args []string
	for i := range 24 {
		var b strings.Builder
		for k := range 1500 + (i*37)%300 {
			switch {
			case k%97 == 3:
				fmt.Fprintf(&b, "2026-03-01T10:%02d:00Z join failed K_UID_BANNED in %d\n", k%60, i)
			case k%131 == 5:
				fmt.Fprintf(&b, "AgoraRTCError CAN_NOT_GET_GATEWAY_SERVER: flag %d\n", k)
			default:
				fmt.Fprintf(&b, "line %d of input %d, nothing in it\n", k, i)
			}
		}
		text := b.String()
		if i%5 == 2 { // no newline at the end
			text += "the last line, code: 2002, without its newline"
		}
		name := filepath.Join(dir, fmt.Sprintf("in%02d.log", i))
		if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, name)
		if i%7 == 4 {
			args = append(args, filepath.Join(dir, fmt.Sprintf("missing%02d.log", i)))
		}
	}
	if runtime.GOMAXPROCS(0) < 2 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	}
	runWith := func(procs int, flags []string) (string, string, int) {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		var stdout, stderr bytes.Buffer
		st := run(context.Background(), append(append([]string{"annotate"}, flags...), args...), strings.NewReader(""), &stdout, &stderr)
		return stdout.String(), stderr.String(), st
	}
	var switched int
	inOrderHook = func() { switched++ }
	defer func() { inOrderHook = nil }()
	for _, flags := range [][]string{{"-o"}, {"-o", "-n", "-H"}, {"-o", "--format", "json"}, {"-o", "--no-filename", "--fail-on", "error"}, nil, {"--format", "json"}} {
		wantOut, wantErr, wantSt := runWith(1, flags)
		// What an input ahead of its turn prints is held in memory, then
		// spilled to a file: a small memory bound takes the spill.
		for _, hold := range []search.Hold{heldPerInput, {Memory: 4 << 10, Spill: 1 << 30}, {Memory: 4 << 10, Spill: 8 << 10}} {
			defer func(h search.Hold) { heldPerInput = h }(heldPerInput)
			heldPerInput = hold
			for range 2 {
				out, errs, st := runWith(2, flags)
				if out != wantOut || errs != wantErr || st != wantSt {
					t.Fatalf("%q, held %+v: two at once differ from one by one: status %d/%d\nstderr %q\nwant   %q\nstdout (%d bytes, want %d):\n%.2000s",
						flags, hold, st, wantSt, errs, wantErr, len(out), len(wantOut), firstDiff(out, wantOut))
				}
			}
		}
		if switched == 0 {
			t.Fatalf("%q: the inputs were never read two at once", flags)
		}
		switched = 0
		if !regexp.MustCompile(`without its newline[^\n]*\n.`).MatchString(wantOut) || wantSt != exitError {
			t.Fatalf("%q: the corpus does not hold what the test is for (status %d)", flags, wantSt)
		}
	}
}

// firstDiff is a and b from where they first differ.
func firstDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(0, i-200)
	return fmt.Sprintf("got  …%q\nwant …%q", a[lo:min(len(a), i+200)], b[lo:min(len(b), i+200)])
}
