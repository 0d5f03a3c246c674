package servicemodel

// The host runs each operation inline on the goroutine that received its
// message, and hands the receiving over to a new goroutine once a call has
// run for inlineHandoffDelay (host_channel.go). These tests drive a real
// net.tcp host with a ServiceProxy.

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/wwsgo/wws/cancel"
)

// inlineService serves Add and Delay. Delay with Milliseconds < 0 blocks
// until release (or until its context ends, whose cause it reports on
// cancelled); otherwise it sleeps that long.
type inlineService struct {
	started   chan struct{} // one value per blocking Delay that began
	release   chan struct{}
	cancelled chan error // the cause of a blocking Delay's cancellation
}

func newInlineService() *inlineService {
	return &inlineService{started: make(chan struct{}, 4), release: make(chan struct{}),
		cancelled: make(chan error, 4)}
}

func (s *inlineService) contract() *Contract {
	return MustContract("ICalculator", "",
		Op("Add", func(_ context.Context, r *pxAdd) (*pxAddResponse, error) {
			return &pxAddResponse{AddResult: r.A + r.B}, nil
		}),
		Op("Delay", func(ctx context.Context, r *pxDelay) (*pxDelayResponse, error) {
			if r.Milliseconds >= 0 {
				time.Sleep(time.Duration(r.Milliseconds) * time.Millisecond)
				return &pxDelayResponse{DelayResult: r.Milliseconds}, nil
			}
			s.started <- struct{}{}
			select {
			case <-s.release:
			case <-ctx.Done():
				s.cancelled <- context.Cause(ctx)
			}
			return &pxDelayResponse{DelayResult: r.Milliseconds}, nil
		}),
	)
}

// inlineHost opens a net.tcp host over svc with the given handoff delay
// and MaxConcurrency, and a proxy connected to it.
func inlineHost(t *testing.T, delay time.Duration, concurrency int, svc *inlineService) (*Host, *ServiceProxy) {
	t.Helper()
	saved := inlineHandoffDelay
	inlineHandoffDelay = delay
	t.Cleanup(func() { inlineHandoffDelay = saved })
	h, err := NewHost(nil, &Endpoint{Address: "net.tcp://127.0.0.1:0/calculator",
		Binding: NewNetTCPBinding(), Contract: svc.contract(), MaxConcurrency: concurrency})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancelCtx := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancelCtx()
	if err := h.Open(ctx); err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(h.Abort)
	p, err := NewServiceProxy(NewNetTCPBinding(), calculator, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Open(ctx, "net.tcp://"+h.Addrs()[0].String()+"/calculator"); err != nil {
		t.Fatalf("proxy Open: %v", err)
	}
	t.Cleanup(p.Abort)
	return h, p
}

// startDelay starts a blocking Delay call and waits until the operation
// runs.
func startDelay(t *testing.T, p *ServiceProxy, svc *inlineService) <-chan error {
	t.Helper()
	out := make(chan error, 1)
	go func() {
		var resp pxDelayResponse
		out <- p.Call(context.Background(), "Delay", &pxDelay{Milliseconds: -1}, &resp)
	}()
	await(t, svc.started, "the Delay operation's start")
	return out
}

// startAdd starts an Add(2, 3) call; it delivers the call's error, or a
// wrong sum.
func startAdd(p *ServiceProxy) <-chan error {
	out := make(chan error, 1)
	go func() {
		ctx, cancelCtx := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancelCtx()
		sum, err := add(ctx, p, 2, 3)
		if err == nil && sum != 5 {
			err = fmt.Errorf("Add(2, 3) = %d", sum)
		}
		out <- err
	}()
	return out
}

// loopOf returns the receive loop of the host's only channel.
func loopOf(t *testing.T, h *Host) *recvLoop {
	t.Helper()
	r := h.current()
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.channels) != 1 {
		t.Fatalf("%d channels, want 1", len(r.channels))
	}
	for c := range r.channels {
		return &c.loop
	}
	panic("unreachable")
}

// closeBoth closes the proxy, then the host, cleanly.
func closeBoth(t *testing.T, h *Host, p *ServiceProxy) {
	t.Helper()
	ctx, cancelCtx := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancelCtx()
	if err := p.Close(ctx); err != nil {
		t.Errorf("proxy Close: %v", err)
	}
	if err := h.Close(ctx); err != nil {
		t.Errorf("host Close: %v", err)
	}
}

