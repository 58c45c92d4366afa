package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

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

// closedPipe is an output whose reader went away (| head): every write
// fails with EPIPE, counted.
type closedPipe struct{ writes atomic.Int64 }

func (c *closedPipe) Write(p []byte) (int, error) {
	c.writes.Add(1)
	return 0, syscall.EPIPE
}

// TestAnnotateInOrderLive: reading several inputs at once, a live input
// (a pipe that stays open and quiet) is read only in its turn. So an
// output that fails ends annotate at once, not when the pipe says more,
// and an input ahead of its turn is not read on (it used to go on into
// its spill, up to a GiB); and the lines a live input gives come out when
// it gives them, not when it next says something.
func TestAnnotateInOrderLive(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	}
	dir := t.TempDir()
	big := filepath.Join(dir, "big.log")
	line := "2026-03-01T10:00:00Z join failed K_UID_BANNED, and some text to make the line long enough\n"
	if err := os.WriteFile(big, bytes.Repeat([]byte(line), 200000), 0o644); err != nil { // 18 MB
		t.Fatal(err)
	}
	small := filepath.Join(dir, "small.log")
	if err := os.WriteFile(small, []byte(line), 0o644); err != nil {
		t.Fatal(err)
	}
	runAsync := func(stdin *os.File, stdout io.Writer, args ...string) chan int {
		done := make(chan int, 1)
		go func() {
			done <- run(context.Background(), append([]string{"annotate"}, args...), stdin, stdout, io.Discard)
		}()
		return done
	}
	within := func(what string, done chan int) int {
		select {
		case st := <-done:
			return st
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: annotate still running after 10 s", what)
			return -1
		}
	}

	// The output fails: a quiet pipe ahead does not hold annotate, and
	// the big input ahead of its turn stops.
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer pw.Close()
	out := &closedPipe{}
	if st := within("the output failed, a quiet pipe ahead", runAsync(pr, out, big, "-")); st != exitOK {
		t.Fatalf("status %d after EPIPE, want %d (quietly, as with | head)", st, exitOK)
	}
	out2 := &closedPipe{}
	if st := within("the output failed, a big input ahead", runAsync(pr, out2, big, big)); st != exitOK {
		t.Fatalf("status %d after EPIPE, want %d", st, exitOK)
	}
	pr.Close()

	// A live input's lines come out as it gives them.
	pr, pw2, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	var got syncBuffer
	done := runAsync(pr, &got, big, "-") // the pipe's line comes while big is read
	if _, err := pw2.WriteString("2026-03-01T10:00:01Z from the pipe: code: 2002\n"); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(got.String(), "from the pipe") {
		if time.Now().After(deadline) {
			t.Fatalf("the pipe's line did not come out while the pipe stayed open (%d bytes out so far)", len(got.String()))
		}
		time.Sleep(10 * time.Millisecond)
	}
	pw2.Close()
	if st := within("the pipe closed", done); st != exitOK {
		t.Fatalf("status %d, want %d", st, exitOK)
	}
	pr.Close()
}
