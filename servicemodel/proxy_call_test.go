package servicemodel

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.uber.org/goleak"

	"github.com/wwsgo/wws/soap"
)

func TestProxyCallRequestShape(t *testing.T) {
	defer goleak.VerifyNone(t)
	p, b := newOpenProxy(t, nil)
	defer p.Close(context.Background())
	ctx := context.Background()
	id := soap.ParseMessageID("urn:uuid:6e1f4a9c-0b8d-4f6e-9a3c-2d5b7e8f9a01")

	tests := []struct {
		name string
		call func() error
		want seenRequest
	}{
		{"two-way", func() error { _, err := add(ctx, p, 1, 2, WithHeaders(testHeader("Tenant", "x"))); return err },
			seenRequest{Action: tempuriCalc + "Add", To: testAddress, MessageID: "*",
				ReplyTo: soap.Addressing10.Anonymous(), Headers: []string{"Tenant"}}},
		{"message id", func() error { _, err := add(ctx, p, 1, 2, WithMessageID(id)); return err },
			seenRequest{Action: tempuriCalc + "Add", To: testAddress, MessageID: id.String(),
				ReplyTo: soap.Addressing10.Anonymous()}},
		{"one-way", func() error {
			return p.Call(ctx, "Notify", &pxNotify{Text: "hi"}, nil, WithMessageID(id))
		}, seenRequest{Action: tempuriCalc + "Notify", To: testAddress}},
		{"again", func() error { _, err := add(ctx, p, 1, 2); return err },
			seenRequest{Action: tempuriCalc + "Add", To: testAddress, MessageID: "*",
				ReplyTo: soap.Addressing10.Anonymous()}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.call(); err != nil {
				t.Fatalf("call: %v", err)
			}
			got := b.server.waitArrived(t, 1)[0]
			if tc.want.MessageID == "*" {
				if !strings.HasPrefix(got.MessageID, "urn:uuid:") {
					t.Errorf("MessageID %q, want a urn:uuid: GUID", got.MessageID)
				}
				got.MessageID = "*"
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("request (-want +got):\n%s", diff)
			}
		})
	}
	ch := b.last(t)
	if r, s := ch.requests.Load(), ch.sends.Load(); r != 3 || s != 1 {
		t.Errorf("channel saw %d requests and %d sends, want 3 and 1", r, s)
	}
}

func TestProxyCallByActionAndUnknown(t *testing.T) {
	defer goleak.VerifyNone(t)
	p, _ := newOpenProxy(t, nil)
	defer p.Close(context.Background())
	var resp pxAddResponse
	if err := p.Call(context.Background(), tempuriCalc+"Add", &pxAdd{A: 4, B: 5}, &resp); err != nil || resp.AddResult != 9 {
		t.Errorf("Call by action = %d, %v; want 9, nil", resp.AddResult, err)
	}
	if err := p.Call(context.Background(), "Subtract", &pxAdd{}, &resp); !errors.Is(err, ErrUnknownOperation) {
		t.Errorf("unknown operation: err = %v, want ErrUnknownOperation", err)
	}
}

func TestProxyReplyHeaders(t *testing.T) {
	defer goleak.VerifyNone(t)
	p, b := newOpenProxy(t, nil)
	defer p.Close(context.Background())
	b.server.replyHeader = testHeader("Trace", "42")
	var got soap.Headers
	if _, err := add(context.Background(), p, 1, 1, ReplyHeaders(&got)); err != nil {
		t.Fatal(err)
	}
	h := got.Find("Trace", "urn:test")
	if len(got) != 1 || h == nil || len(h.Content) != 1 || h.Content[0].Text != "42" {
		t.Errorf("reply headers %+v, want one Trace header with text 42", got)
	}
}

func TestProxyCallFaultReply(t *testing.T) {
	defer goleak.VerifyNone(t)
	p, _ := newOpenProxy(t, nil)
	defer p.Close(context.Background())
	var hs soap.Headers
	err := p.Call(context.Background(), "Fail", &pxFail{Reason: "no luck"}, &pxFailResponse{}, ReplyHeaders(&hs))
	if !errors.Is(err, ErrEndpointFaultReceived) {
		t.Fatalf("err = %v, want ErrEndpointFaultReceived", err)
	}
	var f *soap.Fault
	if !errors.As(err, &f) || f.Reason() != "no luck" || !f.Code.IsSender() {
		t.Errorf("errors.As *soap.Fault = %+v; want a Sender fault with reason %q", f, "no luck")
	}
	if got := p.State(); got != Open {
		t.Errorf("state after a fault reply %v, want Open", got)
	}
}

