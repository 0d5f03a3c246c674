package servicemodel_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
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
	release  chan struct{} // ends a Wait that was not cancelled
	obey     bool          // return when the cancel callback runs
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
	select {
	case <-wake:
	case <-s.release:
	}
	s.returned.Store(true)
	return &calculator.DelayResponse{}, nil
}

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
func startWait(t *testing.T, svc *waitService, opts servicemodel.HostOptions) (*servicemodel.Host, *fakeClient) {
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

func TestCancelHostAbort(t *testing.T) {
	defer goleak.VerifyNone(t)
	svc := newWaitService(true)
	h, c := startWait(t, svc, servicemodel.HostOptions{})
	h.Abort()
	if !svc.returned.Load() {
		t.Error("Abort returned before the call did")
	}
	checkRecord(t, svc, []cancel.Reason{cancel.HostAbort})
	if err := c.waitEnded(t); err == nil {
		t.Error("channel closed cleanly, want aborted")
	}
	if got := h.State(); got != servicemodel.Faulted {
		t.Errorf("state = %v, want Faulted", got)
	}
}

func TestCancelChannelFault(t *testing.T) {
	defer goleak.VerifyNone(t)
	svc := newWaitService(true)
	h, c := startWait(t, svc, servicemodel.HostOptions{})
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
	h, c := startWait(t, svc, servicemodel.HostOptions{})
	defer h.Abort()
	close(svc.release)
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
	h, c := startWait(t, svc, servicemodel.HostOptions{CloseTimeout: timeout})
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
	defer goleak.VerifyNone(t)
	svc := newWaitService(true)
	h, c := startWait(t, svc, servicemodel.HostOptions{})
	done := make(chan error, 1)
	go func() { done <- h.Close(context.Background()) }()
	waitState(t, h, servicemodel.Closing)
	select {
	case err := <-done:
		t.Fatalf("Close returned %v while a session was open", err)
	case <-time.After(30 * time.Millisecond):
	}
	close(svc.release)
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
}

func TestCloseContextEnds(t *testing.T) {
	defer goleak.VerifyNone(t)
	svc := newWaitService(true)
	h, _ := startWait(t, svc, servicemodel.HostOptions{})
	ctx, cancelCtx := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancelCtx()
	if err := h.Close(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Close = %v, want context.DeadlineExceeded", err)
	}
	checkRecord(t, svc, []cancel.Reason{cancel.HostAbort})
}

// Abort waits for a call that ignores its cancellation to return.
func TestAbortWaitsForCalls(t *testing.T) {
	defer goleak.VerifyNone(t)
	svc := newWaitService(false)
	h, _ := startWait(t, svc, servicemodel.HostOptions{})
	aborted := make(chan struct{})
	go func() {
		h.Abort()
		close(aborted)
	}()
	waitFor(t, func() bool { r, _, _ := svc.record(); return len(r) == 1 })
	select {
	case <-aborted:
		t.Fatal("Abort returned while the call was running")
	case <-time.After(30 * time.Millisecond):
	}
	close(svc.release)
	select {
	case <-aborted:
	case <-time.After(5 * time.Second):
		t.Fatal("Abort did not return after the call did")
	}
	checkRecord(t, svc, []cancel.Reason{cancel.HostAbort})
}
