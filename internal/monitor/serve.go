package monitor

import (
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/codewatch/codewatch/internal/metrics"
)

// ErrPublicAddr refuses a metrics address without a host.
var ErrPublicAddr = errors.New("--metrics-addr: give the host to listen on (127.0.0.1:PORT for this machine only; 0.0.0.0:PORT, deliberately, for every interface)")

// Server serves the metrics.
type Server struct {
	srv  *http.Server
	addr net.Addr
}

// The server's bounds. It shares the process's file descriptors with the
// follower, which must still open the next log after a rotation however
// many connections are held open to it: it keeps at most maxConns
// connections (the others wait in the kernel's queue, unaccepted), closes
// one idle for idleTimeout, and gives a request readTimeout to come and
// its answer writeTimeout to go. (Variables, so that tests can shorten
// them.)
var (
	maxConns     = 16
	idleTimeout  = 30 * time.Second // longer than the scrape interval (15 s by default), so that keep-alives serve
	readTimeout  = 10 * time.Second
	writeTimeout = 10 * time.Second
)

// Serve serves m's metrics at http://addr/metrics. An address without a
// host (":9464") is refused with ErrPublicAddr: it would listen on every
// interface without saying so. What the HTTP server has to say (a
// connection it could not accept, an error serving one) comes to notify as
// a warning, at most one a minute, never to Go's default logger.
func Serve(addr string, m *metrics.Metrics, notify func(Notice)) (*Server, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	if host == "" {
		return nil, ErrPublicAddr
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	return serve(ln, m, notify), nil
}

func serve(ln net.Listener, m *metrics.Metrics, notify func(Notice)) *Server {
	mux := http.NewServeMux()
	mux.Handle("/metrics", m.Handler())
	srv := &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: readTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		ErrorLog:          log.New(&serverLog{notify: notify, every: time.Minute}, "", 0),
	}
	go srv.Serve(newLimitListener(ln, maxConns))
	return &Server{srv: srv, addr: ln.Addr()}
}

// Addr is the address listened on.
func (s *Server) Addr() net.Addr { return s.addr }

// Close stops serving.
func (s *Server) Close() error { return s.srv.Close() }

// serverLog turns the HTTP server's log lines into warnings, at most one
// every so often: an accept that fails (no file descriptor left) is
// retried, and logged, up to every 5 ms.
type serverLog struct {
	notify  func(Notice)
	every   time.Duration
	mu      sync.Mutex
	last    time.Time
	dropped int
}

func (l *serverLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	if !l.last.IsZero() && now.Sub(l.last) < l.every {
		l.dropped++
		return len(p), nil
	}
	msg := "metrics server: " + strings.TrimPrefix(strings.TrimSpace(string(p)), "http: ")
	if l.dropped > 0 {
		msg += fmt.Sprintf(" (and %d more such lines since the last)", l.dropped)
	}
	l.last, l.dropped = now, 0
	l.notify(Notice{Level: Warn, Msg: msg})
	return len(p), nil
}

// limitListener accepts at most n connections at a time, as
// golang.org/x/net/netutil's LimitListener: beyond that, Accept waits
// for one to close, and new connections wait in the kernel's queue,
// taking no file descriptor of ours.
type limitListener struct {
	net.Listener
	slots chan struct{}
	done  chan struct{}
	once  sync.Once
}

func newLimitListener(ln net.Listener, n int) *limitListener {
	return &limitListener{Listener: ln, slots: make(chan struct{}, n), done: make(chan struct{})}
}

func (l *limitListener) Accept() (net.Conn, error) {
	select {
	case l.slots <- struct{}{}:
	case <-l.done:
		return nil, net.ErrClosed
	}
	c, err := l.Listener.Accept()
	if err != nil {
		<-l.slots
		return nil, err
	}
	return &limitConn{Conn: c, free: func() { <-l.slots }}, nil
}

func (l *limitListener) Close() error {
	l.once.Do(func() { close(l.done) })
	return l.Listener.Close()
}

// limitConn gives its slot back when closed.
type limitConn struct {
	net.Conn
	once sync.Once
	free func()
}

func (c *limitConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.free)
	return err
}
