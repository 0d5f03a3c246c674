package cancel

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"testing/synctest"

	"github.com/google/go-cmp/cmp"
)

// recorder records, in order, the callbacks a call makes.
type recorder struct {
	mu     sync.Mutex
	events []string
	cancel chan struct{} // closed by the first cancel callback
}

func newRecorder() *recorder { return &recorder{cancel: make(chan struct{})} }

func (r *recorder) onCancel(reason Reason, state any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, fmt.Sprintf("cancel %v %v", reason, state))
	if !isClosed(r.cancel) {
		close(r.cancel)
	}
}

func (r *recorder) onFree(state any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, fmt.Sprintf("free %v", state))
}

func (r *recorder) register(t *testing.T, c *Call, state any) {
	t.Helper()
	if err := c.Register(r.onCancel, r.onFree, state); err != nil {
		t.Fatalf("Register: %v, want nil", err)
	}
}

func (r *recorder) got() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.events...)
}

func isClosed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

func checkCause(t *testing.T, ctx context.Context, want error) {
	t.Helper()
	if got := context.Cause(ctx); !errors.Is(got, want) {
		t.Errorf("context.Cause = %v, want %v", got, want)
	}
	if ctx.Err() == nil {
		t.Error("ctx.Err() = nil, want the context done")
	}
}

func TestCallNormalCompletion(t *testing.T) {
	c, ctx := NewCall(context.Background())
	r := newRecorder()
	r.register(t, c, "st")
	if ctx.Err() != nil {
		t.Fatalf("ctx.Err() = %v before Complete, want nil", ctx.Err())
	}
	c.Complete()
	if diff := cmp.Diff([]string{"free st"}, r.got()); diff != "" {
		t.Errorf("callbacks (-want +got):\n%s", diff)
	}
	checkCause(t, ctx, ErrCallCompleted)
}

func TestCallCancelledDuringCall(t *testing.T) {
	for _, reason := range []Reason{HostAbort, ChannelFault} {
		t.Run(reason.String(), func(t *testing.T) {
			c, ctx := NewCall(context.Background())
			r := newRecorder()
			r.register(t, c, 42)
			c.Cancel(reason)
			<-r.cancel // the operation learns of the cancel and returns early
			if diff := cmp.Diff([]string{fmt.Sprintf("cancel %v 42", reason)}, r.got()); diff != "" {
				t.Errorf("callbacks before Complete (-want +got):\n%s", diff)
			}
			c.Cancel(HostAbort) // later cancels do nothing
			c.Complete()
			want := []string{fmt.Sprintf("cancel %v 42", reason), "free 42"}
			if diff := cmp.Diff(want, r.got()); diff != "" {
				t.Errorf("callbacks (-want +got):\n%s", diff)
			}
			checkCause(t, ctx, reason.Err())
			if c.Context() != ctx {
				t.Error("Context() is not the context NewCall returned")
			}
		})
	}
}

func TestCallCancelledBeforeRegister(t *testing.T) {
	c, ctx := NewCall(context.Background())
	c.Cancel(ChannelFault)
	r := newRecorder()
	r.register(t, c, "st")
	// The seed: the runtime "can call the callback during the call to this
	// API", so it has run when Register returns.
	if diff := cmp.Diff([]string{"cancel ChannelFault st"}, r.got()); diff != "" {
		t.Errorf("callbacks after Register (-want +got):\n%s", diff)
	}
	c.Complete()
	if diff := cmp.Diff([]string{"cancel ChannelFault st", "free st"}, r.got()); diff != "" {
		t.Errorf("callbacks (-want +got):\n%s", diff)
	}
	checkCause(t, ctx, ErrChannelFaulted)
}

func TestCallCancelAfterComplete(t *testing.T) {
	c, ctx := NewCall(context.Background())
	r := newRecorder()
	r.register(t, c, "st")
	c.Complete()
	c.Cancel(HostAbort)
	c.Complete()
	if diff := cmp.Diff([]string{"free st"}, r.got()); diff != "" {
		t.Errorf("callbacks (-want +got):\n%s", diff)
	}
	checkCause(t, ctx, ErrCallCompleted)
}

func TestCallCompleteWithoutRegister(t *testing.T) {
	c, ctx := NewCall(context.Background())
	var g Group
	g.Add(c)
	c.Cancel(HostAbort)
	c.Complete()
	c.Complete()
	checkCause(t, ctx, ErrHostAborted)
	if n := g.Len(); n != 0 {
		t.Errorf("Group.Len() = %d after Complete, want 0", n)
	}
}

func TestCallNilFreeState(t *testing.T) {
	c, _ := NewCall(context.Background())
	var cancels int
	if err := c.Register(func(Reason, any) { cancels++ }, nil, nil); err != nil {
		t.Fatalf("Register: %v", err)
	}
	c.Cancel(HostAbort)
	c.Complete()
	if cancels != 1 {
		t.Errorf("cancel callback ran %d times, want 1", cancels)
	}
}

