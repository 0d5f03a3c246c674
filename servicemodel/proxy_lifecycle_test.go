package servicemodel

import (
	"context"
	"errors"
	"io"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"go.uber.org/goleak"
)

func TestProxyCloseWaitsForPendingCalls(t *testing.T) {
	defer goleak.VerifyNone(t)
	p, b := newOpenProxy(t, nil)
	call := startBlocked(t, p, b)
	closed := make(chan error, 1)
	go func() { closed <- p.Close(context.Background()) }()
	waitState(t, p, Closing)
	notYet(t, closed, "Close with a pending call")
	if _, err := add(context.Background(), p, 1, 1); !errors.Is(err, ErrInvalidOperation) {
		t.Errorf("new call while Closing: err = %v, want ErrInvalidOperation", err)
	}
	close(b.server.release)
	if r := await(t, call, "pending call"); r.err != nil || r.v != -1 {
		t.Errorf("pending call = %d, %v; want -1, nil", r.v, r.err)
	}
	if err := await(t, closed, "Close"); err != nil {
		t.Errorf("Close: %v", err)
	}
	ch := b.last(t)
	if got := p.State(); got != Closed || ch.closes.Load() != 1 || ch.aborts.Load() != 0 {
		t.Errorf("state %v, channel closes %d aborts %d; want Closed, 1, 0", got, ch.closes.Load(), ch.aborts.Load())
	}
}

func TestProxyMaxPendingCalls(t *testing.T) {
	defer goleak.VerifyNone(t)
	const max = 3
	p, b := newOpenProxy(t, &ProxyOptions{MaxPendingCalls: max})
	var calls []<-chan result
	for range max {
		calls = append(calls, startBlocked(t, p, b))
	}
	if got := p.PendingCalls(); got != max {
		t.Errorf("PendingCalls() = %d, want %d", got, max)
	}
	if _, err := add(context.Background(), p, 1, 1); !errors.Is(err, ErrQuotaExceeded) {
		t.Errorf("call over the quota: err = %v, want ErrQuotaExceeded", err)
	}
	close(b.server.release)
	for _, c := range calls {
		if r := await(t, c, "pending call"); r.err != nil {
			t.Errorf("pending call: %v", r.err)
		}
	}
	if got, err := add(context.Background(), p, 1, 1); err != nil || got != 2 {
		t.Errorf("call under the quota again = %d, %v; want 2, nil", got, err)
	}
	if err := p.Close(context.Background()); err != nil {
		t.Errorf("Close: %v", err)
	}
}

func TestProxyAbandonCall(t *testing.T) {
	defer goleak.VerifyNone(t)
	p, b := newOpenProxy(t, &ProxyOptions{MaxPendingCalls: 2})
	seven := startBlocked(t, p, b, WithCallID(7))
	eight := startBlocked(t, p, b, WithCallID(8))
	if err := p.AbandonCall(7); err != nil {
		t.Fatalf("AbandonCall(7): %v", err)
	}
	if r := await(t, seven, "abandoned call"); !errors.Is(r.err, ErrAbandoned) {
		t.Errorf("abandoned call: err = %v, want ErrAbandoned", r.err)
	}
	notYet(t, eight, "call 8")
	if err := p.AbandonCall(99); err != nil {
		t.Errorf("AbandonCall of an unknown id: %v, want nil", err)
	}
	// The abandoned call's I/O goes on: it still holds its quota slot and
	// its server handler was not cancelled.
	if _, err := add(context.Background(), p, 1, 1); !errors.Is(err, ErrQuotaExceeded) {
		t.Errorf("call while the abandoned I/O runs: err = %v, want ErrQuotaExceeded", err)
	}
	close(b.server.release)
	if r := await(t, eight, "call 8"); r.err != nil || r.v != -1 {
		t.Errorf("call 8 = %d, %v; want -1, nil", r.v, r.err)
	}
	if err := p.Close(context.Background()); err != nil {
		t.Errorf("Close: %v", err)
	}
	if cancelled, finished := b.server.counts(); cancelled != 0 || finished != 2 {
		t.Errorf("server handlers cancelled %d finished %d, want 0 and 2", cancelled, finished)
	}
}

func TestProxyAbandonAll(t *testing.T) {
	defer goleak.VerifyNone(t)
	p, b := newOpenProxy(t, nil)
	calls := []<-chan result{startBlocked(t, p, b), startBlocked(t, p, b, WithCallID(3))}
	if err := p.AbandonAll(); err != nil {
		t.Fatalf("AbandonAll: %v", err)
	}
	for _, c := range calls {
		if r := await(t, c, "abandoned call"); !errors.Is(r.err, ErrAbandoned) {
			t.Errorf("err = %v, want ErrAbandoned", r.err)
		}
	}
	if got := p.State(); got != Open {
		t.Errorf("state after AbandonAll %v, want Open", got)
	}
	close(b.server.release)
	if err := p.Close(context.Background()); err != nil {
		t.Errorf("Close: %v", err)
	}
}

