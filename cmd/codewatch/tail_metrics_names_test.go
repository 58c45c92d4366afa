package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestTailMetricsNameNotUTF8: a file whose name is not UTF-8, created in
// a followed directory while codewatch tail serves metrics, is read and
// counted under a valid label value (its bad bytes as \xNN), and the
// server goes on answering a plain HTTP request over a raw socket. Before,
// the name went to client_golang as a label value and it panicked: anyone
// who could create a file in a followed directory stopped the follower
// (issue 14, High 3).
func TestTailMetricsNameNotUTF8(t *testing.T) {
	bin, err := exec.LookPath("codewatch")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	logs := filepath.Join(dir, "logs")
	os.Mkdir(logs, 0o755)
	os.WriteFile(filepath.Join(logs, "ready.log"), []byte("ready\n"), 0o644)
	errPath := filepath.Join(dir, "err.txt")
	errFile, _ := os.Create(errPath)
	defer errFile.Close()
	cw := exec.Command(bin, "tail", "--from-start", "--log-level", "debug", "--color", "never", "--no-filename",
		"--sdk", "web-2.x", "--metrics-addr", "127.0.0.1:0", filepath.Join(logs, "*.log"))
	cw.Stderr = errFile
	stdout, err := cw.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cw.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	lines := make(chan string, 100)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
		exited <- cw.Wait()
	}()
	defer func() {
		cw.Process.Kill()
		<-exited
	}()
	stderr := func() string { b, _ := os.ReadFile(errPath); return string(b) }
	// waitLines waits for a line beginning with each prefix, in any order.
	waitLines := func(prefixes ...string) {
		t.Helper()
		for deadline := time.After(20 * time.Second); len(prefixes) > 0; {
			select {
			case l, ok := <-lines:
				if !ok {
					t.Fatalf("codewatch ended before %q:\n%.3000s", prefixes, stderr())
				}
				prefixes = slices.DeleteFunc(prefixes, func(p string) bool { return strings.HasPrefix(l, p) })
			case <-deadline:
				t.Fatalf("no line %q in 20 s; stderr:\n%.3000s", prefixes, stderr())
			}
		}
	}
	waitLines("ready")
	m := regexp.MustCompile(`serving metrics at http://(127\.0\.0\.1:\d+)/metrics`).FindStringSubmatch(stderr())
	if m == nil {
		t.Fatalf("codewatch did not say where it serves metrics:\n%s", stderr())
	}

	// A name in Latin-1 (é as the byte E9), and one that is no text.
	for _, name := range []string{"caf\xe9.log", "\xff\xfe.log"} {
		if err := os.WriteFile(filepath.Join(logs, name), []byte("joined "+name[:2]+", code: 101\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	waitLines("joined ca", "joined \xff\xfe")

	// One request, as a scraper sends it, over a raw socket: the status
	// line, then the exposition.
	var body string
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		c, err := net.DialTimeout("tcp", m[1], 5*time.Second)
		if err != nil {
			t.Fatalf("dial the metrics server: %v; stderr:\n%.3000s", err, stderr())
		}
		c.SetDeadline(time.Now().Add(10 * time.Second))
		fmt.Fprintf(c, "GET /metrics HTTP/1.1\r\nHost: codewatch\r\nConnection: close\r\n\r\n")
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			c.Close()
			t.Fatalf("no answer from the metrics server: %v; stderr:\n%.3000s", err, stderr())
		}
		b, err := io.ReadAll(resp.Body)
		c.Close()
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("status %d, %v:\n%s", resp.StatusCode, err, b)
		}
		body = string(b)
		if strings.Contains(body, `\\xFF\\xFE.log"} 1`) && strings.Contains(body, `caf\\xE9.log"} 1`) || time.Now().After(deadline) {
			break
		}
	}
	for _, want := range []string{
		`codewatch_lines_total{file="` + logs + `/caf\\xE9.log"} 1`,
		`codewatch_lines_total{file="` + logs + `/\\xFF\\xFE.log"} 1`,
	} {
		if !strings.Contains(body, want+"\n") {
			t.Errorf("no %q in\n%.5000s", want, body)
		}
	}
	select {
	case err := <-exited:
		t.Fatalf("codewatch tail ended (%v):\n%.3000s", err, stderr())
	default:
	}
	if s := stderr(); strings.Contains(s, "panic") {
		t.Errorf("stderr:\n%.3000s", s)
	}
}
