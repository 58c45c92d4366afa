package monitor

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"

	"github.com/codewatch/codewatch/internal/follow"
	"github.com/codewatch/codewatch/internal/input"
)

// ReadPositions reads the positions file at path, if there is one yet
// (nil, nil when there is none).
func ReadPositions(path string) (*follow.Positions, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("positions %s: %s", path, input.Reason(err))
	}
	defer f.Close()
	p, err := follow.ReadPositions(f)
	if err != nil {
		return nil, fmt.Errorf("positions %s: %w", path, err)
	}
	return p, nil
}

// saver writes positions in the background, the latest first: a save
// still pending when a newer one comes is dropped. A nil saver saves
// nothing.
type saver struct {
	path    string
	notify  func(Notice)
	saved   []byte // the positions last handed over, without their time
	mu      sync.Mutex
	pending *follow.Positions
	kick    chan struct{}
	done    chan struct{}
	failed  atomic.Bool
}

func newSaver(path string, notify func(Notice)) *saver {
	s := &saver{path: path, notify: notify, kick: make(chan struct{}, 1), done: make(chan struct{})}
	go s.run()
	return s
}

func (s *saver) run() {
	defer close(s.done)
	for range s.kick {
		s.mu.Lock()
		p := s.pending
		s.pending = nil
		s.mu.Unlock()
		if p == nil {
			continue
		}
		if err := savePositions(s.path, p); err != nil {
			s.failed.Store(true)
			s.notify(Notice{Level: Error, Err: err, Msg: "save positions: " + input.Reason(err)})
		}
	}
}

// take hands the follower's positions to the saver, unless nothing moved
// since the last ones. Call it only when the output has been flushed: a
// saved position must never cover a line not yet written.
func (s *saver) take(fw *follow.Follower) {
	if s == nil {
		return
	}
	p := fw.Positions()
	b := positionsBytes(p)
	if bytes.Equal(b, s.saved) {
		return // nothing moved
	}
	s.saved = b
	s.mu.Lock()
	s.pending = p
	s.mu.Unlock()
	select {
	case s.kick <- struct{}{}:
	default: // a save is due already: it takes p
	}
}

// close writes what is pending, ends the saver's goroutine and reports
// whether every save succeeded.
func (s *saver) close() bool {
	close(s.kick)
	<-s.done
	return !s.failed.Load()
}

// savePositions writes p to path atomically: to a temporary file beside
// it, synced, then renamed over it.
func savePositions(path string, p *follow.Positions) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	_, err = p.WriteTo(tmp)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}
