package scan

import (
	"runtime"
	"strings"
	"testing"

	"github.com/codewatch/codewatch/internal/catalog"
)

// countSink counts the lines it is given.
type countSink struct{ n int }

func (c *countSink) Line(*Line) error { c.n++; return nil }

// TestParallelSmallInputs: the parallel reader (annotate's: one reader,
// input after input) allocates next to nothing per input once its buffers
// are made. It made a carry buffer of BufSize for each (1 MiB): annotate
// over 100,000 small files was 9× slower than report, most of it zeroing
// and collecting those buffers (issue 14, Low 18).
func TestParallelSmallInputs(t *testing.T) {
	rd := NewReader(NewMatcher(catalog.Default(), true), Options{Workers: 2})
	in := "2026-01-01 00:00:01 ERROR join failed, code: 101\n"
	scan := func() {
		var c countSink
		if _, err := rd.Scan(strings.NewReader(in), &c); err != nil || c.n != 1 {
			t.Fatalf("%d lines, %v", c.n, err)
		}
	}
	scan() // the buffers, made once
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	const inputs = 100
	for range inputs {
		scan()
	}
	runtime.ReadMemStats(&after)
	if per := (after.TotalAlloc - before.TotalAlloc) / inputs; per > 16<<10 {
		t.Errorf("%d bytes allocated per small input, want under 16 KiB (the buffer is %d)", per, DefaultBufSize)
	}
}
