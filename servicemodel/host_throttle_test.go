package servicemodel_test

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/wwsgo/wws/servicemodel"
	"github.com/wwsgo/wws/servicemodel/calculator"
)

// openCalcHost opens a Calculator host over net.tcp with opts and binding
// b (nil: defaults), aborted with t.
func openCalcHost(t testing.TB, opts *servicemodel.HostOptions, b *servicemodel.NetTCPBinding) (*servicemodel.Host, string) {
	t.Helper()
	if b == nil {
		b = servicemodel.NewNetTCPBinding()
	}
	addr := freeNetTCPAddr(t)
	h, err := servicemodel.NewHost(opts, &servicemodel.Endpoint{Address: addr, Binding: b, Contract: calculator.Contract()})
	if err != nil {
		t.Fatal(err)
	}
	if err := h.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(h.Abort)
	return h, addr
}

// openCalc opens a Calculator proxy to addr.
func openCalc(ctx context.Context, addr string) (*servicemodel.ServiceProxy, error) {
	p, err := servicemodel.NewServiceProxy(servicemodel.NewNetTCPBinding(), calculator.ClientContract(), nil)
	if err != nil {
		return nil, err
	}
	if err := p.Open(ctx, addr); err != nil {
		return nil, err
	}
	return p, nil
}

// add calls Add(a, b) and checks the sum.
func add(ctx context.Context, p *servicemodel.ServiceProxy, a, b int32) error {
	var r calculator.AddResponse
	if err := p.Call(ctx, "Add", &calculator.AddRequest{A: a, B: b}, &r); err != nil {
		return err
	}
	if r.AddResult != a+b {
		return errors.New("wrong sum")
	}
	return nil
}

// until polls cond, yielding, until it holds or ten seconds passed.
func until(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("never: %s", what)
		}
		runtime.Gosched()
	}
}

// TestDefaultHostServes200Sessions: a host with default limits serves 200
// concurrent sessions (the 25th was refused with ServerTooBusy when
// MaxConnections capped open sessions), each with pipelined calls; none
// is refused, no call lost. Where MaxConcurrentSessions (100 × CPUs) is
// at least 200, all 200 are open at once.
func TestDefaultHostServes200Sessions(t *testing.T) {
	const sessions, callers, calls = 200, 4, 5
	h, addr := openCalcHost(t, &servicemodel.HostOptions{}, nil)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	together := servicemodel.DefaultMaxConcurrentSessions() >= sessions
	var opened, done sync.WaitGroup
	opened.Add(sessions)
	counted := make(chan struct{}) // closed once the open sessions were counted
	errs := make(chan error, sessions*(callers*calls+2))
	for i := range int32(sessions) {
		done.Add(1)
		go func() {
			defer done.Done()
			p, err := openCalc(ctx, addr)
			opened.Done()
			if err != nil {
				errs <- err
				return
			}
			defer p.Abort()
			if together {
				<-counted
			}
			var wg sync.WaitGroup
			for j := range int32(callers) {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for k := range int32(calls) {
						if err := add(ctx, p, i, j*calls+k); err != nil {
							errs <- err
						}
					}
				}()
			}
			wg.Wait()
			if err := p.Close(ctx); err != nil {
				errs <- err
			}
		}()
	}
	if together {
		opened.Wait()
		// A session holds its slot from before its Preamble Ack: every Open
		// has returned, so all are counted now.
		if n := h.Stats().Sessions; n != sessions {
			t.Errorf("%d sessions open at once, want %d", n, sessions)
		}
	}
	close(counted)
	done.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if st := h.Stats(); st.RefusedConnections != 0 {
		t.Errorf("refused %d connections, want 0 (%+v)", st.RefusedConnections, st)
	}
}

