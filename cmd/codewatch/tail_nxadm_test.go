package main

// github.com/nxadm/tail (v1.4.11), the library the issue asked for, run in
// the fault harness beside codewatch tail and GNU tail -F, so that the
// choice of our own follower rests on numbers. It is imported here, in a
// _test.go file only: the codewatch binary does not carry it.
//
// nxadmtail is a test command (registered in TestMain, like codewatch
// itself) that follows one file with nxadm/tail and writes each line to
// stdout, the way a program built on the library would:
//
//	nxadmtail [-positions FILE] [-positions-every D] FILE
//
// It starts at the file's beginning (the harness reads from the start, as
// tail -n +1 does). With -positions it saves the offset nxadm/tail gives
// for the last line written out (Line.SeekInfo.Offset: the library's
// Tell(), taken in its own goroutine just after the line was read, so it
// is exact for that line), atomically every -positions-every and at
// SIGTERM, and a restart seeks there (Config.Location). That offset is all
// the library offers to resume with: it says nothing of which file it is
// an offset in, so after a rotation while stopped it is applied to the new
// file.

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nxadm/tail"
	"github.com/nxadm/tail/ratelimiter"
)

func nxadmTailMain() { os.Exit(nxadmTail(os.Args[1:], os.Stdout, os.Stderr)) }

func nxadmTail(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("nxadmtail", flag.ContinueOnError)
	fs.SetOutput(stderr)
	posFile := fs.String("positions", "", "save the offset reached in `FILE`, and resume from it")
	posEvery := fs.Duration("positions-every", 200*time.Millisecond, "how often to save -positions")
	poll := fs.Bool("poll", false, "poll the file instead of inotify")
	if err := fs.Parse(args); err != nil || fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: nxadmtail [-positions FILE] [-positions-every D] [-poll] FILE")
		return 2
	}
	cfg := tail.Config{
		Follow: true, ReOpen: true, MustExist: false, Poll: *poll, CompleteLines: true,
		Logger: log.New(stderr, "nxadmtail: ", log.Lmicroseconds),
	}
	offset := int64(-1)
	if *posFile != "" {
		if b, err := os.ReadFile(*posFile); err == nil {
			if offset, err = strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64); err != nil {
				fmt.Fprintf(stderr, "nxadmtail: %s: %v\n", *posFile, err)
				return 2
			}
			cfg.Location = &tail.SeekInfo{Offset: offset, Whence: io.SeekStart}
		}
	}
	save := func() {
		if *posFile == "" || offset < 0 {
			return
		}
		tmp := *posFile + ".tmp"
		if err := os.WriteFile(tmp, []byte(strconv.FormatInt(offset, 10)+"\n"), 0o644); err != nil {
			fmt.Fprintln(stderr, "nxadmtail:", err)
			return
		}
		if err := os.Rename(tmp, *posFile); err != nil {
			fmt.Fprintln(stderr, "nxadmtail:", err)
		}
	}

	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	t, err := tail.TailFile(fs.Arg(0), cfg)
	if err != nil {
		fmt.Fprintln(stderr, "nxadmtail:", err)
		return 1
	}
	tick := time.NewTicker(*posEvery)
	defer tick.Stop()
	for {
		select {
		case l, ok := <-t.Lines:
			if !ok {
				save()
				fmt.Fprintln(stderr, "nxadmtail: lines closed:", t.Err())
				return 1
			}
			if l.Err != nil {
				fmt.Fprintln(stderr, "nxadmtail:", l.Err)
				continue
			}
			if _, err := io.WriteString(stdout, l.Text+"\n"); err != nil {
				fmt.Fprintln(stderr, "nxadmtail:", err)
				return 1
			}
			offset = l.SeekInfo.Offset
		case <-tick.C:
			save()
		case <-sig:
			// Stop where we are: what was written out is saved, and a
			// restart goes on from the next line.
			save()
			if err := stopWithin(t, 5*time.Second); err != nil {
				fmt.Fprintln(stderr, "nxadmtail:", err)
			}
			return 0
		}
	}
}

var errStopHung = errors.New("Stop did not return")

// stopWithin calls t.Stop and waits for it at most d.
func stopWithin(t *tail.Tail, d time.Duration) error {
	done := make(chan error, 1)
	go func() { done <- t.Stop() }()
	select {
	case err := <-done:
		if err != nil && !errors.Is(err, tail.ErrStop) {
			return err
		}
		return nil
	case <-time.After(d):
		return fmt.Errorf("%w within %v", errStopHung, d)
	}
}

// nxadmFollower runs nxadmtail in the fault harness.
func nxadmFollower(t *testing.T) follower {
	bin, err := exec.LookPath("nxadmtail")
	if err != nil {
		t.Fatal(err)
	}
	return follower{name: "nxadm/tail", resumes: true, start: func(t *testing.T, dir, log string, out *os.File) *exec.Cmd {
		cmd := exec.Command(bin, "-positions", filepath.Join(dir, "nxadm.pos"), "-positions-every", "200ms", log)
		cmd.Stdout = out
		cmd.Stderr = &lockedBuffer{}
		return cmd
	}, pollArgs: func(time.Duration) []string { return []string{"-poll"} }}
}

// TestNxadmTailStop checks whether nxadm/tail's Stop returns when the
// reader has stopped reading (hpcloud/tail v1.0.0 deadlocked there: its
// send of the next line did not watch for Stop). In v1.4.11 it returns —
// but for the message of the rate limiter's cool-off, which is still sent
// without watching for Stop, so that Stop hangs for good there.
func TestNxadmTailStop(t *testing.T) {
	cases := []struct {
		name     string
		exists   bool
		read     int // lines read before Stop, of 100 in the file
		limiter  bool
		wantHang bool
	}{
		{name: "reader stops reading, lines pending", exists: true, read: 1},
		{name: "reader stops before the first line", exists: true, read: 0},
		{name: "idle at the end of the file", exists: true, read: 100},
		{name: "file does not exist yet", exists: false},
		// A bucket of 10 lines that never drains: after the 11th line the
		// library sends a cool-off message, which nobody reads.
		{name: "rate limiter cool-off, reader stops reading", exists: true, read: 11, limiter: true, wantHang: true},
	}
	for _, c := range cases {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			name := filepath.Join(t.TempDir(), "app.log")
			if c.exists {
				var b strings.Builder
				for i := 1; i <= 100; i++ {
					b.WriteString(faultLine(i))
				}
				if err := os.WriteFile(name, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			cfg := tail.Config{Follow: true, ReOpen: true, CompleteLines: true, Logger: tail.DiscardingLogger}
			if c.limiter {
				cfg.RateLimiter = ratelimiter.NewLeakyBucket(10, time.Hour)
			}
			tl, err := tail.TailFile(name, cfg)
			if err != nil {
				t.Fatal(err)
			}
			for i := 1; i <= c.read; i++ {
				select {
				case l := <-tl.Lines:
					if want := strings.TrimSuffix(faultLine(i), "\n"); l.Text != want {
						t.Fatalf("line %d: %q, want %q", i, l.Text, want)
					}
				case <-time.After(10 * time.Second):
					t.Fatalf("line %d did not come", i)
				}
			}
			err = stopWithin(tl, 2*time.Second)
			if hung := errors.Is(err, errStopHung); hung != c.wantHang {
				t.Errorf("Stop: %v; want hang %v", err, c.wantHang)
			} else if err != nil && !hung {
				t.Errorf("Stop: %v", err)
			}
		})
	}
}
