package monitor

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/codewatch/codewatch/internal/metrics"
)

// sockets counts the sockets this process holds open.
func sockets(t *testing.T) int {
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("needs /proc/self/fd")
	}
	n := 0
	for _, e := range ents {
		if l, err := os.Readlink(filepath.Join("/proc/self/fd", e.Name())); err == nil && strings.HasPrefix(l, "socket:") {
			n++
		}
	}
	return n
}

// TestServerHeldConnections: the metrics server keeps at most maxConns
// connections, however many are opened to it (the others wait their
// turn, unaccepted, taking no file descriptor of the process's), and
// closes those left idle after a request: each of 12 connections, 4 at a
// time, gets its answer, then is closed. Before, every connection was
// accepted and kept for good (issue 14, Medium 10).
func TestServerHeldConnections(t *testing.T) {
	defer func(n int, d time.Duration) { maxConns, idleTimeout = n, d }(maxConns, idleTimeout)
	maxConns, idleTimeout = 4, 300*time.Millisecond
	srv, err := Serve("127.0.0.1:0", metrics.New(), func(Notice) {})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	base := sockets(t)
	const n = 12
	var conns []net.Conn
	for range n {
		c, err := net.DialTimeout("tcp", srv.Addr().String(), 5*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		fmt.Fprintf(c, "GET /metrics HTTP/1.1\r\nHost: codewatch\r\n\r\n")
		conns = append(conns, c)
	}
	time.Sleep(100 * time.Millisecond)
	if held := sockets(t) - base - n; held > maxConns {
		t.Errorf("the server holds %d connections of %d, want at most %d", held, n, maxConns)
	}
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i, c := range conns {
		wg.Go(func() {
			c.SetDeadline(time.Now().Add(30 * time.Second))
			resp, err := http.ReadResponse(bufio.NewReader(c), nil)
			if err != nil {
				errs <- fmt.Errorf("connection %d: %w", i, err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				errs <- fmt.Errorf("connection %d: %s", i, resp.Status)
			}
			// Idle now: closed by the server.
			if _, err := c.Read(make([]byte, 1)); !errors.Is(err, io.EOF) {
				errs <- fmt.Errorf("connection %d, idle: %v, want it closed (EOF)", i, err)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// tempErr is an accept error the server retries.
type tempErr struct{}

func (tempErr) Error() string   { return "accept4: too many open files" }
func (tempErr) Timeout() bool   { return false }
func (tempErr) Temporary() bool { return true }

// failingListener fails its first accepts.
type failingListener struct {
	net.Listener
	fails int
}

func (l *failingListener) Accept() (net.Conn, error) {
	if l.fails > 0 {
		l.fails--
		return nil, tempErr{}
	}
	return l.Listener.Accept()
}

// TestServerLog: what the HTTP server logs (here: accepts that fail, as
// with no file descriptor left, retried every few milliseconds) comes to
// the monitor's notices, once for many lines, not to Go's default logger
// on stderr.
func TestServerLog(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var notices []Notice
	srv := serve(&failingListener{Listener: ln, fails: 3}, metrics.New(), func(n Notice) {
		mu.Lock()
		defer mu.Unlock()
		notices = append(notices, n)
	})
	defer srv.Close()
	resp, err := http.Get("http://" + srv.Addr().String() + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	mu.Lock()
	defer mu.Unlock()
	if len(notices) != 1 || notices[0].Level != Warn || !strings.HasPrefix(notices[0].Msg, "metrics server: Accept error: accept4: too many open files; retrying in ") {
		t.Errorf("notices %+v, want one warning of the accept error", notices)
	}
}
