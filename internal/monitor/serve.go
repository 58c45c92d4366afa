package monitor

import (
	"errors"
	"net"
	"net/http"
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

// Serve serves m's metrics at http://addr/metrics. An address without a
// host (":9464") is refused with ErrPublicAddr: it would listen on every
// interface without saying so.
func Serve(addr string, m *metrics.Metrics) (*Server, error) {
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
	mux := http.NewServeMux()
	mux.Handle("/metrics", m.Handler())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	return &Server{srv: srv, addr: ln.Addr()}, nil
}

// Addr is the address listened on.
func (s *Server) Addr() net.Addr { return s.addr }

// Close stops serving.
func (s *Server) Close() error { return s.srv.Close() }
