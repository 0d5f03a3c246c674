package servicemodel

// A fake Binding and ClientChannel for the service proxy's tests: requests
// and replies go through the real text encoder, replies are matched by
// RelatesTo like a session channel's, and the test controls dialing,
// closing and dropping the connection.

import (
	"context"
	"errors"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wwsgo/wws/soap"
	"github.com/wwsgo/wws/soap/infoset"
)

const testAddress = "net.tcp://127.0.0.1:8808/calculator"

// The Calculator contract's messages (interop-contract.md).
type pxAdd struct {
	XMLName struct{} `xml:"http://tempuri.org/ Add"`
	A       int32    `xml:"a"`
	B       int32    `xml:"b"`
}

type pxAddResponse struct {
	XMLName   struct{} `xml:"http://tempuri.org/ AddResponse"`
	AddResult int32
}

// pxDelay with Milliseconds < 0 waits until the fake server's release.
type pxDelay struct {
	XMLName      struct{} `xml:"http://tempuri.org/ Delay"`
	Milliseconds int32    `xml:"milliseconds"`
}

type pxDelayResponse struct {
	XMLName     struct{} `xml:"http://tempuri.org/ DelayResponse"`
	DelayResult int32
}

type pxFail struct {
	XMLName struct{} `xml:"http://tempuri.org/ Fail"`
	Reason  string   `xml:"reason"`
}

type pxFailResponse struct {
	XMLName struct{} `xml:"http://tempuri.org/ FailResponse"`
}

type pxNotify struct {
	XMLName struct{} `xml:"http://tempuri.org/ Notify"`
	Text    string   `xml:"text"`
}

var calculator = MustContract("ICalculator", "",
	Op[pxAdd, pxAddResponse]("Add", nil),
	Op[pxDelay, pxDelayResponse]("Delay", nil),
	Op[pxFail, pxFailResponse]("Fail", nil),
	OneWayOp[pxNotify]("Notify", nil),
	Op[pxAdd, pxAddResponse]("Wrong", nil), // the fake answers it with the wrong reply action
)

const tempuriCalc = "http://tempuri.org/ICalculator/"

// seenRequest is what the fake server saw of a request.
type seenRequest struct {
	Action    string
	To        string
	MessageID string
	ReplyTo   string
	Headers   []string // local names of the other headers
}

// fakeServer answers the Calculator's operations.
type fakeServer struct {
	version soap.MessageVersion
	release chan struct{} // closed to end every waiting Delay(-1)
	arrived chan seenRequest
	// replyHeader, when set, is added to every reply.
	replyHeader *soap.Header

	mu        sync.Mutex
	cancelled int // Delay(-1) handlers whose context ended first
	finished  int // Delay(-1) handlers released normally
}

func newFakeServer(v soap.MessageVersion) *fakeServer {
	return &fakeServer{version: v, release: make(chan struct{}), arrived: make(chan seenRequest, 1024)}
}

func (s *fakeServer) counts() (cancelled, finished int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cancelled, s.finished
}

// waitArrived waits for n requests to reach the server.
func (s *fakeServer) waitArrived(t *testing.T, n int) []seenRequest {
	t.Helper()
	var out []seenRequest
	for range n {
		select {
		case r := <-s.arrived:
			out = append(out, r)
		case <-time.After(10 * time.Second):
			t.Fatalf("%d of %d requests arrived", len(out), n)
		}
	}
	return out
}

