package main

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestTailMetricsHeldConnections: connections held open to the metrics
// server (a neighbour's, or scrapers' keep-alives) do not take the file
// descriptors the follower needs: with 64 of them (ulimit -n) and 100
// connections held, the follower still opens the log a rotation created,
// and nothing is written on stderr by Go's default logger (the server's
// "http: Accept error: … too many open files; retrying" lines). Before,
// the server took every descriptor it could: the new log could not be
// opened (issue 14, Medium 10).
func TestTailMetricsHeldConnections(t *testing.T) {
	bin, err := exec.LookPath("codewatch")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	log := filepath.Join(dir, "app.log")
	os.WriteFile(log, []byte("ready\n"), 0o644)
	errPath := filepath.Join(dir, "err.txt")
	errFile, _ := os.Create(errPath)
	defer errFile.Close()
	cw := exec.Command("sh", "-c", `ulimit -n 64 && exec "$0" "$@"`, bin, "tail", "--from-start", "--log-level", "debug",
		"--color", "never", "--metrics-addr", "127.0.0.1:0", log)
	cw.Stderr = errFile
	stdout, err := cw.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cw.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cw.Process.Kill(); cw.Wait() }()
	lines := make(chan string, 100)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	waitLine := func(prefix string) {
		t.Helper()
		for deadline := time.After(20 * time.Second); ; {
			select {
			case l, ok := <-lines:
				if !ok {
					b, _ := os.ReadFile(errPath)
					t.Fatalf("codewatch ended before %q:\n%s", prefix, b)
				}
				if strings.HasPrefix(l, prefix) {
					return
				}
			case <-deadline:
				b, _ := os.ReadFile(errPath)
				t.Fatalf("no line %q in 20 s; stderr:\n%.3000s", prefix, b)
			}
		}
	}
	waitLine("ready")
	addrRE := regexp.MustCompile(`serving metrics at http://(127\.0\.0\.1:\d+)/metrics`)
	b, _ := os.ReadFile(errPath)
	m := addrRE.FindSubmatch(b)
	if m == nil {
		t.Fatalf("codewatch did not say where it serves metrics:\n%s", b)
	}

	// 100 connections, each a request and then idle, kept alive.
	var conns []net.Conn
	for range 100 {
		c, err := net.DialTimeout("tcp", string(m[1]), 5*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		fmt.Fprintf(c, "GET /metrics HTTP/1.1\r\nHost: codewatch\r\n\r\n")
		conns = append(conns, c)
	}
	time.Sleep(500 * time.Millisecond) // served, or waiting their turn

	// A rotation: the new log must be opened.
	if err := os.Rename(log, log+".1"); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(log, []byte("after the rotation, code: 101\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	waitLine("after the rotation")
	if b, _ := os.ReadFile(errPath); strings.Contains(string(b), "http: ") || strings.Contains(string(b), "too many open files") {
		t.Errorf("stderr:\n%.3000s", b)
	}
}
