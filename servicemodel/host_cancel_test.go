package servicemodel_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"go.uber.org/goleak"

	"github.com/wwsgo/wws/cancel"
	"github.com/wwsgo/wws/servicemodel"
	"github.com/wwsgo/wws/servicemodel/calculator"
)

const waitAction = testNS + "IWait/Wait"

// waitService has one operation, Wait, that registers for cancellation
// and records what the host does with it.
type waitService struct {
	started  chan struct{} // one value per call that registered
	release  chan struct{} // ends a Wait that was not cancelled; closed by unblock
	once     sync.Once
	obey     bool   // return when the cancel callback runs
	during   func() // when set, the operation calls it once it started
	returned atomic.Bool

	mu       sync.Mutex
	reasons  []cancel.Reason
	frees    int
	freeLate bool // the free-state callback ran after Wait returned
}

func newWaitService(obey bool) *waitService {
	return &waitService{started: make(chan struct{}, 4), release: make(chan struct{}), obey: obey}
}

func (s *waitService) contract() *servicemodel.Contract {
	return servicemodel.MustContract("IWait", "", servicemodel.Op("Wait", s.wait))
}

func (s *waitService) wait(ctx context.Context, _ *calculator.DelayRequest) (*calculator.DelayResponse, error) {
	wake := make(chan struct{})
	err := servicemodel.CallFromContext(ctx).Register(
		func(r cancel.Reason, state any) {
			s.mu.Lock()
			s.reasons = append(s.reasons, r)
			s.mu.Unlock()
			if s.obey {
				close(state.(chan struct{}))
			}
		},
		func(any) {
			s.mu.Lock()
			s.frees++
			s.freeLate = s.returned.Load()
			s.mu.Unlock()
		},
		wake)
	if err != nil {
		return nil, err
	}
	s.started <- struct{}{}
	if s.during != nil {
		s.during()
	}
	select {
	case <-wake:
	case <-s.release:
	}
	s.returned.Store(true)
	return &calculator.DelayResponse{}, nil
}

// unblock ends every Wait; it may be called more than once.
func (s *waitService) unblock() { s.once.Do(func() { close(s.release) }) }

func (s *waitService) record() (reasons []cancel.Reason, frees int, late bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]cancel.Reason(nil), s.reasons...), s.frees, s.freeLate
}

func (s *waitService) awaitStart(t *testing.T) {
	t.Helper()
	select {
	case <-s.started:
	case <-time.After(5 * time.Second):
		t.Fatal("operation did not start")
	}
}

// startWait opens a host over a waitService and starts one Wait call.
func startWait(t *testing.T, svc *waitService, opts *servicemodel.HostOptions) (*servicemodel.Host, *fakeClient) {
	t.Helper()
	b := newFakeBinding()
	h := newHost(t, b, opts, &servicemodel.Endpoint{Contract: svc.contract()})
	open(t, h)
	c := b.listener(t).connect(t)
	c.send(t, c.request(waitAction, &calculator.DelayRequest{}))
	svc.awaitStart(t)
	return h, c
}

func checkRecord(t *testing.T, svc *waitService, want []cancel.Reason) {
	t.Helper()
	reasons, frees, late := svc.record()
	if len(reasons) != len(want) || len(want) == 1 && reasons[0] != want[0] {
		t.Errorf("cancel callbacks = %v, want %v", reasons, want)
	}
	if frees != 1 || !late {
		t.Errorf("free-state callbacks = %d (after the operation returned: %v), want 1 after", frees, late)
	}
}

// Abort cancels the call with HostAbort and aborts its channel; the
// operation, which obeys its cancel callback, returns, and Close of the
// faulted host waits for it.
func TestCancelHostAbort(t *testing.T) {
	defer goleak.VerifyNone(t)
	svc := newWaitService(true)
	h, c := startWait(t, svc, nil)
	h.Abort()
	if got := h.State(); got != servicemodel.Faulted {
		t.Errorf("state = %v, want Faulted", got)
	}
	if err := c.waitEnded(t); err == nil {
		t.Error("channel closed cleanly, want aborted")
	}
	if err := h.Close(context.Background()); err != nil {
		t.Errorf("Close after Abort = %v", err)
	}
	if !svc.returned.Load() {
		t.Error("Close returned before the call did")
	}
	checkRecord(t, svc, []cancel.Reason{cancel.HostAbort})
}

