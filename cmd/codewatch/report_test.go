package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/klauspost/compress/gzip"

	"github.com/codewatch/codewatch/internal/testgen"
)

// writeCorpus writes n generated logs under dir, some gzipped, of varied
// sizes, and returns their paths.
func writeCorpus(t testing.TB, dir string, n int) []string {
	t.Helper()
	var paths []string
	for i := range n {
		var b bytes.Buffer
		cfg := testgen.Config{Seed: int64(i), Lines: 20 + i*53%400, CodeRate: 0.2}
		if _, _, err := testgen.Write(&b, cfg, nil); err != nil {
			t.Fatal(err)
		}
		name := filepath.Join(dir, fmt.Sprintf("host%d", i%4), fmt.Sprintf("app.log.%d", i))
		data := b.Bytes()
		if i%3 == 1 {
			name += ".gz"
			var z bytes.Buffer
			zw := gzip.NewWriter(&z)
			zw.Write(data)
			zw.Close()
			data = z.Bytes()
			if i%9 == 4 {
				data = data[:len(data)/2] // truncated: an input that fails
			}
		}
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, data, 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, name)
	}
	return paths
}

// TestParallelSameAsSerial: reading inputs on many goroutines gives output
// byte for byte the same as reading them one by one, in every format, and
// the same diagnostics in the same order.
func TestParallelSameAsSerial(t *testing.T) {
	dir := t.TempDir()
	writeCorpus(t, dir, 60)
	runReport := func(args ...string) (string, string, int) {
		var stdout, stderr bytes.Buffer
		st := run(context.Background(), append([]string{"report"}, args...), strings.NewReader(""), &stdout, &stderr)
		return stdout.String(), stderr.String(), st
	}
	for _, format := range []string{"table", "json", "csv", "markdown", "html"} {
		t.Run(format, func(t *testing.T) {
			wantOut, wantErr, wantSt := runReport("--format", format, "-j", "1", dir)
			if wantSt != exitError || strings.Count(wantErr, "\n") < 2 {
				t.Fatalf("the corpus should hold failing inputs: status %d, stderr %q", wantSt, wantErr)
			}
			for _, jobs := range []string{"2", "3", "8", "0"} {
				out, errs, st := runReport("--format", format, "-j", jobs, dir)
				if out != wantOut || errs != wantErr || st != wantSt {
					t.Fatalf("-j %s differs from -j 1: status %d vs %d\nstderr %q\nvs     %q\n%s", jobs, st, wantSt, errs, wantErr,
						lineDiff(wantOut, out))
				}
			}
		})
	}
}

// TestProgress: the progress bar is drawn on stderr when it is a
// terminal, and never otherwise (pipes, files, CI logs), nor in CI.
func TestProgress(t *testing.T) {
	dir := t.TempDir()
	writeCorpus(t, dir, 5)
	for _, tc := range []struct {
		name     string
		terminal bool
		ci       string
		args     []string
		want     bool
	}{
		{"terminal", true, "", nil, true},
		{"pipe", false, "", nil, false},
		{"CI", true, "true", nil, false},
		{"--no-progress", true, "", []string{"--no-progress"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, stdout, _ := testEnv("", false, false)
			stderr := &syncBuffer{}
			e.stderr = stderr
			e.log = newLogger(stderr, zerolog.InfoLevel, "text")
			e.progressAfter, e.progressEvery = 0, time.Millisecond
			// Standard input, read first, holds the work until the bar
			// is drawn, where it should be.
			e.stdin = &gate{open: func() bool { return !tc.want || strings.Contains(stderr.String(), " of ") }}
			e.getenv = func(k string) string {
				if k == "CI" {
					return tc.ci
				}
				return ""
			}
			e.isTerminal = func(f any) bool { return tc.terminal && f == any(stderr) }
			args := append(tc.args, "--format", "json", "-j", "1", "-", dir)
			st := e.status(cmdReport(e, args))
			if st != exitError { // one input of three is truncated
				t.Fatalf("status %d, stderr %q", st, stderr.String())
			}
			drawn := strings.Contains(stderr.String(), "\r\x1b[K")
			if drawn != tc.want {
				t.Errorf("progress drawn: %v, want %v; stderr %q", drawn, tc.want, stderr.String())
			}
			if tc.want {
				// Drawn, then cleared before the diagnostic and at the end.
				// and nothing of the bar is left on the line at the end.
				end := stderr.String()[strings.LastIndex(stderr.String(), "\r\x1b[K"):]
				if !strings.Contains(stderr.String(), " of ") || end != "\r\x1b[K" && !strings.HasSuffix(end, "\n") {
					t.Errorf("stderr %q", stderr.String())
				}
				if !strings.Contains(stderr.String(), "\r\x1b[Kcodewatch: ") {
					t.Errorf("the diagnostic is not on a cleared line: %q", stderr.String())
				}
			}
			if !strings.HasPrefix(stdout.String(), "{") {
				t.Errorf("stdout %q", stdout.String())
			}
		})
	}
}

// syncBuffer is a bytes.Buffer safe for concurrent use.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// gate is an empty reader whose end comes once open reports true, or
// after half a second.
type gate struct{ open func() bool }

func (g *gate) Read([]byte) (int, error) {
	for end := time.Now().Add(500 * time.Millisecond); !g.open() && time.Now().Before(end); {
		time.Sleep(time.Millisecond)
	}
	return 0, io.EOF
}

// TestThreads: -j N is N threads in all, shared out over the inputs; one
// input read with -j 1 is searched on one thread (it used to take every
// CPU, so -j 1 and -j 2 on one file were the same).
func TestThreads(t *testing.T) {
	for _, tc := range []struct{ jobs, n, cpus, at, split int }{
		{1, 1, 2, 1, 1},
		{2, 1, 2, 1, 2},
		{0, 1, 2, 1, 2},
		{0, 16, 2, 2, 1},
		{4, 2, 2, 2, 2},
		{3, 2, 8, 2, 1},
		{8, 0, 2, 1, 8},
	} {
		at, split := threads(tc.jobs, tc.n, tc.cpus)
		if at != tc.at || split != tc.split {
			t.Errorf("threads(%d, %d, %d) = %d, %d; want %d, %d", tc.jobs, tc.n, tc.cpus, at, split, tc.at, tc.split)
		}
	}
}
