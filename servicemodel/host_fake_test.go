package servicemodel_test

// An in-memory Binding, ChannelListener and ServerChannel for the host
// tests: messages cross as text-encoded bytes, so the host reads them as it
// would from a wire; the test plays the client with fakeClient.

import (
	"context"
	"errors"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/wwsgo/wws/servicemodel"
	"github.com/wwsgo/wws/soap"
)

var (
	errFakeAborted = errors.New("fake: aborted")
	errFakeFault   = errors.New("fake: transport fault")
)

// fakeBinding makes fakeListeners; listenErr and startErr fail them.
type fakeBinding struct {
	version   soap.MessageVersion
	session   bool
	listenErr error
	startErr  error
	gate      chan struct{} // when set, Listen waits for it to close

	mu        sync.Mutex
	listeners []*fakeListener
}

func newFakeBinding() *fakeBinding {
	return &fakeBinding{version: soap.Soap12WSAddressing10, session: true}
}

func (b *fakeBinding) Scheme() string                      { return "net.tcp" }
func (b *fakeBinding) MessageVersion() soap.MessageVersion { return b.version }
func (b *fakeBinding) SessionReplies() bool                { return b.session }

func (b *fakeBinding) DialChannel(context.Context, string) (servicemodel.ClientChannel, error) {
	return nil, errors.New("fake: no client side")
}

func (b *fakeBinding) Listen(address string, opts servicemodel.ListenOptions) (servicemodel.ChannelListener, error) {
	if b.gate != nil {
		<-b.gate
	}
	if b.listenErr != nil {
		return nil, b.listenErr
	}
	l := &fakeListener{b: b, address: address, opts: opts, incoming: make(chan *fakeServerChannel),
		closed: make(chan struct{})}
	b.mu.Lock()
	b.listeners = append(b.listeners, l)
	b.mu.Unlock()
	return l, nil
}

// listener returns the latest listener made.
func (b *fakeBinding) listener(t testing.TB) *fakeListener {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.listeners) == 0 {
		t.Fatal("no listener")
	}
	return b.listeners[len(b.listeners)-1]
}

// made returns the number of listeners made.
func (b *fakeBinding) made() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.listeners)
}

// fakeListener hands channels made by connect to Accept.
type fakeListener struct {
	b        *fakeBinding
	address  string
	opts     servicemodel.ListenOptions
	incoming chan *fakeServerChannel
	closed   chan struct{}

	mu      sync.Mutex
	started bool
	isShut  bool
	aborted bool
	chans   []*fakeServerChannel
}

func (l *fakeListener) Start() error {
	if l.b.startErr != nil {
		return l.b.startErr
	}
	l.mu.Lock()
	l.started = true
	l.mu.Unlock()
	return nil
}

