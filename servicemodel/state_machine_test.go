package servicemodel

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestStateMachineTransition(t *testing.T) {
	tests := []struct {
		name      string
		start     State
		from      []State
		to        State
		wantPrior State
		wantOK    bool
		wantState State
	}{
		{"listed", Created, []State{Created}, Opening, Created, true, Opening},
		{"one of several", Open, []State{Opening, Open}, Faulted, Open, true, Faulted},
		{"not listed", Open, []State{Created, Closing}, Closed, Open, false, Open},
		{"wildcard", Open, nil, Faulted, Open, true, Faulted},
		{"wildcard never leaves terminal", Closed, nil, Faulted, Closed, false, Closed},
		{"terminal left when named", Closed, []State{Closed}, Created, Closed, true, Created},
		{"same state", Open, []State{Open}, Open, Open, true, Open},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := newStateMachine(tc.start)
			prior, ok := m.Transition(tc.from, tc.to)
			if prior != tc.wantPrior || ok != tc.wantOK {
				t.Errorf("Transition(%v, %v) = (%v, %v), want (%v, %v)", tc.from, tc.to, prior, ok, tc.wantPrior, tc.wantOK)
			}
			if got := m.State(); got != tc.wantState {
				t.Errorf("State() = %v, want %v", got, tc.wantState)
			}
		})
	}
}

func isClosed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

func TestStateMachineChangedWakesOnlyOnChange(t *testing.T) {
	m := newStateMachine(Created)
	ch := m.Changed()
	if _, ok := m.Transition([]State{Open}, Closed); ok || isClosed(ch) {
		t.Fatalf("refused transition: ok=%v, channel closed=%v; want false, false", ok, isClosed(ch))
	}
	if _, ok := m.Transition([]State{Created}, Created); !ok || isClosed(ch) {
		t.Fatalf("transition to the same state: ok=%v, channel closed=%v; want true, false", ok, isClosed(ch))
	}
	m.Transition([]State{Created}, Opening)
	if !isClosed(ch) {
		t.Fatal("Changed channel not closed after Created -> Opening")
	}
	next := m.Changed()
	if isClosed(next) {
		t.Fatal("Changed after a change returned a closed channel, want a fresh one")
	}
}

func TestStateMachineWaitersWoken(t *testing.T) {
	defer goleak.VerifyNone(t)
	m := newStateMachine(Created)
	const waiters = 8
	var wg sync.WaitGroup
	got := make([]State, waiters)
	for i := range waiters {
		wg.Go(func() {
			s, err := m.WaitFor(context.Background(), Closed, Faulted)
			if err != nil {
				t.Errorf("waiter %d: WaitFor error %v, want nil", i, err)
			}
			got[i] = s
		})
	}
	for _, step := range []struct{ from, to State }{{Created, Opening}, {Opening, Open}, {Open, Faulted}} {
		if _, ok := m.Transition([]State{step.from}, step.to); !ok {
			t.Fatalf("Transition %v -> %v refused", step.from, step.to)
		}
	}
	wg.Wait()
	for i, s := range got {
		if s != Faulted {
			t.Errorf("waiter %d woke with %v, want Faulted", i, s)
		}
	}
}

func TestStateMachineWaitForContext(t *testing.T) {
	defer goleak.VerifyNone(t)
	m := newStateMachine(Open)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	s, err := m.WaitFor(ctx, Closed)
	if s != Open || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("WaitFor = (%v, %v), want (Open, %v)", s, err, context.DeadlineExceeded)
	}
	if s, err := m.WaitFor(context.Background(), Open); s != Open || err != nil {
		t.Errorf("WaitFor current state = (%v, %v), want (Open, nil)", s, err)
	}
}

