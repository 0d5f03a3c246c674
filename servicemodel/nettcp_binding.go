package servicemodel

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"net/url"
	"time"

	"github.com/wwsgo/wws/nettcp"
	"github.com/wwsgo/wws/soap"
)

// NetTCPBinding is WCF's NetTcpBinding: SecurityMode.None, or Transport
// security with Windows credentials (the application/negotiate upgrade,
// [MS-NNS]: WCF's default) or over TLS (application/ssl-tls); see
// Security. SOAP 1.2 + WS-Addressing 1.0 over the .NET Message Framing duplex session,
// binary encoding with session string tables by default. Zero fields take
// WCF's defaults (NetTcpBinding, and TransportDefaults in
// System.ServiceModel/System/ServiceModel/Channels/TransportDefaults.cs).
type NetTCPBinding struct {
	// Encoding overrides the message encoding (msbin1 or SOAP 1.2 text);
	// nil is application/soap+msbinsession1, NetTcpBinding's default.
	Encoding soap.Encoding
	// MaxReceivedMessageSize bounds a received message (65536).
	MaxReceivedMessageSize int64
	// ReaderQuotas bound what a message may contain.
	ReaderQuotas soap.ReaderQuotas
	// MaxSessionSize bounds each direction's session string table (2048).
	MaxSessionSize int

	// Security is the binding's security, WCF's NetTcpSecurity. The zero
	// value is none; note that WCF's NetTcpBinding defaults to Transport
	// with Windows credentials at EncryptAndSign, so a client of a
	// default WCF service sets
	//
	//	Security{Mode: SecurityModeTransport, Credential: CredentialWindows}
	//
	// and a ServiceProxy's ProxyOptions.Windows (a host's
	// HostOptions.Windows). Mode Transport with Credential Certificate or
	// None is TLS, configured by the TLS field (nil TLS: a client verifies
	// against the system roots; a host needs TLS with Certificates).
	// Mode None with TLS set is TLS too, as before Security existed.
	// Windows credentials with TLS set, and TransportCredentialOnly (an
	// HTTP mode), are ErrNotSupported.
	Security Security

	// TLS configures TLS transport security (see Security). A client
	// verifies the server with it (RootCAs nil: system roots; ServerName
	// defaults to the address host); a host presents its Certificates and
	// may ask for client certificates (ClientAuth; Credential Certificate
	// requires it: tls.RequireAndVerifyClientCert with ClientCAs).
	TLS *tls.Config

	OpenTimeout                  time.Duration // client: connect and preamble; host: longest wait of a session for admission (1 min)
	SendTimeout                  time.Duration // one message write (1 min)
	ReceiveTimeout               time.Duration // idle session (10 min)
	CloseTimeout                 time.Duration // End handshake (1 min)
	ChannelInitializationTimeout time.Duration // host: accept to complete preamble (30 s)
	// MaxConnections is, on a host, WCF's NetTcpBinding.MaxConnections:
	// the transport's MaxPendingConnections, the connections accepted and
	// not yet handed to the service (preamble under way, or waiting for a
	// session slot); at the bound the listener stops accepting and clients
	// wait in the kernel's backlog. 0 takes HostOptions.MaxPendingConnections,
	// else 12 × CPUs. It is a setting of the port: endpoints sharing one
	// must agree on it, as on ChannelInitializationTimeout.
	MaxConnections int

	// Pool keeps idle connections for reuse after a clean End (WCF's
	// connection pool: 2 min idle, 5 min lease, 10 per endpoint). Nil:
	// connections are not pooled.
	Pool *nettcp.Pool

	// DialContext opens the TCP connection of a client channel (nil: the
	// standard dialer). A hook for tracing, proxies and tests.
	DialContext func(ctx context.Context, network, addr string) (net.Conn, error)

	// ProxyProtocol, when set, makes a host's listener read a PROXY
	// protocol header (v1 or v2) before each connection's preamble: the
	// connection's remote address is then the balancer's client.
	// Endpoints sharing a port must agree on it (Open fails otherwise,
	// naming both). Nil: off.
	ProxyProtocol *ProxyProtocol
}

// NewNetTCPBinding returns a NetTCPBinding with WCF's defaults and no
// security, what NetTcpBinding(SecurityMode.None) is on the other side.
func NewNetTCPBinding() *NetTCPBinding { return &NetTCPBinding{} }

// Scheme implements Binding.
func (b *NetTCPBinding) Scheme() string { return "net.tcp" }

// MessageVersion implements Binding.
func (b *NetTCPBinding) MessageVersion() soap.MessageVersion { return b.encoding().MessageVersion() }

func (b *NetTCPBinding) encoding() soap.Encoding {
	if b.Encoding != nil {
		return b.Encoding
	}
	return soap.NewBinaryEncoding(true, soap.EncodingOptions{MaxReceivedMessageSize: b.MaxReceivedMessageSize,
		Quotas: b.ReaderQuotas, MaxSessionSize: b.MaxSessionSize})
}

func (b *NetTCPBinding) maxMessage() int64 {
	if b.MaxReceivedMessageSize > 0 {
		return b.MaxReceivedMessageSize
	}
	return soap.DefaultMaxReceivedMessageSize
}

// DialChannel implements Binding: it opens one framing session to address.
// With Windows security it authenticates as the default credential
// cache's principal; a ServiceProxy passes its ProxyOptions.Windows
// and Identity instead.
func (b *NetTCPBinding) DialChannel(ctx context.Context, address string) (ClientChannel, error) {
	return b.dialChannelWith(ctx, address, dialOptions{})
}

// dialChannelWith implements credentialDialer.
func (b *NetTCPBinding) dialChannelWith(ctx context.Context, address string, o dialOptions) (ClientChannel, error) {
	enc := b.encoding()
	cfg := &nettcp.ClientConfig{ContentType: enc.ContentType(), Pool: b.Pool, OpenTimeout: b.OpenTimeout,
		SendTimeout: b.SendTimeout, ReceiveTimeout: b.ReceiveTimeout, CloseTimeout: b.CloseTimeout,
		MaxMessageSize: b.maxMessage(), DialContext: b.DialContext}
	up, err := b.clientUpgrader(address, o)
	if err != nil {
		return nil, err
	}
	if up != nil {
		cfg.Upgrader = up
	}
	s, err := nettcp.Dial(ctx, address, cfg)
	if err != nil {
		return nil, err
	}
	return newDuplexClient(s, enc.NewEncoder()), nil
}

// Listen implements Binding. Endpoints on the same host:port share one
// listening socket, told apart by the Via path.
func (b *NetTCPBinding) Listen(address string, opts ListenOptions) (ChannelListener, error) {
	u, err := url.Parse(address)
	if err != nil || u.Scheme != "net.tcp" || u.Host == "" {
		return nil, fmt.Errorf("%w: %q is not a net.tcp address", ErrInvalidEndpointURL, address)
	}
	host := u.Host
	if u.Port() == "" {
		host = net.JoinHostPort(u.Hostname(), fmt.Sprint(nettcp.DefaultPort))
	}
	path := u.Path
	if path == "" {
		path = "/"
	}
	l := &tcpEndpointListener{binding: b, hostport: host, path: path, alias: viaAlias(path, opts.PublicAddress), opts: opts}
	l.stop, l.cancel = context.WithCancel(context.Background())
	return l, nil
}
