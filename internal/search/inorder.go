package search

import (
	"context"
	"io"
	"sync"
)

// InOrder runs part(i, w) for every i in 0..n-1 on jobs goroutines, and
// what part i writes to w reaches out as if the parts had run one after
// the other: through at once when every part before i is done, held
// otherwise, up to limit bytes, after which part i's write waits for its
// turn. So a filter over many inputs (annotate) reads the next input
// while it writes the current one, and holds at most (jobs-1)·limit
// bytes.
//
// start is called once per goroutine and returns the part function (each
// goroutine its own: a worker is not shared) and what releases it. after
// is called from the calling goroutine, in order, when part i is done and
// its output written: with part i's error, for the caller's diagnostics;
// an error from after stops every part and is returned, as is the
// context's when it is done first.
func InOrder(ctx context.Context, out io.Writer, n, jobs, limit int,
	start func() (part func(i int, w io.Writer) error, release func()),
	after func(i int, err error) error) error {
	jobs = max(1, min(jobs, n))
	var wg sync.WaitGroup
	defer wg.Wait() // after cancel: a part waiting for its turn ends
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	turn := make([]chan struct{}, n+1) // turn[i] is closed when part i may write through
	done := make([]chan error, n)
	for i := range n {
		turn[i], done[i] = make(chan struct{}), make(chan error, 1)
	}
	turn[n] = make(chan struct{})
	close(turn[0])
	next := make(chan int)
	go func() {
		defer close(next)
		for i := range n {
			select {
			case next <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	for range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			part, release := start()
			defer release()
			tw := &turnWriter{ctx: ctx, out: out, limit: limit, held: make([]byte, 0, min(limit, 1<<20))}
			for i := range next {
				tw.turn, tw.through, tw.held = turn[i], false, tw.held[:0]
				err := part(i, tw)
				if ferr := tw.finish(); err == nil {
					err = ferr
				}
				done[i] <- err
			}
		}()
	}
	for i := range n {
		var err error
		select {
		case err = <-done[i]:
		case <-ctx.Done():
			return ctx.Err()
		}
		if err := after(i, err); err != nil {
			return err
		}
		close(turn[i+1])
	}
	return nil
}

// turnWriter is one part's view of the output: held until its turn, then
// written through.
type turnWriter struct {
	ctx     context.Context
	out     io.Writer
	limit   int
	turn    <-chan struct{}
	through bool   // the turn came, and held was written
	held    []byte // written before the turn
}

func (w *turnWriter) Write(p []byte) (int, error) {
	if !w.through {
		select {
		case <-w.turn:
			if err := w.flush(); err != nil {
				return 0, err
			}
		default:
			if len(w.held)+len(p) <= w.limit {
				w.held = append(w.held, p...)
				return len(p), nil
			}
			if err := w.wait(); err != nil {
				return 0, err
			}
		}
	}
	return w.out.Write(p)
}

// wait waits for the turn and writes what was held.
func (w *turnWriter) wait() error {
	select {
	case <-w.turn:
	case <-w.ctx.Done():
		return w.ctx.Err()
	}
	return w.flush()
}

func (w *turnWriter) flush() error {
	w.through = true
	if len(w.held) == 0 {
		return nil
	}
	_, err := w.out.Write(w.held)
	w.held = w.held[:0]
	return err
}

// finish ends the part: it waits for its turn and writes what it held.
func (w *turnWriter) finish() error {
	if w.through {
		return nil
	}
	return w.wait()
}
