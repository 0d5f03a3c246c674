package servicemodel

// The HTTP bindings (SOAP 1.1 §6, SOAP 1.2 Part 2 §7): WCF's
// BasicHttpBinding (SOAP 1.1 in text/xml, SOAPAction header, no
// addressing), WSHttpBinding with
// Security.Mode=None (SOAP 1.2 + WS-Addressing 1.0 in application/soap+xml)
// and a CustomBinding of BinaryMessageEncoding + HttpTransport
// (application/soap+msbin1). Defaults are WCF's (TransportDefaults and
// HttpTransportDefaults in
// System.ServiceModel/System/ServiceModel/Channels/TransportDefaults.cs).

import (
	"context"
	"crypto/tls"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/wwsgo/wws/servicemodel/windowsauth"
	"github.com/wwsgo/wws/soap"
)

// HTTPEncoding selects the message encoding of an HTTPBinding.
type HTTPEncoding uint8

// Encodings of an HTTPBinding.
const (
	// HTTPText is WCF's TextMessageEncoding (UTF-8).
	HTTPText HTTPEncoding = iota
	// HTTPBinary is WCF's BinaryMessageEncoding over HTTP:
	// application/soap+msbin1, no session string table. Always SOAP 1.2 +
	// WS-Addressing 1.0.
	HTTPBinary
)

// WCF's HTTP defaults.
const (
	defaultHTTPOpenTimeout    = time.Minute
	defaultHTTPCloseTimeout   = time.Minute
	defaultHTTPSendTimeout    = time.Minute
	defaultHTTPReceiveTimeout = 10 * time.Minute
	defaultHTTPMaxConnections = 10 // MaxOutboundConnectionsPerEndpoint / MaxConcurrentSessions
	defaultHTTPIdleTimeout    = 2 * time.Minute
	defaultHTTPHeaderTimeout  = 30 * time.Second // ChannelInitializationTimeout
	defaultHTTPMaxHeaderBytes = 64 << 10
)

// HTTPBinding is an HTTP or HTTPS binding. The zero value is not usable;
// start from NewWSHTTPBinding, NewBasicHTTPBinding or NewBinaryHTTPBinding
// and adjust the fields before the first DialChannel or Listen. A binding
// must not be modified once in use.
type HTTPBinding struct {
	// Version is soap.Soap12WSAddressing10 or soap.Soap11 for HTTPText;
	// HTTPBinary is always soap.Soap12WSAddressing10.
	Version  soap.MessageVersion
	Encoding HTTPEncoding

	// MaxReceivedMessageSize bounds a received message body (default 65536).
	// Larger requests are answered 413; larger replies fail the call with
	// ErrQuotaExceeded.
	MaxReceivedMessageSize int64
	// ReaderQuotas bound what the XML reader accepts inside a message.
	ReaderQuotas soap.ReaderQuotas

	// Timeouts, as WCF's Binding: Open and Close bound channel and listener
	// start-up and shutdown, Send bounds one call on the client (when the
	// caller's context has no earlier deadline) and the writing of a reply,
	// Receive bounds how long the host may take to answer one request.
	OpenTimeout, CloseTimeout, SendTimeout, ReceiveTimeout time.Duration

	// MaxConnections bounds the connections a client channel opens to its
	// endpoint, and the requests a listener has in flight (more wait for the
	// host to accept them, then get 503). Default 10.
	MaxConnections int
	// KeepAlive keeps connections open between calls (WCF's
	// HttpTransportBindingElement.KeepAliveEnabled, default true).
	KeepAlive bool
	// IdleTimeout closes kept-alive connections unused this long (default 2 min).
	IdleTimeout time.Duration

	// TLS makes the binding HTTPS. On the client it is the tls.Config of the
	// connections (RootCAs nil means the system roots; Certificates for a
	// client certificate). On the host it must hold the server certificate;
	// ClientAuth and ClientCAs turn on client certificate verification.
	TLS *tls.Config

	// Security is the binding's transport security (WCF's
	// BasicHttpSecurity / WSHttpSecurity with transport security):
	// Mode TransportCredentialOnly (http://) or Transport (https://, TLS
	// set) with Credential Windows authenticates the client with
	// WWW-Authenticate: Negotiate or NTLM on kept-alive connections
	// (http_security.go). Protection does not apply: HTTP's protection is
	// TLS. The zero value is no security (with TLS set, plain HTTPS).
	Security Security

	// ProxyProtocol, when set, makes a host's server read a PROXY protocol
	// header (v1 or v2) before each connection's first request (under
	// TLS, before the handshake): http.Request.RemoteAddr is then the
	// balancer's client. Endpoints sharing a port must agree on it (Open
	// fails otherwise, naming both). Nil: off.
	ProxyProtocol *ProxyProtocol
}

// NewWSHTTPBinding returns WCF's WSHttpBinding with Security.Mode=None:
// SOAP 1.2 + WS-Addressing 1.0, text, application/soap+xml.
func NewWSHTTPBinding() *HTTPBinding {
	return newHTTPBinding(soap.Soap12WSAddressing10, HTTPText)
}