// A call that does not outlast the handoff delay runs on the receiving
// goroutine: while it runs nothing receives, so a second request on the
// session waits for it even with MaxConcurrency 2, and the loop is never
// handed off.
func TestHostRunsCallsInline(t *testing.T) {
	checkLeaks(t)
	svc := newInlineService()
	h, p := inlineHost(t, time.Hour, 2, svc)
	for i := range 20 {
		if err := <-startAdd(p); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	delay := startDelay(t, p, svc)
	second := startAdd(p)
	notYet(t, second, "Add behind an inline Delay")
	close(svc.release)
	if err := await(t, delay, "Delay"); err != nil {
		t.Errorf("Delay: %v", err)
	}
	if err := await(t, second, "Add"); err != nil {
		t.Errorf("Add: %v", err)
	}
	if n := loopOf(t, h).handoffs.Load(); n != 0 {
		t.Errorf("%d handoffs, want 0", n)
	}
	closeBoth(t, h, p)
}

// Without a pending Receive, a client that drops the connection during an
// inline call is noticed only once the call returned: the call is not
// cancelled; the channel then faults and the host closes cleanly.
func TestHostInlineCallOutlivesClientDrop(t *testing.T) {
	checkLeaks(t)
	svc := newInlineService()
	h, p := inlineHost(t, time.Hour, 1, svc)
	delay := startDelay(t, p, svc)
	p.Abort()
	if err := await(t, delay, "Delay after Abort"); err == nil {
		t.Error("Delay succeeded on an aborted proxy")
	}
	notYet(t, svc.cancelled, "cancellation of the inline Delay")
	close(svc.release)
	ctx, cancelCtx := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancelCtx()
	if err := h.Close(ctx); err != nil {
		t.Errorf("host Close: %v", err)
	}
}

// A call that outlasts the handoff delay hands the receiving over: with
// MaxConcurrency 2 a second request on the session is received and
// answered while the first still runs; with MaxConcurrency 1 it is
// received but waits for the first call's slot, as a goroutine per call
// did.
func TestHostHandsOffSlowCall(t *testing.T) {
	for _, concurrency := range []int{2, 1} {
		t.Run(fmt.Sprintf("MaxConcurrency%d", concurrency), func(t *testing.T) {
			checkLeaks(t)
			svc := newInlineService()
			h, p := inlineHost(t, 100*time.Microsecond, concurrency, svc)
			delay := startDelay(t, p, svc)
			second := startAdd(p)
			if concurrency > 1 {
				if err := await(t, second, "Add beside a slow Delay"); err != nil {
					t.Errorf("Add: %v", err)
				}
				select {
				case err := <-delay:
					t.Fatalf("Delay returned %v before its release", err)
				default:
				}
			} else {
				notYet(t, second, "Add behind a Delay at MaxConcurrency 1")
			}
			waitHandoff(t, loopOf(t, h))
			close(svc.release)
			if err := await(t, delay, "Delay"); err != nil {
				t.Errorf("Delay: %v", err)
			}
			if concurrency == 1 {
				if err := await(t, second, "Add"); err != nil {
					t.Errorf("Add: %v", err)
				}
			}
			closeBoth(t, h, p)
		})
	}
}

// A client that drops the connection during a slow call is noticed by the
// Receive of the goroutine the loop was handed to: the call is cancelled
// with the channel-fault cause.
func TestHostHandoffNoticesClientDrop(t *testing.T) {
	checkLeaks(t)
	svc := newInlineService()
	h, p := inlineHost(t, 100*time.Microsecond, 1, svc)
	delay := startDelay(t, p, svc)
	waitHandoff(t, loopOf(t, h))
	p.Abort()
	if cause := await(t, svc.cancelled, "cancellation of the Delay"); !errors.Is(cause, cancel.ErrChannelFaulted) {
		t.Errorf("cancellation cause = %v, want %v", cause, cancel.ErrChannelFaulted)
	}
	if err := await(t, delay, "Delay after Abort"); err == nil {
		t.Error("Delay succeeded on an aborted proxy")
	}
	ctx, cancelCtx := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancelCtx()
	if err := h.Close(ctx); err != nil {
		t.Errorf("host Close: %v", err)
	}
}

// Calls around the handoff delay, from several goroutines on one session,
// race the timer against the calls' ends (stale firings, early handoffs,
// handoffs of handed-off loops): every call is answered and the host
// closes cleanly.
func TestHostHandoffRaces(t *testing.T) {
	checkLeaks(t)
	svc := newInlineService()
	h, p := inlineHost(t, 20*time.Microsecond, 2, svc)
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for g := range 4 {
		wg.Go(func() {
			ctx, cancelCtx := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancelCtx()
			for i := range 40 {
				var err error
				if (g+i)%3 == 0 {
					var resp pxDelayResponse
					err = p.Call(ctx, "Delay", &pxDelay{Milliseconds: int32(i % 2)}, &resp)
				} else if sum, e := add(ctx, p, int32(i), 1); e != nil || sum != int32(i)+1 {
					err = fmt.Errorf("Add(%d, 1) = %d, %v", i, sum, e)
				}
				if err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	closeBoth(t, h, p)
}

// waitHandoff waits until l was handed off at least once.
func waitHandoff(t *testing.T, l *recvLoop) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for l.handoffs.Load() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the slow call was not handed off")
		}
		time.Sleep(time.Millisecond)
	}
}