func TestProxyDroppedConnection(t *testing.T) {
	defer goleak.VerifyNone(t)
	p, b := newOpenProxy(t, nil)
	calls := []<-chan result{startBlocked(t, p, b), startBlocked(t, p, b), startBlocked(t, p, b)}
	b.last(t).Drop(io.ErrUnexpectedEOF)
	for i, c := range calls {
		r := await(t, c, "pending call")
		if !errors.Is(r.err, ErrEndpointDisconnected) || !errors.Is(r.err, io.ErrUnexpectedEOF) {
			t.Errorf("call %d: err = %v, want ErrEndpointDisconnected wrapping the cause", i, r.err)
		}
	}
	waitState(t, p, Faulted)
	if _, err := add(context.Background(), p, 1, 1); !errors.Is(err, ErrObjectFaulted) {
		t.Errorf("call on the faulted proxy: err = %v, want ErrObjectFaulted", err)
	}
	if err := p.Close(context.Background()); err != nil || p.State() != Closed {
		t.Errorf("Close of the faulted proxy: %v, state %v; want nil, Closed", err, p.State())
	}
}

func TestProxyAbortCancelsPendingCalls(t *testing.T) {
	defer goleak.VerifyNone(t)
	p, b := newOpenProxy(t, nil)
	call := startBlocked(t, p, b)
	p.Abort()
	if r := await(t, call, "pending call"); !errors.Is(r.err, ErrAborted) {
		t.Errorf("pending call: err = %v, want ErrAborted", r.err)
	}
	if got := p.State(); got != Faulted {
		t.Errorf("state %v, want Faulted", got)
	}
	if err := p.Close(context.Background()); err != nil { // waits for the cancelled I/O
		t.Errorf("Close: %v", err)
	}
	if cancelled, _ := b.server.counts(); cancelled != 1 || b.last(t).aborts.Load() != 1 {
		t.Errorf("server handlers cancelled %d, channel aborts %d; want 1, 1", cancelled, b.last(t).aborts.Load())
	}
}

func TestProxyAbortDuringOpen(t *testing.T) {
	defer goleak.VerifyNone(t)
	p, b := newTestProxy(t, nil)
	b.dialGate = make(chan struct{})
	opened := make(chan error, 1)
	go func() { opened <- p.Open(context.Background(), testAddress) }()
	waitState(t, p, Opening)
	p.Abort()
	if err := await(t, opened, "Open"); !errors.Is(err, ErrAborted) {
		t.Errorf("Open: err = %v, want ErrAborted", err)
	}
	if got, n := p.State(), b.dialCancelled.Load(); got != Created || n != 1 {
		t.Errorf("state %v, dials cancelled %d; want Created, 1", got, n)
	}
	close(b.dialGate)
	mustOpen(t, p) // back in Created: the proxy opens again
	if got, err := add(context.Background(), p, 2, 2); err != nil || got != 4 {
		t.Errorf("Add after re-open = %d, %v", got, err)
	}
	if err := p.Close(context.Background()); err != nil {
		t.Errorf("Close: %v", err)
	}
}

func TestProxyAbortDuringClose(t *testing.T) {
	defer goleak.VerifyNone(t)
	p, b := newOpenProxy(t, nil)
	call := startBlocked(t, p, b)
	closed := make(chan error, 1)
	go func() { closed <- p.Close(context.Background()) }()
	waitState(t, p, Closing)
	p.Abort()
	if err := await(t, closed, "Close"); !errors.Is(err, ErrAborted) {
		t.Errorf("Close: err = %v, want ErrAborted (informational)", err)
	}
	if r := await(t, call, "pending call"); !errors.Is(r.err, ErrAborted) {
		t.Errorf("pending call: err = %v, want ErrAborted", r.err)
	}
	if got := p.State(); got != Closed {
		t.Errorf("state %v, want Closed", got)
	}
	if err := p.Reset(); err != nil {
		t.Errorf("Reset: %v", err)
	}
}

func TestProxyCloseAbortsAStuckChannel(t *testing.T) {
	defer goleak.VerifyNone(t)
	p, b := newTestProxy(t, nil)
	b.closeGate = make(chan struct{}) // the channel's Close never finishes by itself
	mustOpen(t, p)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	err := p.Close(ctx)
	if !errors.Is(err, ErrTimedOut) || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Close: err = %v, want ErrTimedOut", err)
	}
	if got, n := p.State(), b.last(t).aborts.Load(); got != Closed || n == 0 {
		t.Errorf("state %v, channel aborts %d; want Closed, ≥1", got, n)
	}
}