func (s *fakeServer) handle(ctx context.Context, req *soap.Message) (*soap.Message, error) {
	seen := seenRequest{Action: req.Action, To: req.To, MessageID: req.MessageID.String()}
	if req.ReplyTo != nil {
		seen.ReplyTo = req.ReplyTo.Address
	}
	for _, h := range req.Headers {
		seen.Headers = append(seen.Headers, h.Name.Local)
	}
	s.arrived <- seen
	var reply *soap.Message
	switch req.Action {
	case tempuriCalc + "Add", tempuriCalc + "Wrong":
		var in pxAdd
		if err := req.DecodeBody(&in); err != nil {
			return nil, err
		}
		action := tempuriCalc + "AddResponse"
		if req.Action == tempuriCalc+"Wrong" {
			action = tempuriCalc + "SomethingElse"
		}
		reply = soap.NewMessage(s.version, action, &pxAddResponse{AddResult: in.A + in.B})
	case tempuriCalc + "Delay":
		var in pxDelay
		if err := req.DecodeBody(&in); err != nil {
			return nil, err
		}
		if err := s.delay(ctx, in.Milliseconds); err != nil {
			return nil, err
		}
		reply = soap.NewMessage(s.version, tempuriCalc+"DelayResponse", &pxDelayResponse{DelayResult: in.Milliseconds})
	case tempuriCalc + "Fail":
		var in pxFail
		if err := req.DecodeBody(&in); err != nil {
			return nil, err
		}
		reply = soap.NewFaultMessage(s.version, soap.SenderFault(in.Reason))
	case tempuriCalc + "Notify":
		return nil, nil
	default:
		reply = soap.NewFaultMessage(s.version, soap.ActionNotSupportedFault(req.Action))
	}
	if s.replyHeader != nil {
		reply.Headers = append(reply.Headers, s.replyHeader)
	}
	return reply, nil
}

func (s *fakeServer) delay(ctx context.Context, ms int32) error {
	if ms >= 0 {
		select {
		case <-time.After(time.Duration(ms) * time.Millisecond):
			return nil
		case <-ctx.Done():
			return context.Cause(ctx)
		}
	}
	select {
	case <-s.release:
		s.mu.Lock()
		s.finished++
		s.mu.Unlock()
		return nil
	case <-ctx.Done():
		s.mu.Lock()
		s.cancelled++
		s.mu.Unlock()
		return context.Cause(ctx)
	}
}

// fakeBinding makes fakeChannels to a fakeServer.
type fakeBinding struct {
	server  *fakeServer
	dialErr error
	// dialGate, when set, holds DialChannel until it is closed.
	dialGate chan struct{}
	// closeGate, when set, holds every channel's Close until it is closed.
	closeGate chan struct{}
	// dialCancelled counts dials whose context ended while held.
	dialCancelled atomic.Int32

	mu    sync.Mutex
	chans []*fakeChannel
}

func newFakeBinding(v soap.MessageVersion) *fakeBinding {
	return &fakeBinding{server: newFakeServer(v)}
}

func (b *fakeBinding) Scheme() string                      { return "net.tcp" }
func (b *fakeBinding) MessageVersion() soap.MessageVersion { return b.server.version }
func (b *fakeBinding) Listen(string, ListenOptions) (ChannelListener, error) {
	return nil, errors.New("fake: no listener")
}

func (b *fakeBinding) DialChannel(ctx context.Context, address string) (ClientChannel, error) {
	if b.dialGate != nil {
		select {
		case <-b.dialGate:
		case <-ctx.Done():
			b.dialCancelled.Add(1)
			return nil, context.Cause(ctx)
		}
	}
	if b.dialErr != nil {
		return nil, b.dialErr
	}
	c := newFakeChannel(b.server, b.closeGate)
	b.mu.Lock()
	b.chans = append(b.chans, c)
	b.mu.Unlock()
	return c, nil
}

// channels returns the channels dialed so far.
func (b *fakeBinding) channels() []*fakeChannel {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]*fakeChannel(nil), b.chans...)
}

// last returns the last channel dialed.
func (b *fakeBinding) last(t *testing.T) *fakeChannel {
	t.Helper()
	cs := b.channels()
	if len(cs) == 0 {
		t.Fatal("no channel was dialed")
	}
	return cs[len(cs)-1]
}

var (
	errFakeAborted = errors.New("fake: channel aborted")
	errFakeClosed  = errors.New("fake: channel closed")
)

// fakeChannel is one session to the fake server.
type fakeChannel struct {
	server    *fakeServer
	closeGate chan struct{}
	life      context.Context
	kill      context.CancelCauseFunc

	requests, sends, closes, aborts atomic.Int32
	graceful                        atomic.Bool
}