func (l *fakeListener) Accept(ctx context.Context) (servicemodel.ServerChannel, error) {
	select {
	case ch := <-l.incoming:
		l.mu.Lock()
		l.chans = append(l.chans, ch)
		l.mu.Unlock()
		return ch, nil
	case <-l.closed:
		return nil, net.ErrClosed
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (l *fakeListener) shut() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.isShut {
		l.isShut = true
		close(l.closed)
	}
}

func (l *fakeListener) Close() error { l.shut(); return nil }

func (l *fakeListener) Abort() {
	l.shut()
	l.mu.Lock()
	l.aborted = true
	chans := l.chans
	l.mu.Unlock()
	for _, ch := range chans {
		ch.Abort()
	}
}

func (l *fakeListener) Addr() net.Addr { return fakeAddr(l.address) }

func (l *fakeListener) state() (started, shut, aborted bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.started, l.isShut, l.aborted
}

type fakeAddr string

func (a fakeAddr) Network() string { return "fake" }
func (a fakeAddr) String() string  { return string(a) }

// connect offers a new channel to Accept and returns its client end; it
// fails the test if the host does not accept it within a second.
func (l *fakeListener) connect(t testing.TB) *fakeClient {
	t.Helper()
	c, ok := l.tryConnect(time.Second)
	if !ok {
		t.Fatal("channel not accepted")
	}
	return c
}

// tryConnect offers a channel for up to d.
func (l *fakeListener) tryConnect(d time.Duration) (*fakeClient, bool) {
	ch := &fakeServerChannel{in: make(chan []byte, 64), out: make(chan fakeReply, 64),
		done: make(chan struct{}), version: l.b.version}
	select {
	case l.incoming <- ch:
		return &fakeClient{ch: ch, to: l.address}, true
	case <-time.After(d):
		return nil, false
	}
}

// fakeServerChannel is the host's end of one session.
type fakeServerChannel struct {
	in      chan []byte // requests; closed by the client's close
	out     chan fakeReply
	version soap.MessageVersion

	mu     sync.Mutex
	done   chan struct{}
	ended  bool
	err    error
	closes int
}

// fakeReply is what the host answered: a reply or a NoReply.
type fakeReply struct {
	msg     []byte
	noReply bool
}

func (c *fakeServerChannel) Receive(ctx context.Context) (servicemodel.RequestContext, error) {
	select {
	case b, ok := <-c.in:
		if !ok {
			return nil, io.EOF
		}
		m, err := soap.NewTextEncoding(c.version, soap.EncodingOptions{}).NewEncoder().ReadMessage(b)
		if err != nil {
			return nil, err
		}
		return &fakeRequest{ch: c, msg: m}, nil
	case <-c.done:
		return nil, c.Err()
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// end closes done with err unless the channel already ended.
func (c *fakeServerChannel) end(err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.ended {
		c.ended, c.err = true, err
		close(c.done)
	}
}

func (c *fakeServerChannel) Close(context.Context) error {
	c.mu.Lock()
	c.closes++
	c.mu.Unlock()
	c.end(nil)
	return nil
}

func (c *fakeServerChannel) Abort()                { c.end(errFakeAborted) }
func (c *fakeServerChannel) Done() <-chan struct{} { return c.done }
func (c *fakeServerChannel) RemoteAddr() net.Addr  { return fakeAddr("client") }

func (c *fakeServerChannel) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

// fakeRequest is one received message.
type fakeRequest struct {
	ch  *fakeServerChannel
	msg *soap.Message
}

func (r *fakeRequest) Message() *soap.Message { return r.msg }

func (r *fakeRequest) Reply(ctx context.Context, m *soap.Message) error {
	b, err := soap.NewTextEncoding(r.ch.version, soap.EncodingOptions{}).NewEncoder().WriteMessage(nil, m)
	if err != nil {
		return err
	}
	return r.put(ctx, fakeReply{msg: b})
}

func (r *fakeRequest) NoReply(ctx context.Context) error { return r.put(ctx, fakeReply{noReply: true}) }

func (r *fakeRequest) put(ctx context.Context, x fakeReply) error {
	select {
	case r.ch.out <- x:
		return nil
	case <-r.ch.done:
		return r.ch.Err()
	case <-ctx.Done():
		return ctx.Err()
	}
}

// fakeClient is the test's end of a session.
type fakeClient struct {
	ch *fakeServerChannel
	to string
}

// request builds a request for action with body, addressed like WCF's.
func (c *fakeClient) request(action string, body any) *soap.Message {
	m := soap.NewMessage(c.ch.version, action, body)
	if c.ch.version.Addressing != soap.AddressingNone {
		m.MessageID = soap.NewMessageID()
		m.ReplyTo = &soap.EndpointReference{Address: c.ch.version.Addressing.Anonymous()}
		m.To = c.to
	}
	return m
}

// send encodes m and hands it to the host.
func (c *fakeClient) send(t *testing.T, m *soap.Message) {
	t.Helper()
	b, err := soap.NewTextEncoding(c.ch.version, soap.EncodingOptions{}).NewEncoder().WriteMessage(nil, m)
	if err != nil {
		t.Fatalf("encode request: %v", err)
	}
	c.ch.in <- b
}

// recv waits for the host's answer to one message: the decoded reply, or
// nil for a NoReply.
func (c *fakeClient) recv(t *testing.T) *soap.Message {
	t.Helper()
	select {
	case r := <-c.ch.out:
		if r.noReply {
			return nil
		}
		m, err := soap.NewTextEncoding(c.ch.version, soap.EncodingOptions{}).NewEncoder().ReadMessage(r.msg)
		if err != nil {
			t.Fatalf("decode reply: %v", err)
		}
		return m
	case <-time.After(5 * time.Second):
		t.Fatal("no answer from the host")
		return nil
	}
}

// call sends a request and returns its answer.
func (c *fakeClient) call(t *testing.T, action string, body any) *soap.Message {
	t.Helper()
	req := c.request(action, body)
	c.send(t, req)
	return c.recv(t)
}

// close ends the session cleanly (the host's Receive sees io.EOF).
func (c *fakeClient) close() { close(c.ch.in) }

// fault makes the channel fail as a broken transport would.
func (c *fakeClient) fault() { c.ch.end(errFakeFault) }

// waitEnded waits until the host closed or aborted the channel.
func (c *fakeClient) waitEnded(t *testing.T) error {
	t.Helper()
	select {
	case <-c.ch.done:
		return c.ch.Err()
	case <-time.After(5 * time.Second):
		t.Fatal("channel not ended")
		return nil
	}
}
