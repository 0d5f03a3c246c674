package servicemodel_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/wwsgo/wws/servicemodel"
	"github.com/wwsgo/wws/servicemodel/calculator"
	"github.com/wwsgo/wws/soap"
	"github.com/wwsgo/wws/soap/infoset"
)

const (
	addAction    = "http://tempuri.org/ICalculator/Add"
	testNS       = "http://tempuri.org/"
	echoAction   = testNS + "ITest/Echo"
	errAction    = testNS + "ITest/Err"
	blockAction  = testNS + "ITest/Block"
	notifyAction = testNS + "ITest/Notify"
	anonymous    = "http://www.w3.org/2005/08/addressing/anonymous"
	secretText   = "secret connection string"
)

// testService is the ITest contract: Echo, Err (fails as its reason
// says), Block (waits on gate, counting concurrency) and one-way Notify.
type testService struct {
	calls     atomic.Int32
	gate      chan struct{}
	active    atomic.Int32
	maxActive atomic.Int32
	notified  chan string
}

func newTestService() *testService {
	return &testService{gate: make(chan struct{}), notified: make(chan string, 16)}
}

func (s *testService) contract() *servicemodel.Contract {
	return servicemodel.MustContract("ITest", "",
		servicemodel.Op("Echo", s.echo),
		servicemodel.Op("Err", s.err),
		servicemodel.Op("Block", s.block),
		servicemodel.OneWayOp("Notify", s.notify))
}

func (s *testService) echo(ctx context.Context, r *calculator.EchoRequest) (*calculator.EchoResponse, error) {
	s.calls.Add(1)
	if r.Text != nil && *r.Text == "header" {
		servicemodel.AddReplyHeader(ctx, &soap.Header{Name: infoset.Name{Prefix: "h", Local: "Extra", Space: "urn:test"}})
	}
	return &calculator.EchoResponse{EchoResult: r.Text}, nil
}

func (s *testService) err(_ context.Context, r *calculator.FailRequest) (*calculator.FailResponse, error) {
	s.calls.Add(1)
	switch r.Reason {
	case "fault":
		return nil, soap.SenderFault("custom reason")
	case "wrapped":
		return nil, fmt.Errorf("while adding: %w", soap.SenderFault("custom reason"))
	case "panic":
		panic(secretText)
	case "typed", "typed with action":
		action := ""
		if r.Reason == "typed with action" {
			action = "urn:own-fault-action"
		}
		f, err := soap.DetailFault(action, "order fault", &orderFault{Code: 42, Message: "no such order"})
		if err != nil {
			return nil, err
		}
		return nil, fmt.Errorf("cancelling: %w", f)
	}
	return nil, errors.New(secretText)
}

// orderFault is a FaultContract detail type.
type orderFault struct {
	XMLName struct{} `xml:"http://schemas.datacontract.org/2004/07/Orders OrderFault"`
	Code    int32
	Message string
}

func (s *testService) block(ctx context.Context, _ *calculator.DelayRequest) (*calculator.DelayResponse, error) {
	s.calls.Add(1)
	n := s.active.Add(1)
	defer s.active.Add(-1)
	for {
		m := s.maxActive.Load()
		if n <= m || s.maxActive.CompareAndSwap(m, n) {
			break
		}
	}
	select {
	case <-s.gate:
	case <-ctx.Done():
	}
	return &calculator.DelayResponse{}, nil
}

func (s *testService) notify(_ context.Context, r *calculator.NotifyRequest) error {
	s.calls.Add(1)
	s.notified <- r.Text
	if r.Text == "fail" {
		return errors.New(secretText)
	}
	return nil
}

func str(s string) *string { return &s }

// faultOf returns the reply's fault, failing the test if it has none.
func faultOf(t *testing.T, m *soap.Message) *soap.Fault {
	t.Helper()
	if m == nil || !m.IsFault() {
		t.Fatalf("reply is not a fault: %+v", m)
	}
	f, err := m.Fault()
	if err != nil {
		t.Fatalf("reading fault: %v", err)
	}
	return f
}

