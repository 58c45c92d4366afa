package search

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestInOrder: whatever the parts' pace and the goroutines, the output is
// that of the parts one after the other, after is called in order, and a
// part holds no more than limit bytes before its turn.
func TestInOrder(t *testing.T) {
	for _, jobs := range []int{1, 2, 3, 8} {
		for _, limit := range []int{0, 7, 64, 1 << 20} {
			var out bytes.Buffer
			var want strings.Builder
			const n = 40
			for i := range n {
				for k := range i % 5 {
					fmt.Fprintf(&want, "part %d line %d\n", i, k)
				}
			}
			var afters []int
			var maxHeld atomic.Int64
			err := InOrder(context.Background(), &out, n, jobs, Hold{Memory: limit},
				func(context.Context) (func(int, *TurnWriter) error, func()) {
					return func(i int, w *TurnWriter) error {
						for k := range i % 5 {
							if (i+k)%3 == 0 {
								time.Sleep(time.Duration(i%4) * 100 * time.Microsecond)
							}
							fmt.Fprintf(w, "part %d line %d\n", i, k)
							if h := int64(len(w.held)); h > maxHeld.Load() {
								maxHeld.Store(h)
							}
						}
						return nil
					}, func() {}
				},
				func(i int, err error) error {
					afters = append(afters, i)
					return err
				})
			if err != nil {
				t.Fatal(err)
			}
			if out.String() != want.String() {
				t.Fatalf("jobs %d limit %d: got\n%s\nwant\n%s", jobs, limit, out.String(), want.String())
			}
			for i, a := range afters {
				if a != i {
					t.Fatalf("jobs %d: after called for %v", jobs, afters)
				}
			}
			if len(afters) != n || maxHeld.Load() > int64(limit) {
				t.Fatalf("jobs %d limit %d: %d afters, %d bytes held", jobs, limit, len(afters), maxHeld.Load())
			}
		}
	}
}

// TestInOrderOverlaps: with two goroutines, part 1 runs (and holds its
// output) while part 0 is still going.
func TestInOrderOverlaps(t *testing.T) {
	var out bytes.Buffer
	started := make(chan struct{})
	err := InOrder(context.Background(), &out, 2, 2, Hold{Memory: 1 << 10},
		func(context.Context) (func(int, *TurnWriter) error, func()) {
			return func(i int, w *TurnWriter) error {
				if i == 0 {
					select {
					case <-started: // part 1 ran while part 0 waited
					case <-time.After(10 * time.Second):
						return errors.New("part 1 never started while part 0 ran")
					}
					io.WriteString(w, "zero\n")
					return nil
				}
				io.WriteString(w, "one\n")
				close(started)
				return nil
			}, func() {}
		},
		func(i int, err error) error { return err })
	if err != nil || out.String() != "zero\none\n" {
		t.Fatalf("err %v, out %q", err, out.String())
	}
}

// TestInOrderStops: an error from after stops the parts after it (none
// writes), and a part waiting for its turn ends.
func TestInOrderStops(t *testing.T) {
	var out bytes.Buffer
	stop := errors.New("stop")
	err := InOrder(context.Background(), &out, 100, 2, Hold{Memory: 4},
		func(context.Context) (func(int, *TurnWriter) error, func()) {
			return func(i int, w *TurnWriter) error {
				_, err := fmt.Fprintf(w, "part %d, more than four bytes\n", i)
				return err
			}, func() {}
		},
		func(i int, err error) error {
			if i == 3 {
				return stop
			}
			return err
		})
	if !errors.Is(err, stop) {
		t.Fatalf("err %v", err)
	}
	if want := "part 0, more than four bytes\npart 1, more than four bytes\npart 2, more than four bytes\npart 3, more than four bytes\n"; out.String() != want {
		t.Fatalf("out %q", out.String())
	}
}

