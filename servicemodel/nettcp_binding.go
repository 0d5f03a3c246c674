package servicemodel

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/url"
	"sync"
	"time"

	"github.com/wwsgo/wws/nettcp"
	"github.com/wwsgo/wws/soap"
)

// NetTCPBinding is WCF's NetTcpBinding with SecurityMode.None, or Transport
// security over TLS (the application/ssl-tls upgrade) when TLS is set:
// SOAP 1.2 + WS-Addressing 1.0 over the .NET Message Framing duplex session,
// binary encoding with session string tables by default. Zero fields take
// WCF's defaults (wire.md §5.3).
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

	// TLS turns on transport security. A client verifies the server with
	// it (RootCAs nil: system roots; ServerName defaults to the address
	// host); a host presents its Certificates and may ask for client
	// certificates (ClientAuth).
	TLS *tls.Config

	OpenTimeout                  time.Duration // client: connect and preamble (1 min)
	SendTimeout                  time.Duration // one message write (1 min)
	ReceiveTimeout               time.Duration // idle session (10 min)
	CloseTimeout                 time.Duration // End handshake (1 min)
	ChannelInitializationTimeout time.Duration // host: accept to complete preamble (30 s)
	MaxConnections               int           // host: open connections per port (12 × CPUs)

	// Pool keeps idle connections for reuse after a clean End (WCF's
	// connection pool: 2 min idle, 5 min lease, 10 per endpoint). Nil:
	// connections are not pooled.
	Pool *nettcp.Pool

	// DialContext opens the TCP connection of a client channel (nil: the
	// standard dialer). A hook for tracing, proxies and tests.
	DialContext func(ctx context.Context, network, addr string) (net.Conn, error)
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
func (b *NetTCPBinding) DialChannel(ctx context.Context, address string) (ClientChannel, error) {
	enc := b.encoding()
	cfg := &nettcp.ClientConfig{ContentType: enc.ContentType(), Pool: b.Pool, OpenTimeout: b.OpenTimeout,
		SendTimeout: b.SendTimeout, ReceiveTimeout: b.ReceiveTimeout, CloseTimeout: b.CloseTimeout,
		MaxMessageSize: b.maxMessage(), DialContext: b.DialContext}
	if b.TLS != nil {
		cfg.Upgrader = &nettcp.TLSUpgrader{Config: b.TLS}
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
	return &tcpEndpointListener{binding: b, hostport: host, path: path,
		queue: make(chan *nettcp.Session, 16), stop: make(chan struct{})}, nil
}

// tcpEndpointListener is the ChannelListener of one net.tcp endpoint.
type tcpEndpointListener struct {
	binding  *NetTCPBinding
	hostport string
	path     string
	queue    chan *nettcp.Session
	stop     chan struct{}
	stopOnce sync.Once

	mu       sync.Mutex
	shared   *sharedTCP
	channels map[*duplexServer]struct{}
	addr     net.Addr
}

// Start implements ChannelListener.
func (l *tcpEndpointListener) Start() error {
	b := l.binding
	cfg := &nettcp.ListenerConfig{MaxConnections: b.MaxConnections,
		ChannelInitializationTimeout: b.ChannelInitializationTimeout, SendTimeout: b.SendTimeout,
		ReceiveTimeout: b.ReceiveTimeout, CloseTimeout: b.CloseTimeout, MaxMessageSize: b.maxMessage()}
	ep := nettcp.EndpointConfig{Mode: nettcp.ModeDuplex, ContentTypes: []string{b.encoding().ContentType()},
		MaxMessageSize: b.maxMessage()}
	if b.TLS != nil {
		ep.Upgrader = &nettcp.TLSUpgrader{Config: b.TLS}
	}
	sh, err := acquireShared(l.hostport, cfg)
	if err != nil {
		return err
	}
	if err := sh.add(l, ep); err != nil {
		releaseShared(sh)
		return err
	}
	l.mu.Lock()
	l.shared, l.addr = sh, sh.ln.Addr()
	l.mu.Unlock()
	return nil
}

// Accept implements ChannelListener.
func (l *tcpEndpointListener) Accept(ctx context.Context) (ServerChannel, error) {
	select {
	case s := <-l.queue:
		d := newDuplexServer(s, l.binding.encoding().NewEncoder())
		l.mu.Lock()
		if l.channels == nil {
			l.channels = make(map[*duplexServer]struct{})
		}
		l.channels[d] = struct{}{}
		l.mu.Unlock()
		go func() {
			<-d.Done()
			l.mu.Lock()
			delete(l.channels, d)
			l.mu.Unlock()
		}()
		return d, nil
	case <-l.stop:
		return nil, ErrListenerClosed
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// ErrListenerClosed is Accept's error after Close or Abort.
var ErrListenerClosed = errors.New("servicemodel: listener closed")

// Close implements ChannelListener: no new sessions; accepted ones go on.
func (l *tcpEndpointListener) Close() error {
	l.stopOnce.Do(func() {
		close(l.stop)
		l.mu.Lock()
		sh := l.shared
		l.shared = nil
		l.mu.Unlock()
		if sh != nil {
			sh.remove(l)
			releaseShared(sh)
		}
		for {
			select {
			case s := <-l.queue:
				s.Abort()
			default:
				return
			}
		}
	})
	return nil
}

// Abort implements ChannelListener: Close, and abort every channel.
func (l *tcpEndpointListener) Abort() {
	_ = l.Close()
	l.mu.Lock()
	chans := make([]*duplexServer, 0, len(l.channels))
	for d := range l.channels {
		chans = append(chans, d)
	}
	l.mu.Unlock()
	for _, d := range chans {
		d.Abort()
	}
}

// Addr implements ChannelListener.
func (l *tcpEndpointListener) Addr() net.Addr {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.addr
}

// sharedTCP is one listening socket serving every endpoint on a host:port.
type sharedTCP struct {
	key  string
	ln   *nettcp.Listener
	refs int // guarded by sharedMu

	mu        sync.Mutex
	endpoints map[string]*tcpEndpointListener
}

var (
	sharedMu   sync.Mutex
	sharedTCPs = map[string]*sharedTCP{}
)

func acquireShared(hostport string, cfg *nettcp.ListenerConfig) (*sharedTCP, error) {
	sharedMu.Lock()
	defer sharedMu.Unlock()
	if sh := sharedTCPs[hostport]; sh != nil {
		sh.refs++
		return sh, nil
	}
	ln, err := nettcp.Listen("tcp", hostport, cfg)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrAddressInUse, err)
	}
	sh := &sharedTCP{key: hostport, ln: ln, refs: 1, endpoints: map[string]*tcpEndpointListener{}}
	sharedTCPs[hostport] = sh
	go sh.route()
	return sh, nil
}

func releaseShared(sh *sharedTCP) {
	sharedMu.Lock()
	defer sharedMu.Unlock()
	sh.refs--
	if sh.refs == 0 {
		delete(sharedTCPs, sh.key)
		// Stop, not Close: sessions already accepted carry on (a host's
		// graceful Close waits for them); the endpoints abort their own
		// channels when they are aborted.
		_ = sh.ln.Stop()
	}
}

func (sh *sharedTCP) add(l *tcpEndpointListener, ep nettcp.EndpointConfig) error {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if _, dup := sh.endpoints[l.path]; dup {
		return fmt.Errorf("%w: an endpoint already listens at %s%s", ErrAddressInUse, sh.key, l.path)
	}
	if err := sh.ln.Handle(l.path, ep); err != nil {
		return err
	}
	sh.endpoints[l.path] = l
	return nil
}

func (sh *sharedTCP) remove(l *tcpEndpointListener) {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if sh.endpoints[l.path] == l {
		delete(sh.endpoints, l.path)
	}
}

// route hands each accepted session to its endpoint's queue. A session for
// an endpoint that has since closed, or whose queue is full, is aborted.
func (sh *sharedTCP) route() {
	for {
		s, err := sh.ln.Accept(context.Background())
		if err != nil {
			return
		}
		sh.mu.Lock()
		l := sh.endpoints[s.Endpoint()]
		sh.mu.Unlock()
		if l == nil {
			s.Abort()
			continue
		}
		select {
		case l.queue <- s:
		default:
			s.Abort()
		}
	}
}