// NewBasicHTTPBinding returns WCF's BasicHttpBinding: SOAP 1.1 without
// addressing, text/xml, the action in a quoted SOAPAction header.
func NewBasicHTTPBinding() *HTTPBinding {
	return newHTTPBinding(soap.Soap11, HTTPText)
}

// NewBinaryHTTPBinding returns a CustomBinding of BinaryMessageEncoding and
// HttpTransport: SOAP 1.2 + WS-Addressing 1.0 in application/soap+msbin1.
func NewBinaryHTTPBinding() *HTTPBinding {
	return newHTTPBinding(soap.Soap12WSAddressing10, HTTPBinary)
}

func newHTTPBinding(v soap.MessageVersion, e HTTPEncoding) *HTTPBinding {
	return &HTTPBinding{
		Version: v, Encoding: e,
		MaxReceivedMessageSize: soap.DefaultMaxReceivedMessageSize,
		OpenTimeout:            defaultHTTPOpenTimeout, CloseTimeout: defaultHTTPCloseTimeout,
		SendTimeout: defaultHTTPSendTimeout, ReceiveTimeout: defaultHTTPReceiveTimeout,
		MaxConnections: defaultHTTPMaxConnections, KeepAlive: true, IdleTimeout: defaultHTTPIdleTimeout,
	}
}

// Scheme implements Binding: "https" when TLS is set, else "http".
func (b *HTTPBinding) Scheme() string {
	if b.TLS != nil {
		return "https"
	}
	return "http"
}

// MessageVersion implements Binding.
func (b *HTTPBinding) MessageVersion() soap.MessageVersion {
	if b.Encoding == HTTPBinary {
		return soap.Soap12WSAddressing10
	}
	return b.Version
}

// MessageEncoding returns the encoding of the binding's messages.
func (b *HTTPBinding) MessageEncoding() soap.Encoding {
	opts := soap.EncodingOptions{MaxReceivedMessageSize: b.maxReceived(), Quotas: b.ReaderQuotas}
	if b.Encoding == HTTPBinary {
		return soap.NewBinaryEncoding(false, opts)
	}
	return soap.NewTextEncoding(b.Version, opts)
}

// DialChannel implements Binding. Nothing is sent until the first call:
// HTTP channels open lazily, as WCF's do. A binding with Windows security
// needs the credentials of a proxy (ProxyOptions.Windows): dial it through
// a ServiceProxy.
func (b *HTTPBinding) DialChannel(ctx context.Context, address string) (ClientChannel, error) {
	return b.dialChannelWith(ctx, address, dialOptions{})
}

// dialChannelWith implements credentialDialer.
func (b *HTTPBinding) dialChannelWith(ctx context.Context, address string, o dialOptions) (ClientChannel, error) {
	if err := b.validate(); err != nil {
		return nil, err
	}
	u, err := b.parseAddress(address)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var auth *windowsauth.HTTPTransport
	if b.Security.Credential == CredentialWindows {
		if auth, err = b.windowsTransport(u, o); err != nil {
			return nil, err
		}
	}
	return newHTTPClientChannel(b, u, auth), nil
}

// Listen implements Binding. The listener binds its socket in Start.
func (b *HTTPBinding) Listen(address string, opts ListenOptions) (ChannelListener, error) {
	if err := b.validate(); err != nil {
		return nil, err
	}
	u, err := b.parseAddress(address)
	if err != nil {
		return nil, err
	}
	l := newHTTPListener(b, u, opts)
	if l.auth, err = newHTTPHostAuth(b, opts.Windows, l.serve); err != nil {
		return nil, err
	}
	return l, nil
}

func (b *HTTPBinding) validate() error {
	v := b.MessageVersion()
	switch {
	case v != soap.Soap12WSAddressing10 && v != soap.Soap11:
		return fmt.Errorf("%w: message version %v (want Soap12WSAddressing10 or Soap11)", errHTTPBinding, v)
	case b.MaxReceivedMessageSize < 0:
		return fmt.Errorf("%w: negative MaxReceivedMessageSize", errHTTPBinding)
	}
	return b.validateSecurity()
}

// parseAddress checks that address is an absolute URL of the binding's scheme.
func (b *HTTPBinding) parseAddress(address string) (*url.URL, error) {
	u, err := url.Parse(address)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return nil, fmt.Errorf("%w: %q", ErrInvalidEndpointURL, address)
	}
	if !strings.EqualFold(u.Scheme, b.Scheme()) {
		return nil, fmt.Errorf("%w: %q is not an %s address", ErrInvalidEndpointURL, address, b.Scheme())
	}
	if u.Path == "" {
		u.Path = "/"
	}
	return u, nil
}

func (b *HTTPBinding) maxReceived() int64 {
	if b.MaxReceivedMessageSize == 0 {
		return soap.DefaultMaxReceivedMessageSize
	}
	return b.MaxReceivedMessageSize
}

func (b *HTTPBinding) maxConnections() int {
	if b.MaxConnections <= 0 {
		return defaultHTTPMaxConnections
	}
	return b.MaxConnections
}

// durationOr returns d, or def when d is not positive.
func durationOr(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}
