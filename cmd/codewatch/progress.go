package main

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/codewatch/codewatch/internal/input"
	"github.com/codewatch/codewatch/internal/report"
)

// A progress bar on stderr: bytes read of the total, rate and time left.
// It is written only to a terminal, and only once the work has taken
// progressAfter, so that pipes, files and CI logs never see it and short
// runs never flicker. It is small enough not to be worth a dependency: a
// line redrawn with \r, and cleared before any diagnostic and at the end.

type progress struct {
	e     *env
	done  atomic.Int64 // the bytes read so far, before decompression
	total int64        // bytes of the inputs that are files; 0 when unknown
	start time.Time

	mu    sync.Mutex
	shown bool // a line is on the terminal
	quit  chan struct{}
	wg    sync.WaitGroup
}

// counter is what the inputs' readers add the bytes they read to; nil
// without a bar.
func (p *progress) counter() *atomic.Int64 {
	if p == nil {
		return nil
	}
	return &p.done
}

// showProgress reports whether a progress bar may be shown: stderr is a
// terminal, TERM is not dumb and this is not a CI run.
func (e *env) showProgress() bool {
	return e.isTerminal(e.stderr) && e.getenv("TERM") != "dumb" && e.getenv("CI") == ""
}

// startProgress starts the bar over ins: it appears after
// e.progressAfter and is redrawn every e.progressEvery.
func (e *env) startProgress(ins []input.Input) *progress {
	p := &progress{e: e, start: time.Now(), quit: make(chan struct{})}
	for _, in := range ins {
		if in.IsStdin() {
			continue
		}
		if fi, err := os.Stat(in.Path); err == nil {
			p.total += fi.Size()
		}
	}
	p.wg.Add(1)
	go p.run()
	return p
}

func (p *progress) run() {
	defer p.wg.Done()
	after := time.NewTimer(p.e.progressAfter)
	defer after.Stop()
	select {
	case <-after.C:
	case <-p.quit:
		return
	}
	tick := time.NewTicker(p.e.progressEvery)
	defer tick.Stop()
	for {
		p.mu.Lock()
		p.draw()
		p.mu.Unlock()
		select {
		case <-tick.C:
		case <-p.quit:
			return
		}
	}
}

// draw writes the bar over the current line.
func (p *progress) draw() {
	done := p.done.Load()
	elapsed := time.Since(p.start).Seconds()
	rate := float64(done) / max(elapsed, 1e-3)
	var b strings.Builder
	b.WriteString("\r\x1b[K")
	if p.total > 0 {
		share := min(float64(done)/float64(p.total), 1)
		fmt.Fprintf(&b, "%s %3.0f%% %s of %s, %s/s", report.Bar(share, 20), 100*share, report.Bytes(done),
			report.Bytes(p.total), report.Bytes(int64(rate)))
		if rate > 0 && done < p.total {
			left := time.Duration(float64(p.total-done)/rate) * time.Second
			fmt.Fprintf(&b, ", %s left", left.Round(time.Second))
		}
	} else {
		fmt.Fprintf(&b, "%s read, %s/s", report.Bytes(done), report.Bytes(int64(rate)))
	}
	fmt.Fprint(p.e.stderr, b.String())
	p.shown = true
}

func (p *progress) clear() {
	if p.shown {
		fmt.Fprint(p.e.stderr, "\r\x1b[K")
		p.shown = false
	}
}

// pause clears the bar while fn writes to stderr; the next tick redraws it.
func (p *progress) pause(fn func()) {
	if p == nil {
		fn()
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clear()
	fn()
}

// stop ends the bar and clears it.
func (p *progress) stop() {
	if p == nil {
		return
	}
	close(p.quit)
	p.wg.Wait()
	p.mu.Lock()
	p.clear()
	p.mu.Unlock()
}
