// The ChannelListener of a net.tcp endpoint, and the listening sockets the
// endpoints of one host share on a host:port (host_ports.go).

package servicemodel

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net"
	"sync"

	"github.com/wwsgo/wws/nettcp"
)

// tcpEndpointListener is the ChannelListener of one net.tcp endpoint.
type tcpEndpointListener struct {
	binding  *NetTCPBinding
	hostport string
	path     string
	alias    string // the public address's path, routed here too; "" for none
	opts     ListenOptions
	windows  bool            // Windows security: sessions know their caller
	stop     context.Context // cancelled by Close
	cancel   context.CancelFunc
	stopOnce sync.Once

	mu       sync.Mutex
	port     *tcpPort
	channels map[*duplexServer]struct{}
	addr     net.Addr
}

// listenerConfig is the configuration of the socket the endpoint listens
// on: what endpoints sharing a port must agree on.
func (l *tcpEndpointListener) listenerConfig() nettcp.ListenerConfig {
	b := l.binding
	return nettcp.ListenerConfig{
		MaxPendingConnections:        orDefault(orDefault(b.MaxConnections, l.opts.MaxPendingConnections), nettcp.DefaultMaxPendingConnections()),
		ChannelInitializationTimeout: durationOr(b.ChannelInitializationTimeout, nettcp.DefaultChannelInitializationTimeout),
	}
}

// Start implements ChannelListener.
func (l *tcpEndpointListener) Start() error {
	b := l.binding
	ep := nettcp.EndpointConfig{Mode: nettcp.ModeDuplex, ContentTypes: []string{b.encoding().ContentType()},
		MaxMessageSize: b.maxMessage(), SendTimeout: b.SendTimeout, ReceiveTimeout: b.ReceiveTimeout,
		CloseTimeout: b.CloseTimeout, QueueTimeout: b.OpenTimeout}
	ports := l.opts.ports
	if ports == nil {
		ports = newPortTable() // a listener outside a host shares nothing
	}
	up, err := b.serverUpgrader(l.opts.endpoint, l.opts.Windows, ports.log)
	if err != nil {
		return err
	}
	if up != nil {
		ep.Upgrader = up
	}
	if sec, _ := b.security(); sec == tcpSecurityWindows {
		l.windows = true
	}
	if l.alias != "" {
		ep.Aliases = []string{l.alias}
	}
	p, err := ports.joinTCP(l, ep)
	if err != nil {
		return err
	}
	l.mu.Lock()
	l.port, l.addr = p, p.ln.Addr()
	l.mu.Unlock()
	return nil
}

