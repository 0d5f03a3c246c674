package servicemodel_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/wwsgo/wws/servicemodel"
	"github.com/wwsgo/wws/servicemodel/calculator"
)

const testAddress = "net.tcp://localhost:8808/calculator"

// fixture is a host driven into a state, with the Open or Close that is
// still running in the Opening and Closing states.
type fixture struct {
	h       *servicemodel.Host
	b       *fakeBinding
	pending chan error // result of the background Open or Close, or nil
	release func()     // lets the background Open or Close finish
}

func newHost(t *testing.T, b *fakeBinding, opts *servicemodel.HostOptions, ep *servicemodel.Endpoint) *servicemodel.Host {
	t.Helper()
	if ep == nil {
		ep = &servicemodel.Endpoint{Contract: calculator.Contract()}
	}
	if ep.Address == "" {
		ep.Address = testAddress
	}
	ep.Binding = b
	h, err := servicemodel.NewHost(opts, ep)
	if err != nil {
		t.Fatalf("NewHost: %v", err)
	}
	return h
}

func waitState(t *testing.T, h *servicemodel.Host, want servicemodel.State) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for h.State() != want {
		if time.Now().After(deadline) {
			t.Fatalf("state %v, want %v", h.State(), want)
		}
		time.Sleep(time.Millisecond)
	}
}

func open(t *testing.T, h *servicemodel.Host) {
	t.Helper()
	if err := h.Open(context.Background()); err != nil {
		t.Fatalf("Open: %v", err)
	}
}

// reach returns a host in state s.
func reach(t *testing.T, s servicemodel.State) *fixture {
	t.Helper()
	b := newFakeBinding()
	f := &fixture{b: b, release: func() {}}
	switch s {
	case servicemodel.Opening:
		b.gate = make(chan struct{})
		f.h = newHost(t, b, nil, nil)
		f.pending = make(chan error, 1)
		go func() { f.pending <- f.h.Open(context.Background()) }()
		waitState(t, f.h, servicemodel.Opening)
		f.release = func() { close(b.gate) }
		return f
	case servicemodel.Closing:
		f.h = newHost(t, b, nil, nil)
		open(t, f.h)
		c := b.listener(t).connect(t)
		f.pending = make(chan error, 1)
		go func() { f.pending <- f.h.Close(context.Background()) }()
		waitState(t, f.h, servicemodel.Closing)
		f.release = c.close
		return f
	}
	f.h = newHost(t, b, nil, nil)
	switch s {
	case servicemodel.Open:
		open(t, f.h)
	case servicemodel.Closed:
		open(t, f.h)
		if err := f.h.Close(context.Background()); err != nil {
			t.Fatalf("Close: %v", err)
		}
	case servicemodel.Faulted:
		open(t, f.h)
		f.h.Abort()
	}
	if got := f.h.State(); got != s {
		t.Fatalf("setup reached %v, want %v", got, s)
	}
	return f
}

// finish lets the background operation end and returns its result.
func (f *fixture) finish(t *testing.T) error {
	t.Helper()
	f.release()
	if f.pending == nil {
		return nil
	}
	select {
	case err := <-f.pending:
		return err
	case <-time.After(5 * time.Second):
		t.Fatal("background Open/Close did not return")
		return nil
	}
}