func TestDispatch(t *testing.T) {
	secretHeader := infoset.Name{Prefix: "x", Local: "Secret", Space: "urn:x"}
	withHeader := func(m *soap.Message) {
		m.Headers.Add(&soap.Header{Name: secretHeader, MustUnderstand: true})
	}
	type want struct {
		noReply bool
		action  string // the reply's Action
		code    string // fault code chain, "" for a normal reply
		codeNS  string // namespace of the last code in the chain
		reason  string // exact reason, when set
		hasText string // a substring of the reason, when set
		calls   int32  // operation calls
		detail  bool   // the fault carries a Detail
	}
	tests := []struct {
		name   string
		ep     func(*servicemodel.Endpoint)
		opts   *servicemodel.HostOptions
		action string
		body   any
		edit   func(*soap.Message)
		want   want
	}{
		{name: "reply", action: echoAction, body: &calculator.EchoRequest{Text: str("hi")},
			want: want{action: echoAction + "Response", calls: 1}},
		{name: "action not supported", action: "urn:nope", body: &calculator.EchoRequest{},
			want: want{action: "http://www.w3.org/2005/08/addressing/fault", code: "Sender/ActionNotSupported",
				codeNS: soap.NamespaceAddressing10, hasText: "'urn:nope'"}},
		{name: "destination unreachable", action: echoAction, body: &calculator.EchoRequest{},
			edit: func(m *soap.Message) { m.To = "net.tcp://localhost:8808/other" },
			want: want{action: "http://www.w3.org/2005/08/addressing/soap/fault", code: "Sender/DestinationUnreachable",
				codeNS: soap.NamespaceAddressing10, hasText: "'net.tcp://localhost:8808/other'"}},
		{name: "To matches another host name and a trailing slash", action: echoAction, body: &calculator.EchoRequest{},
			edit: func(m *soap.Message) { m.To = "net.tcp://server.example:8808/Calculator/" },
			want: want{action: echoAction + "Response", calls: 1}},
		{name: "must understand", action: echoAction, body: &calculator.EchoRequest{}, edit: withHeader,
			want: want{action: "http://www.w3.org/2005/08/addressing/soap/fault", code: "MustUnderstand",
				codeNS: "", hasText: "'Secret'"}},
		{name: "understood header", action: echoAction, body: &calculator.EchoRequest{}, edit: withHeader,
			ep:   func(ep *servicemodel.Endpoint) { ep.UnderstoodHeaders = []infoset.Name{secretHeader} },
			want: want{action: echoAction + "Response", calls: 1}},
		{name: "header understood by Authorize", action: echoAction, body: &calculator.EchoRequest{}, edit: withHeader,
			ep: func(ep *servicemodel.Endpoint) {
				ep.Authorize = func(ctx context.Context) error {
					servicemodel.RequestFromContext(ctx).Headers.Find("Secret", "urn:x").Understood = true
					return nil
				}
			},
			want: want{action: echoAction + "Response", calls: 1}},
		{name: "body does not decode", action: echoAction, body: &calculator.AddRequest{A: 1},
			want: want{action: "http://www.w3.org/2005/08/addressing/soap/fault", code: "Sender/DeserializationFailed",
				codeNS: soap.NamespaceDispatcher, reason: "The formatter threw an exception while trying to deserialize the message."}},
		{name: "handler fault", action: errAction, body: &calculator.FailRequest{Reason: "fault"},
			want: want{action: "http://www.w3.org/2005/08/addressing/soap/fault", code: "Sender", reason: "custom reason", calls: 1}},
		{name: "wrapped handler fault", action: errAction, body: &calculator.FailRequest{Reason: "wrapped"},
			want: want{action: "http://www.w3.org/2005/08/addressing/soap/fault", code: "Sender", reason: "custom reason", calls: 1}},
		{name: "internal error, minimal disclosure", action: errAction, body: &calculator.FailRequest{Reason: "internal"},
			want: want{action: soap.ActionDispatcherFault, code: "Receiver/InternalServiceFault", codeNS: soap.NamespaceDispatcher,
				hasText: "unable to process the request due to an internal error", calls: 1}},
		{name: "internal error, detail included", action: errAction, body: &calculator.FailRequest{Reason: "internal"},
			opts: &servicemodel.HostOptions{IncludeExceptionDetailInFaults: true},
			want: want{action: soap.ActionDispatcherFault, code: "Receiver/InternalServiceFault", codeNS: soap.NamespaceDispatcher,
				reason: secretText, calls: 1, detail: true}},
		{name: "panic, minimal disclosure", action: errAction, body: &calculator.FailRequest{Reason: "panic"},
			want: want{action: soap.ActionDispatcherFault, code: "Receiver/InternalServiceFault", codeNS: soap.NamespaceDispatcher,
				hasText: "internal error", calls: 1}},
		{name: "typed fault: the fault contract's default action", action: errAction, body: &calculator.FailRequest{Reason: "typed"},
			want: want{action: errAction + "OrderFaultFault", code: "Sender", reason: "order fault", calls: 1, detail: true}},
		{name: "typed fault with its own action", action: errAction, body: &calculator.FailRequest{Reason: "typed with action"},
			want: want{action: "urn:own-fault-action", code: "Sender", reason: "order fault", calls: 1, detail: true}},
		{name: "one-way", action: notifyAction, body: &calculator.NotifyRequest{Text: "x"},
			want: want{noReply: true, calls: 1}},
		{name: "one-way error sends nothing", action: notifyAction, body: &calculator.NotifyRequest{Text: "fail"},
			want: want{noReply: true, calls: 1}},
		{name: "default handler", action: "urn:other", body: &calculator.EchoRequest{},
			ep: func(ep *servicemodel.Endpoint) {
				ep.DefaultHandler = func(ctx context.Context, req *soap.Message) (*soap.Message, error) {
					return soap.NewMessage(req.Version, "urn:otherReply", &calculator.EchoResponse{EchoResult: str(req.Action)}), nil
				}
			},
			want: want{action: "urn:otherReply"}},
		{name: "default handler without reply", action: "urn:other", body: &calculator.EchoRequest{},
			ep: func(ep *servicemodel.Endpoint) {
				ep.DefaultHandler = func(context.Context, *soap.Message) (*soap.Message, error) { return nil, nil }
			},
			want: want{noReply: true}},
		{name: "authorization denied", action: echoAction, body: &calculator.EchoRequest{},
			ep: func(ep *servicemodel.Endpoint) {
				ep.Authorize = func(context.Context) error { return errors.New(secretText) }
			},
			want: want{action: "http://www.w3.org/2005/08/addressing/soap/fault", code: "Sender/FailedAuthentication",
				codeNS: servicemodel.NamespaceWSSecurity, reason: "Access is denied."}},
		{name: "authorization denied with a fault", action: echoAction, body: &calculator.EchoRequest{},
			ep: func(ep *servicemodel.Endpoint) {
				ep.Authorize = func(context.Context) error { return soap.SenderFault("no ticket") }
			},
			want: want{action: "http://www.w3.org/2005/08/addressing/soap/fault", code: "Sender", reason: "no ticket"}},
		{name: "authorization denied, one-way", action: notifyAction, body: &calculator.NotifyRequest{},
			ep: func(ep *servicemodel.Endpoint) {
				ep.Authorize = func(context.Context) error { return errors.New("no") }
			},
			want: want{noReply: true}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			defer goleak.VerifyNone(t)
			svc := newTestService()
			ep := &servicemodel.Endpoint{Contract: svc.contract()}
			if tc.ep != nil {
				tc.ep(ep)
			}
			b := newFakeBinding()
			h := newHost(t, b, tc.opts, ep)
			open(t, h)
			defer h.Abort()
			c := b.listener(t).connect(t)
			req := c.request(tc.action, tc.body)
			if tc.edit != nil {
				tc.edit(req)
			}
			c.send(t, req)
			reply := c.recv(t)
			checkReply(t, req, reply, tc.want.noReply, tc.want.action)
			if got := svc.calls.Load(); got != tc.want.calls {
				t.Errorf("operation calls = %d, want %d", got, tc.want.calls)
			}
			if reply == nil || tc.want.code == "" {
				if reply != nil && reply.IsFault() {
					t.Errorf("unexpected fault: %v", faultOf(t, reply))
				}
				return
			}
			f := faultOf(t, reply)
			if got := f.Code.String(); got != tc.want.code {
				t.Errorf("fault code = %s, want %s", got, tc.want.code)
			}
			last := &f.Code
			for last.Subcode != nil {
				last = last.Subcode
			}
			if tc.want.codeNS != "" && last.Value.Space != tc.want.codeNS {
				t.Errorf("fault subcode namespace = %q, want %q", last.Value.Space, tc.want.codeNS)
			}
			if tc.want.reason != "" && f.Reason() != tc.want.reason {
				t.Errorf("reason = %q, want %q", f.Reason(), tc.want.reason)
			}
			if !strings.Contains(f.Reason(), tc.want.hasText) {
				t.Errorf("reason = %q, want it to contain %q", f.Reason(), tc.want.hasText)
			}
			if !tc.want.detail && strings.Contains(f.Reason(), secretText) {
				t.Errorf("reason %q discloses the internal error", f.Reason())
			}
			if got := len(f.Detail) > 0; got != tc.want.detail {
				t.Errorf("fault has detail = %v, want %v", got, tc.want.detail)
			}
			if len(f.Reasons) > 0 && f.Reasons[0].Lang != "en-US" {
				t.Errorf("reason xml:lang = %q, want en-US", f.Reasons[0].Lang)
			}
			if strings.HasPrefix(tc.name, "typed") {
				d, ok := soap.DetailAs[orderFault](f)
				if !ok || d.Code != 42 || d.Message != "no such order" {
					t.Errorf("DetailAs = %+v, %v", d, ok)
				}
			}
		})
	}
}

