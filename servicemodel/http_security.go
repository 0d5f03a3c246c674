package servicemodel

// Windows authentication on the HTTP bindings: WCF's BasicHttpBinding and
// WSHttpBinding with Security.Mode TransportCredentialOnly (http://) or
// Transport (https://) and ClientCredentialType Windows, which is
// WWW-Authenticate: Negotiate (RFC 4559; SPNEGO, RFC 4178) or NTLM
// ([MS-NTHT]) bound to a kept-alive connection, as IIS and http.sys do it.
//
// Client: the channel's transport is a windowsauth.HTTPTransport that
// authenticates each connection once, with ProxyOptions.Windows (NTLM:
// DOMAIN\user or user@REALM with a password or an NT hash), for the target
// ProxyOptions.Identity names (default HTTP/<host>). A 401 after the
// handshake, or a handshake token that fails its checks, is
// ErrSecurityVerification.
//
// Host: the listener's handler sits behind a windowsauth.HTTPHost that
// verifies clients against HostOptions.Windows.NTLMUserFile. Everything
// on the endpoint's path needs the authentication, the metadata GETs
// (?wsdl) included, as under IIS with anonymous access off. An operation
// finds the caller with CallerIdentity: its name, its mechanism, and
// protection EncryptAndSign under TLS, None without.
//
// Kerberos is not here yet: Keytab or CCache credentials, a proxy without
// ProxyOptions.Windows (the default credential cache) and a host with a
// Keytab and no NTLMUserFile get ErrNotSupported.

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/wwsgo/wws/servicemodel/windowsauth"
	"github.com/wwsgo/wws/servicemodel/windowsauth/ntlm"
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
// with Windows credentials: connections made as the binding's own
// (newHTTPTransport), at most MaxConnections of them, each authenticated.
func (b *HTTPBinding) windowsTransport(u *url.URL, o dialOptions) (*windowsauth.HTTPTransport, error) {
	cred, err := ntlmCredentials(o.windows)
	if err != nil {
		return nil, err
	}
	spn := o.identity.SPN
	if spn == "" {
		spn = o.identity.UPN
	}
	return &windowsauth.HTTPTransport{Credentials: cred, SPN: spn, MaxConnsPerHost: b.maxConnections(),
		New: func() *http.Transport { return newHTTPTransport(b) }}, nil
}

// ntlmCredentials returns the NTLM credentials of w: User is DOMAIN\user
// or user@REALM (sent as REALM\user), with Password or a 16-byte NTHash.
func ntlmCredentials(w *WindowsClientCredential) (ntlm.Credentials, error) {
	switch {
	case w == nil:
		return ntlm.Credentials{}, fmt.Errorf("%w: Windows credentials from the default Kerberos credential cache (set ProxyOptions.Windows for NTLM)", ErrNotSupported)
	case w.Keytab != "" || w.CCache != "":
		return ntlm.Credentials{}, fmt.Errorf("%w: Kerberos credentials (Keytab, CCache) over HTTP; NTLM takes User with Password or NTHash", ErrNotSupported)
	case w.DisallowNTLM:
		return ntlm.Credentials{}, fmt.Errorf("%w: DisallowNTLM leaves Kerberos, which HTTP does not speak yet", ErrNotSupported)
	case w.User == "":
		return ntlm.Credentials{}, fmt.Errorf("%w: Windows credentials need a User (DOMAIN\\user or user@REALM)", ErrInvalidOperation)
	case w.Password == "" && len(w.NTHash) == 0:
		return ntlm.Credentials{}, fmt.Errorf("%w: Windows credentials need a Password or an NTHash", ErrInvalidOperation)
	case w.Password == "" && len(w.NTHash) != 16:
		return ntlm.Credentials{}, fmt.Errorf("%w: an NT hash is 16 bytes, not %d", ErrInvalidOperation, len(w.NTHash))
	}
	c := ntlm.Credentials{User: w.User, Password: w.Password}
	if domain, user, ok := strings.Cut(w.User, `\`); ok {
		c.Domain, c.User = domain, user
	} else if user, realm, ok := strings.Cut(w.User, "@"); ok {
		c.Domain, c.User = realm, user
	}
	if c.Password == "" {
		c.NTHash = (*[16]byte)(w.NTHash)
	}
	return c, nil
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
	switch {
	case w == nil || w.NTLMUserFile == "" && w.Keytab == "":
		return nil, fmt.Errorf("%w: the binding asks for Windows credentials: set HostOptions.Windows.NTLMUserFile", ErrInvalidEndpoint)
	case w.NTLMUserFile == "":
		return nil, fmt.Errorf("%w: Kerberos (HostOptions.Windows.Keytab) on HTTP endpoints; set NTLMUserFile", ErrNotSupported)
	}
	users, err := ntlm.LoadUserFile(w.NTLMUserFile)
	if err != nil {
		return nil, fmt.Errorf("%w: HostOptions.Windows.NTLMUserFile: %v", ErrInvalidEndpoint, err)
	}
	// The bodies of the handshake's legs are read up to the largest
	// message the endpoint takes: the connection must survive them.
	return &windowsauth.HTTPHost{Server: ntlm.ServerConfig{Users: users}, Handler: serve,
		MaxChallengedBody: b.maxReceived() + 1}, nil
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
