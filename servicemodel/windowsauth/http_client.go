package windowsauth

import (
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
// closed; requests at the same time use further connections, each
// authenticated on its own.
type HTTPTransport struct {
	// Credentials of the user for NTLM.
	Credentials ntlm.Credentials
	// Kerberos, when set, is the user's Kerberos identity: Negotiate
	// offers Kerberos first where it gets a ticket, then NTLM.
	Kerberos *kerberos.Client
	// DisallowNTLM leaves NTLM out of Negotiate (Kerberos or nothing).
	DisallowNTLM bool
	// Scheme is "Negotiate" (SPNEGO, the default) or "NTLM".
	Scheme string
	// SPN is the target name; default HTTP/<host>, as .NET's default.
	SPN string
	// New returns the http.Transport behind one authenticated connection;
	// default a clone of http.DefaultTransport. MaxConnsPerHost is set to 1.
	New func() *http.Transport

	mu   sync.Mutex // guards idle
	idle map[string][]*authConn
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
		return nil, errors.New("windowsauth: HTTPTransport needs Request.GetBody to resend a body during authentication")
	}
	key := req.URL.Scheme + "://" + req.URL.Host
	ac := h.take(key)
	defer h.put(key, ac)
	if ac.authed {
		resp, err := ac.t.RoundTrip(req)
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
	scheme := h.Scheme
	if scheme == "" {
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

// drain reads and closes a response body so its connection can carry the
// next leg.
func drain(resp *http.Response) {
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
}

func (h *HTTPTransport) take(key string) *authConn {
	h.mu.Lock()
	defer h.mu.Unlock()
	if n := len(h.idle[key]); n > 0 {
		ac := h.idle[key][n-1]
		h.idle[key] = h.idle[key][:n-1]
		return ac
	}
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
	if h.idle == nil {
		h.idle = make(map[string][]*authConn)
	}
	h.idle[key] = append(h.idle[key], ac)
}

// CloseIdleConnections closes every connection the transport keeps.
func (h *HTTPTransport) CloseIdleConnections() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, acs := range h.idle {
		for _, ac := range acs {
			ac.t.CloseIdleConnections()
		}
	}
	h.idle = nil
}
