package monitor

import (
	"context"
	"errors"
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
