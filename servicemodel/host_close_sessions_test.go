package servicemodel_test

import (
	"context"
	"errors"
	"io"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/wwsgo/wws/servicemodel"
	"github.com/wwsgo/wws/servicemodel/calculator"
)

// runCounter counts how often the Add operation ran for each A.
type runCounter struct {
	mu   sync.Mutex
	runs map[int32]int
}

func (c *runCounter) count(a int32) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.runs[a]
}

// callUntilEnded calls Add with fresh A values from next until a call
// fails, and checks the invariant of Host.Close: every answered call ran
// exactly once, the failed one did not run, and it failed with
// ErrEndpointDisconnected wrapping io.EOF (the host's End).
func callUntilEnded(ctx context.Context, t *testing.T, p *servicemodel.ServiceProxy, runs *runCounter, next int32) {
	t.Helper()
	for a := next; ctx.Err() == nil; a++ {
		var r calculator.AddResponse
		err := p.Call(ctx, "Add", &calculator.AddRequest{A: a, B: 1}, &r)
		if err == nil {
			if r.AddResult != a+1 || runs.count(a) != 1 {
				t.Fatalf("call %d answered %d after %d runs", a, r.AddResult, runs.count(a))
			}
			continue
		}
		if !errors.Is(err, servicemodel.ErrEndpointDisconnected) || !errors.Is(err, io.EOF) {
			t.Fatalf("call %d: %v, want ErrEndpointDisconnected wrapping io.EOF", a, err)
		}
		if n := runs.count(a); n != 0 {
			t.Fatalf("call %d failed but ran %d times", a, n)
		}
		for p.State() != servicemodel.Faulted && ctx.Err() == nil {
			time.Sleep(time.Millisecond) // the proxy faults on the channel's end: no event to wait on
		}
		if st := p.State(); st != servicemodel.Faulted {
			t.Fatalf("proxy %v after the host's End, want Faulted", st)
		}
		return
	}
	t.Fatal(ctx.Err())
}

// Host.Close ends every net.tcp session with the close handshake once its
// calls are done: the call in flight gets its reply; a client's next call
// reads the host's End, fails unrun with ErrEndpointDisconnected wrapping
// io.EOF, and the client answers End; Close then returns nil, before its
// CloseTimeout.
func TestHostCloseEndsSessions(t *testing.T) {
	defer goleak.VerifyNone(t)
	started, release := make(chan struct{}), make(chan struct{})
	runs := &runCounter{runs: map[int32]int{}}
	contract := servicemodel.MustContract("ICalculator", "http://tempuri.org/",
		servicemodel.Op("Add", func(ctx context.Context, r *calculator.AddRequest) (*calculator.AddResponse, error) {
			runs.mu.Lock()
			runs.runs[r.A]++
			runs.mu.Unlock()
			if r.A == -1 {
				close(started)
				select {
				case <-release:
				case <-ctx.Done(): // the host aborts when the test fails
				}
			}
			return &calculator.AddResponse{AddResult: r.A + r.B}, nil
		}))
	b := servicemodel.NewNetTCPBinding()
	h, err := servicemodel.NewHost(&servicemodel.HostOptions{CloseTimeout: time.Minute},
		&servicemodel.Endpoint{Address: "net.tcp://127.0.0.1:0/calc", Binding: b, Contract: contract})
	if err != nil {
		t.Fatal(err)
	}
	open(t, h)
	defer h.Abort()
	addr := "net.tcp://" + h.Addrs()[0].String() + "/calc"
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	busy, idle := openProxy(ctx, t, b, contract, addr), openProxy(ctx, t, b, contract, addr)
	defer busy.Abort()
	defer idle.Abort()

	inflight := make(chan error, 1)
	var slow calculator.AddResponse
	go func() { inflight <- busy.Call(ctx, "Add", &calculator.AddRequest{A: -1, B: 1}, &slow) }()
	<-started
	closed := make(chan error, 1)
	go func() { closed <- h.Close(ctx) }()

	callUntilEnded(ctx, t, idle, runs, 1)
	select {
	case err := <-closed:
		t.Fatalf("Close returned %v while a call was in flight", err)
	default:
	}
	close(release)
	if err := <-inflight; err != nil || slow.AddResult != 0 {
		t.Fatalf("the call in flight: %v (%d), want its reply", err, slow.AddResult)
	}
	callUntilEnded(ctx, t, busy, runs, 1000)
	if err := <-closed; err != nil {
		t.Fatalf("Close: %v, want nil (every session closed with the handshake)", err)
	}
}

func openProxy(ctx context.Context, t *testing.T, b servicemodel.Binding, c *servicemodel.Contract, addr string) *servicemodel.ServiceProxy {
	t.Helper()
	p, err := servicemodel.NewServiceProxy(b, c, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Open(ctx, addr); err != nil {
		t.Fatal(err)
	}
	return p
}
