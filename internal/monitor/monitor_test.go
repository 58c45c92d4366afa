package monitor

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/codewatch/codewatch/internal/annotate"
	"github.com/codewatch/codewatch/internal/catalog"
	"github.com/codewatch/codewatch/internal/follow"
	"github.com/codewatch/codewatch/internal/scan"
)

// syncBuffer is a strings.Builder safe for concurrent use.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// testConfig follows path from its start, polling every few milliseconds.
func testConfig(path string, out interface{ Write([]byte) (int, error) }) Config {
	return Config{
		Files: []string{path}, Follow: follow.Options{Start: follow.AtStart},
		PollEvery: 5 * time.Millisecond, Out: out,
		Reader:  scan.Options{BufSize: scan.MinBufSize, Body: scan.BodyMatching},
		Matcher: scan.NewMatcher(catalog.Default(), true), Catalog: catalog.DefaultName,
		Annotate: annotate.Options{OnlyMatching: true},
		Notify:   func(Notice) {},
	}
}

// waitFor polls cond for up to 10 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for end := time.Now().Add(10 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(end) {
			t.Fatalf("no %s after 10s", what)
		}
	}
}

// spools counts the reader spool files this process holds open.
func spools(t *testing.T) int {
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("needs /proc/self/fd")
	}
	n := 0
	for _, e := range ents {
		if l, err := os.Readlink(filepath.Join("/proc/self/fd", e.Name())); err == nil && strings.Contains(l, "codewatch-line-") {
			n++
		}
	}
	return n
}

// TestReloadClosesReader: a SIGHUP reload replaces the reader, and the old
// one is closed — with the spool file it holds a long line in. (cmd's
// tailer closed only the first reader, with a defer: every reload leaked
// one.)
func TestReloadClosesReader(t *testing.T) {
	dir := t.TempDir()
	log := filepath.Join(dir, "app.log")
	// A line longer than the buffer, its code at its end: with -o and an
	// input that cannot be read again at an offset, it is held in a spool
	// until its code.
	long := strings.Repeat("x", 4*scan.MinBufSize) + " K_UID_BANNED\n"
	if err := os.WriteFile(log, []byte(long), 0o644); err != nil {
		t.Fatal(err)
	}
	out := &syncBuffer{}
	cfg := testConfig(log, out)
	reloaded := make(chan struct{}, 1)
	cfg.Reload = func() (*scan.Matcher, string, error) {
		defer func() { reloaded <- struct{}{} }()
		return scan.NewMatcher(catalog.Default(), true), "again", nil
	}
	// No collection meanwhile: an unreachable file is closed by its
	// finalizer, which would hide a reader left open.
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	base := spools(t)
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 1)
	m := New(cfg)
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx, sigs) }()
	waitFor(t, "annotated long line", func() bool { return strings.Contains(out.String(), "K_UID_BANNED\t[codewatch]") })
	if n := spools(t) - base; n != 1 {
		t.Fatalf("%d spool files open after the long line, want 1", n)
	}
	sigs <- syscall.SIGHUP
	<-reloaded
	time.Sleep(50 * time.Millisecond) // a few polls
	if n := spools(t) - base; n != 0 {
		t.Errorf("%d spool files open after the reload, want 0: the old reader was not closed", n)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if n := spools(t) - base; n != 0 {
		t.Errorf("%d spool files open after Run, want 0", n)
	}
	if m.Report().Catalog != "again" {
		t.Errorf("report catalog %q after the reload", m.Report().Catalog)
	}
}

// failWriter fails every write.
type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk on fire") }