// TestInOrderCancel: a done context ends InOrder with its error.
func TestInOrderCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var out bytes.Buffer
	err := InOrder(ctx, &out, 10, 2, Hold{},
		func(context.Context) (func(int, *TurnWriter) error, func()) {
			return func(i int, w *TurnWriter) error {
				if i == 0 {
					cancel()
					<-ctx.Done()
				}
				_, err := io.WriteString(w, "x\n")
				return err
			}, func() {}
		},
		func(i int, err error) error { return err })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v", err)
	}
}

// TestInOrderSpills: past what it holds in memory, a part ahead of its
// turn goes on into its spill file: part 1, whose output is far larger
// than its memory, ends while part 0 is still going, and the output is
// that of the parts one after the other, with nothing held in memory
// past the bound.
func TestInOrderSpills(t *testing.T) {
	var out bytes.Buffer
	ended := make(chan struct{})
	const lines = 50000
	var maxHeld int
	err := InOrder(context.Background(), &out, 3, 2, Hold{Memory: 1 << 10, Spill: 8 << 20},
		func(context.Context) (func(int, *TurnWriter) error, func()) {
			return func(i int, w *TurnWriter) error {
				if i == 0 {
					select {
					case <-ended:
					case <-time.After(10 * time.Second):
						return errors.New("part 1 did not end while part 0 ran")
					}
				}
				for k := range lines {
					fmt.Fprintf(w, "part %d line %d\n", i, k)
					maxHeld = max(maxHeld, len(w.held))
				}
				if i == 1 {
					close(ended)
				}
				return nil
			}, func() {}
		},
		func(i int, err error) error { return err })
	if err != nil {
		t.Fatal(err)
	}
	var want strings.Builder
	for i := range 3 {
		for k := range lines {
			fmt.Fprintf(&want, "part %d line %d\n", i, k)
		}
	}
	if out.String() != want.String() {
		t.Fatalf("output differs from the parts one after the other (%d bytes, want %d)", out.Len(), want.Len())
	}
	if maxHeld > 1<<10 {
		t.Fatalf("%d bytes held in memory, bound 1 KiB", maxHeld)
	}
}

// TestInOrderSpillFails: a spill file that cannot be made, that refuses
// writes, that fills up, or whose bound is small only makes a part wait
// for its turn: nothing is lost or reordered.
func TestInOrderSpillFails(t *testing.T) {
	readOnly := func() (SpillFile, error) {
		name := filepath.Join(t.TempDir(), "spill")
		if err := os.WriteFile(name, nil, 0o644); err != nil {
			return nil, err
		}
		return os.Open(name)
	}
	cases := map[string]Hold{
		"cannot be made": {Memory: 16, Spill: 1 << 20, NewSpill: func() (SpillFile, error) { return nil, errors.New("no room") }},
		"read-only":      {Memory: 16, Spill: 1 << 20, NewSpill: readOnly},
		"small bound":    {Memory: 16, Spill: 100},
		"no memory":      {Spill: 1 << 20},
	}
	if _, err := os.Stat("/dev/full"); err == nil {
		cases["full"] = Hold{Memory: 16, Spill: 1 << 20, NewSpill: func() (SpillFile, error) { return os.OpenFile("/dev/full", os.O_RDWR, 0) }}
	}
	// A file that takes some writes, then refuses: what it took is
	// written out, the rest goes through.
	partial := func() (SpillFile, error) {
		f, err := os.Create(filepath.Join(t.TempDir(), "spill"))
		if err != nil {
			return nil, err
		}
		return &takesSome{File: f, left: 300}, nil
	}
	cases["takes some"] = Hold{Memory: 16, Spill: 1 << 20, NewSpill: partial}
	for name, hold := range cases {
		for _, jobs := range []int{2, 3} {
			var out bytes.Buffer
			var want strings.Builder
			const n = 30
			for i := range n {
				for k := range i % 7 * 20 {
					fmt.Fprintf(&want, "part %d line %d\n", i, k)
				}
			}
			err := InOrder(context.Background(), &out, n, jobs, hold,
				func(context.Context) (func(int, *TurnWriter) error, func()) {
					return func(i int, w *TurnWriter) error {
						for k := range i % 7 * 20 {
							if k%13 == 0 {
								time.Sleep(time.Duration((i+k)%3) * 50 * time.Microsecond)
							}
							if _, err := fmt.Fprintf(w, "part %d line %d\n", i, k); err != nil {
								return err
							}
						}
						return nil
					}, func() {}
				},
				func(i int, err error) error { return err })
			if err != nil {
				t.Fatalf("%s, %d jobs: %v", name, jobs, err)
			}
			if out.String() != want.String() {
				t.Fatalf("%s, %d jobs: output differs from the parts one after the other (-got +want):\n%s", name, jobs, cmp.Diff(out.String(), want.String()))
			}
		}
	}
}

