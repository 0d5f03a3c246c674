package servicemodel

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"go.uber.org/goleak"
)

// stateFixture is a proxy driven into one state, with what it takes to
// let go of it afterwards.
type stateFixture struct {
	p       *ServiceProxy
	b       *fakeBinding
	cleanup func(t *testing.T)
}

// inState drives a new proxy into s with the fake binding: Opening holds
// the dial, Closing holds Close behind a pending call.
func inState(t *testing.T, s State) stateFixture {
	t.Helper()
	p, b := newTestProxy(t, nil)
	f := stateFixture{p: p, b: b, cleanup: func(*testing.T) {}}
	ctx := context.Background()
	switch s {
	case Created:
	case Opening:
		b.dialGate = make(chan struct{})
		opened := make(chan error, 1)
		go func() { opened <- p.Open(ctx, testAddress) }()
		waitState(t, p, Opening)
		f.cleanup = func(t *testing.T) {
			close(b.dialGate)
			await(t, opened, "Open")
		}
	case Open:
		mustOpen(t, p)
	case Closing:
		mustOpen(t, p)
		call := startBlocked(t, p, b)
		closed := make(chan error, 1)
		go func() { closed <- p.Close(ctx) }()
		waitState(t, p, Closing)
		f.cleanup = func(t *testing.T) {
			close(b.server.release)
			await(t, call, "pending call")
			await(t, closed, "Close")
		}
	case Closed:
		mustOpen(t, p)
		if err := p.Close(ctx); err != nil {
			t.Fatalf("Close: %v", err)
		}
	case Faulted:
		mustOpen(t, p)
		p.Abort()
	}
	if got := p.State(); got != s {
		t.Fatalf("fixture: state %v, want %v", got, s)
	}
	return f
}

func mustOpen(t *testing.T, p *ServiceProxy) {
	t.Helper()
	if err := p.Open(context.Background(), testAddress); err != nil {
		t.Fatalf("Open: %v", err)
	}
}

// outcome is what a method returns and the state it leaves.
type outcome struct {
	err   error
	state State
}

// TestProxyMethodInEveryState calls every proxy method from every state
// and checks the error and the state that follows against the WWSAPI
// pages (see proxyRules for the sentences; AbandonCall's states are this
// package's choice: where calls may be pending).
func TestProxyMethodInEveryState(t *testing.T) {
	defer goleak.VerifyNone(t)
	inv, flt := ErrInvalidOperation, ErrObjectFaulted
	states := []State{Created, Opening, Open, Closing, Closed, Faulted}
	ctx := context.Background()
	methods := []struct {
		name string
		call func(p *ServiceProxy) error
		want [numStates]outcome // indexed by the starting state
	}{
		{"Open", func(p *ServiceProxy) error { return p.Open(ctx, testAddress) },
			[numStates]outcome{{nil, Open}, {inv, Opening}, {inv, Open}, {inv, Closing}, {inv, Closed}, {inv, Faulted}}},
		{"Call", func(p *ServiceProxy) error {
			got, err := add(ctx, p, 2, 3)
			if err == nil && got != 5 {
				return fmt.Errorf("Add(2, 3) = %d, want 5", got)
			}
			return err
		},
			[numStates]outcome{{inv, Created}, {inv, Opening}, {nil, Open}, {inv, Closing}, {inv, Closed}, {flt, Faulted}}},
		{"Close", func(p *ServiceProxy) error { return p.Close(ctx) },
			[numStates]outcome{{nil, Closed}, {inv, Opening}, {nil, Closed}, {inv, Closing}, {nil, Closed}, {nil, Closed}}},
		{"Abort", func(p *ServiceProxy) error { p.Abort(); return nil },
			[numStates]outcome{{nil, Created}, {nil, Created}, {nil, Faulted}, {nil, Closed}, {nil, Closed}, {nil, Faulted}}},
		{"Reset", func(p *ServiceProxy) error { return p.Reset() },
			[numStates]outcome{{inv, Created}, {inv, Opening}, {inv, Open}, {inv, Closing}, {nil, Created}, {inv, Faulted}}},
		{"AbandonAll", func(p *ServiceProxy) error { return p.AbandonAll() },
			[numStates]outcome{{inv, Created}, {inv, Opening}, {nil, Open}, {nil, Closing}, {inv, Closed}, {nil, Faulted}}},
	}
	for _, m := range methods {
		for _, s := range states {
			t.Run(m.name+"/"+s.String(), func(t *testing.T) {
				f := inState(t, s)
				err := m.call(f.p)
				got := f.p.State()
				f.cleanup(t)
				f.p.Abort()
				_ = f.p.Close(ctx)
				want := m.want[s]
				if !errIs(err, want.err) || got != want.state {
					t.Errorf("%s in %v: err = %v, state %v; want err %v, state %v", m.name, s, err, got, want.err, want.state)
				}
				if want.err != nil && !errors.Is(err, want.err) {
					t.Errorf("error %v does not match %v", err, want.err)
				}
				for i, c := range f.b.channels() {
					if c.closes.Load() == 0 && c.aborts.Load() == 0 {
						t.Errorf("channel %d neither closed nor aborted", i)
					}
				}
			})
		}
	}
}