// TestOutputFailureEndsSaver: when the output fails, Run returns at once,
// and the goroutine that saves positions ends with it. (cmd's tailer
// returned early without closing its saver, and the goroutine ran on.)
func TestOutputFailureEndsSaver(t *testing.T) {
	dir := t.TempDir()
	log := filepath.Join(dir, "app.log")
	if err := os.WriteFile(log, []byte("a K_UID_BANNED line\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := testConfig(log, failWriter{})
	cfg.Positions = filepath.Join(dir, "pos.json")
	cfg.PositionsEvery = time.Millisecond
	err := New(cfg).Run(context.Background(), nil)
	var oe *OutputError
	if !errors.As(err, &oe) || !strings.Contains(err.Error(), "disk on fire") {
		t.Fatalf("Run: %v, want the output's error", err)
	}
	waitFor(t, "the saver's end", func() bool {
		buf := make([]byte, 1<<20)
		return !strings.Contains(string(buf[:runtime.Stack(buf, true)]), "(*saver).run")
	})
}

// readSaved reads the positions saved at path: the offset and line of the
// one file followed, or ok false when there are none yet.
func readSaved(t *testing.T, path string) (off, line int64, ok bool) {
	t.Helper()
	p, err := ReadPositions(path)
	if err != nil {
		t.Fatal(err)
	}
	if p == nil || len(p.Files) != 1 || len(p.Files[0].Files) != 1 {
		return 0, 0, false
	}
	g := p.Files[0].Files[0]
	return g.Offset, g.Line, true
}

// TestPositionsAfterFirstPoll: positions are saved once the first look
// has been written out, not one --positions-every later (a run killed in
// its first second saved nothing, and the lines of a file rotated before
// the restart were lost; issue 14, Medium 7).
func TestPositionsAfterFirstPoll(t *testing.T) {
	dir := t.TempDir()
	log := filepath.Join(dir, "app.log")
	if err := os.WriteFile(log, []byte("a K_UID_BANNED line\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := &syncBuffer{}
	cfg := testConfig(log, out)
	cfg.Positions = filepath.Join(dir, "pos.json")
	cfg.PositionsEvery = time.Hour
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- New(cfg).Run(ctx, nil) }()
	waitFor(t, "positions saved after the first look", func() bool {
		off, _, ok := readSaved(t, cfg.Positions)
		return ok && off == 20
	})
	if !strings.Contains(out.String(), "K_UID_BANNED") {
		t.Error("positions saved before the line was written out")
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// slowWriter is an output that takes its time.
type slowWriter struct {
	syncBuffer
	d time.Duration
}

func (s *slowWriter) Write(p []byte) (int, error) {
	time.Sleep(s.d)
	return s.syncBuffer.Write(p)
}

// TestPositionsDuringCatchUp: a catch-up that takes longer than
// --positions-every saves positions as it goes — each covering only lines
// already written out — not only at its end (a run killed during a 4 s
// catch-up repeated 2.9 M lines; issue 14, Medium 7).
func TestPositionsDuringCatchUp(t *testing.T) {
	dir := t.TempDir()
	log := filepath.Join(dir, "app.log")
	var b strings.Builder
	for i := 0; b.Len() < 8<<20; i++ {
		fmt.Fprintf(&b, "line %07d K_UID_BANNED\n", i)
	}
	size := int64(b.Len())
	if err := os.WriteFile(log, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	out := &slowWriter{d: 3 * time.Millisecond}
	cfg := testConfig(log, out)
	cfg.Positions = filepath.Join(dir, "pos.json")
	cfg.PositionsEvery = 50 * time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- New(cfg).Run(ctx, nil) }()
	saves := 0
	var last int64
	for end := time.Now().Add(60 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(end) {
			t.Fatal("the catch-up did not end in 60 s")
		}
		off, line, ok := readSaved(t, cfg.Positions)
		if written := int64(strings.Count(out.String(), "\n")); ok && line > written {
			t.Fatalf("positions at line %d, only %d lines written out", line, written)
		}
		if ok && off > last {
			last = off
			if off < size {
				saves++
			}
		}
		if off == size {
			break
		}
	}
	if saves < 2 {
		t.Errorf("%d saves during a catch-up of %d bytes, want several", saves, size)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// TestSaveErrorNamesFile: a save that fails says which positions file
// ("save positions: no such file or directory" did not; issue 14, Low 18).
func TestSaveErrorNamesFile(t *testing.T) {
	dir := t.TempDir()
	log := filepath.Join(dir, "app.log")
	if err := os.WriteFile(log, []byte("a K_UID_BANNED line\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(dir, "state")
	os.Mkdir(sub, 0o755)
	cfg := testConfig(log, &syncBuffer{})
	cfg.Positions = filepath.Join(sub, "pos.json")
	cfg.PositionsEvery = 10 * time.Millisecond
	var mu sync.Mutex
	var msgs []string
	cfg.Notify = func(n Notice) {
		mu.Lock()
		defer mu.Unlock()
		if n.Level == Error {
			msgs = append(msgs, n.Msg)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- New(cfg).Run(ctx, nil) }()
	waitFor(t, "a first save", func() bool { _, err := os.Stat(cfg.Positions); return err == nil })
	os.RemoveAll(sub)
	f, _ := os.OpenFile(log, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("another line\n")
	f.Close()
	want := "save positions " + cfg.Positions + ": no such file or directory"
	waitFor(t, "a failed save", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(msgs) > 0
	})
	mu.Lock()
	if msgs[0] != want {
		t.Errorf("notice %q, want %q", msgs[0], want)
	}
	mu.Unlock()
	cancel()
	if err := <-done; !errors.Is(err, ErrPositions) {
		t.Errorf("Run: %v, want ErrPositions", err)
	}
}

// TestEachFileItsSDK: each followed file's lines are read in what that
// file's own lines said of its SDK. (One reader for every file carried a
// Web 4.x console's cue over to the app log read after it.)
func TestEachFileItsSDK(t *testing.T) {
	dir := t.TempDir()
	web, app := filepath.Join(dir, "web.log"), filepath.Join(dir, "app.log")
	appendTo := func(path, text string) {
		t.Helper()
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if _, err := f.WriteString(text); err != nil {
			t.Fatal(err)
		}
	}
	appendTo(web, "Agora-SDK [INFO]: [client-f541a] join channel\n")
	appendTo(app, "")
	set := catalog.MustSet(catalog.Builtin()...)
	out := &syncBuffer{}
	cfg := testConfig(web, out)
	cfg.Files = []string{web, app}
	cfg.Matcher = scan.NewSetMatcher(set, scan.MatcherOptions{Unknown: true, Auto: true})
	cfg.Annotate.Set = set
	ctx, cancel := context.WithCancel(context.Background())
	m := New(cfg)
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx, nil) }()
	lines := func() int64 { // the annotated lines written so far
		return int64(strings.Count(out.String(), "\n"))
	}
	time.Sleep(50 * time.Millisecond) // the cue line read (it has no code: no output)
	appendTo(app, "level=error err=INVALID_OPERATION\n")
	waitFor(t, "the app's line", func() bool { return lines() == 1 })
	appendTo(web, "Agora-SDK [ERROR]: AgoraRTCError INVALID_OPERATION: x\n")
	waitFor(t, "the console's line", func() bool { return lines() == 2 })
	appendTo(app, "level=error err=INVALID_OPERATION again\n")
	waitFor(t, "the app's second line", func() bool { return lines() == 3 })
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{
		"level=error err=INVALID_OPERATION\t[codewatch] error web-2.x INVALID_OPERATION",
		"AgoraRTCError INVALID_OPERATION: x\t[codewatch] error web-4.x INVALID_OPERATION",
		"err=INVALID_OPERATION again\t[codewatch] error web-2.x INVALID_OPERATION",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("no %q in\n%s", want, got)
		}
	}
}