// TestHostMethodsFromEveryState calls each host method in each state and
// checks its result, the state it leaves, and what becomes of the Open or
// Close under way (WsOpenServiceHost, WsCloseServiceHost,
// WsAbortServiceHost, WsResetServiceHost; hostRules).
func TestHostMethodsFromEveryState(t *testing.T) {
	inv, abrt := servicemodel.ErrInvalidOperation, servicemodel.ErrAborted
	type want struct {
		err     error
		state   servicemodel.State
		pending error              // result of the background Open/Close
		final   servicemodel.State // after the background operation ended
	}
	tests := []struct {
		method string
		from   servicemodel.State
		want   want
	}{
		{"Open", servicemodel.Created, want{nil, servicemodel.Open, nil, servicemodel.Open}},
		{"Open", servicemodel.Opening, want{inv, servicemodel.Opening, nil, servicemodel.Open}},
		{"Open", servicemodel.Open, want{inv, servicemodel.Open, nil, servicemodel.Open}},
		{"Open", servicemodel.Closing, want{inv, servicemodel.Closing, nil, servicemodel.Closed}},
		{"Open", servicemodel.Closed, want{inv, servicemodel.Closed, nil, servicemodel.Closed}},
		{"Open", servicemodel.Faulted, want{abrt, servicemodel.Faulted, nil, servicemodel.Faulted}},

		{"Close", servicemodel.Created, want{nil, servicemodel.Closed, nil, servicemodel.Closed}},
		{"Close", servicemodel.Opening, want{inv, servicemodel.Opening, nil, servicemodel.Open}},
		{"Close", servicemodel.Open, want{nil, servicemodel.Closed, nil, servicemodel.Closed}},
		{"Close", servicemodel.Closing, want{inv, servicemodel.Closing, nil, servicemodel.Closed}},
		{"Close", servicemodel.Closed, want{nil, servicemodel.Closed, nil, servicemodel.Closed}},
		{"Close", servicemodel.Faulted, want{nil, servicemodel.Closed, nil, servicemodel.Closed}},

		{"Abort", servicemodel.Created, want{nil, servicemodel.Faulted, nil, servicemodel.Faulted}},
		{"Abort", servicemodel.Opening, want{nil, servicemodel.Faulted, abrt, servicemodel.Faulted}},
		{"Abort", servicemodel.Open, want{nil, servicemodel.Faulted, nil, servicemodel.Faulted}},
		{"Abort", servicemodel.Closing, want{nil, servicemodel.Closed, abrt, servicemodel.Closed}},
		{"Abort", servicemodel.Closed, want{nil, servicemodel.Closed, nil, servicemodel.Closed}},
		{"Abort", servicemodel.Faulted, want{nil, servicemodel.Faulted, nil, servicemodel.Faulted}},

		{"Reset", servicemodel.Created, want{inv, servicemodel.Created, nil, servicemodel.Created}},
		{"Reset", servicemodel.Opening, want{inv, servicemodel.Opening, nil, servicemodel.Open}},
		{"Reset", servicemodel.Open, want{inv, servicemodel.Open, nil, servicemodel.Open}},
		{"Reset", servicemodel.Closing, want{inv, servicemodel.Closing, nil, servicemodel.Closed}},
		{"Reset", servicemodel.Closed, want{nil, servicemodel.Created, nil, servicemodel.Created}},
		{"Reset", servicemodel.Faulted, want{inv, servicemodel.Faulted, nil, servicemodel.Faulted}},
	}
	for _, tc := range tests {
		t.Run(tc.method+"/"+tc.from.String(), func(t *testing.T) {
			defer goleak.VerifyNone(t)
			f := reach(t, tc.from)
			var err error
			switch tc.method {
			case "Open":
				err = f.h.Open(context.Background())
			case "Close":
				err = f.h.Close(context.Background())
			case "Abort":
				f.h.Abort()
			case "Reset":
				err = f.h.Reset()
			}
			if !errors.Is(err, tc.want.err) || (err == nil) != (tc.want.err == nil) {
				t.Errorf("%s in %v = %v, want %v", tc.method, tc.from, err, tc.want.err)
			}
			if got := f.h.State(); got != tc.want.state {
				t.Errorf("state after %s = %v, want %v", tc.method, got, tc.want.state)
			}
			if err := f.finish(t); !errors.Is(err, tc.want.pending) || (err == nil) != (tc.want.pending == nil) {
				t.Errorf("background operation returned %v, want %v", err, tc.want.pending)
			}
			if got := f.h.State(); got != tc.want.final {
				t.Errorf("final state = %v, want %v", got, tc.want.final)
			}
			f.h.Abort()
			_ = f.h.Close(context.Background())
		})
	}
}