func TestCancelChannelFault(t *testing.T) {
	defer goleak.VerifyNone(t)
	svc := newWaitService(true)
	h, c := startWait(t, svc, nil)
	defer h.Abort()
	c.fault()
	waitFor(t, svc.returned.Load)
	if err := h.Close(context.Background()); err != nil {
		t.Fatalf("Close: %v", err)
	}
	checkRecord(t, svc, []cancel.Reason{cancel.ChannelFault})
	if got := h.State(); got != servicemodel.Closed {
		t.Errorf("state = %v, want Closed: a channel fault does not fault the host", got)
	}
}

func TestCancelNormalCompletion(t *testing.T) {
	defer goleak.VerifyNone(t)
	svc := newWaitService(true)
	h, c := startWait(t, svc, nil)
	defer h.Abort()
	svc.unblock()
	if r := c.recv(t); r == nil || r.IsFault() {
		t.Fatalf("reply = %v, want WaitResponse", r)
	}
	c.close()
	if err := h.Close(context.Background()); err != nil {
		t.Fatalf("Close: %v", err)
	}
	checkRecord(t, svc, nil)
}

// Close waits for the session client; when it has not closed after
// CloseTimeout, Close aborts the rest (cancelling the call) and reports
// ErrTimedOut.
func TestCloseTimesOutThenAborts(t *testing.T) {
	defer goleak.VerifyNone(t)
	svc := newWaitService(true)
	const timeout = 100 * time.Millisecond
	h, c := startWait(t, svc, &servicemodel.HostOptions{CloseTimeout: timeout})
	start := time.Now()
	err := h.Close(context.Background())
	if !errors.Is(err, servicemodel.ErrTimedOut) {
		t.Errorf("Close = %v, want ErrTimedOut", err)
	}
	if d := time.Since(start); d < timeout {
		t.Errorf("Close returned after %v, before the %v timeout", d, timeout)
	}
	if !svc.returned.Load() {
		t.Error("Close returned before the call did")
	}
	checkRecord(t, svc, []cancel.Reason{cancel.HostAbort})
	if err := c.waitEnded(t); err == nil {
		t.Error("channel closed cleanly, want aborted")
	}
	if got := h.State(); got != servicemodel.Closed {
		t.Errorf("state = %v, want Closed", got)
	}
}

// Close returns once the session client closes, after the call under way
// has replied; a Close context that ends first is reported as such.
func TestCloseWaitsForSessionClient(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		svc := newWaitService(true)
		h, c := startWait(t, svc, nil)
		done := make(chan error, 1)
		go func() { done <- h.Close(context.Background()) }()
		synctest.Wait() // Close is blocked, or has returned
		if got := h.State(); got != servicemodel.Closing {
			t.Fatalf("state during Close = %v, want Closing", got)
		}
		select {
		case err := <-done:
			t.Fatalf("Close returned %v while a session was open", err)
		default:
		}
		svc.unblock()
		if r := c.recv(t); r == nil || r.IsFault() {
			t.Fatalf("reply during Close = %v, want WaitResponse", r)
		}
		c.close()
		if err := <-done; err != nil {
			t.Errorf("Close = %v, want nil", err)
		}
		if err := c.waitEnded(t); err != nil {
			t.Errorf("channel ended with %v, want a clean close", err)
		}
		checkRecord(t, svc, nil)
	})
}

// A Close whose context ends aborts the rest and reports ctx's error; it
// does not wait for the calls past its context, which return on their own.
func TestCloseContextEnds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		svc := newWaitService(true)
		h, _ := startWait(t, svc, nil)
		ctx, cancelCtx := context.WithTimeout(context.Background(), 20*time.Millisecond)
		defer cancelCtx()
		if err := h.Close(ctx); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Close = %v, want context.DeadlineExceeded", err)
		}
		synctest.Wait()
		checkRecord(t, svc, []cancel.Reason{cancel.HostAbort})
	})
}

