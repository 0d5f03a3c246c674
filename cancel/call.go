// One service operation call and its cancel registration: WWSAPI's
// WsRegisterOperationForCancel, WS_OPERATION_CANCEL_CALLBACK and
// WS_OPERATION_FREE_STATE_CALLBACK ("Call cancellation").

package cancel

import (
	"context"
	"sync"
	"sync/atomic"
)

// Call is one executing service operation call. The host's dispatcher
// creates it with NewCall, passes its context to the operation, cancels it
// with Cancel (or through a Group) and calls Complete once the operation has
// returned. The operation may Register a cancel callback and a free-state
// callback, as WsRegisterOperationForCancel does.
//
// The cancel callback runs at most once, and runs if and only if the call's
// context ended (Cancel, a Group, or the parent context) before Complete. It
// runs on its own goroutine (context.AfterFunc), or inside Register if the
// call was already cancelled, or inside Complete if the cancellation came
// just before it. The free-state callback runs exactly once, in Complete,
// after the cancel callback has returned and never at the same time.
type Call struct {
	parent  context.Context         // of the context, made on first use (context.go)
	made    atomic.Pointer[madeCtx] // the context, once made
	cause   atomic.Pointer[error]   // the first end's cause: Cancel's or Release's, made or not
	making  sync.Mutex              // serialises making the context; taken inside mu, takes nothing
	madeCtx                         // what made points to, once made

	mu sync.Mutex
	// mu guards following
	registered bool
	cancelFn   func(Reason, any)
	freeFn     func(any)
	state      any
	stop       func() bool   // unregisters the AfterFunc; nil until Register
	fired      bool          // the cancel callback has started
	cbDone     chan struct{} // closed when a cancel callback started by fire returns
	completed  bool          // Finish has run: no cancel callback starts any more
	released   bool          // Release has run
	nin        int           // places used in in, the first groups the call is in
	in         [2]member     // the call's places in the usual host + channel pair
	more       []*member     // its places in any further groups
}

// NewCall returns a call whose context is derived from parent. The context is
// cancelled with cause ErrHostAborted or ErrChannelFaulted by Cancel, and with
// ErrCallCompleted by Complete. Complete must be called once the operation
// has returned, or the call stays attached to parent.
func NewCall(parent context.Context) (*Call, context.Context) {
	c := new(Call)
	return c, c.Init(parent)
}

// Init readies c, a zero Call, as NewCall does, and returns its context:
// for a Call kept inside a larger structure, one allocation less. A Call
// must not be copied once Init has run, nor Init run twice.
func (c *Call) Init(parent context.Context) context.Context {
	c.parent = parent
	if parent.Done() != nil {
		c.context() // a parent that can end must reach the callbacks: watch it from now on
	}
	return c.Context()
}

// Context returns the call's context, the one NewCall returned.
func (c *Call) Context() context.Context { return (*callContext)(c) }

// Register registers cancelFn, called at most once with the Reason and state
// if the call is cancelled, and freeFn (optional), called exactly once with
// state when the call completes. If the call is already cancelled, cancelFn
// runs before Register returns. The callbacks must not call Complete.
//
// Register fails with ErrNilCallback without cancelFn, ErrAlreadyRegistered
// after a successful Register, and ErrCallCompleted after Complete; on error
// neither callback is ever called and the caller keeps state.
func (c *Call) Register(cancelFn func(reason Reason, state any), freeFn func(state any), state any) error {
	if cancelFn == nil {
		return ErrNilCallback
	}
	c.mu.Lock()
	switch {
	case c.completed:
		c.mu.Unlock()
		return ErrCallCompleted
	case c.registered:
		c.mu.Unlock()
		return ErrAlreadyRegistered
	}
	c.registered, c.cancelFn, c.freeFn, c.state = true, cancelFn, freeFn, state
	if ctx := c.context(); ctx.Err() == nil {
		c.stop = context.AfterFunc(ctx, c.fire)
		c.mu.Unlock()
		return nil
	}
	c.mu.Unlock()
	c.fire() // already cancelled: notify during registration
	return nil
}

