package nettcp

import (
	"context"
	"errors"
	"net"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Listener is the server side of [MC-NMF] (3.3): it accepts TCP
// connections, reads and answers preambles for the endpoints registered with
// Handle (several endpoints share one port, routed by the Via's path), and
// hands out the sessions of all endpoints through one Accept; route them
// with Session.Endpoint or Session.Via. After a session's End exchange the
// connection loops back to read a new preamble.
type Listener struct {
	ln     net.Listener
	cfg    ListenerConfig
	ctx    context.Context // cancelled by Close
	cancel context.CancelFunc

	sessions chan *Session
	done     chan struct{}
	once     sync.Once
	stopping chan struct{} // closed by Stop (and by Close)
	stopOnce sync.Once
	wg       sync.WaitGroup

	mu        sync.Mutex // mu guards following
	endpoints map[string]*endpoint
	conns     map[net.Conn]struct{}
	closed    bool
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
		endpoints: map[string]*endpoint{}, conns: map[net.Conn]struct{}{},
	}
	l.wg.Add(1)
	go l.acceptLoop()
	return l
}

// Addr returns the listening address.
func (l *Listener) Addr() net.Addr { return l.ln.Addr() }

// Handle registers an endpoint at a Via path such as "/calc". Paths match
// case-insensitively, ignoring a trailing slash; a Via below a registered
// path (e.g. /calc/x for /calc) goes to the longest registered prefix.
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
	l.mu.Lock()
	defer l.mu.Unlock()
	l.endpoints[key] = &endpoint{path: path, cfg: ep}
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

// Accept returns the next session of any endpoint.
func (l *Listener) Accept(ctx context.Context) (*Session, error) {
	select {
	case s := <-l.sessions:
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
		for c := range l.conns {
			_ = c.Close()
		}
		l.mu.Unlock()
	})
	l.wg.Wait()
	return err
}

// acceptLoop accepts connections until the listener closes.
func (l *Listener) acceptLoop() {
	defer l.wg.Done()
	var backoff time.Duration
	for {
		c, err := l.ln.Accept()
		if err != nil {
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

// admit starts serving c, or refuses it with ServerTooBusy over the
// connection limit.
func (l *Listener) admit(c net.Conn) {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		_ = c.Close()
		return
	}
	busy := len(l.conns) >= l.cfg.MaxConnections
	l.conns[c] = struct{}{}
	l.mu.Unlock()
	l.wg.Add(1)
	go func() {
		defer l.wg.Done()
		defer l.forget(c)
		if busy {
			l.refuse(newServerConn(c), FaultServerTooBusy)
			return
		}
		l.serve(c)
	}()
}

func (l *Listener) forget(c net.Conn) {
	_ = c.Close()
	l.mu.Lock()
	delete(l.conns, c)
	l.mu.Unlock()
}