// Abort returns at once while an operation ignores its cancellation for
// 5 s (WsAbortServiceHost): it cancels the call and aborts the channel
// but does not wait. The free-state callback runs exactly once, when the
// operation returns, and Close of the faulted host waits for that ("the
// runtime still waits for the call to complete"). In a synctest bubble,
// Abort blocked on the operation would let the 100 ms timer fire.
func TestAbortDoesNotWaitForCalls(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		svc := newWaitService(false)
		defer svc.unblock() // the end of the test ends the operation
		h, c := startWait(t, svc, nil)
		aborted := make(chan struct{})
		go func() {
			h.Abort()
			close(aborted)
		}()
		select {
		case <-aborted:
		case <-time.After(100 * time.Millisecond):
			t.Fatal("Abort did not return within 100 ms of an operation that ignores its context")
		}
		if got := h.State(); got != servicemodel.Faulted {
			t.Errorf("state after Abort = %v, want Faulted", got)
		}
		if err := c.waitEnded(t); err == nil {
			t.Error("channel closed cleanly, want aborted")
		}

		time.Sleep(5 * time.Second) // the operation ignores its context meanwhile
		synctest.Wait()
		reasons, frees, _ := svc.record()
		if len(reasons) != 1 || reasons[0] != cancel.HostAbort {
			t.Errorf("cancel callbacks = %v, want [HostAbort]", reasons)
		}
		if svc.returned.Load() || frees != 0 {
			t.Fatalf("operation returned = %v, free-state callbacks = %d, want a running call", svc.returned.Load(), frees)
		}

		closed := make(chan error, 1)
		go func() { closed <- h.Close(context.Background()) }()
		synctest.Wait()
		select {
		case err := <-closed:
			t.Fatalf("Close returned %v before the aborted call did", err)
		default:
		}
		svc.unblock() // the operation returns
		if err := <-closed; err != nil {
			t.Errorf("Close after Abort = %v", err)
		}
		checkRecord(t, svc, []cancel.Reason{cancel.HostAbort})
		if got := h.State(); got != servicemodel.Closed {
			t.Errorf("state = %v, want Closed", got)
		}
	})
}

// An operation may abort its own host: Abort does not wait for the call
// that made it. The call is cancelled like the others and its free-state
// callback runs once it returns.
func TestAbortFromOperation(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		svc := newWaitService(true)
		var h *servicemodel.Host
		svc.during = func() { h.Abort() }
		b := newFakeBinding()
		h = newHost(t, b, nil, &servicemodel.Endpoint{Contract: svc.contract()})
		open(t, h)
		c := b.listener(t).connect(t)
		c.send(t, c.request(waitAction, &calculator.DelayRequest{}))
		svc.awaitStart(t)
		if err := c.waitEnded(t); err == nil {
			t.Error("channel closed cleanly, want aborted")
		}
		if err := h.Close(context.Background()); err != nil {
			t.Errorf("Close after Abort = %v", err)
		}
		checkRecord(t, svc, []cancel.Reason{cancel.HostAbort})
		if got := h.State(); got != servicemodel.Closed {
			t.Errorf("state = %v, want Closed", got)
		}
	})
}

// A Close whose context ends before the aborted call returns leaves the
// call running; Reset does not wait, and the next Open waits for the call
// to return before it listens, so a host never runs the calls of two
// openings at once. An Open whose context ends first fails Faulted.
func TestOpenWaitsForCallsOfLastOpening(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		svc := newWaitService(false)
		defer svc.unblock()
		h, _ := startWait(t, svc, nil)
		b := h.Endpoints()[0].Binding.(*fakeBinding)
		h.Abort()
		ctx, cancelCtx := context.WithTimeout(context.Background(), time.Second)
		defer cancelCtx()
		if err := h.Close(ctx); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Close = %v, want context.DeadlineExceeded", err)
		}
		if err := h.Reset(); err != nil {
			t.Fatalf("Reset with a call still running = %v", err)
		}

		short, cancelShort := context.WithTimeout(context.Background(), time.Second)
		defer cancelShort()
		if err := h.Open(short); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Open while the last opening's call runs = %v, want context.DeadlineExceeded", err)
		}
		if n := b.made(); n != 1 {
			t.Errorf("listeners made = %d, want 1: Open listened before the call returned", n)
		}
		if err := h.Close(context.Background()); err != nil {
			t.Fatalf("Close of the faulted host = %v", err)
		}
		if err := h.Reset(); err != nil {
			t.Fatalf("Reset = %v", err)
		}

		opened := make(chan error, 1)
		go func() { opened <- h.Open(context.Background()) }()
		synctest.Wait()
		select {
		case err := <-opened:
			t.Fatalf("Open returned %v while the last opening's call ran", err)
		default:
		}
		if n := b.made(); n != 1 {
			t.Errorf("listeners made = %d, want 1: Open listened before the call returned", n)
		}
		svc.unblock()
		if err := <-opened; err != nil {
			t.Fatalf("Open after the call returned = %v", err)
		}
		checkRecord(t, svc, []cancel.Reason{cancel.HostAbort})
		h.Abort()
		if err := h.Close(context.Background()); err != nil {
			t.Errorf("Close = %v", err)
		}
	})
}
