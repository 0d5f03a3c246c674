package servicemodel

// Shared HTTP servers: the endpoints of one host whose addresses name the
// same host:port are served by one net/http server, routed by path (what
// http.sys's URL ACL registrations give WCF). The server's settings
// (timeouts, keep-alive, TLS, the PROXY protocol) come from the first endpoint's binding; an
// endpoint whose binding disagrees on them fails Open with an error naming
// both endpoints (host_ports.go). The server stops when its last endpoint
// leaves.

import (
	"bytes"
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
	key      string
	tls      bool
	settings httpServerSettings
	owner    string // the address of the endpoint that started it, for conflicts
	table    *portTable
	srv      *http.Server
	ln       net.Listener
	done     chan struct{} // closed when the server has stopped

	mu     sync.Mutex // guards following
	routes map[string]*httpListener
}

// httpServerSettings are what endpoints sharing an HTTP port must agree on.
type httpServerSettings struct {
	receive, send, idle time.Duration
	keepAlive           bool
	tls                 *tls.Config
	proxy               *ProxyProtocol
}

func serverSettings(b *HTTPBinding) httpServerSettings {
	return httpServerSettings{receive: durationOr(b.ReceiveTimeout, defaultHTTPReceiveTimeout),
		send: durationOr(b.SendTimeout, defaultHTTPSendTimeout), idle: durationOr(b.IdleTimeout, defaultHTTPIdleTimeout),
		keepAlive: b.KeepAlive, tls: b.TLS, proxy: b.ProxyProtocol}
}

// diff names the first setting on which a and b differ.
func (a httpServerSettings) diff(b httpServerSettings) string {
	switch {
	case (a.tls == nil) != (b.tls == nil):
		return fmt.Sprintf("scheme %s and %s", map[bool]string{true: "https", false: "http"}[a.tls != nil], map[bool]string{true: "https", false: "http"}[b.tls != nil])
	case a.tls != nil && !sameServerTLS(a.tls, b.tls):
		return "TLS certificates or client authentication"
	case a.receive != b.receive:
		return fmt.Sprintf("ReceiveTimeout %v and %v", a.receive, b.receive)
	case a.send != b.send:
		return fmt.Sprintf("SendTimeout %v and %v", a.send, b.send)
	case a.idle != b.idle:
		return fmt.Sprintf("IdleTimeout %v and %v", a.idle, b.idle)
	case a.keepAlive != b.keepAlive:
		return fmt.Sprintf("KeepAlive %v and %v", a.keepAlive, b.keepAlive)
	}
	return proxyProtocolDiff(a.proxy, b.proxy)
}

// sameServerTLS reports whether two server TLS configurations present the
// same certificates and ask the same of clients.
func sameServerTLS(a, b *tls.Config) bool {
	if a == b {
		return true
	}
	if len(a.Certificates) != len(b.Certificates) || a.ClientAuth != b.ClientAuth || a.ClientCAs != b.ClientCAs && !a.ClientCAs.Equal(b.ClientCAs) {
		return false
	}
	for i := range a.Certificates {
		ca, cb := a.Certificates[i].Certificate, b.Certificates[i].Certificate
		if len(ca) == 0 || len(cb) == 0 || !bytes.Equal(ca[0], cb[0]) {
			return false
		}
	}
	return true
}

// joinHTTP routes l's path on its host:port, starting a server for the
// host:port if the host runs none. A port of 0 always starts a new server.
func (t *portTable) joinHTTP(l *httpListener) (*httpServer, error) {
	hostport, path, set := l.u.Host, l.u.Path, serverSettings(l.b)
	t.mu.Lock()
	defer t.mu.Unlock()
	s := t.http[hostport]
	if s == nil {
		var err error
		if s, err = startHTTPServer(l.b, hostport); err != nil {
			return nil, err
		}
		s.settings, s.owner, s.table = set, l.opts.endpoint, t
		t.served = append(t.served, s)
		t.http[s.key] = s // the bound address when hostport asks for port 0
	} else if diff := s.settings.diff(set); diff != "" {
		return nil, fmt.Errorf("%w: endpoints %s and %s share %s with different listener settings (%s)",
			ErrAddressInUse, s.owner, l.opts.endpoint, hostport, diff)
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
		ConnContext:       connAuth.ConnContext,       // Windows authentication is per connection (http_security.go)
	}
	s.srv.SetKeepAlivesEnabled(b.KeepAlive)
	if b.TLS != nil {
		cfg := b.TLS.Clone()
		cfg.NextProtos = []string{"http/1.1"}
		ln = tls.NewListener(ln, cfg)
	}
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
	s.table.mu.Lock()
	defer s.table.mu.Unlock()
	s.mu.Lock()
	if s.routes[path] == l {
		delete(s.routes, path)
	}
	last := len(s.routes) == 0
	s.mu.Unlock()
	if !last {
		return
	}
	if s.table.http[s.key] == s {
		delete(s.table.http, s.key)
	}
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

func (s *httpServer) stopped() { close(s.done) }

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