func TestCallRegisterErrors(t *testing.T) {
	never := func(Reason, any) { t.Error("cancel callback of a failed Register ran") }
	neverFree := func(any) { t.Error("free callback of a failed Register ran") }

	c, _ := NewCall(context.Background())
	if err := c.Register(nil, neverFree, nil); !errors.Is(err, ErrNilCallback) {
		t.Errorf("Register(nil) = %v, want %v", err, ErrNilCallback)
	}
	r := newRecorder()
	r.register(t, c, 1)
	if err := c.Register(never, neverFree, 2); !errors.Is(err, ErrAlreadyRegistered) {
		t.Errorf("second Register = %v, want %v", err, ErrAlreadyRegistered)
	}
	c.Cancel(HostAbort)
	c.Complete()
	if err := c.Register(never, neverFree, 3); !errors.Is(err, ErrCallCompleted) {
		t.Errorf("Register after Complete = %v, want %v", err, ErrCallCompleted)
	}
	if diff := cmp.Diff([]string{"cancel HostAbort 1", "free 1"}, r.got()); diff != "" {
		t.Errorf("callbacks (-want +got):\n%s", diff)
	}
}

func TestCallFirstReasonWins(t *testing.T) {
	c, ctx := NewCall(context.Background())
	r := newRecorder()
	r.register(t, c, nil)
	c.Cancel(ChannelFault)
	c.Cancel(HostAbort)
	c.Complete()
	if diff := cmp.Diff([]string{"cancel ChannelFault <nil>", "free <nil>"}, r.got()); diff != "" {
		t.Errorf("callbacks (-want +got):\n%s", diff)
	}
	checkCause(t, ctx, ErrChannelFaulted)
}

func TestCallParentCancelled(t *testing.T) {
	tests := []struct {
		name       string
		cause      error
		wantReason Reason
		wantCause  error
	}{
		{"channel context faulted", ErrChannelFaulted, ChannelFault, ErrChannelFaulted},
		{"host context aborted", ErrHostAborted, HostAbort, ErrHostAborted},
		{"plain cancel", nil, HostAbort, context.Canceled},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			parent, cancelParent := context.WithCancelCause(context.Background())
			c, ctx := NewCall(parent)
			r := newRecorder()
			r.register(t, c, "st")
			cancelParent(tc.cause)
			<-r.cancel
			c.Complete()
			want := []string{fmt.Sprintf("cancel %v st", tc.wantReason), "free st"}
			if diff := cmp.Diff(want, r.got()); diff != "" {
				t.Errorf("callbacks (-want +got):\n%s", diff)
			}
			checkCause(t, ctx, tc.wantCause)
		})
	}
}

// TestCallFreeWaitsForCancel: Complete during a running cancel callback waits
// for it before freeing the state.
func TestCallFreeWaitsForCancel(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, _ := NewCall(context.Background())
		var mu sync.Mutex
		var events []string
		log := func(s string) { mu.Lock(); events = append(events, s); mu.Unlock() }
		release := make(chan struct{})
		err := c.Register(func(Reason, any) {
			log("cancel start")
			<-release
			log("cancel end")
		}, func(any) { log("free") }, nil)
		if err != nil {
			t.Fatalf("Register: %v", err)
		}
		c.Cancel(HostAbort)
		synctest.Wait() // the cancel callback is blocked on release
		completed := make(chan struct{})
		go func() { c.Complete(); close(completed) }()
		synctest.Wait() // Complete is blocked waiting for the callback
		mu.Lock()
		if diff := cmp.Diff([]string{"cancel start"}, events); diff != "" {
			t.Errorf("events while the cancel callback runs (-want +got):\n%s", diff)
		}
		mu.Unlock()
		if isClosed(completed) {
			t.Error("Complete returned while the cancel callback was running")
		}
		close(release)
		<-completed
		if diff := cmp.Diff([]string{"cancel start", "cancel end", "free"}, events); diff != "" {
			t.Errorf("events (-want +got):\n%s", diff)
		}
	})
}

// counts is what a hammered call did: how often each callback ran, with which
// reason, and whether free came last.
type counts struct {
	mu      sync.Mutex
	cancels int
	frees   int
	reason  Reason
	order   []string
}

func (k *counts) register(c *Call) error {
	return c.Register(func(r Reason, _ any) {
		k.mu.Lock()
		k.cancels++
		k.reason = r
		k.order = append(k.order, "cancel")
		k.mu.Unlock()
	}, func(any) {
		k.mu.Lock()
		k.frees++
		k.order = append(k.order, "free")
		k.mu.Unlock()
	}, nil)
}

