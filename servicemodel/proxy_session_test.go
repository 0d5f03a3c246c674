package servicemodel_test

// The proxy's calls over a real net.tcp session, where a call alone in
// flight reads its own reply on the caller's goroutine: a caller let go
// while it reads (abandoned, timed out, cancelled, proxy aborted) returns
// at once, the session stays usable for the calls beside it, and an
// abandoned call's I/O still runs to its end.

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/wwsgo/wws/servicemodel"
	"github.com/wwsgo/wws/servicemodel/calculator"
)

// openSessionProxy opens a Calculator host and a proxy to it.
func openSessionProxy(t *testing.T, opts *servicemodel.ProxyOptions) *servicemodel.ServiceProxy {
	t.Helper()
	b := servicemodel.NewNetTCPBinding()
	h, to := startProxyHost(t, b)
	t.Cleanup(h.Abort)
	p, err := servicemodel.NewServiceProxy(b, calculator.ClientContract(), opts)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := p.Open(ctx, to); err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(p.Abort)
	return p
}

// delayCall starts Delay(ms) and returns its result channel.
func delayCall(ctx context.Context, p *servicemodel.ServiceProxy, ms int32, opts ...servicemodel.CallOption) <-chan error {
	done := make(chan error, 1)
	go func() {
		done <- p.Call(ctx, "Delay", &calculator.DelayRequest{Milliseconds: ms}, &calculator.DelayResponse{}, opts...)
	}()
	return done
}

// waitPending waits until the proxy has n pending calls.
func waitPending(t *testing.T, p *servicemodel.ServiceProxy, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for p.PendingCalls() != n {
		if time.Now().After(deadline) {
			t.Fatalf("PendingCalls() = %d; want %d", p.PendingCalls(), n)
		}
		time.Sleep(time.Millisecond)
	}
}

// mustAdd checks that the session still carries calls.
func mustAdd(t *testing.T, p *servicemodel.ServiceProxy, a, b int32) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var r calculator.AddResponse
	if err := p.Call(ctx, "Add", &calculator.AddRequest{A: a, B: b}, &r); err != nil || r.AddResult != a+b {
		t.Fatalf("Add(%d, %d) = %d, %v; want %d", a, b, r.AddResult, err, a+b)
	}
}

// waitCallerReading waits until a caller of p reads its own reply on its
// own goroutine: it holds the session's reader role (duplexClient.lead)
// and is blocked in the session's Receive, the path the "WhileReading"
// tests name.
func waitCallerReading(t *testing.T, p *servicemodel.ServiceProxy) {
	t.Helper()
	servicemodel.WaitGoroutine(t, fmt.Sprintf("servicemodel.(*ServiceProxy).Call(%p", p),
		"servicemodel.(*duplexClient).lead(", "nettcp.(*Session).Receive(")
}

// released waits for a call let go, and says how long that took.
func released(t *testing.T, done <-chan error, want error, within time.Duration) {
	t.Helper()
	select {
	case err := <-done:
		if !errors.Is(err, want) {
			t.Fatalf("call = %v; want %v", err, want)
		}
	case <-time.After(within):
		t.Fatalf("call not released within %v", within)
	}
}

func TestSessionAbandonWhileReading(t *testing.T) {
	t.Cleanup(func() { goleak.VerifyNone(t) }) // after the host and proxy cleanups
	p := openSessionProxy(t, &servicemodel.ProxyOptions{MaxPendingCalls: 1})
	start := time.Now()
	done := delayCall(context.Background(), p, 400, servicemodel.WithCallID(5))
	waitPending(t, p, 1)
	waitCallerReading(t, p)
	if err := p.AbandonCall(5); err != nil {
		t.Fatal(err)
	}
	released(t, done, servicemodel.ErrAbandoned, 200*time.Millisecond)
	// The I/O goes on: the slot is held until the reply comes.
	err := p.Call(context.Background(), "Add", &calculator.AddRequest{A: 1, B: 1}, &calculator.AddResponse{})
	if !errors.Is(err, servicemodel.ErrQuotaExceeded) {
		t.Fatalf("call while the abandoned I/O runs = %v; want ErrQuotaExceeded", err)
	}
	waitPending(t, p, 0)
	if d := time.Since(start); d < 350*time.Millisecond {
		t.Fatalf("abandoned call's slot freed after %v, before its reply could come", d)
	}
	mustAdd(t, p, 2, 3)
	if st := p.State(); st != servicemodel.Open {
		t.Fatalf("state %v; want Open", st)
	}
	if err := p.Close(context.Background()); err != nil {
		t.Fatalf("Close: %v", err)
	}
}

