package windowsauth

import (
	"bytes"
	"context"
	"encoding/base64"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"

	"github.com/wwsgo/wws/servicemodel/windowsauth/kerberos"
	"github.com/wwsgo/wws/servicemodel/windowsauth/ntlm"
)

// HTTPHost puts Windows authentication in front of an http.Handler, as IIS
// does for a service with Windows authentication: a request without
// credentials gets 401 with "WWW-Authenticate: Negotiate" and
// "WWW-Authenticate: NTLM" (RFC 4559, [MS-NTHT]); the client's tokens come
// in Authorization headers and the challenges go back in 401s on the same
// connection, which, once authenticated, stays authenticated
// (connection-bound, as NTLM over HTTP needs). Negotiate takes SPNEGO
// (Kerberos when Kerberos is set, NTLM) or bare NTLM or Kerberos tokens.
//
// Install ConnContext as the http.Server's ConnContext; without it every
// request gets 500. The handler finds the caller with HTTPCaller. As with
// IIS, a proxy that carries several clients' requests on one connection
// to the host must not sit in front of it: they would share the caller.
type HTTPHost struct {
	// Server verifies NTLM clients; without Users NTLM is refused.
	Server ntlm.ServerConfig
	// Kerberos, when set, verifies Kerberos clients under Negotiate.
	Kerberos *kerberos.AcceptorConfig
	Handler  http.Handler
	// MaxChallengedBody is how much of the body of a request answered
	// 401 is read and thrown away first, so that the connection the
	// handshake is bound to stays open (clients resend the body with each
	// leg); net/http closes a connection with more than 256 KiB unread.
	// 0 leaves it to net/http.
	MaxChallengedBody int64
}

type httpConnKey struct{}

// httpConnAuth is one connection's authentication.
type httpConnAuth struct {
	mu     sync.Mutex
	scheme string
	auth   interface {
		Step([]byte) ([]byte, bool, error)
		Caller() Caller
	}
	caller *Caller
}

// ConnContext gives each connection its authentication state.
func (h *HTTPHost) ConnContext(ctx context.Context, _ net.Conn) context.Context {
	return context.WithValue(ctx, httpConnKey{}, &httpConnAuth{})
}

type httpCallerKey struct{}

// HTTPCaller returns the caller of a request HTTPHost let through.
func HTTPCaller(ctx context.Context) (Caller, bool) {
	c, ok := ctx.Value(httpCallerKey{}).(Caller)
	return c, ok
}

// ServeHTTP authenticates the connection, then serves r with the caller in
// its context.
func (h *HTTPHost) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	st, ok := r.Context().Value(httpConnKey{}).(*httpConnAuth)
	if !ok {
		http.Error(w, "windowsauth: HTTPHost.ConnContext is not installed", http.StatusInternalServerError)
		return
	}
	st.mu.Lock()
	caller, final, done := h.step(w, r, st)
	st.mu.Unlock()
	if !done {
		return
	}
	if final != "" {
		w.Header().Set("WWW-Authenticate", final)
	}
	h.Handler.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), httpCallerKey{}, caller)))
}

// step runs one leg with st locked. It answers 401 itself unless the
// connection is (now) authenticated; final is the header carrying the
// mechanism's last token, if any.
func (h *HTTPHost) step(w http.ResponseWriter, r *http.Request, st *httpConnAuth) (Caller, string, bool) {
	scheme, tok, ok := parseAuthorization(r.Header.Get("Authorization"))
	if st.caller != nil && !(ok && isFirstToken(tok)) {
		return *st.caller, "", true
	}
	if !ok {
		st.auth, st.caller = nil, nil
		h.unauthorized(w, r)
		return Caller{}, "", false
	}
	if st.auth == nil || st.scheme != scheme || isFirstToken(tok) {
		st.scheme, st.caller = scheme, nil
		if scheme == "NTLM" {
			if h.Server.Users == nil {
				st.auth = nil
				h.unauthorized(w, r)
				return Caller{}, "", false
			}
			st.auth = NewNTLMServer(h.Server)
		} else {
			st.auth = NewNegotiateServer(NegotiateServerConfig{Kerberos: h.Kerberos, NTLM: &h.Server})
		}
	}
	out, done, err := st.auth.Step(tok)
	if err != nil {
		st.auth = nil
		h.unauthorized(w, r)
		return Caller{}, "", false
	}
	header := ""
	if out != nil {
		header = scheme + " " + base64.StdEncoding.EncodeToString(out)
	}
	if !done {
		h.drain(r)
		w.Header().Set("WWW-Authenticate", header)
		w.WriteHeader(http.StatusUnauthorized)
		return Caller{}, "", false
	}
	c := st.auth.Caller()
	st.caller, st.auth = &c, nil
	return c, header, true
}

// unauthorized asks for credentials afresh: Negotiate, and NTLM when
// NTLM users are configured.
func (h *HTTPHost) unauthorized(w http.ResponseWriter, r *http.Request) {
	h.drain(r)
	schemes := []string{"Negotiate"}
	if h.Server.Users != nil {
		schemes = append(schemes, "NTLM")
	}
	w.Header()["Www-Authenticate"] = schemes
	w.WriteHeader(http.StatusUnauthorized)
}

// drain reads and discards up to MaxChallengedBody bytes of r's body
// before a 401 is written (after it, net/http may no longer read it).
func (h *HTTPHost) drain(r *http.Request) {
	if h.MaxChallengedBody > 0 && r.Body != nil {
		_, _ = io.CopyN(io.Discard, r.Body, h.MaxChallengedBody)
	}
}

// parseAuthorization splits "Negotiate <base64>" or "NTLM <base64>".
func parseAuthorization(v string) (scheme string, tok []byte, ok bool) {
	scheme, b64, found := strings.Cut(strings.TrimSpace(v), " ")
	switch {
	case !found:
		return "", nil, false
	case strings.EqualFold(scheme, "Negotiate"):
		scheme = "Negotiate"
	case strings.EqualFold(scheme, "NTLM"):
		scheme = "NTLM"
	default:
		return "", nil, false
	}
	tok, err := base64.StdEncoding.DecodeString(strings.TrimSpace(b64))
	if err != nil || len(tok) == 0 || len(tok) > 0xFFFF {
		return "", nil, false
	}
	return scheme, tok, true
}

// isFirstToken reports a token that starts a handshake: an NTLM NEGOTIATE
// or an SPNEGO InitialContextToken.
func isFirstToken(tok []byte) bool {
	return bytes.HasPrefix(tok, []byte("NTLMSSP\x00\x01\x00\x00\x00")) || (len(tok) > 0 && tok[0] == 0x60)
}