// TestCallHammerRegisterCancel races Register against Cancel; the call is
// cancelled before Complete either way, so the cancel callback runs exactly
// once, with the cause's reason, and free-state once after it.
func TestCallHammerRegisterCancel(t *testing.T) {
	for i := range 2000 {
		c, ctx := NewCall(context.Background())
		var k counts
		var wg sync.WaitGroup
		wg.Go(func() {
			if err := k.register(c); err != nil {
				t.Errorf("iteration %d: Register: %v", i, err)
			}
		})
		wg.Go(func() { c.Cancel(ChannelFault) })
		wg.Go(func() { c.Cancel(HostAbort) })
		wg.Wait()
		c.Complete()
		wantReason, _ := ReasonOf(context.Cause(ctx))
		if k.cancels != 1 || k.frees != 1 || k.reason != wantReason || k.order[1] != "free" {
			t.Fatalf("iteration %d: cancels=%d frees=%d reason=%v order=%v; want 1, 1, %v, free last",
				i, k.cancels, k.frees, k.reason, k.order, wantReason)
		}
	}
}

// TestCallHammerCancelComplete races Cancel against Complete: the cancel
// callback runs at most once, free-state exactly once and last.
func TestCallHammerCancelComplete(t *testing.T) {
	ran := 0
	for i := range 2000 {
		c, _ := NewCall(context.Background())
		var k counts
		if err := k.register(c); err != nil {
			t.Fatalf("Register: %v", err)
		}
		var wg sync.WaitGroup
		wg.Go(func() { c.Cancel(HostAbort) })
		wg.Go(c.Complete)
		wg.Go(c.Complete)
		wg.Wait()
		// A cancel callback started by AfterFunc has finished: Complete waited.
		if k.cancels > 1 || k.frees != 1 || k.order[len(k.order)-1] != "free" {
			t.Fatalf("iteration %d: cancels=%d frees=%d order=%v; want at most 1, 1, free last", i, k.cancels, k.frees, k.order)
		}
		ran += k.cancels
	}
	t.Logf("cancel callback ran in %d of 2000 races", ran)
}

// Finish then Release is Complete split around the reply: after Finish no
// cancel callback starts (a host abort while the reply is on its way is
// not a cancellation of the operation), the free-state callback and the
// context's release wait for Release, and a group still reaches the
// context in between.
func TestCallFinishThenRelease(t *testing.T) {
	var g Group
	c, ctx := NewCall(context.Background())
	g.Add(c)
	r := newRecorder()
	r.register(t, c, "st")
	c.Finish()
	if ctx.Err() != nil {
		t.Fatalf("ctx.Err() = %v after Finish, want nil until Release", ctx.Err())
	}
	if g.Add(c) {
		t.Error("Group.Add after Finish = true, want false")
	}
	g.CancelAll(HostAbort)
	c.Finish()
	if got := r.got(); len(got) != 0 {
		t.Errorf("callbacks before Release = %v, want none", got)
	}
	c.Release()
	c.Release()
	c.Complete()
	if diff := cmp.Diff([]string{"free st"}, r.got()); diff != "" {
		t.Errorf("callbacks (-want +got):\n%s", diff)
	}
	checkCause(t, ctx, ErrHostAborted)
	if n := g.Len(); n != 0 {
		t.Errorf("group Len after Release = %d, want 0", n)
	}
}

// Release without Finish does both halves: a pending cancellation's
// callback runs first, then the free-state callback.
func TestCallReleaseAlone(t *testing.T) {
	c, ctx := NewCall(context.Background())
	r := newRecorder()
	if err := c.Register(r.onCancel, r.onFree, 7); err != nil {
		t.Fatal(err)
	}
	c.stop() // keep the AfterFunc from racing the late path this test wants
	c.Cancel(ChannelFault)
	c.Release()
	if diff := cmp.Diff([]string{"cancel ChannelFault 7", "free 7"}, r.got()); diff != "" {
		t.Errorf("callbacks (-want +got):\n%s", diff)
	}
	checkCause(t, ctx, ErrChannelFaulted)
}

// A Call readied in place with Init behaves as one from NewCall: its
// context, cancellation through a group, callbacks and leaving the group.
func TestCallInit(t *testing.T) {
	var holder struct {
		before int
		call   Call
	}
	parent, stop := context.WithCancel(context.Background())
	defer stop()
	c := &holder.call
	ctx := c.Init(parent)
	if c.Context() != ctx || ctx.Err() != nil {
		t.Fatalf("Context() = %v (err %v), want the context Init returned, live", c.Context(), ctx.Err())
	}
	var g Group
	g.Add(c)
	var k counts
	if err := k.register(c); err != nil {
		t.Fatal(err)
	}
	g.CancelAll(ChannelFault)
	<-ctx.Done()
	c.Complete()
	if k.cancels != 1 || k.frees != 1 || k.reason != ChannelFault {
		t.Errorf("cancels=%d frees=%d reason=%v, want 1, 1, ChannelFault", k.cancels, k.frees, k.reason)
	}
	if context.Cause(ctx) != ErrChannelFaulted {
		t.Errorf("Cause = %v, want ErrChannelFaulted", context.Cause(ctx))
	}
	if n := g.Len(); n != 0 {
		t.Errorf("group holds %d calls after Complete, want 0", n)
	}
}
