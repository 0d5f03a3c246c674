package windowsauth

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"

	"github.com/wwsgo/wws/servicemodel/windowsauth/kerberos"
	"github.com/wwsgo/wws/servicemodel/windowsauth/ntlm"
)

// HTTPTransport is an http.RoundTripper that authenticates to hosts that
// ask for Windows authentication (WWW-Authenticate: Negotiate or NTLM,
// RFC 4559). NTLM over HTTP authenticates a connection, not a request, so
// the transport keeps authenticated connections apart: each is an
// http.Transport limited to one connection per host, and a request that
// finds its connection unauthenticated (new, or the server dropped it)
// runs the handshake on it first. Requests with a body need GetBody (as
// http.NewRequest sets for in-memory bodies): the handshake resends it. A
// connection serves the next request once the last response's body is
// closed; requests at the same time use further connections (at most
// MaxConnsPerHost), each authenticated on its own.
type HTTPTransport struct {
	// Credentials of the user for NTLM.
	Credentials ntlm.Credentials
	// Kerberos, when set, is the user's Kerberos identity: Negotiate
	// offers Kerberos first where it gets a ticket, then NTLM.
	Kerberos *kerberos.Client
	// DisallowNTLM leaves NTLM out of Negotiate (Kerberos or nothing).
	DisallowNTLM bool
	// Scheme is "Negotiate" (SPNEGO) or "NTLM". Empty, the default,
	// starts with Negotiate and turns to NTLM when the server's 401
	// offers NTLM alone (as .NET picks the scheme from the challenge).
	Scheme string
	// SPN is the target name; default HTTP/<host>, as .NET's default.
	SPN string
	// New returns the http.Transport behind one authenticated connection;
	// default a clone of http.DefaultTransport. MaxConnsPerHost is set to 1.
	New func() *http.Transport
	// MaxConnsPerHost bounds the connections to one host; a request
	// beyond it waits for one to be free (or for its context). 0: no bound.
	MaxConnsPerHost int

	mu    sync.Mutex // guards hosts
	hosts map[string]*hostConns
}

// hostConns are the connections to one host.
type hostConns struct {
	idle  []*authConn
	n     int           // connections made and not closed
	freed chan struct{} // closed (and replaced) when a connection is put back
}

// authConn is one connection (to one host) and whether it is
// authenticated.
type authConn struct {
	t      *http.Transport
	authed bool
}

// RoundTrip implements http.RoundTripper.
func (h *HTTPTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil && req.Body != http.NoBody && req.GetBody == nil {
		req.Body.Close()
		return nil, errors.New("windowsauth: HTTPTransport needs Request.GetBody to resend a body during authentication")
	}
	if req.Body != nil {
		req.Body.Close() // each leg sends a body of GetBody's
	}
	key := req.URL.Scheme + "://" + req.URL.Host
	ac, err := h.take(req.Context(), key)
	if err != nil {
		return nil, err
	}
	resp, err := h.roundTrip(ac, req)
	if err != nil || resp.Body == nil {
		h.put(key, ac)
		return resp, err
	}
	resp.Body = &connBody{ReadCloser: resp.Body, release: func() { h.put(key, ac) }}
	return resp, nil
}

// connBody gives the connection back when the response body has been
// read to its end or is closed: until then the connection is the
// response's. (At the end, before the reader may even close the body, a
// next request must find the connection free, or it would open and
// authenticate another.)
type connBody struct {
	io.ReadCloser
	release func()
	once    sync.Once
}

func (b *connBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err == io.EOF {
		b.once.Do(b.release)
	}
	return n, err
}

func (b *connBody) Close() error {
	err := b.ReadCloser.Close()
	b.once.Do(b.release)
	return err
}

// roundTrip sends req on ac, authenticating ac first if it is not.
func (h *HTTPTransport) roundTrip(ac *authConn, req *http.Request) (*http.Response, error) {
	if ac.authed {
		r, err := withBody(req)
		if err != nil {
			return nil, err
		}
		resp, err := ac.t.RoundTrip(r)
		if err != nil || resp.StatusCode != http.StatusUnauthorized {
			return resp, err
		}
		drain(resp) // the server dropped the connection: authenticate a new one
		ac.authed = false
	}
	return h.authenticate(ac, req)
}

// authenticate runs the handshake on ac's connection, the request in each
// leg; the last leg's response is the request's.
func (h *HTTPTransport) authenticate(ac *authConn, req *http.Request) (*http.Response, error) {
	scheme, auto := h.Scheme, h.Scheme == ""
	if auto {
		scheme = "Negotiate"
	}
	a := h.authenticator(scheme, req.URL.Hostname())
	tok, _, err := a.Step(nil)
	if err != nil {
		return nil, err
	}
	for leg := 0; ; leg++ {
		r, err := withAuthorization(req, scheme+" "+base64.StdEncoding.EncodeToString(tok))
		if err != nil {
			return nil, err
		}
		resp, err := ac.t.RoundTrip(r)
		if err != nil {
			return nil, err
		}
		in, hasToken := challengeOf(resp, scheme)
		if resp.StatusCode != http.StatusUnauthorized {
			if hasToken { // the acceptor's last token: SPNEGO's mechListMIC
				if _, _, err := a.Step(in); err != nil {
					drain(resp)
					return nil, fmt.Errorf("windowsauth: the server's last %s token: %w", scheme, err)
				}
			}
			ac.authed = true // past the 401s: whatever the handler said
			return resp, nil
		}
		if !hasToken && leg == 0 && auto && !h.DisallowNTLM && offers(resp, "NTLM") && !offers(resp, "Negotiate") {
			drain(resp) // an NTLM-only server: start again in its scheme (unless NTLM is disallowed)
			scheme, auto = "NTLM", false
			a = h.authenticator(scheme, req.URL.Hostname())
			if tok, _, err = a.Step(nil); err != nil {
				return nil, err
			}
			leg = -1
			continue
		}
		if !hasToken || leg == 4 {
			return resp, nil // refused: the caller sees the 401
		}
		drain(resp)
		if tok, _, err = a.Step(in); err != nil {
			return nil, err
		}
	}
}