// checkReply checks the addressing of a reply on a session binding:
// Action, RelatesTo = the request's MessageID and To = anonymous.
func checkReply(t *testing.T, req, reply *soap.Message, noReply bool, action string) {
	t.Helper()
	if noReply {
		if reply != nil {
			t.Fatalf("got reply %q, want none", reply.Action)
		}
		return
	}
	if reply == nil {
		t.Fatal("got no reply, want one")
	}
	if reply.Action != action {
		t.Errorf("reply Action = %q, want %q", reply.Action, action)
	}
	if reply.RelatesTo != req.MessageID {
		t.Errorf("reply RelatesTo = %v, want %v", reply.RelatesTo, req.MessageID)
	}
	if reply.To != anonymous {
		t.Errorf("reply To = %q, want %q", reply.To, anonymous)
	}
}

// A reply on a binding without session replies (HTTP) carries no To; the
// operation's reply headers are added, and the request is reachable from
// the operation's context only during the call.
func TestDispatchReplyHeadersAndTo(t *testing.T) {
	defer goleak.VerifyNone(t)
	var (
		mu       sync.Mutex
		seen     *soap.Message
		savedCtx context.Context
	)
	svc := newTestService()
	ep := &servicemodel.Endpoint{Contract: svc.contract(),
		Authorize: func(ctx context.Context) error {
			mu.Lock()
			seen, savedCtx = servicemodel.RequestFromContext(ctx), ctx
			mu.Unlock()
			return nil
		}}
	b := newFakeBinding()
	b.session = false
	h := newHost(t, b, nil, ep)
	open(t, h)
	defer h.Abort()
	c := b.listener(t).connect(t)
	reply := c.call(t, echoAction, &calculator.EchoRequest{Text: str("header")})
	if reply.To != "" {
		t.Errorf("reply To = %q, want none", reply.To)
	}
	if reply.Headers.Find("Extra", "urn:test") == nil {
		t.Errorf("reply headers %v lack the one the operation added", reply.Headers)
	}
	var got calculator.EchoResponse
	if err := reply.DecodeBody(&got); err != nil || got.EchoResult == nil || *got.EchoResult != "header" {
		t.Errorf("reply body = %v (%v), want EchoResult header", got.EchoResult, err)
	}
	mu.Lock()
	defer mu.Unlock()
	if seen == nil || seen.Action != echoAction {
		t.Errorf("RequestFromContext during the call = %v, want the request", seen)
	}
	if m := servicemodel.RequestFromContext(savedCtx); m != nil {
		t.Error("RequestFromContext after the call returned the request")
	}
	if servicemodel.AddReplyHeader(savedCtx, &soap.Header{}) {
		t.Error("AddReplyHeader after the call succeeded")
	}
	if servicemodel.CallFromContext(context.Background()) != nil || servicemodel.RequestFromContext(context.Background()) != nil {
		t.Error("call values outside a dispatch")
	}
}

