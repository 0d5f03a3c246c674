package servicemodel

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/wwsgo/wws/soap"
)

// newTestProxy returns a proxy in state Created over a fake binding.
func newTestProxy(t *testing.T, opts *ProxyOptions) (*ServiceProxy, *fakeBinding) {
	t.Helper()
	b := newFakeBinding(soap.Soap12WSAddressing10)
	p, err := NewServiceProxy(b, calculator, opts)
	if err != nil {
		t.Fatalf("NewServiceProxy: %v", err)
	}
	return p, b
}

// newOpenProxy returns an open proxy over a fake binding.
func newOpenProxy(t *testing.T, opts *ProxyOptions) (*ServiceProxy, *fakeBinding) {
	t.Helper()
	p, b := newTestProxy(t, opts)
	if err := p.Open(context.Background(), testAddress); err != nil {
		t.Fatalf("Open: %v", err)
	}
	return p, b
}

// add calls Add(a, b).
func add(ctx context.Context, p *ServiceProxy, a, b int32, opts ...CallOption) (int32, error) {
	var resp pxAddResponse
	err := p.Call(ctx, "Add", &pxAdd{A: a, B: b}, &resp, opts...)
	return resp.AddResult, err
}

// result is the outcome of a call run in the background.
type result struct {
	v   int32
	err error
}

// startBlocked starts a Delay(-1) call, which waits for the server's
// release, and waits until the server has it.
func startBlocked(t *testing.T, p *ServiceProxy, b *fakeBinding, opts ...CallOption) <-chan result {
	t.Helper()
	out := make(chan result, 1)
	go func() {
		var resp pxDelayResponse
		err := p.Call(context.Background(), "Delay", &pxDelay{Milliseconds: -1}, &resp, opts...)
		out <- result{resp.DelayResult, err}
	}()
	b.server.waitArrived(t, 1)
	return out
}

// await returns the result of a background call, failing if it takes
// longer than a few seconds.
func await[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(10 * time.Second):
		t.Fatalf("%s did not return", what)
		panic("unreachable")
	}
}

// notYet fails if ch delivers within a short while.
func notYet[T any](t *testing.T, ch <-chan T, what string) {
	t.Helper()
	select {
	case v := <-ch:
		t.Fatalf("%s returned early: %v", what, v)
	case <-time.After(50 * time.Millisecond):
	}
}

// waitState waits for the proxy to reach s.
func waitState(t *testing.T, p *ServiceProxy, s State) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if got, err := p.sm.WaitFor(ctx, s); err != nil {
		t.Fatalf("state %v, want %v", got, s)
	}
}

// errIs reports whether err matches want (nil matches only nil).
func errIs(err, want error) bool {
	if want == nil {
		return err == nil
	}
	return errors.Is(err, want)
}