func newFakeChannel(s *fakeServer, closeGate chan struct{}) *fakeChannel {
	life, kill := context.WithCancelCause(context.Background())
	return &fakeChannel{server: s, closeGate: closeGate, life: life, kill: kill}
}

// roundTrip writes m with a fresh text encoder and reads it back, as a
// peer receives it; the message refers to the returned buffer. A request
// without addressing keeps its Action, as the SOAPAction HTTP header would
// carry it; a reply does not.
func roundTrip(v soap.MessageVersion, m *soap.Message, request bool) (*soap.Message, []byte, error) {
	enc := soap.NewTextEncoding(v, soap.EncodingOptions{}).NewEncoder()
	b, err := enc.WriteMessage(nil, m)
	if err != nil {
		return nil, nil, err
	}
	out, err := enc.ReadMessage(b)
	if err == nil && request && out.Action == "" {
		out.Action = m.Action
	}
	return out, b, err
}

// scribble overwrites a message buffer that is no longer valid, so a
// reader that kept the message fails.
func scribble(b []byte) {
	for i := range b {
		b[i] = '!'
	}
}

// serve runs the server's handler with a context that also ends when the
// channel dies.
func (c *fakeChannel) serve(ctx context.Context, req *soap.Message) (*soap.Message, *soap.Message, error) {
	if c.life.Err() != nil {
		return nil, nil, c.dead()
	}
	in, _, err := roundTrip(c.server.version, req, true)
	if err != nil {
		return nil, nil, err
	}
	hctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	stop := context.AfterFunc(c.life, func() { cancel(c.dead()) })
	defer stop()
	out, err := c.server.handle(hctx, in)
	if c.life.Err() != nil {
		return nil, nil, c.dead()
	}
	if err != nil && ctx.Err() != nil {
		return nil, nil, ctx.Err()
	}
	return in, out, err
}

// dead is the error of I/O on a dead channel.
func (c *fakeChannel) dead() error {
	if c.graceful.Load() {
		return net.ErrClosed
	}
	return context.Cause(c.life)
}

// Request runs onReply with the reply, then scribbles over the reply's
// buffer, as a channel reusing its buffers would.
func (c *fakeChannel) Request(ctx context.Context, req *soap.Message, onReply func(*soap.Message) error) error {
	c.requests.Add(1)
	in, out, err := c.serve(ctx, req)
	if err != nil {
		return err
	}
	out.RelatesTo = in.MessageID
	reply, buf, err := roundTrip(c.server.version, out, false)
	if err != nil {
		return err
	}
	defer scribble(buf)
	return onReply(reply)
}

func (c *fakeChannel) Send(ctx context.Context, msg *soap.Message) error {
	c.sends.Add(1)
	_, _, err := c.serve(ctx, msg)
	return err
}

func (c *fakeChannel) Close(ctx context.Context) error {
	c.closes.Add(1)
	if c.closeGate != nil {
		select {
		case <-c.closeGate:
		case <-ctx.Done():
			return ctx.Err()
		case <-c.life.Done():
			return c.dead()
		}
	}
	c.graceful.Store(true)
	c.kill(errFakeClosed)
	return nil
}

func (c *fakeChannel) Abort() {
	c.aborts.Add(1)
	c.kill(errFakeAborted)
}

// Drop simulates the connection breaking with err.
func (c *fakeChannel) Drop(err error) { c.kill(err) }

func (c *fakeChannel) Done() <-chan struct{} { return c.life.Done() }

func (c *fakeChannel) Err() error {
	if c.life.Err() == nil || c.graceful.Load() {
		return nil
	}
	return context.Cause(c.life)
}

// testHeader returns a header block <name xmlns="urn:test">value</name>.
func testHeader(name, value string) *soap.Header {
	return &soap.Header{Name: infoset.Name{Local: name, Space: "urn:test"},
		Content: []*infoset.Node{infoset.TextNode(value)}}
}
