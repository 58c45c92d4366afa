package monitor

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/codewatch/codewatch/internal/follow"
	"github.com/codewatch/codewatch/internal/input"
)

// PositionsFile is the positions file of one follower: where it is (a
// symbolic link's target: the link stays a link), held by a lock on a
// file beside it (.NAME.lock) against a second follower.
type PositionsFile struct {
	Path string // where positions are saved (Config.Positions)
	lock *os.File
}

// errLocked says that another process holds the lock.
var errLocked = errors.New("locked")

// OpenPositions takes the positions file at path for this follower, at
// the start: it follows a symbolic link to its target, checks that the
// directory takes the temporary file each save writes (rather than find
// out at the first save), locks the file against a second follower (the
// error names the one that has it), and reads the positions saved, if
// there are any yet (nil when there are none). Close releases the lock.
func OpenPositions(path string) (*PositionsFile, *follow.Positions, error) {
	target := linkTarget(path)
	fail := func(format string, a ...any) error {
		return fmt.Errorf("positions %s: "+format, append([]any{path}, a...)...)
	}
	dir, base := filepath.Split(target)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return nil, nil, fail("cannot write in its directory: %s", input.Reason(err))
	}
	tmp.Close()
	os.Remove(tmp.Name())
	lock, err := os.OpenFile(filepath.Join(dir, "."+base+".lock"), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, nil, fail("lock: %s", input.Reason(err))
	}
	if err := lockFile(lock); err != nil {
		defer lock.Close()
		if errors.Is(err, errLocked) {
			b, _ := io.ReadAll(io.LimitReader(lock, 32))
			if pid, perr := strconv.Atoi(strings.TrimSpace(string(b))); perr == nil {
				return nil, nil, fail("in use by another codewatch tail (pid %d)", pid)
			}
			return nil, nil, fail("in use by another codewatch tail")
		}
		return nil, nil, fail("lock: %s", input.Reason(err))
	}
	// Whose lock it is, for the message of the second.
	lock.Truncate(0)
	lock.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	pf := &PositionsFile{Path: target, lock: lock}
	p, err := readPositions(target, path)
	if err != nil {
		pf.Close()
		return nil, nil, err
	}
	return pf, p, nil
}

// Close releases the lock. A nil PositionsFile has none.
func (pf *PositionsFile) Close() error {
	if pf == nil || pf.lock == nil {
		return nil
	}
	return pf.lock.Close()
}

// linkTarget is path with the symbolic links it names followed, the last
// one included even when what it points to does not exist yet.
func linkTarget(path string) string {
	for range 40 {
		fi, err := os.Lstat(path)
		if err != nil || fi.Mode()&os.ModeSymlink == 0 {
			return path
		}
		to, err := os.Readlink(path)
		if err != nil {
			return path
		}
		if !filepath.IsAbs(to) {
			to = filepath.Join(filepath.Dir(path), to)
		}
		path = to
	}
	return path
}

// ReadPositions reads the positions file at path, if there is one yet
// (nil, nil when there is none).
func ReadPositions(path string) (*follow.Positions, error) { return readPositions(path, path) }

// readPositions is ReadPositions of the file at path, named name in
// errors.
func readPositions(path, name string) (*follow.Positions, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("positions %s: %s", name, input.Reason(err))
	}
	defer f.Close()
	p, err := follow.ReadPositions(f)
	if err != nil {
		return nil, fmt.Errorf("positions %s: %w", name, err)
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
			s.notify(Notice{Level: Error, Err: err, Msg: "save positions " + s.path + ": " + input.Reason(err)})
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