func (h *HTTPTransport) authenticator(scheme, host string) stepper {
	spn := h.SPN
	if spn == "" {
		spn = "HTTP/" + strings.ToLower(host)
	}
	cfg := ntlm.ClientConfig{Credentials: h.Credentials, TargetName: spn}
	if scheme == "NTLM" {
		return NewNTLMClient(cfg)
	}
	nc := NegotiateClientConfig{Kerberos: h.Kerberos, NTLM: &cfg, TargetName: spn}
	if h.DisallowNTLM {
		nc.NTLM = nil
	}
	return NewNegotiateClient(nc)
}

// withBody is req with a fresh body, on an authenticated connection: a
// shallow copy, the headers shared.
func withBody(req *http.Request) (*http.Request, error) {
	r := req.WithContext(req.Context())
	if req.GetBody != nil {
		body, err := req.GetBody()
		if err != nil {
			return nil, err
		}
		r.Body = body
	}
	return r, nil
}

// withAuthorization clones req with the header and a fresh body.
func withAuthorization(req *http.Request, authz string) (*http.Request, error) {
	r := req.Clone(req.Context())
	r.Header.Set("Authorization", authz)
	if req.GetBody != nil {
		body, err := req.GetBody()
		if err != nil {
			return nil, err
		}
		r.Body = body
	}
	return r, nil
}

// challengeOf returns the token of the response's WWW-Authenticate for
// scheme, if it carries one.
func challengeOf(resp *http.Response, scheme string) ([]byte, bool) {
	for _, v := range resp.Header.Values("WWW-Authenticate") {
		s, b64, ok := strings.Cut(strings.TrimSpace(v), " ")
		if !ok || !strings.EqualFold(s, scheme) {
			continue
		}
		if tok, err := base64.StdEncoding.DecodeString(strings.TrimSpace(b64)); err == nil && len(tok) > 0 {
			return tok, true
		}
	}
	return nil, false
}

// offers reports whether the response's WWW-Authenticate names scheme.
func offers(resp *http.Response, scheme string) bool {
	for _, v := range resp.Header.Values("WWW-Authenticate") {
		for _, c := range strings.Split(v, ",") {
			s, _, _ := strings.Cut(strings.TrimSpace(c), " ")
			if strings.EqualFold(s, scheme) {
				return true
			}
		}
	}
	return false
}

// drain reads and closes a response body so its connection can carry the
// next leg.
func drain(resp *http.Response) {
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
}

// take returns an idle connection to key, or a new one, or waits for one
// when MaxConnsPerHost are in use.
func (h *HTTPTransport) take(ctx context.Context, key string) (*authConn, error) {
	for {
		h.mu.Lock()
		if h.hosts == nil {
			h.hosts = make(map[string]*hostConns)
		}
		hc := h.hosts[key]
		if hc == nil {
			hc = &hostConns{freed: make(chan struct{})}
			h.hosts[key] = hc
		}
		if n := len(hc.idle); n > 0 {
			ac := hc.idle[n-1]
			hc.idle = hc.idle[:n-1]
			h.mu.Unlock()
			return ac, nil
		}
		if h.MaxConnsPerHost <= 0 || hc.n < h.MaxConnsPerHost {
			hc.n++
			h.mu.Unlock()
			return h.newConn(), nil
		}
		freed := hc.freed
		h.mu.Unlock()
		select {
		case <-freed:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

func (h *HTTPTransport) newConn() *authConn {
	var t *http.Transport
	if h.New != nil {
		t = h.New()
	} else {
		t = http.DefaultTransport.(*http.Transport).Clone()
	}
	t.MaxConnsPerHost, t.MaxIdleConnsPerHost = 1, 1
	return &authConn{t: t}
}

func (h *HTTPTransport) put(key string, ac *authConn) {
	h.mu.Lock()
	defer h.mu.Unlock()
	hc := h.hosts[key]
	if hc == nil { // CloseIdleConnections ran meanwhile
		hc = &hostConns{freed: make(chan struct{})}
		h.hosts[key] = hc
	}
	hc.idle = append(hc.idle, ac)
	close(hc.freed)
	hc.freed = make(chan struct{})
}

// CloseIdleConnections closes every connection the transport keeps idle.
func (h *HTTPTransport) CloseIdleConnections() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, hc := range h.hosts {
		for _, ac := range hc.idle {
			ac.t.CloseIdleConnections()
		}
		hc.n -= len(hc.idle)
		hc.idle = nil
	}
}
