// A call's context, made on first use: most operations never look at
// theirs, and a host pays for a cancellable context per call only when
// the operation (or Register) asks for it.

package cancel

import (
	"context"
	"time"
)

// madeCtx is a call's context once made, with its cancel function.
type madeCtx struct {
	ctx    context.Context
	cancel context.CancelCauseFunc
}

// callContext is the context of a Call, what Init and Context return. Its
// methods make the underlying context.WithCancelCause context on first
// use, already cancelled with the call's cause if the call ended before;
// the Call itself records its end without one. Every key, the context
// package's own included, is the made context's, so context.Cause and the
// contexts derived from it see the call's cancelCtx as for
// context.WithCancelCause.
type callContext Call

func (x *callContext) Deadline() (time.Time, bool) { return (*Call)(x).context().Deadline() }
func (x *callContext) Done() <-chan struct{}       { return (*Call)(x).context().Done() }
func (x *callContext) Err() error                  { return (*Call)(x).context().Err() }
func (x *callContext) Value(key any) any           { return (*Call)(x).context().Value(key) }
func (x *callContext) String() string              { return "cancel.Call.Context" }

// context returns the call's context, making it if it is not made. A
// parent that can end has it made in Init.
func (c *Call) context() context.Context {
	if m := c.made.Load(); m != nil {
		return m.ctx
	}
	c.making.Lock()
	m := c.made.Load()
	if m == nil {
		m = &c.madeCtx // in the Call: no allocation of its own
		m.ctx, m.cancel = context.WithCancelCause(c.parent)
		c.made.Store(m)
	}
	c.making.Unlock()
	// end records its cause before it looks for the context; here the
	// context is published before the cause is read: one of the two sees
	// the other, and both cancel with the same, first cause.
	if cause := c.cause.Load(); cause != nil {
		m.cancel(*cause)
	}
	return m.ctx
}

// end ends the call with *cause (a package variable, so recording it does
// not allocate) unless it has ended: the cause is recorded, and the
// context, if made, cancelled with it. It never blocks.
func (c *Call) end(cause *error) {
	if !c.cause.CompareAndSwap(nil, cause) {
		return
	}
	if m := c.made.Load(); m != nil {
		m.cancel(*cause)
	}
}

// causeErr is the cause of the call's context: nil while the call runs.
// A made context is asked first, for its parent may have ended it.
func (c *Call) causeErr() error {
	if m := c.made.Load(); m != nil {
		if err := context.Cause(m.ctx); err != nil {
			return err
		}
	}
	if p := c.cause.Load(); p != nil {
		return *p
	}
	return nil
}

// Cancelled reports whether the call was cancelled before it completed,
// and why (a parent context that ended for another cause counts as
// HostAbort, as for the cancel callback), without making its context.
func (c *Call) Cancelled() (Reason, bool) {
	err := c.causeErr()
	if err == nil || err == ErrCallCompleted {
		return HostAbort, false
	}
	r, _ := ReasonOf(err)
	return r, true
}
