package search

import (
	"context"
	"fmt"
	"io"
	"sync"

	"github.com/codewatch/codewatch/internal/scan"
)

// Hold bounds what a part ahead of its turn holds of its output
// (InOrder): Memory bytes in memory, then up to Spill more in a file of
// its own (made by NewSpill, by default an unlinked temporary file), after
// which its writes wait for its turn. A spill that cannot be made or
// written is given up: the part then waits, and nothing is lost; one that
// cannot be read back whole is an error of the output. Each goroutine
// keeps its spill file, at the size of the most it held, until InOrder
// returns: jobs·Spill bytes of disk at most.
type Hold struct {
	Memory   int
	Spill    int64
	NewSpill func() (SpillFile, error)
}

// SpillFile is what a spill is written to and read back from, at the
// offsets of the part's output: an *os.File.
type SpillFile interface {
	io.WriterAt
	io.ReaderAt
	io.Closer
}

// tempSpill is the default spill: an unlinked temporary file.
func tempSpill() (SpillFile, error) {
	f, err := scan.TempFile("codewatch-held-")
	if err != nil {
		return nil, err // not a nil *os.File in an interface
	}
	return f, nil
}

// InOrder runs part(i, w) for every i in 0..n-1 on jobs goroutines, and
// what part i writes to w reaches out as if the parts had run one after
// the other: through at once when every part before i is done, held
// otherwise (hold says how much, and where), after which part i's write
// waits for its turn. So a filter over many inputs (annotate) reads the
// next inputs while it writes the current one, as ripgrep does, and holds
// at most (jobs-1)·hold.Memory bytes in memory.
//
// start is called once per goroutine, with a context that is done when
// InOrder ends (its own or an error of after's), and returns the part
// function (each goroutine its own: a worker is not shared; it reads with
// that context) and what releases it. A part can wait for its turn before
// it starts (TurnWriter.Wait): one reading a live input, which could block
// with nothing to show. after is called from the calling goroutine, in
// order, when part i is done and its output written: with part i's
// error, for the caller's diagnostics; an error from after stops every
// part and is returned, as is the context's when it is done first.
func InOrder(ctx context.Context, out io.Writer, n, jobs int, hold Hold,
	start func(ctx context.Context) (part func(i int, w *TurnWriter) error, release func()),
	after func(i int, err error) error) error {
	jobs = max(1, min(jobs, n))
	if hold.NewSpill == nil {
		hold.NewSpill = tempSpill
	}
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
			part, release := start(ctx)
			defer release()
			tw := &TurnWriter{ctx: ctx, out: out, hold: hold, held: make([]byte, 0, min(hold.Memory, 1<<20))}
			defer tw.close()
			for i := range next {
				if ctx.Err() != nil {
					return // the feeder may still hand one on
				}
				tw.turn, tw.through, tw.held = turn[i], false, tw.held[:0]
				err := part(i, tw)
				if ferr := tw.Wait(); err == nil {
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

// TurnWriter is one part's view of the output: held until its turn (in
// memory, then in the spill file), then written through. Once InOrder
// ends, a write fails with its context's error, so that a part ahead of
// its turn stops.
type TurnWriter struct {
	ctx     context.Context
	out     io.Writer
	hold    Hold
	turn    <-chan struct{}
	through bool   // the turn came, and what was held was written
	held    []byte // written before the turn, in memory
	spill   SpillFile
	spilled int64 // bytes of the part's output in spill, after held
	broken  bool  // the spill could not be made or written: wait instead
}

func (w *TurnWriter) Write(p []byte) (int, error) {
	if err := w.ctx.Err(); err != nil {
		return 0, err
	}
	if !w.through {
		select {
		case <-w.turn:
			if err := w.flush(); err != nil {
				return 0, err
			}
		default:
			if w.spilled == 0 && len(w.held)+len(p) <= w.hold.Memory {
				w.held = append(w.held, p...)
				return len(p), nil
			}
			k := w.spillSome(p)
			if k == len(p) {
				return k, nil
			}
			if err := w.wait(); err != nil {
				return k, err
			}
			n, err := w.out.Write(p[k:])
			return k + n, err
		}
	}
	return w.out.Write(p)
}

// spillSome writes what it can of p to the spill file, and returns how
// much: all of it; none once the spill is full or broken; or, when a
// write fails, what it took.
func (w *TurnWriter) spillSome(p []byte) int {
	if w.broken || w.spilled+int64(len(p)) > w.hold.Spill {
		return 0
	}
	if w.spill == nil {
		f, err := w.hold.NewSpill()
		if err != nil {
			w.broken = true
			return 0
		}
		w.spill = f
	}
	// Each part writes from the file's start: pages kept in the page
	// cache cost less than pages freed and made again.
	k, err := w.spill.WriteAt(p, w.spilled)
	w.spilled += int64(k)
	if err != nil {
		w.broken = true
	}
	return k
}

// Wait waits for the part's turn and writes what it held: what the part
// writes from then on goes through at once. InOrder calls it when the
// part returns.
func (w *TurnWriter) Wait() error {
	if w.through {
		return nil
	}
	return w.wait()
}

// wait waits for the turn and writes what was held.
func (w *TurnWriter) wait() error {
	select {
	case <-w.turn:
	case <-w.ctx.Done():
		return w.ctx.Err()
	}
	return w.flush()
}

// flush writes what was held, in memory and then spilled, and lets the
// part write through.
func (w *TurnWriter) flush() error {
	w.through = true
	if len(w.held) > 0 {
		_, err := w.out.Write(w.held)
		w.held = w.held[:0]
		if err != nil {
			return err
		}
	}
	if w.spilled == 0 {
		return nil
	}
	n := w.spilled
	w.spilled = 0
	// The memory buffer, empty now, carries the copy.
	buf := w.held[:cap(w.held)]
	if len(buf) < 64<<10 {
		buf = make([]byte, 64<<10)
	}
	switch k, err := io.CopyBuffer(onlyWriter{w.out}, io.NewSectionReader(w.spill, 0, n), buf); {
	case err != nil:
		return err
	case k != n:
		return fmt.Errorf("the output held in a spill file: %d of %d bytes read back", k, n)
	}
	return nil
}

// onlyWriter hides a writer's ReadFrom, so that io.CopyBuffer uses the
// buffer it is given.
type onlyWriter struct{ io.Writer }

// close removes the spill file.
func (w *TurnWriter) close() {
	if w.spill != nil {
		w.spill.Close()
	}
}