func TestProxyReset(t *testing.T) {
	defer goleak.VerifyNone(t)
	p, b := newOpenProxy(t, nil)
	if err := p.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := p.Reset(); err != nil || p.State() != Created || p.Address() != "" {
		t.Fatalf("Reset: %v, state %v, address %q; want nil, Created, empty", err, p.State(), p.Address())
	}
	const other = "net.tcp://127.0.0.1:9000/other"
	if err := p.Open(context.Background(), other); err != nil {
		t.Fatal(err)
	}
	if _, err := add(context.Background(), p, 1, 2); err != nil {
		t.Fatal(err)
	}
	if got := b.server.waitArrived(t, 1)[0].To; got != other {
		t.Errorf("To after reopen %q, want %q", got, other)
	}
	if n := len(b.channels()); n != 2 {
		t.Errorf("%d channels dialed, want 2", n)
	}
	p.Close(context.Background())
}

func TestProxyOpenFailures(t *testing.T) {
	defer goleak.VerifyNone(t)
	tests := []struct {
		name      string
		address   string
		dialErr   error
		want      error
		wantState State
	}{
		{"refused", testAddress, syscall.ECONNREFUSED, ErrEndpointNotFound, Faulted},
		{"unreachable", testAddress, syscall.EHOSTUNREACH, ErrEndpointUnreachable, Faulted},
		{"wrong scheme", "http://127.0.0.1/calculator", nil, ErrInvalidEndpointURL, Created},
		{"no host", "net.tcp:///calculator", nil, ErrInvalidEndpointURL, Created},
		{"not a URL", "net.tcp://[::1", nil, ErrInvalidEndpointURL, Created},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, b := newTestProxy(t, nil)
			b.dialErr = tc.dialErr
			err := p.Open(context.Background(), tc.address)
			if !errors.Is(err, tc.want) || p.State() != tc.wantState {
				t.Errorf("Open: err = %v, state %v; want %v, %v", err, p.State(), tc.want, tc.wantState)
			}
			if tc.dialErr != nil && !errors.Is(err, tc.dialErr) {
				t.Errorf("Open: err = %v does not keep the cause %v", err, tc.dialErr)
			}
		})
	}
}

func TestProxyCallTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p, b := newOpenProxy(t, nil) // CallTimeout: WWSAPI's 30 s
		start := time.Now()
		var resp pxDelayResponse
		err := p.Call(context.Background(), "Delay", &pxDelay{Milliseconds: -1}, &resp)
		if !errors.Is(err, ErrTimedOut) || !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("err = %v, want ErrTimedOut and context.DeadlineExceeded", err)
		}
		if d := time.Since(start); d != DefaultCallTimeout {
			t.Errorf("timed out after %v, want %v", d, DefaultCallTimeout)
		}
		if got := p.State(); got != Open {
			t.Errorf("state after a call timeout %v, want Open", got)
		}
		if err := p.Close(context.Background()); err != nil {
			t.Errorf("Close: %v", err)
		}
		if cancelled, _ := b.server.counts(); cancelled != 1 {
			t.Errorf("server handlers cancelled %d, want 1", cancelled)
		}
	})
}

func TestProxyCallContextDeadlineWins(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p, _ := newOpenProxy(t, &ProxyOptions{CallTimeout: -1}) // no call timeout
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		start := time.Now()
		err := p.Call(ctx, "Delay", &pxDelay{Milliseconds: -1}, &pxDelayResponse{})
		if !errors.Is(err, ErrTimedOut) || time.Since(start) != time.Minute {
			t.Errorf("err = %v after %v, want ErrTimedOut after 1m", err, time.Since(start))
		}
		p.Close(context.Background())
	})
}

func TestProxyMaxCloseTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p, b := newOpenProxy(t, nil) // MaxCloseTimeout: WWSAPI's 5 s
		call := make(chan error, 1)
		go func() {
			call <- p.Call(context.Background(), "Delay", &pxDelay{Milliseconds: -1}, &pxDelayResponse{})
		}()
		synctest.Wait()
		start := time.Now()
		err := p.Close(context.Background())
		if !errors.Is(err, ErrTimedOut) || time.Since(start) != DefaultMaxCloseTimeout {
			t.Errorf("Close: err = %v after %v, want ErrTimedOut after %v", err, time.Since(start), DefaultMaxCloseTimeout)
		}
		if got := p.State(); got != Closed {
			t.Errorf("state %v, want Closed", got)
		}
		if err := <-call; !errors.Is(err, ErrTimedOut) {
			t.Errorf("pending call: err = %v, want the close's ErrTimedOut", err)
		}
		if n := b.last(t).aborts.Load(); n != 1 {
			t.Errorf("channel aborts %d, want 1", n)
		}
		synctest.Wait()
	})
}
