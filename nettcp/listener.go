package nettcp

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Listener is the server side of [MC-NMF] (3.3): it accepts TCP
// connections, reads and answers preambles for the endpoints registered with
// Handle (several endpoints share one port, routed by the Via's path), and
// hands out the sessions of all endpoints through Accept, or of one
// endpoint through AcceptAt; route Accept's with Session.Endpoint or
// Session.Via. After a session's End exchange the connection loops back to
// read a new preamble.
//
// It accepts the way WCF's ConnectionAcceptor does: at most
// MaxPendingConnections connections are between accept and the hand-over
// to Accept; at the bound it stops accepting and the kernel's listen
// backlog holds further clients. A client's Dial returns only once its
// session is accepted: the Preamble Ack waits for Accept (or, after
// AcceptAt, for Acknowledge). A serving goroutine exists only for a
// pending connection and for a connection between two sessions; an open
// session costs none of the listener's.
type Listener struct {
	ln     net.Listener
	cfg    ListenerConfig
	ctx    context.Context // cancelled by Close
	cancel context.CancelFunc

	sessions chan *Session
	pending  chan struct{} // a token per pending connection (MaxPendingConnections)
	done     chan struct{}
	once     sync.Once
	stopping chan struct{} // closed by Stop (and by Close)
	stopOnce sync.Once
	wg       sync.WaitGroup

	pendingConns atomic.Int64  // connections holding a pending token
	queued       atomic.Int64  // sessions with a complete preamble waiting for Accept
	refused      atomic.Uint64 // connections answered with a fault record at the preamble
	paused       atomic.Uint64 // times accepting paused at MaxPendingConnections

	mu        sync.Mutex // mu guards following
	endpoints map[string]*endpoint
	conns     map[net.Conn]*Session // the session a connection carries, nil between sessions
	closed    bool
}

// ListenerStats is a snapshot of a Listener's admission counters.
type ListenerStats struct {
	// Pending is the connections accepted and not yet handed to Accept
	// (at most MaxPendingConnections).
	Pending int
	// Queued is the sessions among them whose preamble is complete,
	// waiting for Accept.
	Queued int
	// Refused counts connections answered with a framing fault at the
	// preamble (EndpointNotFound, ContentTypeInvalid, ServerTooBusy after
	// QueueTimeout, …).
	Refused uint64
	// Paused counts the times the listener stopped accepting because
	// MaxPendingConnections connections were pending.
	Paused uint64
}

// Stats returns the listener's admission counters.
func (l *Listener) Stats() ListenerStats {
	return ListenerStats{Pending: int(l.pendingConns.Load()), Queued: int(l.queued.Load()),
		Refused: l.refused.Load(), Paused: l.paused.Load()}
}

// Listen listens on a TCP address and serves framing on it.
func Listen(network, addr string, cfg *ListenerConfig) (*Listener, error) {
	ln, err := net.Listen(network, addr)
	if err != nil {
		return nil, err
	}
	return NewListener(ln, cfg), nil
}

// NewListener serves framing on ln; the Listener owns ln from now on.
func NewListener(ln net.Listener, cfg *ListenerConfig) *Listener {
	ctx, cancel := context.WithCancel(context.Background())
	l := &Listener{
		ln: ln, cfg: cfg.withDefaults(), ctx: ctx, cancel: cancel,
		sessions: make(chan *Session), done: make(chan struct{}), stopping: make(chan struct{}),
		endpoints: map[string]*endpoint{}, conns: map[net.Conn]*Session{},
	}
	l.pending = make(chan struct{}, l.cfg.MaxPendingConnections)
	l.wg.Add(1)
	go l.acceptLoop()
	return l
}

// Addr returns the listening address.
func (l *Listener) Addr() net.Addr { return l.ln.Addr() }

// Handle registers an endpoint at a Via path such as "/calc", and at its
// Aliases. Paths match case-insensitively, ignoring a trailing slash; a
// Via below a registered path (e.g. /calc/x for /calc) goes to the longest
// registered prefix.
func (l *Listener) Handle(path string, ep EndpointConfig) error {
	key := normPath(path)
	if ep.Mode == 0 {
		ep.Mode = ModeDuplex
	}
	if ep.Mode != ModeDuplex && ep.Mode != ModeSingletonUnsized {
		return errors.New("nettcp: endpoint mode must be Duplex or SingletonUnsized")
	}
	if len(ep.ContentTypes) == 0 {
		ep.ContentTypes = []string{ContentTypeBinarySession}
		if ep.Mode == ModeSingletonUnsized {
			ep.ContentTypes = []string{ContentTypeBinary}
		}
	}
	ep.MaxMessageSize = orDefault(ep.MaxMessageSize, l.cfg.MaxMessageSize)
	ep.SendTimeout = orDefault(ep.SendTimeout, l.cfg.SendTimeout)
	ep.ReceiveTimeout = orDefault(ep.ReceiveTimeout, l.cfg.ReceiveTimeout)
	ep.CloseTimeout = orDefault(ep.CloseTimeout, l.cfg.CloseTimeout)
	ep.QueueTimeout = orDefault(ep.QueueTimeout, l.cfg.QueueTimeout)
	e := &endpoint{path: path, cfg: ep, sessions: make(chan *Session)}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.endpoints[key] = e
	for _, a := range ep.Aliases {
		l.endpoints[normPath(a)] = e
	}
	return nil
}

