package servicemodel

// The host side of the HTTP binding: a ChannelListener whose channels are
// single HTTP requests (WCF's HttpChannelListener with a reply channel).
// Start joins the shared server of the endpoint's host:port (http_server.go);
// each request that passes the transport checks (http_handler.go) waits
// for an Accept and becomes one ServerChannel yielding one RequestContext.

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"sync"

	"github.com/wwsgo/wws/servicemodel/windowsauth"
	"github.com/wwsgo/wws/soap"
)

// httpListener is the ChannelListener of an HTTPBinding.
type httpListener struct {
	b     *HTTPBinding
	u     *url.URL
	opts  ListenOptions
	enc   soap.Encoding
	pool  sync.Pool // soap.Encoder
	slots chan struct{}
	auth  *windowsauth.HTTPHost // Windows authentication; nil: none (http_security.go)

	accept chan *httpServerChannel // handlers offer channels here
	ctx    context.Context         // cancelled by Close and Abort
	cancel context.CancelCauseFunc

	mu       sync.Mutex // guards following
	state    listenerState
	srv      *httpServer
	addr     net.Addr
	contract *Contract    // published for GET ?wsdl (http_metadata.go)
	describe MetadataFunc // nil: no metadata queries
	metadata metadataCache
	channels map[*httpServerChannel]struct{}
}

type listenerState uint8

const (
	listenerCreated listenerState = iota
	listenerStarted
	listenerClosed
)

func newHTTPListener(b *HTTPBinding, u *url.URL, opts ListenOptions) *httpListener {
	max := opts.MaxChannels
	if max <= 0 {
		max = b.maxConnections()
	}
	ctx, cancel := context.WithCancelCause(context.Background())
	l := &httpListener{b: b, u: u, opts: opts, enc: b.MessageEncoding(), slots: make(chan struct{}, max),
		accept: make(chan *httpServerChannel), ctx: ctx, cancel: cancel,
		channels: map[*httpServerChannel]struct{}{}}
	l.pool.New = func() any { return l.enc.NewEncoder() }
	return l
}

// Start implements ChannelListener: it joins (or starts) the server of the
// address's host:port.
func (l *httpListener) Start() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.state != listenerCreated {
		return fmt.Errorf("%w: listener already started or closed", ErrInvalidOperation)
	}
	ports := l.opts.ports
	if ports == nil {
		ports = newPortTable() // a listener outside a host shares nothing
	}
	srv, err := ports.joinHTTP(l)
	if err != nil {
		return err
	}
	l.srv, l.addr, l.state = srv, srv.ln.Addr(), listenerStarted
	return nil
}

// Accept implements ChannelListener: the next request, as a channel.
func (l *httpListener) Accept(ctx context.Context) (ServerChannel, error) {
	select {
	case ch := <-l.accept:
		return ch, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-l.ctx.Done():
		return nil, fmt.Errorf("%w: listener closed", ErrAborted)
	}
}

// Close implements ChannelListener: the path stops taking requests;
// channels already accepted carry on.
func (l *httpListener) Close() error {
	l.stop(false)
	return nil
}

// Abort implements ChannelListener: Close, and every channel the listener
// produced is aborted (its connection dropped).
func (l *httpListener) Abort() {
	for _, ch := range l.stop(true) {
		ch.Abort()
	}
}

// stop leaves the server once and returns the live channels.
func (l *httpListener) stop(abort bool) []*httpServerChannel {
	l.mu.Lock()
	srv, was := l.srv, l.state
	l.state = listenerClosed
	live := make([]*httpServerChannel, 0, len(l.channels))
	for ch := range l.channels {
		live = append(live, ch)
	}
	l.mu.Unlock()
	l.cancel(ErrAborted)
	if was == listenerStarted {
		srv.leave(l.u.Path, l, abort)
	}
	return live
}

// Addr implements ChannelListener: the bound address after Start.
func (l *httpListener) Addr() net.Addr {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.addr
}

// URL returns the endpoint address with the bound port (useful with port 0).
func (l *httpListener) URL() string {
	u := *l.u
	if a, ok := l.Addr().(*net.TCPAddr); ok {
		u.Host = net.JoinHostPort(u.Hostname(), fmt.Sprint(a.Port))
	}
	return u.String()
}

// track adds or removes a live channel.
func (l *httpListener) track(ch *httpServerChannel, live bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if live {
		l.channels[ch] = struct{}{}
	} else {
		delete(l.channels, ch)
	}
}
