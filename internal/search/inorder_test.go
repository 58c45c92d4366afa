package search

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync/atomic"
	"testing"
	"time"
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
			err := InOrder(context.Background(), &out, n, jobs, limit,
				func() (func(int, io.Writer) error, func()) {
					return func(i int, w io.Writer) error {
						for k := range i % 5 {
							if (i+k)%3 == 0 {
								time.Sleep(time.Duration(i%4) * 100 * time.Microsecond)
							}
							fmt.Fprintf(w, "part %d line %d\n", i, k)
							if h := int64(len(w.(*turnWriter).held)); h > maxHeld.Load() {
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
	err := InOrder(context.Background(), &out, 2, 2, 1<<10,
		func() (func(int, io.Writer) error, func()) {
			return func(i int, w io.Writer) error {
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
	err := InOrder(context.Background(), &out, 100, 2, 4,
		func() (func(int, io.Writer) error, func()) {
			return func(i int, w io.Writer) error {
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
	err := InOrder(ctx, &out, 10, 2, 0,
		func() (func(int, io.Writer) error, func()) {
			return func(i int, w io.Writer) error {
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
