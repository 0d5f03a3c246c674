package servicemodel

// Windows authentication on the HTTP bindings: WCF's BasicHttpBinding and
// WSHttpBinding with Security.Mode TransportCredentialOnly (http://) or
// Transport (https://) and ClientCredentialType Windows, which is
// WWW-Authenticate: Negotiate (RFC 4559; SPNEGO, RFC 4178) or NTLM
// ([MS-NTHT]) bound to a kept-alive connection, as IIS and http.sys do it.
//
// Client: the channel's transport is a windowsauth.HTTPTransport that
// authenticates each connection once with ProxyOptions.Windows — Kerberos
// under Negotiate where a ticket can be had (a password, a keytab or a
// credential cache), NTLM otherwise (a password or an NT hash; DOMAIN\user
// or user@REALM) unless DisallowNTLM — for the target ProxyOptions.Identity
// names (default HTTP/<host>). A 401 after the handshake, or a handshake
// token that fails its checks, is ErrSecurityVerification.
//
// Host: the listener's handler sits behind a windowsauth.HTTPHost that
// verifies Kerberos clients with HostOptions.Windows.Keytab and NTLM ones
// against its NTLMUserFile. Everything on the endpoint's path needs the
// authentication, the metadata GETs (?wsdl) included, as under IIS with
// anonymous access off. An operation finds the caller with
// CallerIdentity: its name (user@REALM, DOMAIN\user), its mechanism, and
// protection EncryptAndSign under TLS, None without.
//
// Both sides take their credentials through windowsauth's one seam
// (ClientConfig, ServerConfig, config.go), as net.tcp does, so they are
// read and refused alike.

import (
	"fmt"
	"net/http"
	"net/url"

	"github.com/wwsgo/wws/servicemodel/windowsauth"
)

// validateSecurity checks the binding's Security against its scheme.
func (b *HTTPBinding) validateSecurity() error {
	sec := b.Security
	switch sec.Mode {
	case SecurityModeNone:
		if sec.Credential != CredentialNone {
			return fmt.Errorf("%w: a client credential needs Security.Mode Transport or TransportCredentialOnly", errHTTPBinding)
		}
		return nil
	case SecurityModeTransport:
		if b.TLS == nil {
			return fmt.Errorf("%w: Security.Mode Transport is HTTPS: set TLS", errHTTPBinding)
		}
	case SecurityModeTransportCredentialOnly:
		if b.TLS != nil {
			return fmt.Errorf("%w: Security.Mode TransportCredentialOnly is plain HTTP: with TLS use Transport", errHTTPBinding)
		}
		if sec.Credential == CredentialNone {
			return fmt.Errorf("%w: Security.Mode TransportCredentialOnly needs a client credential", errHTTPBinding)
		}
	default:
		return fmt.Errorf("%w: unknown Security.Mode %d", errHTTPBinding, sec.Mode)
	}
	switch sec.Credential {
	case CredentialNone:
	case CredentialWindows:
		if !b.KeepAlive {
			return fmt.Errorf("%w: Windows credentials over HTTP need KeepAlive (NTLM authenticates the connection)", errHTTPBinding)
		}
	case CredentialCertificate:
		return fmt.Errorf("%w: HTTP client certificates are TLS's: set TLS.Certificates (client) or TLS.ClientAuth (host) with Credential None", ErrNotSupported)
	default:
		return fmt.Errorf("%w: unknown Security.Credential %d", errHTTPBinding, sec.Credential)
	}
	return nil
}

// windowsTransport returns the round tripper of a client channel to u
// with Windows credentials (windowsauth.NewHTTPTransport, the seam
// net.tcp's upgrader shares): connections made as the binding's own
// (newHTTPTransport), at most MaxConnections of them, each authenticated.
func (b *HTTPBinding) windowsTransport(u *url.URL, o dialOptions) (*windowsauth.HTTPTransport, error) {
	t, err := windowsauth.NewHTTPTransport(windowsClientConfig(o))
	if err != nil {
		return nil, fmt.Errorf("%w: Windows credentials for %s: %w", ErrInvalidOperation, u.Redacted(), err)
	}
	t.MaxConnsPerHost = b.maxConnections()
	t.New = func() *http.Transport { return newHTTPTransport(b) }
	return t, nil
}

// statusError is the error of a status without a SOAP reply; a 401 after
// this channel authenticated means the service refused its credentials.
func (c *httpClientChannel) statusError(resp *http.Response) error {
	if c.auth != nil && resp.StatusCode == http.StatusUnauthorized {
		return refusedError(resp)
	}
	return statusError(resp)
}

// newHTTPHostAuth returns the Windows authentication in front of serve
// for a listener of b, or nil when b asks for none.
func newHTTPHostAuth(b *HTTPBinding, w *WindowsServiceCredential, serve http.HandlerFunc) (*windowsauth.HTTPHost, error) {
	if b.Security.Credential != CredentialWindows {
		return nil, nil
	}
	if w == nil {
		return nil, fmt.Errorf("%w: the binding asks for Windows credentials: set HostOptions.Windows", ErrInvalidEndpoint)
	}
	h, err := windowsauth.NewHTTPHost(windowsServerConfig(w), serve)
	if err != nil {
		return nil, fmt.Errorf("%w: HostOptions.Windows: %w", ErrInvalidEndpoint, err)
	}
	// The bodies of the handshake's legs are read up to the largest
	// message the endpoint takes: the connection must survive them.
	h.MaxChallengedBody = b.maxReceived() + 1
	return h, nil
}

// connAuth gives each connection of an HTTP server its authentication
// state (windowsauth.HTTPHost.ConnContext, which uses no field of the
// HTTPHost): every server installs it, so endpoints with and without
// Windows security can share a port. Its cost is per connection, not per
// request.
var connAuth windowsauth.HTTPHost

// httpCaller returns the caller HTTPHost authenticated for r.
func httpCaller(r *http.Request) *Caller {
	c, ok := windowsauth.HTTPCaller(r.Context())
	if !ok {
		return nil
	}
	p := ProtectionNone
	if r.TLS != nil {
		p = ProtectionEncryptAndSign
	}
	return &Caller{Name: c.Name, Mechanism: c.Mechanism, Protection: p}
}

// Caller implements callerSource: the client Windows authentication
// verified, nil on an endpoint without it.
func (rc *httpRequestContext) Caller() *Caller { return rc.caller }

var _ callerSource = (*httpRequestContext)(nil)