// Accept implements ChannelListener. The session is not acknowledged yet:
// the host opens it (openSession) once its throttle admits it.
func (l *tcpEndpointListener) Accept(ctx context.Context) (ServerChannel, error) {
	l.mu.Lock()
	p := l.port
	l.mu.Unlock()
	if p == nil {
		return nil, ErrListenerClosed
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	defer context.AfterFunc(l.stop, cancel)()
	s, err := p.ln.AcceptAt(ctx, l.path)
	if err != nil {
		if l.stop.Err() != nil || errors.Is(err, nettcp.ErrListenerClosed) {
			return nil, ErrListenerClosed
		}
		return nil, err
	}
	d := newLazyDuplexServer(s, l.binding.encoding().NewEncoder)
	if l.windows {
		d.caller = sessionCaller(s)
	}
	l.mu.Lock()
	if l.channels == nil {
		l.channels = make(map[*duplexServer]struct{})
	}
	l.channels[d] = struct{}{}
	l.mu.Unlock()
	forget := func() {
		l.mu.Lock()
		delete(l.channels, d)
		l.mu.Unlock()
	}
	if d.afterDone(forget) == nil {
		go func() { <-d.Done(); forget() }()
	}
	return d, nil
}

// Close implements ChannelListener: no new sessions; accepted ones go on.
func (l *tcpEndpointListener) Close() error {
	l.stopOnce.Do(func() {
		l.cancel()
		l.mu.Lock()
		p := l.port
		l.port = nil
		l.mu.Unlock()
		if p != nil {
			p.leave(l)
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

// tcpPort is one listening socket serving the net.tcp endpoints of a host
// on a host:port, told apart by the Via path.
type tcpPort struct {
	key string
	ln  *nettcp.Listener
	cfg nettcp.ListenerConfig
	pp  *ProxyProtocol // the PROXY protocol its connections start with; nil: none
	// binding is the opening endpoint's: the others must agree on its
	// transport security (securityDiff), stricter than WCF, which routes
	// the upgrade by Via, so that one port has one security policy.
	binding *NetTCPBinding
	owner   string // the address of the endpoint that opened it, for conflicts
	table   *portTable

	// guarded by table.mu
	endpoints map[string]*tcpEndpointListener
}

// joinTCP registers l on the socket of its host:port, opening it for the
// first endpoint. An endpoint whose listener settings differ from those of
// the endpoint that opened the socket is an error naming both (WCF's
// ConnectionOrientedTransportManager.IsCompatible); the PROXY protocol is
// one of them, since it is read from every connection of the socket, and
// so is the transport security.
func (t *portTable) joinTCP(l *tcpEndpointListener, ep nettcp.EndpointConfig) (*tcpPort, error) {
	cfg, pp := l.listenerConfig(), l.binding.ProxyProtocol
	t.mu.Lock()
	defer t.mu.Unlock()
	p := t.tcp[l.hostport]
	if p == nil {
		raw, err := pp.listen(l.hostport, cfg.ChannelInitializationTimeout)
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrAddressInUse, err)
		}
		ln := nettcp.NewListener(raw, &cfg)
		p = &tcpPort{key: l.hostport, ln: ln, cfg: cfg, pp: pp, binding: l.binding, owner: l.opts.endpoint, table: t,
			endpoints: map[string]*tcpEndpointListener{}}
		t.opened = append(t.opened, ln)
		if _, port, _ := net.SplitHostPort(l.hostport); port == "0" {
			p.key = ln.Addr().String() // a later endpoint may name the bound port
		}
		t.tcp[p.key] = p
	} else if diff := cmp.Or(tcpConfigDiff(p.cfg, cfg), proxyProtocolDiff(p.pp, pp), securityDiff(p.binding, l.binding)); diff != "" {
		return nil, fmt.Errorf("%w: endpoints %s and %s share %s with different listener settings (%s)",
			ErrAddressInUse, p.owner, l.opts.endpoint, l.hostport, diff)
	}
	for _, path := range l.paths() {
		if _, dup := p.endpoints[normalizedPath(path)]; dup {
			return nil, fmt.Errorf("%w: an endpoint already listens at %s%s", ErrAddressInUse, p.key, path)
		}
	}
	if err := p.ln.Handle(l.path, ep); err != nil { // at its alias too (ep.Aliases)
		return nil, err
	}
	for _, path := range l.paths() {
		p.endpoints[normalizedPath(path)] = l
	}
	return p, nil
}

// leave removes l; the last endpoint to leave stops the socket. Stop, not
// Close: sessions already accepted carry on (a host's graceful Close waits
// for them); the endpoints abort their own channels when aborted.
func (p *tcpPort) leave(l *tcpEndpointListener) {
	t := p.table
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, path := range l.paths() {
		if p.endpoints[normalizedPath(path)] == l {
			delete(p.endpoints, normalizedPath(path))
		}
	}
	if len(p.endpoints) > 0 {
		return
	}
	if t.tcp[p.key] == p {
		delete(t.tcp, p.key)
	}
	_ = p.ln.Stop()
}

// tcpConfigDiff names the first listener setting on which a and b differ.
func tcpConfigDiff(a, b nettcp.ListenerConfig) string {
	switch {
	case a.MaxPendingConnections != b.MaxPendingConnections:
		return fmt.Sprintf("MaxConnections %d and %d", a.MaxPendingConnections, b.MaxPendingConnections)
	case a.ChannelInitializationTimeout != b.ChannelInitializationTimeout:
		return fmt.Sprintf("ChannelInitializationTimeout %v and %v", a.ChannelInitializationTimeout, b.ChannelInitializationTimeout)
	}
	return ""
}
