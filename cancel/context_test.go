package cancel

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

// A call whose parent cannot end makes its context on first use: one
// cancelled or completed before then is already done, with the first
// cause, when it is made; a context made first is cancelled later.
func TestCallContextMadeLate(t *testing.T) {
	for _, tc := range []struct {
		name string
		end  func(c *Call)
		want error
	}{
		{"cancelled", func(c *Call) { c.Cancel(ChannelFault); c.Cancel(HostAbort) }, ErrChannelFaulted},
		{"completed", func(c *Call) { c.Complete(); c.Cancel(HostAbort) }, ErrCallCompleted},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, ctx := NewCall(context.Background())
			if c.made.Load() != nil {
				t.Fatal("context made at NewCall, want made on first use")
			}
			tc.end(c)
			if c.made.Load() != nil {
				t.Fatal("context made by the call's end, want made on first use")
			}
			<-ctx.Done()
			checkCause(t, ctx, tc.want)

			c, ctx = NewCall(context.Background())
			if ctx.Err() != nil {
				t.Fatalf("Err() = %v before the call ended, want nil", ctx.Err())
			}
			tc.end(c)
			<-ctx.Done()
			checkCause(t, ctx, tc.want)
		})
	}
}

// Contexts derived from a call's context end with it, and context.Cause
// sees the call's cause through them.
func TestCallContextDerived(t *testing.T) {
	c, ctx := NewCall(context.Background())
	child, stop := context.WithTimeout(ctx, time.Hour)
	defer stop()
	fired := make(chan struct{})
	context.AfterFunc(ctx, func() { close(fired) })
	c.Cancel(HostAbort)
	<-child.Done()
	<-fired
	checkCause(t, child, ErrHostAborted)
	if _, ok := child.Deadline(); !ok {
		t.Error("derived context lost its deadline")
	}
}

// Making the context and ending the call at the same time: every context
// ends, with the first end's cause.
func TestCallContextHammer(t *testing.T) {
	for range 500 {
		c, ctx := NewCall(context.Background())
		var wg sync.WaitGroup
		dones := make([]<-chan struct{}, 2)
		for i := range dones {
			wg.Go(func() { dones[i] = ctx.Done() })
		}
		wg.Go(func() { c.Cancel(ChannelFault) })
		wg.Go(func() { c.Complete() })
		wg.Wait()
		for _, d := range dones {
			<-d
		}
		cause := context.Cause(ctx)
		if !errors.Is(cause, ErrChannelFaulted) && !errors.Is(cause, ErrCallCompleted) {
			t.Fatalf("Cause = %v, want ErrChannelFaulted or ErrCallCompleted", cause)
		}
		if r, ok := c.Cancelled(); ok != (cause == ErrChannelFaulted) || ok && r != ChannelFault {
			t.Fatalf("Cancelled() = %v, %v with cause %v", r, ok, cause)
		}
	}
}

// Cancelled tells a cancelled call from a completed or running one,
// without making the context.
func TestCallCancelled(t *testing.T) {
	c, _ := NewCall(context.Background())
	if _, ok := c.Cancelled(); ok {
		t.Error("running call: Cancelled() = true")
	}
	c.Cancel(ChannelFault)
	if r, ok := c.Cancelled(); !ok || r != ChannelFault {
		t.Errorf("Cancelled() = %v, %v, want ChannelFault, true", r, ok)
	}
	if c.made.Load() != nil {
		t.Error("Cancelled made the context")
	}
	c.Complete()
	if r, ok := c.Cancelled(); !ok || r != ChannelFault {
		t.Errorf("after Complete: Cancelled() = %v, %v, want ChannelFault, true", r, ok)
	}

	c, _ = NewCall(context.Background())
	c.Complete()
	if _, ok := c.Cancelled(); ok {
		t.Error("completed call: Cancelled() = true")
	}

	parent, cancelParent := context.WithCancelCause(context.Background())
	c, ctx := NewCall(parent)
	cancelParent(errors.New("other"))
	<-ctx.Done()
	if r, ok := c.Cancelled(); !ok || r != HostAbort {
		t.Errorf("parent ended: Cancelled() = %v, %v, want HostAbort, true", r, ok)
	}
}