// MaxConcurrency bounds the calls of one channel in flight at once.
func TestDispatchMaxConcurrency(t *testing.T) {
	for _, limit := range []int{1, 3} {
		t.Run(fmt.Sprint(limit), func(t *testing.T) {
			defer goleak.VerifyNone(t)
			svc := newTestService()
			b := newFakeBinding()
			h := newHost(t, b, nil, &servicemodel.Endpoint{Contract: svc.contract(), MaxConcurrency: limit})
			open(t, h)
			defer h.Abort()
			c := b.listener(t).connect(t)
			const n = 6
			for range n {
				c.send(t, c.request(blockAction, &calculator.DelayRequest{}))
			}
			waitFor(t, func() bool { return svc.active.Load() == int32(limit) })
			time.Sleep(20 * time.Millisecond) // give a broken limit time to show
			if got := svc.active.Load(); got != int32(limit) {
				t.Errorf("calls in flight = %d, want %d", got, limit)
			}
			close(svc.gate)
			for range n {
				if r := c.recv(t); r == nil || r.IsFault() {
					t.Fatalf("reply = %v, want DelayResponse", r)
				}
			}
			if got := svc.maxActive.Load(); got != int32(limit) {
				t.Errorf("most calls in flight = %d, want %d", got, limit)
			}
		})
	}
}

