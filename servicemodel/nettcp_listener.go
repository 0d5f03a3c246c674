// The ChannelListener of a net.tcp endpoint, and the listening sockets
// endpoints on one host:port share.

package servicemodel

import (
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
	sh, err := acquireShared(l.hostport, cfg, b.ProxyProtocol)
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

func acquireShared(hostport string, cfg *nettcp.ListenerConfig, pp *ProxyProtocol) (*sharedTCP, error) {
	sharedMu.Lock()
	defer sharedMu.Unlock()
	if sh := sharedTCPs[hostport]; sh != nil {
		sh.refs++
		return sh, nil
	}
	raw, err := pp.listen(hostport, cfg.ChannelInitializationTimeout)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrAddressInUse, err)
	}
	ln := nettcp.NewListener(raw, cfg)
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
	for _, p := range l.paths() {
		if _, dup := sh.endpoints[p]; dup {
			return fmt.Errorf("%w: an endpoint already listens at %s%s", ErrAddressInUse, sh.key, p)
		}
	}
	for _, p := range l.paths() {
		if err := sh.ln.Handle(p, ep); err != nil {
			return err
		}
		sh.endpoints[p] = l
	}
	return nil
}

func (sh *sharedTCP) remove(l *tcpEndpointListener) {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	for _, p := range l.paths() {
		if sh.endpoints[p] == l {
			delete(sh.endpoints, p)
		}
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