// A call that times out while it reads its own reply lets the session go
// on; its late reply, which comes when nobody reads, is dropped by the
// reader of a later call.
func TestSessionTimeoutWhileReading(t *testing.T) {
	t.Cleanup(func() { goleak.VerifyNone(t) }) // after the host and proxy cleanups
	const timeout = time.Second                // room for waitCallerReading on a loaded machine
	p := openSessionProxy(t, &servicemodel.ProxyOptions{CallTimeout: timeout})
	done := delayCall(context.Background(), p, 1500)
	waitCallerReading(t, p)
	released(t, done, servicemodel.ErrTimedOut, 2*time.Second)
	if n := p.PendingCalls(); n != 0 {
		t.Fatalf("PendingCalls after a timeout = %d; want 0", n)
	}
	mustAdd(t, p, 2, 3)
	// The late Delay reply arrives unread, and the reader of a later call
	// drops it: call until one has.
	deadline := time.Now().Add(5 * time.Second)
	for i := int32(0); servicemodel.LateRepliesDropped(p) == 0; i++ {
		if time.Now().After(deadline) {
			t.Fatal("the late Delay reply was never dropped")
		}
		mustAdd(t, p, 4, i)
	}
	if n := servicemodel.LateRepliesDropped(p); n != 1 {
		t.Errorf("late replies dropped = %d; want 1", n)
	}
	mustAdd(t, p, 5, 6)
	if err := p.Close(context.Background()); err != nil {
		t.Fatalf("Close: %v", err)
	}
}

func TestSessionCancelWhileReading(t *testing.T) {
	t.Cleanup(func() { goleak.VerifyNone(t) }) // after the host and proxy cleanups
	p := openSessionProxy(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	done := delayCall(ctx, p, 300)
	waitPending(t, p, 1)
	waitCallerReading(t, p)
	cancel()
	released(t, done, servicemodel.ErrAborted, 200*time.Millisecond)
	mustAdd(t, p, 2, 3)
	if err := p.Close(context.Background()); err != nil {
		t.Fatalf("Close: %v", err)
	}
}

func TestSessionProxyAbortWhileReading(t *testing.T) {
	t.Cleanup(func() { goleak.VerifyNone(t) }) // after the host and proxy cleanups
	p := openSessionProxy(t, nil)
	done := delayCall(context.Background(), p, 60000)
	waitPending(t, p, 1)
	waitCallerReading(t, p)
	p.Abort()
	released(t, done, servicemodel.ErrAborted, time.Second)
	if st := p.State(); st != servicemodel.Faulted {
		t.Fatalf("state after Abort %v; want Faulted", st)
	}
}

// TestSessionMixedCalls runs calls from many goroutines on one session —
// alone in flight or not, slow and fast, some timing out, some abandoned —
// so that the reader role passes between callers and the background
// loop; every call that is not let go must get its own reply.
func TestSessionMixedCalls(t *testing.T) {
	t.Cleanup(func() { goleak.VerifyNone(t) }) // after the host and proxy cleanups
	p := openSessionProxy(t, nil)
	var wg sync.WaitGroup
	for g := range int32(8) {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(g), 1))
			for i := range int32(60) {
				switch rng.IntN(10) {
				case 0:
					ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
					err := p.Call(ctx, "Delay", &calculator.DelayRequest{Milliseconds: 5}, &calculator.DelayResponse{})
					cancel()
					if err != nil && !errors.Is(err, servicemodel.ErrTimedOut) {
						t.Errorf("timed call: %v", err)
					}
				case 1:
					id := servicemodel.CallID(1000*g + i + 1)
					done := delayCall(context.Background(), p, 3, servicemodel.WithCallID(id))
					_ = p.AbandonCall(id)
					if err := <-done; err != nil && !errors.Is(err, servicemodel.ErrAbandoned) {
						t.Errorf("abandoned call: %v", err)
					}
				case 2:
					var r calculator.DelayResponse
					if err := p.Call(context.Background(), "Delay", &calculator.DelayRequest{Milliseconds: 2}, &r); err != nil || r.DelayResult != 2 {
						t.Errorf("Delay(2) = %d, %v", r.DelayResult, err)
					}
				default:
					var r calculator.AddResponse
					if err := p.Call(context.Background(), "Add", &calculator.AddRequest{A: g, B: i}, &r); err != nil || r.AddResult != g+i {
						t.Errorf("Add(%d, %d) = %d, %v", g, i, r.AddResult, err)
					}
				}
			}
		})
	}
	wg.Wait()
	waitPending(t, p, 0)
	mustAdd(t, p, 2, 3)
	if err := p.Close(context.Background()); err != nil {
		t.Fatalf("Close: %v", err)
	}
}

// TestSessionDroppedWhileIdle: with no call pending nobody reads the
// session, so a host that drops it is noticed by the next call, which
// fails with ErrEndpointDisconnected and faults the proxy (as WCF's
// request channel notices at its next use).
func TestSessionDroppedWhileIdle(t *testing.T) {
	t.Cleanup(func() { goleak.VerifyNone(t) }) // after the host and proxy cleanups
	b := servicemodel.NewNetTCPBinding()
	h, to := startProxyHost(t, b)
	p, err := servicemodel.NewServiceProxy(b, calculator.ClientContract(), nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := p.Open(ctx, to); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Abort)
	mustAdd(t, p, 2, 3)
	h.Abort() // drops the idle session
	err = p.Call(ctx, "Add", &calculator.AddRequest{A: 1, B: 1}, &calculator.AddResponse{})
	if !errors.Is(err, servicemodel.ErrEndpointDisconnected) {
		t.Fatalf("call after the host dropped the idle session = %v; want ErrEndpointDisconnected", err)
	}
	for p.State() != servicemodel.Faulted && ctx.Err() == nil {
		time.Sleep(time.Millisecond)
	}
	if st := p.State(); st != servicemodel.Faulted {
		t.Fatalf("state %v; want Faulted", st)
	}
}