// Cancel cancels the call for reason: its context ends with reason.Err() as
// cause and the registered cancel callback is run. Only the first
// cancellation counts; later ones, and any after Complete, do nothing.
// Cancel does not wait for the cancel callback.
func (c *Call) Cancel(reason Reason) { c.end(reason.errPtr()) }

// Complete ends the call: Finish, then Release. Calls after the first do
// nothing. Complete must not be called from a callback of the same call.
func (c *Call) Complete() {
	c.Finish()
	c.Release()
}

// Finish is the first half of Complete, for the moment the operation has
// returned: it runs the cancel callback if the call was cancelled and the
// callback has not run yet, and waits for a running cancel callback to
// return. No cancel callback starts after Finish. A host finishes a call
// before it sends the reply and releases it after, so that the free-state
// work is not on the way of the reply. Later calls only wait for a cancel
// callback still running.
func (c *Call) Finish() {
	c.mu.Lock()
	if c.completed {
		done := c.cbDone
		c.mu.Unlock()
		if done != nil {
			<-done
		}
		return
	}
	c.completed = true
	if c.stop != nil {
		c.stop()
	}
	late := c.registered && !c.fired && c.causeErr() != nil
	if late {
		// The callback runs here; a Release on another goroutine waits
		// for it as for one started by fire.
		c.fired, c.cbDone = true, make(chan struct{})
		done, state := c.cbDone, c.state
		c.mu.Unlock()
		defer close(done)
		c.cancelFn(c.reason(), state)
		return
	}
	done := c.cbDone
	c.mu.Unlock()
	if done != nil {
		<-done
	}
}

// Release is the second half of Complete, after Finish (which it runs if
// it has not run): it runs the free-state callback, releases the context
// (cause ErrCallCompleted unless cancelled before) and leaves every Group.
// Calls after the first do nothing.
func (c *Call) Release() {
	c.Finish()
	c.mu.Lock()
	if c.released {
		c.mu.Unlock()
		return
	}
	c.released = true
	freeFn, state, done := c.freeFn, c.state, c.cbDone
	c.mu.Unlock()
	// Completed: no Add touches the call's places any more.

	if done != nil {
		<-done // a cancel callback that Finish on another goroutine runs
	}
	if freeFn != nil {
		freeFn(state)
	}
	c.end(&ErrCallCompleted)
	for i := range c.nin {
		c.in[i].leave()
	}
	for _, m := range c.more {
		m.leave()
	}
}

// fire runs the cancel callback unless it has run, the call completed, or
// nothing is registered. It is the AfterFunc of the call's context.
func (c *Call) fire() {
	c.mu.Lock()
	if !c.registered || c.fired || c.completed {
		c.mu.Unlock()
		return
	}
	c.fired = true
	done := make(chan struct{})
	c.cbDone = done
	fn, state := c.cancelFn, c.state
	c.mu.Unlock()

	defer close(done)
	fn(c.reason(), state)
}

// reason is the Reason for the context's cause. A parent context that ended
// for another cause is reported as HostAbort: the host is taking the call
// away, and WWSAPI has no third reason.
func (c *Call) reason() Reason {
	r, _ := ReasonOf(c.causeErr())
	return r
}

// joinLocked returns the call's new place in g, or nil if it is in g
// already. c.mu must be held.
func (c *Call) joinLocked(g *Group) *member {
	for i := range c.nin {
		if c.in[i].g == g {
			return nil
		}
	}
	for _, m := range c.more {
		if m.g == g {
			return nil
		}
	}
	if c.nin < len(c.in) {
		m := &c.in[c.nin]
		c.nin++
		m.c, m.g = c, g
		return m
	}
	m := &member{c: c, g: g}
	c.more = append(c.more, m)
	return m
}