// MaxChannels bounds the open channels of an endpoint; a channel closing
// makes room for the next; the accept and close callbacks pair up with the
// channel state.
func TestHostMaxChannels(t *testing.T) {
	defer goleak.VerifyNone(t)
	var accepted, closed atomic.Int32
	closedStates := make(chan any, 4)
	svc := newTestService()
	ep := &servicemodel.Endpoint{Contract: svc.contract(), MaxChannels: 2, MaxAcceptingChannels: 2,
		AcceptChannel: func(_ context.Context, ch servicemodel.ServerChannel) (any, error) {
			accepted.Add(1)
			return ch, nil
		},
		CloseChannel: func(_ context.Context, state any) {
			closed.Add(1)
			closedStates <- state
		},
	}
	b := newFakeBinding()
	h := newHost(t, b, nil, ep)
	open(t, h)
	defer h.Abort()
	l := b.listener(t)
	if l.opts.MaxChannels != 2 {
		t.Errorf("ListenOptions.MaxChannels = %d, want 2", l.opts.MaxChannels)
	}
	c1, c2 := l.connect(t), l.connect(t)
	if _, ok := l.tryConnect(50 * time.Millisecond); ok {
		t.Fatal("a third channel was accepted with MaxChannels 2")
	}
	c1.close()
	if err := c1.waitEnded(t); err != nil {
		t.Errorf("channel ended with %v, want a clean close", err)
	}
	if st := <-closedStates; st != servicemodel.ServerChannel(c1.ch) {
		t.Errorf("CloseChannel state = %p, want the closed channel %p (AcceptChannel's state)", st, c1.ch)
	}
	c3 := l.connect(t)
	c2.close()
	c3.close()
	if err := h.Close(context.Background()); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if a, c := accepted.Load(), closed.Load(); a != 3 || c != 3 {
		t.Errorf("accepted %d, closed %d channels; want 3 and 3", a, c)
	}
}

// A failing AcceptChannel aborts the channel before any message.
func TestHostAcceptChannelRefuses(t *testing.T) {
	defer goleak.VerifyNone(t)
	svc := newTestService()
	ep := &servicemodel.Endpoint{Contract: svc.contract(),
		AcceptChannel: func(context.Context, servicemodel.ServerChannel) (any, error) { return nil, errors.New("no") }}
	b := newFakeBinding()
	h := newHost(t, b, nil, ep)
	open(t, h)
	defer h.Abort()
	c := b.listener(t).connect(t)
	if err := c.waitEnded(t); err == nil {
		t.Error("refused channel ended cleanly, want aborted")
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached")
		}
		time.Sleep(time.Millisecond)
	}
}
