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

	"github.com/codewatch/codewatch/internal/testgen"
)

// BenchmarkReport runs codewatch report over 16 generated files (32 MiB in
// all) with one worker and with one per CPU: their ratio is what reading
// inputs in parallel buys on this machine.
func BenchmarkReport(b *testing.B) {
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