// An open host listens on every endpoint before accepting; Close stops the
// listeners; Reset allows reopening with fresh listeners.
func TestHostOpenCloseResetReopen(t *testing.T) {
	defer goleak.VerifyNone(t)
	b := newFakeBinding()
	h := newHost(t, b, nil, nil)
	for round := range 2 {
		open(t, h)
		l := b.listener(t)
		if started, shut, _ := l.state(); !started || shut {
			t.Fatalf("round %d: listener started=%v shut=%v, want started and open", round, started, shut)
		}
		if got := h.Addrs(); len(got) != 1 || got[0].String() != testAddress {
			t.Errorf("round %d: Addrs() = %v, want [%s]", round, got, testAddress)
		}
		c := l.connect(t)
		if r := c.call(t, addAction, &calculator.AddRequest{A: 2, B: 3}); r == nil {
			t.Fatalf("round %d: no reply", round)
		}
		c.close()
		if err := h.Close(context.Background()); err != nil {
			t.Fatalf("round %d: Close: %v", round, err)
		}
		if _, shut, aborted := l.state(); !shut || aborted {
			t.Errorf("round %d: after Close listener shut=%v aborted=%v, want shut, not aborted", round, shut, aborted)
		}
		if err := h.Reset(); err != nil {
			t.Fatalf("round %d: Reset: %v", round, err)
		}
	}
	if n := len(b.listeners); n != 2 {
		t.Errorf("listeners made = %d, want 2 (one per Open)", n)
	}
}

// A failing listener leaves the host Faulted and aborts the listeners
// already made; no channel is ever accepted.
func TestHostOpenFailure(t *testing.T) {
	defer goleak.VerifyNone(t)
	boom := errors.New("address in use")
	good, bad := newFakeBinding(), newFakeBinding()
	bad.startErr = boom
	h, err := servicemodel.NewHost(nil,
		&servicemodel.Endpoint{Address: testAddress, Binding: good, Contract: calculator.Contract()},
		&servicemodel.Endpoint{Address: testAddress + "2", Binding: bad, Contract: calculator.Contract()})
	if err != nil {
		t.Fatal(err)
	}
	if err := h.Open(context.Background()); !errors.Is(err, boom) {
		t.Fatalf("Open = %v, want %v", err, boom)
	}
	if got := h.State(); got != servicemodel.Faulted {
		t.Errorf("state = %v, want Faulted", got)
	}
	if _, _, aborted := good.listener(t).state(); !aborted {
		t.Error("the first endpoint's listener was not aborted")
	}
	if _, ok := good.listener(t).tryConnect(20 * time.Millisecond); ok {
		t.Error("a channel was accepted after a failed Open")
	}
	if err := h.Close(context.Background()); err != nil {
		t.Errorf("Close of the faulted host = %v", err)
	}
}

func TestNewHostRejects(t *testing.T) {
	b := newFakeBinding()
	noHandler := servicemodel.MustContract("C", "", servicemodel.Op[calculator.AddRequest, calculator.AddResponse]("Add", nil))
	tests := []struct {
		name string
		eps  []*servicemodel.Endpoint
		want error
	}{
		{"no endpoint", nil, servicemodel.ErrInvalidEndpoint},
		{"nil endpoint", []*servicemodel.Endpoint{nil}, servicemodel.ErrInvalidEndpoint},
		{"no binding", []*servicemodel.Endpoint{{Contract: calculator.Contract()}}, servicemodel.ErrInvalidEndpoint},
		{"no contract", []*servicemodel.Endpoint{{Binding: b}}, servicemodel.ErrInvalidEndpoint},
		{"negative limit", []*servicemodel.Endpoint{{Binding: b, Contract: calculator.Contract(), MaxChannels: -1}}, servicemodel.ErrInvalidEndpoint},
		{"client contract", []*servicemodel.Endpoint{{Binding: b, Contract: noHandler}}, servicemodel.ErrNoHandler},
	}
	for _, tc := range tests {
		if _, err := servicemodel.NewHost(nil, tc.eps...); !errors.Is(err, tc.want) {
			t.Errorf("%s: NewHost = %v, want %v", tc.name, err, tc.want)
		}
	}
}