func TestProxyReplyActionMismatch(t *testing.T) {
	defer goleak.VerifyNone(t)
	p, _ := newOpenProxy(t, nil)
	defer p.Close(context.Background())
	var resp pxAddResponse
	err := p.Call(context.Background(), "Wrong", &pxAdd{A: 1, B: 2}, &resp)
	if !errors.Is(err, ErrInvalidFormat) || !strings.Contains(err.Error(), "SomethingElse") {
		t.Errorf("err = %v, want ErrInvalidFormat naming the reply action", err)
	}
}

func TestProxyNilResponseSkipsBody(t *testing.T) {
	defer goleak.VerifyNone(t)
	p, _ := newOpenProxy(t, nil)
	defer p.Close(context.Background())
	if err := p.Call(context.Background(), "Add", &pxAdd{A: 1, B: 2}, nil); err != nil {
		t.Errorf("Call with nil resp: %v", err)
	}
}

func TestProxyConcurrentCalls(t *testing.T) {
	defer goleak.VerifyNone(t)
	p, b := newOpenProxy(t, nil)
	const n = 64
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range int32(n) {
		wg.Go(func() {
			got, err := add(context.Background(), p, i, 1000)
			if err == nil && got != i+1000 {
				err = errors.New("wrong sum")
			}
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("concurrent Add: %v", err)
		}
	}
	if err := p.Close(context.Background()); err != nil {
		t.Errorf("Close: %v", err)
	}
	if len(b.channels()) != 1 {
		t.Errorf("%d channels dialed, want 1 (one session for every call)", len(b.channels()))
	}
}

func TestProxyCallerCancel(t *testing.T) {
	defer goleak.VerifyNone(t)
	p, b := newOpenProxy(t, nil)
	defer p.Close(context.Background())
	ctx, cancel := context.WithCancel(context.Background())
	out := make(chan error, 1)
	go func() { out <- p.Call(ctx, "Delay", &pxDelay{Milliseconds: -1}, &pxDelayResponse{}) }()
	b.server.waitArrived(t, 1)
	cancel()
	err := await(t, out, "cancelled call")
	if !errors.Is(err, ErrAborted) || !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want ErrAborted and context.Canceled", err)
	}
	if err := p.Close(context.Background()); err != nil { // waits for the cancelled I/O
		t.Errorf("Close: %v", err)
	}
	if c, _ := b.server.counts(); c != 1 {
		t.Errorf("server saw %d cancelled handlers, want 1 (the I/O is cancelled)", c)
	}
}

func TestProxyCallAlreadyCancelled(t *testing.T) {
	p, b := newOpenProxy(t, nil)
	defer p.Close(context.Background())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := add(ctx, p, 1, 2); !errors.Is(err, ErrAborted) {
		t.Errorf("err = %v, want ErrAborted", err)
	}
	if n := b.last(t).requests.Load(); n != 0 {
		t.Errorf("%d requests sent for a cancelled context, want 0", n)
	}
}

func TestProxySoap11NoAddressing(t *testing.T) {
	defer goleak.VerifyNone(t)
	b := newFakeBinding(soap.Soap11)
	p, err := NewServiceProxy(b, calculator, nil)
	if err != nil {
		t.Fatal(err)
	}
	mustOpen(t, p)
	defer p.Close(context.Background())
	if got, err := add(context.Background(), p, 20, 22); err != nil || got != 42 {
		t.Fatalf("Add over SOAP 1.1 = %d, %v; want 42, nil", got, err)
	}
	// AddressingNone: no addressing header reaches the wire; the action
	// travels outside the envelope (the fake carries it as SOAPAction would).
	want := seenRequest{Action: tempuriCalc + "Add"}
	if diff := cmp.Diff(want, b.server.waitArrived(t, 1)[0]); diff != "" {
		t.Errorf("request (-want +got):\n%s", diff)
	}
}