// TestSessionWaitsForThrottle: a session past MaxConcurrentSessions is not
// refused; its open waits (no Preamble Ack) until another session ends,
// then it is served.
func TestSessionWaitsForThrottle(t *testing.T) {
	h, addr := openCalcHost(t, &servicemodel.HostOptions{MaxConcurrentSessions: 2}, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var first []*servicemodel.ServiceProxy
	for range 2 {
		p, err := openCalc(ctx, addr)
		if err != nil {
			t.Fatal(err)
		}
		defer p.Abort()
		first = append(first, p)
	}
	type opened struct {
		p   *servicemodel.ServiceProxy
		err error
	}
	third := make(chan opened, 1)
	go func() {
		p, err := openCalc(ctx, addr)
		third <- opened{p, err}
	}()
	until(t, "the third session queued", func() bool { st := h.Stats(); return st.QueuedSessions == 1 && st.SessionWaits == 1 })
	select {
	case o := <-third:
		t.Fatalf("third Open returned (%v) while two sessions hold the throttle", o.err)
	default:
	}
	if err := add(ctx, first[1], 1, 2); err != nil { // the admitted sessions are unaffected
		t.Fatal(err)
	}
	if err := first[0].Close(ctx); err != nil {
		t.Fatal(err)
	}
	o := <-third
	if o.err != nil {
		t.Fatalf("third Open after a session ended: %v", o.err)
	}
	defer o.p.Abort()
	if err := add(ctx, o.p, 40, 2); err != nil {
		t.Fatal(err)
	}
	if st := h.Stats(); st.RefusedConnections != 0 || st.Sessions != 2 || st.QueuedSessions != 0 {
		t.Errorf("stats after the third was served: %+v", st)
	}
}

// TestSessionRefusedAfterOpenTimeout: a session that waits for a slot
// longer than the host binding's OpenTimeout is told why: ServerTooBusy.
func TestSessionRefusedAfterOpenTimeout(t *testing.T) {
	b := servicemodel.NewNetTCPBinding()
	b.OpenTimeout = 100 * time.Millisecond
	h, addr := openCalcHost(t, &servicemodel.HostOptions{MaxConcurrentSessions: 1}, b)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	p, err := openCalc(ctx, addr)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Abort()
	if _, err := openCalc(ctx, addr); !errors.Is(err, servicemodel.ErrEndpointTooBusy) {
		t.Fatalf("second Open with the throttle full: %v, want ErrEndpointTooBusy", err)
	}
	if st := h.Stats(); st.RefusedConnections != 1 {
		t.Errorf("refused %d, want 1", st.RefusedConnections)
	}
	if err := add(ctx, p, 1, 1); err != nil {
		t.Fatalf("the admitted session after the refusal: %v", err)
	}
}

// TestFloodPastPendingBound: with the session throttle full, a flood of
// clients fills the host as WCF's does — MaxAcceptingChannels sessions
// wait for a session slot, MaxPendingConnections wait in the listener, the
// listener stops accepting and the kernel's backlog holds the rest — and
// none is refused: each is served when the one before it ends.
func TestFloodPastPendingBound(t *testing.T) {
	const flood = 12
	h, addr := openCalcHost(t, &servicemodel.HostOptions{MaxConcurrentSessions: 1, MaxPendingConnections: 2}, nil)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	first, err := openCalc(ctx, addr)
	if err != nil {
		t.Fatal(err)
	}
	defer first.Abort()
	errs := make(chan error, flood)
	for i := range int32(flood) {
		go func() {
			p, err := openCalc(ctx, addr)
			if err == nil {
				err = add(ctx, p, i, 1)
				if cerr := p.Close(ctx); err == nil {
					err = cerr
				}
			}
			errs <- err
		}()
	}
	until(t, "the host full: 1 waiting for a slot, 2 pending, accepting paused", func() bool {
		st := h.Stats()
		return st.QueuedSessions == 3 && st.PendingConnections == 2 && st.AcceptPauses >= 1
	})
	if err := first.Close(ctx); err != nil {
		t.Fatal(err)
	}
	for range flood {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	if st := h.Stats(); st.RefusedConnections != 0 {
		t.Errorf("refused %d connections, want 0", st.RefusedConnections)
	}
}

// TestCallWaitsForThrottle: a call past MaxConcurrentCalls waits, received
// and not dispatched, until the running call returns.
func TestCallWaitsForThrottle(t *testing.T) {
	h, addr := openCalcHost(t, &servicemodel.HostOptions{MaxConcurrentCalls: 1}, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	slow, err := openCalc(ctx, addr)
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Abort()
	fast, err := openCalc(ctx, addr)
	if err != nil {
		t.Fatal(err)
	}
	defer fast.Abort()
	go slow.Call(ctx, "Delay", &calculator.DelayRequest{Milliseconds: 20000}, &calculator.DelayResponse{})
	until(t, "Delay running", func() bool { return h.Stats().Calls == 1 })
	added := make(chan error, 1)
	go func() { added <- add(ctx, fast, 2, 3) }()
	until(t, "Add queued", func() bool { st := h.Stats(); return st.QueuedCalls == 1 && st.CallWaits == 1 })
	select {
	case err := <-added:
		t.Fatalf("Add returned (%v) while Delay holds the only call slot", err)
	default:
	}
	slow.Abort() // the channel faults: Delay is cancelled and returns
	if err := <-added; err != nil {
		t.Fatalf("Add after Delay returned: %v", err)
	}
}
