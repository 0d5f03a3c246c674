package servicemodel

// Shared HTTP servers: every host endpoint whose address names the same
// host:port is served by one net/http server, routed by path (what
// http.sys's URL ACL registrations give WCF). The first endpoint's binding
// configures the server (timeouts, limits, TLS); an endpoint of the other
// scheme on a port in use fails with ErrAddressInUse. The server stops
// when its last endpoint leaves.

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"sync"
	"syscall"
	"time"
)

// httpServer is one listening socket and its routes.
type httpServer struct {
	key  string
	tls  bool
	srv  *http.Server
	ln   net.Listener
	done chan struct{} // closed when the server has stopped

	mu     sync.Mutex // guards following
	routes map[string]*httpListener
}

// httpServers is the registry of running servers by host:port.
var httpServers = struct {
	sync.Mutex
	m map[string]*httpServer
}{m: map[string]*httpServer{}}

// httpServersStopped counts servers that have not fully stopped yet.
var httpServersStopped sync.WaitGroup

// joinHTTPServer routes path on hostport to l, starting a server for
// hostport if none runs. A port of 0 always starts a new server.
func joinHTTPServer(b *HTTPBinding, hostport, path string, l *httpListener) (*httpServer, error) {
	httpServers.Lock()
	defer httpServers.Unlock()
	s := httpServers.m[hostport]
	if s == nil {
		var err error
		if s, err = startHTTPServer(b, hostport); err != nil {
			return nil, err
		}
		httpServers.m[s.key] = s
	}
	if s.tls != (b.TLS != nil) {
		return nil, fmt.Errorf("%w: %s serves %s", ErrAddressInUse, hostport, map[bool]string{true: "https", false: "http"}[s.tls])
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, dup := s.routes[path]; dup {
		return nil, fmt.Errorf("%w: %s%s has an endpoint", ErrAddressInUse, hostport, path)
	}
	s.routes[path] = l
	return s, nil
}

// startHTTPServer binds hostport and serves it in a new goroutine.
func startHTTPServer(b *HTTPBinding, hostport string) (*httpServer, error) {
	ln, err := b.ProxyProtocol.listen(hostport, defaultHTTPHeaderTimeout)
	if err != nil {
		return nil, listenError(hostport, err)
	}
	s := &httpServer{key: hostport, tls: b.TLS != nil, ln: ln, done: make(chan struct{}), routes: map[string]*httpListener{}}
	if _, port, _ := net.SplitHostPort(hostport); port == "0" {
		s.key = ln.Addr().String()
	}
	recv := durationOr(b.ReceiveTimeout, defaultHTTPReceiveTimeout)
	s.srv = &http.Server{
		Handler:           s,
		ReadHeaderTimeout: defaultHTTPHeaderTimeout,
		ReadTimeout:       recv,
		WriteTimeout:      recv + durationOr(b.SendTimeout, defaultHTTPSendTimeout),
		IdleTimeout:       durationOr(b.IdleTimeout, defaultHTTPIdleTimeout),
		MaxHeaderBytes:    defaultHTTPMaxHeaderBytes,
		ErrorLog:          log.New(io.Discard, "", 0), // hostile clients must not flood the host's log
	}
	s.srv.SetKeepAlivesEnabled(b.KeepAlive)
	if b.TLS != nil {
		cfg := b.TLS.Clone()
		cfg.NextProtos = []string{"http/1.1"}
		ln = tls.NewListener(ln, cfg)
	}
	httpServersStopped.Add(1)
	go s.srv.Serve(ln) // returns when leave closes the listener
	return s, nil
}

// listenError maps a failed bind to the WWSAPI errors.
func listenError(hostport string, err error) error {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "listen" {
		if errors.Is(err, syscall.EADDRINUSE) {
			return fmt.Errorf("%w: %s: %v", ErrAddressInUse, hostport, err)
		}
		return fmt.Errorf("%w: %s: %v", ErrAddressNotAvailable, hostport, err)
	}
	return fmt.Errorf("%w: %s: %v", ErrAddressNotAvailable, hostport, err)
}

// leave removes path; the last endpoint to leave stops the server:
// graceful (requests in flight finish) unless abort.
func (s *httpServer) leave(path string, l *httpListener, abort bool) {
	httpServers.Lock()
	defer httpServers.Unlock()
	s.mu.Lock()
	if s.routes[path] == l {
		delete(s.routes, path)
	}
	last := len(s.routes) == 0
	s.mu.Unlock()
	if !last {
		return
	}
	delete(httpServers.m, s.key)
	s.ln.Close() // free the port now; Shutdown finishes in the background
	if abort {
		s.srv.Close()
		s.stopped()
		return
	}
	go s.shutdown(durationOr(l.b.CloseTimeout, defaultHTTPCloseTimeout))
}

// shutdown lets requests in flight finish, for at most timeout.
func (s *httpServer) shutdown(timeout time.Duration) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	defer s.stopped()
	if s.srv.Shutdown(ctx) != nil {
		s.srv.Close()
	}
}

func (s *httpServer) stopped() {
	close(s.done)
	httpServersStopped.Done()
}

// ServeHTTP routes a request to the endpoint of its path (404 when none).
func (s *httpServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	l := s.routes[r.URL.Path]
	s.mu.Unlock()
	if l == nil {
		http.Error(w, "endpoint not found", http.StatusNotFound)
		return
	}
	l.serveHTTP(w, r)
}

// endpoints lists the listeners of the server, for the WSDL's ports.
func (s *httpServer) endpoints() []*httpListener {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]*httpListener, 0, len(s.routes))
	for _, l := range s.routes {
		out = append(out, l)
	}
	return out
}