// takesSome is a spill file that takes left bytes, then half of a write,
// then refuses.
type takesSome struct {
	*os.File
	left int
}

func (f *takesSome) WriteAt(p []byte, off int64) (int, error) {
	if len(p) <= f.left {
		f.left -= len(p)
		return f.File.WriteAt(p, off)
	}
	n, _ := f.File.WriteAt(p[:len(p)/2], off)
	f.left = 0
	return n, errors.New("no more room")
}

// TestInOrderEndStopsAhead: when after ends InOrder (the output failed),
// a part ahead of its turn stops: its writes fail, its context is done.
// It used to go on into its spill, up to the spill's bound.
func TestInOrderEndStopsAhead(t *testing.T) {
	stop := errors.New("the output failed")
	var written atomic.Int64
	var aheadErr error
	var aheadCtx context.Context
	started := make(chan struct{})
	err := InOrder(context.Background(), io.Discard, 2, 2, Hold{Memory: 1 << 10, Spill: 1 << 30},
		func(ctx context.Context) (func(int, *TurnWriter) error, func()) {
			return func(i int, w *TurnWriter) error {
				if i == 0 {
					<-started // part 1 is under way
					return stop
				}
				aheadCtx = ctx
				chunk := bytes.Repeat([]byte("x"), 64<<10)
				for k := 0; ; k++ {
					if k == 4 {
						close(started)
					}
					n, err := w.Write(chunk)
					written.Add(int64(n))
					if err != nil {
						aheadErr = err
						return err
					}
					if written.Load() > 512<<20 {
						return errors.New("never stopped")
					}
				}
			}, func() {}
		},
		func(i int, err error) error { return err })
	if !errors.Is(err, stop) {
		t.Fatalf("InOrder: %v, want the output's failure", err)
	}
	if aheadErr == nil || written.Load() > 64<<20 {
		t.Fatalf("the part ahead wrote %d bytes and ended with %v: it should stop once InOrder ends", written.Load(), aheadErr)
	}
	if aheadCtx.Err() == nil {
		t.Fatal("the parts' context is not done after InOrder ended")
	}
}

// shortSpill is a spill file that reads back less than was written.
type shortSpill struct{ *os.File }

func (f shortSpill) ReadAt(p []byte, off int64) (int, error) {
	if off > 0 {
		return 0, io.EOF
	}
	n, _ := f.File.ReadAt(p[:min(len(p), 100)], off)
	return n, io.EOF
}

// TestInOrderSpillShort: a spill that reads back short is an error of the
// output, not output silently lost.
func TestInOrderSpillShort(t *testing.T) {
	hold := Hold{Memory: 16, Spill: 1 << 20, NewSpill: func() (SpillFile, error) {
		f, err := os.Create(filepath.Join(t.TempDir(), "spill"))
		return shortSpill{f}, err
	}}
	release := make(chan struct{})
	err := InOrder(context.Background(), io.Discard, 2, 2, hold,
		func(context.Context) (func(int, *TurnWriter) error, func()) {
			return func(i int, w *TurnWriter) error {
				if i == 0 {
					<-release // part 1 spills meanwhile
					return nil
				}
				for k := range 200 {
					fmt.Fprintf(w, "part 1 line %d\n", k)
				}
				close(release)
				return nil
			}, func() {}
		},
		func(i int, err error) error { return err })
	if err == nil || !strings.Contains(err.Error(), "read back") {
		t.Fatalf("InOrder: %v, want the spill's short read back", err)
	}
}
