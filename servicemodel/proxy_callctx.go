package servicemodel

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wwsgo/wws/internal/monoclock"
)

// callCtx is the context of one call's I/O: the caller's values but not its
// cancellation (an abandoned call's I/O outlives its caller), a deadline —
// the earlier of the caller's and the call timeout — and a cancel with a
// cause. It lives inside its proxyCall, so a call costs one allocation for
// what context.WithoutCancel, WithCancelCause and WithDeadline would take
// a dozen for, and no runtime timer (the proxy's sweeper ends it at its
// deadline). Its Err is context.Canceled or DeadlineExceeded as usual, and
// context.Cause gives the cause it ended with (see Value).
type callCtx struct {
	values   context.Context // the caller's context without its cancellation
	deadline time.Time
	hasDL    bool
	done     atomic.Pointer[chan struct{}] // made at the first Done, or at the end
	wk       *readWaker                    // woken when the context ends; nil for none
	ended    atomic.Bool                   // err is set: Err's lock-free answer while it is not

	mu       sync.Mutex // mu guards following
	err      error
	cause    error
	causeCtx context.Context // ended with cause, for context.Cause; made at the first Value after the end
}

// init prepares c for a call made with ctx under a call timeout (≤ 0: none).
func (c *callCtx) init(ctx context.Context, timeout time.Duration) {
	// Values only: Done, Err and Deadline are c's own. (A lookup of the
	// context package's internal key may find the caller's cancelCtx; the
	// package checks its Done channel against c's and does not link them.)
	c.values = ctx
	c.deadline, c.hasDL = ctx.Deadline()
	if timeout > 0 {
		if d := monoclock.Now().Add(timeout); !c.hasDL || d.Before(c.deadline) {
			c.deadline, c.hasDL = d, true
		}
	}
}

// pastDeadline reports a context whose deadline has passed at now; the
// proxy's sweeper then ends it (no runtime timer per call: see sweeper).
func (c *callCtx) pastDeadline(now time.Time) bool {
	return c.hasDL && !now.Before(c.deadline) && c.Err() == nil
}

func (c *callCtx) Deadline() (time.Time, bool) { return c.deadline, c.hasDL }

// Done returns the context's done channel, made at the first call: a call
// whose I/O never selects on it (one reading its own reply) makes none.
func (c *callCtx) Done() <-chan struct{} {
	if d := c.done.Load(); d != nil {
		return *d
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if d := c.done.Load(); d != nil {
		return *d
	}
	d := make(chan struct{})
	if c.err != nil {
		close(d)
	}
	c.done.Store(&d)
	return d
}

// Value is the caller's value for key. Once the context has ended, values
// are looked up through a context cancelled with its cause, made then: that
// is how context.Cause, which asks Value for the context package's own
// key, finds the cause (and not the caller's). A call's I/O rarely looks a
// value up after its end, so a call that ends costs nothing more.
func (c *callCtx) Value(key any) any {
	if !c.ended.Load() {
		return c.values.Value(key)
	}
	c.mu.Lock()
	if c.causeCtx == nil {
		cc, cancel := context.WithCancelCause(context.WithoutCancel(c.values))
		cancel(c.cause)
		c.causeCtx = cc
	}
	cc := c.causeCtx
	c.mu.Unlock()
	return cc.Value(key)
}

func (c *callCtx) Err() error {
	if !c.ended.Load() {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

func (c *callCtx) expire() { c.end(context.DeadlineExceeded, context.DeadlineExceeded) }

// cancel ends the context with cause (nil: context.Canceled); the first
// end wins.
func (c *callCtx) cancel(cause error) {
	if cause == nil {
		cause = context.Canceled
	}
	c.end(context.Canceled, cause)
}

func (c *callCtx) end(err, cause error) {
	c.mu.Lock()
	if c.err != nil {
		c.mu.Unlock()
		return
	}
	c.err, c.cause = err, cause
	c.ended.Store(true)
	if d := c.done.Load(); d != nil {
		close(*d)
	} else {
		c.done.Store(&closedChan)
	}
	c.mu.Unlock()
	if c.wk != nil {
		c.wk.wake()
	}
}

// callSendCtx is a callCtx seen without its cancellation: the deadline and
// values only, for a send that must not be cut half-written. It is the
// same memory as its callCtx, so taking it allocates nothing.
type callSendCtx callCtx

func (s *callSendCtx) Deadline() (time.Time, bool) { return s.deadline, s.hasDL }
func (s *callSendCtx) Done() <-chan struct{}       { return nil }
func (s *callSendCtx) Err() error                  { return nil }
func (s *callSendCtx) Value(key any) any           { return s.values.Value(key) }

// withoutCancel implements the view duplexClient asks for.
func (c *callCtx) withoutCancel() context.Context { return (*callSendCtx)(c) }
