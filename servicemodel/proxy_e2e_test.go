package servicemodel_test

// The service proxy against a real service host over NetTCPBinding on
// loopback: the Calculator end to end, concurrent calls on one session, a
// fault reply, and a host abort that drops the session under a pending
// call.

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/wwsgo/wws/servicemodel"
	"github.com/wwsgo/wws/servicemodel/calculator"
	"github.com/wwsgo/wws/soap"
)

// startProxyHost opens a Calculator host on a free port and returns it
// with its address.
func startProxyHost(t *testing.T, b *servicemodel.NetTCPBinding) (*servicemodel.Host, string) {
	t.Helper()
	h, err := servicemodel.NewHost(nil,
		&servicemodel.Endpoint{Address: "net.tcp://127.0.0.1:0/calculator", Binding: b,
			Contract: calculator.Contract(), MaxConcurrency: 8})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := h.Open(ctx); err != nil {
		t.Fatalf("host Open: %v", err)
	}
	return h, "net.tcp://" + h.Addrs()[0].String() + "/calculator"
}

func TestProxyCalculatorOverNetTCP(t *testing.T) {
	defer goleak.VerifyNone(t)
	b := servicemodel.NewNetTCPBinding()
	h, to := startProxyHost(t, b)
	defer h.Abort()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	p, err := servicemodel.NewServiceProxy(b, calculator.ClientContract(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Open(ctx, to); err != nil {
		t.Fatalf("Open: %v", err)
	}
	var sum calculator.AddResponse
	if err := p.Call(ctx, "Add", &calculator.AddRequest{A: 2, B: 3}, &sum); err != nil || sum.AddResult != 5 {
		t.Fatalf("Add(2, 3) = %d, %v; want 5", sum.AddResult, err)
	}

	var wg sync.WaitGroup
	for i := range int32(32) {
		wg.Go(func() {
			var r calculator.AddResponse
			if err := p.Call(ctx, "Add", &calculator.AddRequest{A: i, B: i}, &r); err != nil || r.AddResult != 2*i {
				t.Errorf("concurrent Add(%d, %d) = %d, %v", i, i, r.AddResult, err)
			}
		})
	}
	wg.Wait()

	err = p.Call(ctx, "Fail", &calculator.FailRequest{Reason: "boom"}, &calculator.FailResponse{})
	var f *soap.Fault
	if !errors.Is(err, servicemodel.ErrEndpointFaultReceived) || !errors.As(err, &f) || f.Reason() != "boom" {
		t.Errorf("Fail: err = %v, want a fault with reason boom", err)
	}
	if err := p.Call(ctx, "Notify", &calculator.NotifyRequest{Text: "hi"}, nil); err != nil {
		t.Errorf("Notify: %v", err)
	}
	if err := p.Close(ctx); err != nil || p.State() != servicemodel.Closed {
		t.Errorf("Close: %v, state %v", err, p.State())
	}
	if err := h.Close(ctx); err != nil {
		t.Errorf("host Close: %v", err)
	}
}

func TestProxyHostAbortDropsSession(t *testing.T) {
	defer goleak.VerifyNone(t)
	b := servicemodel.NewNetTCPBinding()
	h, to := startProxyHost(t, b)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	p, err := servicemodel.NewServiceProxy(b, calculator.ClientContract(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Open(ctx, to); err != nil {
		t.Fatalf("Open: %v", err)
	}
	done := make(chan error, 1)
	go func() {
		done <- p.Call(ctx, "Delay", &calculator.DelayRequest{Milliseconds: 60000}, &calculator.DelayResponse{})
	}()
	servicemodel.WaitGoroutine(t, "calculator.(*Service).Delay(") // the call reached the host
	h.Abort()
	select {
	case err := <-done:
		// The host's cancelled Delay may answer with an InternalServiceFault
		// just before the session goes; otherwise the drop fails the call.
		if !errors.Is(err, servicemodel.ErrEndpointDisconnected) && !errors.Is(err, servicemodel.ErrEndpointFaultReceived) {
			t.Errorf("pending call: err = %v, want ErrEndpointDisconnected", err)
		}
	case <-ctx.Done():
		t.Fatal("pending call not failed by the dropped session")
	}
	for p.State() != servicemodel.Faulted && ctx.Err() == nil {
		time.Sleep(time.Millisecond)
	}
	err = p.Call(ctx, "Add", &calculator.AddRequest{}, &calculator.AddResponse{})
	if !errors.Is(err, servicemodel.ErrObjectFaulted) {
		t.Errorf("call after the drop: err = %v, want ErrObjectFaulted (state %v)", err, p.State())
	}
	if err := p.Close(ctx); err != nil {
		t.Errorf("Close: %v", err)
	}
}