// lookup finds the endpoint for a Via: exact path, then longest prefix.
func (l *Listener) lookup(via string) *endpoint {
	u, err := url.Parse(via)
	if err != nil {
		return nil
	}
	p := normPath(u.Path)
	l.mu.Lock()
	defer l.mu.Unlock()
	for {
		if ep := l.endpoints[p]; ep != nil {
			return ep
		}
		i := strings.LastIndexByte(p, '/')
		if i < 0 {
			return nil
		}
		p = p[:i]
	}
}

func normPath(p string) string {
	return strings.ToLower(strings.TrimRight(p, "/"))
}

// Accept returns the next session of any endpoint, acknowledged: its
// Preamble Ack has been sent.
func (l *Listener) Accept(ctx context.Context) (*Session, error) {
	for {
		select {
		case s := <-l.sessions:
			if s.Acknowledge() != nil {
				continue // the client went away meanwhile
			}
			return s, nil
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-l.stopping:
			return nil, ErrListenerClosed
		}
	}
}

// AcceptAt returns the next session of the endpoint registered at path,
// not yet acknowledged: the client's open completes when the caller calls
// Acknowledge (or the session's first Send, Receive or Close does). This is
// WCF's order, where the service throttle admits a channel before its
// open sends the Preamble Ack; the caller that cannot admit the session
// before Deadline refuses it with Refuse.
func (l *Listener) AcceptAt(ctx context.Context, path string) (*Session, error) {
	l.mu.Lock()
	ep := l.endpoints[normPath(path)]
	l.mu.Unlock()
	if ep == nil {
		return nil, fmt.Errorf("nettcp: no endpoint registered at %q", path)
	}
	select {
	case s := <-ep.sessions:
		return s, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-l.stopping:
		return nil, ErrListenerClosed
	}
}

// Stop stops listening: no new connections, no new sessions (a preamble in
// progress is refused, an idle connection between sessions is closed).
// Sessions Accept already returned carry on until they end, then their
// connections close. It is the graceful half of Close, which also aborts
// every connection.
func (l *Listener) Stop() error {
	var err error
	l.stopOnce.Do(func() {
		close(l.stopping)
		err = l.ln.Close()
	})
	return err
}

func (l *Listener) stopped() bool {
	select {
	case <-l.stopping:
		return true
	default:
		return false
	}
}

// Close stops listening, aborts every connection and session of the
// listener, and waits for its goroutines.
func (l *Listener) Close() error {
	var err error
	l.once.Do(func() {
		err = l.Stop()
		close(l.done)
		l.cancel()
		l.mu.Lock()
		l.closed = true
		var open []*Session
		for c, s := range l.conns {
			_ = c.Close()
			if s != nil {
				open = append(open, s)
			}
		}
		l.mu.Unlock()
		for _, s := range open {
			s.Abort()
		}
	})
	l.wg.Wait()
	return err
}

// acceptLoop accepts connections until the listener closes, while fewer
// than MaxPendingConnections are pending (WCF's ConnectionAcceptor
// IsAcceptNecessary): at the bound it waits for a pending connection to be
// handed over or to end, and the kernel's backlog holds the clients.
func (l *Listener) acceptLoop() {
	defer l.wg.Done()
	var backoff time.Duration
	for {
		select {
		case l.pending <- struct{}{}:
		default:
			l.paused.Add(1)
			select {
			case l.pending <- struct{}{}:
			case <-l.stopping:
				return
			}
		}
		c, err := l.ln.Accept()
		if err != nil {
			<-l.pending
			if l.stopped() {
				return
			}
			backoff = min(max(2*backoff, 5*time.Millisecond), time.Second)
			select {
			case <-time.After(backoff):
			case <-l.done:
				return
			}
			continue
		}
		backoff = 0
		l.admit(c)
	}
}

// admit starts serving c, which holds a pending token.
func (l *Listener) admit(c net.Conn) {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		<-l.pending
		_ = c.Close()
		return
	}
	l.conns[c] = nil
	l.pendingConns.Add(1)
	l.wg.Add(1)
	l.mu.Unlock()
	go func() {
		defer l.wg.Done()
		l.offer(newServerConn(c), time.Now().Add(l.cfg.ChannelInitializationTimeout), true)
	}()
}

// releasePending gives back a pending connection's token.
func (l *Listener) releasePending() {
	l.pendingConns.Add(-1)
	<-l.pending
}

// forget closes c and drops it from the listener.
func (l *Listener) forget(c net.Conn) {
	_ = c.Close()
	l.mu.Lock()
	delete(l.conns, c)
	l.mu.Unlock()
}