func TestStateMachineTerminalSticks(t *testing.T) {
	m := newStateMachine(Open)
	m.Transition([]State{Open}, Closed)
	for _, to := range []State{Created, Opening, Open, Closing, Faulted} {
		if _, ok := m.Transition(nil, to); ok {
			t.Errorf("wildcard Transition(nil, %v) left Closed", to)
		}
		for _, meth := range []method{methodOpen, methodCall, methodClose, methodAbort} {
			for name, tab := range map[string]*ruleTable{"proxy": &proxyRules, "host": &hostRules} {
				if _, r := m.Begin(tab, meth); r.Err == nil && r.Via != Closed {
					t.Errorf("%s %v left Closed for %v", name, meth, r.Via)
				}
			}
		}
		if got := m.State(); got != Closed {
			t.Fatalf("State() = %v, want Closed", got)
		}
	}
}

func TestStateMachineBegin(t *testing.T) {
	m := newStateMachine(Created)
	steps := []struct {
		meth      method
		wantPrior State
		wantErr   error
		finish    bool // move to rule.To afterwards, as the proxy will
		wantState State
	}{
		{methodCall, Created, ErrInvalidOperation, false, Created},
		{methodOpen, Created, nil, false, Opening},
		{methodOpen, Opening, ErrInvalidOperation, false, Opening},
		{methodAbort, Opening, nil, false, Created},
		{methodOpen, Created, nil, true, Open},
		{methodCall, Open, nil, true, Open},
		{methodReset, Open, ErrInvalidOperation, false, Open},
		{methodAbort, Open, nil, false, Faulted},
		{methodCall, Faulted, ErrObjectFaulted, false, Faulted},
		{methodClose, Faulted, nil, false, Closing},
		{methodClose, Closing, ErrInvalidOperation, true, Closed},
		{methodAbort, Closed, nil, false, Closed},
		{methodReset, Closed, nil, false, Created},
	}
	var via State
	for i, st := range steps {
		prior, r := m.Begin(&proxyRules, st.meth)
		if prior != st.wantPrior || !errors.Is(r.Err, st.wantErr) || (st.wantErr == nil) != (r.Err == nil) {
			t.Fatalf("step %d: Begin(%v) = (%v, err %v), want (%v, err %v)", i, st.meth, prior, r.Err, st.wantPrior, st.wantErr)
		}
		if r.Err == nil {
			via = r.Via
		}
		if st.finish {
			// Finish the method begun last: Open → Open, Close → Closed.
			want := map[State]State{Opening: Open, Open: Open, Closing: Closed}[via]
			m.Transition([]State{via}, want)
		}
		if got := m.State(); got != st.wantState {
			t.Fatalf("step %d (%v): State() = %v, want %v", i, st.meth, got, st.wantState)
		}
	}
}

// TestStateMachineConcurrent races many goroutines through the same
// transitions: exactly one may win each, and -race must stay quiet.
func TestStateMachineConcurrent(t *testing.T) {
	defer goleak.VerifyNone(t)
	for range 50 {
		m := newStateMachine(Created)
		var opened, aborted, faulted atomic.Int32
		var workers, waiters sync.WaitGroup
		for range 8 {
			workers.Go(func() {
				if _, r := m.Begin(&proxyRules, methodOpen); r.Err == nil {
					opened.Add(1)
					m.Transition([]State{Opening}, Open)
				}
			})
			workers.Go(func() {
				if _, ok := m.Transition([]State{Open}, Faulted); ok {
					faulted.Add(1)
				}
			})
			workers.Go(func() {
				if prior, r := m.Begin(&proxyRules, methodAbort); r.Err == nil && prior == Open {
					aborted.Add(1)
				}
			})
			waiters.Go(func() {
				if s, err := m.WaitFor(context.Background(), Closed); s != Closed || err != nil {
					t.Errorf("WaitFor(Closed) = (%v, %v), want (Closed, nil)", s, err)
				}
			})
		}
		workers.Wait()
		m.Transition(nil, Closed)
		waiters.Wait()
		if n := opened.Load(); n < 1 {
			t.Fatalf("opened %d times, want at least once", n)
		}
		if m.State() != Closed {
			t.Fatalf("final State() = %v, want Closed", m.State())
		}
		if f, a := faulted.Load(), aborted.Load(); f+a > opened.Load() {
			t.Fatalf("left Open %d times but entered it %d times", f+a, opened.Load())
		}
	}
}
