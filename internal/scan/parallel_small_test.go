package scan

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

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

// TestParallelCarriedContext: a scan that continues an input (tail's
// chunks: SetContext, ScanAt) reads its lines in the SDK the lines before
// said, in parallel as serially: the blocks read ahead of the consumer
// start from that context, not from none. A value with different meanings
// in the catalogs ("error 116") is one code in a known SDK, ambiguous in
// none.
func TestParallelCarriedContext(t *testing.T) {
	set := sdkSet(t)
	m := NewSetMatcher(set, MatcherOptions{Auto: true})
	native := catalog.SDKs(1) << set.Index("agora-native-4.x")
	var in strings.Builder
	for i := 0; in.Len() < 8*MinBufSize; i++ {
		fmt.Fprintf(&in, "line %d: join failed, error 116\n", i)
	}
	for _, ctx := range []catalog.SDKs{0, native} {
		var want map[int64][]string
		for _, workers := range []int{1, 2, 3} {
			rd := NewReader(m, Options{BufSize: MinBufSize, Workers: workers})
			rd.SetContext(ctx)
			rec := newRecorder()
			if _, err := rd.ScanAt(strings.NewReader(in.String()), 0, rec); err != nil {
				t.Fatal(err)
			}
			if rd.Context() != ctx {
				t.Fatalf("context %x, %d workers: left %x", ctx, workers, rd.Context())
			}
			if workers == 1 {
				want = rec.desc
				first := strings.Join(want[1], " ")
				if len(want) == 0 || (ctx == native) == strings.Contains(first, "ambiguous") {
					t.Fatalf("context %x: line 1 reads %q", ctx, first)
				}
				continue
			}
			if diff := cmp.Diff(want, rec.desc); diff != "" {
				t.Fatalf("context %x, %d workers (-serial +parallel):\n%s", ctx, workers, diff)
			}
		}
	}
}
