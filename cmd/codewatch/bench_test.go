package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/codewatch/codewatch/internal/search"
	"github.com/codewatch/codewatch/internal/testgen"
)

// benchInputs writes 16 generated files (32 MiB in all) to a temporary
// directory, and returns it and their size.
func benchInputs(b *testing.B) (string, int64) {
	dir := b.TempDir()
	var total int64
	for i := range 16 {
		var buf bytes.Buffer
		if _, _, err := testgen.Write(&buf, testgen.Config{Seed: int64(i), Bytes: 2 << 20}, nil); err != nil {
			b.Fatal(err)
		}
		total += int64(buf.Len())
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("app.log.%d", i)), buf.Bytes(), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	return dir, total
}

// BenchmarkReport runs codewatch report over 16 generated files with one
// worker and with one per CPU: their ratio is what reading inputs in
// parallel buys on this machine.
func BenchmarkReport(b *testing.B) {
	dir, total := benchInputs(b)
	for _, jobs := range []int{1, runtime.GOMAXPROCS(0)} {
		b.Run(fmt.Sprintf("jobs=%d", jobs), func(b *testing.B) {
			b.SetBytes(total)
			b.ReportAllocs()
			for b.Loop() {
				st := run(context.Background(), []string{"report", "--format", "json", "-j", fmt.Sprint(jobs), dir},
					strings.NewReader(""), io.Discard, io.Discard)
				if st != exitOK {
					b.Fatalf("status %d", st)
				}
			}
		})
	}
}

// BenchmarkAnnotateInputs runs codewatch annotate over 16 generated files,
// read one per CPU, with what an input ahead of its turn holds of its
// output: nothing (it waits for its turn as soon as it prints: the naive
// baseline, nearly one input at a time), 1 MiB in memory, and 1 MiB then a
// spill file (the default).
func BenchmarkAnnotateInputs(b *testing.B) {
	dir, total := benchInputs(b)
	holds := []struct {
		name string
		hold search.Hold
	}{
		{"held=none", search.Hold{}},
		{"held=memory", search.Hold{Memory: heldPerInput.Memory}},
		{"held=spill", heldPerInput},
	}
	defer func(h search.Hold) { heldPerInput = h }(heldPerInput)
	for _, h := range holds {
		b.Run(h.name, func(b *testing.B) {
			heldPerInput = h.hold
			b.SetBytes(total)
			b.ReportAllocs()
			for b.Loop() {
				st := run(context.Background(), []string{"annotate", dir}, strings.NewReader(""), io.Discard, io.Discard)
				if st != exitOK {
					b.Fatalf("status %d", st)
				}
			}
		})
	}
}
