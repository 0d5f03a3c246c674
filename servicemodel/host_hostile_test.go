package servicemodel_test

import (
	"context"
	"errors"
	"io"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wwsgo/wws/nettcp"
	"github.com/wwsgo/wws/servicemodel"
	"github.com/wwsgo/wws/servicemodel/calculator"
	"github.com/wwsgo/wws/soap"
	"github.com/wwsgo/wws/soap/infoset"
)

// TestHostUnderHostileInput: while a proxy keeps calling Add on its own
// session, other sessions send bytes that are not a message, oversized
// envelopes, and well-formed messages the dispatcher must refuse. Each gets
// its WCF answer (a fault message, or the session closed), no well-formed
// call fails or gets another's reply, and the host's goroutines come back
// down when the sessions are gone.
func TestHostUnderHostileInput(t *testing.T) {
	addr := freeNetTCPAddr(t)
	h, err := servicemodel.NewHost(nil,
		&servicemodel.Endpoint{Address: addr, Binding: servicemodel.NewNetTCPBinding(), Contract: calculator.Contract()})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := h.Open(ctx); err != nil {
		t.Fatal(err)
	}
	defer h.Abort()
	baseline := runtime.NumGoroutine()

	// The well-formed caller.
	p, err := servicemodel.NewServiceProxy(servicemodel.NewNetTCPBinding(), calculator.ClientContract(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Open(ctx, addr); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	var calls atomic.Int64
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := int32(0); ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			var r calculator.AddResponse
			if err := p.Call(ctx, "Add", &calculator.AddRequest{A: i, B: 1}, &r); err != nil || r.AddResult != i+1 {
				t.Errorf("well-formed Add(%d,1) = %d, %v", i, r.AddResult, err)
				return
			}
			calls.Add(1)
		}
	}()

	enc := soap.NewBinaryEncoding(true, soap.EncodingOptions{})
	request := func(action, to string, headers ...*soap.Header) []byte {
		e := enc.NewEncoder()
		m := soap.NewMessage(soap.Soap12WSAddressing10, action, &calculator.AddRequest{A: 1, B: 2})
		m.MessageID, m.To = soap.NewMessageID(), to
		m.ReplyTo = &soap.EndpointReference{Address: soap.Addressing10.Anonymous()}
		m.Headers = headers
		b, err := e.WriteMessage(nil, m)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	wantFault := func(t *testing.T, payload []byte, code string) {
		s, err := nettcp.Dial(ctx, addr, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Abort()
		if err := s.Send(ctx, payload); err != nil {
			t.Fatal(err)
		}
		b, err := s.Receive(ctx, nil)
		if err != nil {
			t.Fatalf("no reply: %v", err)
		}
		m, err := enc.NewEncoder().ReadMessage(b)
		if err != nil || !m.IsFault() {
			t.Fatalf("reply is not a fault: %v", err)
		}
		f, err := m.Fault()
		if err != nil || !strings.Contains(f.Code.String(), code) {
			t.Fatalf("fault %v (%v), want code %s", f, err, code)
		}
		if err := s.Close(ctx); err != nil {
			t.Errorf("close after the fault: %v", err)
		}
	}
	wantClosed := func(t *testing.T, payload []byte) {
		s, err := nettcp.Dial(ctx, addr, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Abort()
		_ = s.Send(ctx, payload)
		rctx, rcancel := context.WithTimeout(ctx, 10*time.Second)
		defer rcancel()
		if _, err := s.Receive(rctx, nil); err == nil {
			t.Fatal("the host answered a message it cannot read")
		} else if errors.Is(err, context.DeadlineExceeded) {
			t.Fatal("the host neither answered nor closed the session")
		}
	}

	t.Run("not binary XML", func(t *testing.T) { wantClosed(t, []byte("\x00\x7f garbage, not a message")) })
	t.Run("truncated envelope", func(t *testing.T) {
		b := request(calculator.Namespace+"ICalculator/Add", addr)
		wantClosed(t, b[:len(b)/2])
	})
	t.Run("over MaxReceivedMessageSize", func(t *testing.T) {
		s, err := nettcp.Dial(ctx, addr, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Abort()
		_ = s.Send(ctx, make([]byte, 70000)) // framing refuses it: MaxMessageSizeExceeded
		_, err = s.Receive(ctx, nil)
		if !errors.Is(err, nettcp.ErrMaxMessageSize) {
			t.Fatalf("oversized envelope: %v, want the MaxMessageSizeExceeded fault", err)
		}
	})
	t.Run("unknown action", func(t *testing.T) {
		wantFault(t, request("urn:not-an-operation", addr), "ActionNotSupported")
	})
	t.Run("wrong To", func(t *testing.T) {
		wantFault(t, request(calculator.Namespace+"ICalculator/Add", "net.tcp://elsewhere:1/x"), "DestinationUnreachable")
	})
	t.Run("unknown mustUnderstand header", func(t *testing.T) {
		h := &soap.Header{Name: infoset.Name{Prefix: "x", Local: "Secret", Space: "urn:x"}, MustUnderstand: true,
			Content: []*infoset.Node{infoset.TextNode("1")}}
		wantFault(t, request(calculator.Namespace+"ICalculator/Add", addr, h), "MustUnderstand")
	})

	close(stop)
	wg.Wait()
	if calls.Load() == 0 {
		t.Fatal("the well-formed caller made no call")
	}
	if err := p.Close(ctx); err != nil {
		t.Errorf("proxy Close: %v", err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > baseline && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > baseline {
		t.Errorf("%d goroutines after the sessions ended, %d before", n, baseline)
	}
	t.Logf("%d well-formed calls succeeded alongside", calls.Load())
	_ = io.EOF
}
