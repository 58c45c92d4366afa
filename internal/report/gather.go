package report

import (
	"context"
	"runtime"
)

// Reading reads input i into the counter c, recording its size and any
// failure with c.Done, and returns the error that kept the input from
// being read whole (nil when it was), for the caller's diagnostics.
type Reading func(i int, c *Counter) error

// CountAll counts the inputs 0..n-1 on jobs goroutines (0: GOMAXPROCS),
// each input into a partial report of its own (from newReport), the input
// named names(i), and merges
// the partials in input order: the report is the same as reading the inputs
// one by one, whatever jobs is. newReading is called once per goroutine and
// returns the function that reads an input, and one that releases what it
// holds. done is called in input order, from the calling goroutine, as each
// input is merged, with the error its reading returned: diagnostics come
// out in the order of the inputs too. CountAll returns the context's error,
// and no report, when it is done before every input was merged.
func CountAll(ctx context.Context, newReport func() *Report, n, jobs int, names func(i int) string,
	newReading func() (read Reading, release func()), done func(i int, err error)) (*Report, error) {
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	jobs = max(1, min(jobs, n))
	type partial struct {
		rep  *Report
		err  error
		done chan struct{}
	}
	parts := make([]*partial, n)
	for i := range parts {
		parts[i] = &partial{done: make(chan struct{})}
	}
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
		go func() {
			read, release := newReading()
			defer release()
			for i := range next {
				p := parts[i]
				p.rep = newReport()
				p.err = read(i, p.rep.Count(names(i)))
				close(p.done)
			}
		}()
	}
	total := newReport()
	for i, p := range parts {
		select {
		case <-p.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		done(i, p.err)
		total.Merge(p.rep)
		parts[i] = nil
	}
	return total, nil
}
