// Pending calls of a service proxy: the WS_PROXY_PROPERTY_MAX_PENDING_CALLS
// quota, the wait of WsCloseServiceProxy ("waits for each call to
// complete") and WsAbandonCall ("the actual I/O associated with the call
// is not canceled. The service proxy keeps the resources to complete the
// call even though the call was abandoned").

package servicemodel

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/wwsgo/wws/soap"
)

// A call's claim: whoever moves it from callPending first decides how the
// caller's Call returns.
const (
	callPending  uint32 = iota
	callClaimed         // the call's I/O ended and is finishing the call
	callReleased        // the caller was let go first (abandon, abort, timeout)
)

// proxyCall is one call from the moment it is admitted until its I/O ends.
type proxyCall struct {
	id    CallID
	claim atomic.Uint32
	fin   chan struct{} // closed when the caller may return; err is set before
	err   error
	io    callCtx   // the context of the call's I/O
	wk    readWaker // wakes a caller reading its own reply: fin closed or io ended

	req   soap.Message   // the request: one allocation for the call and its message
	msgID soap.MessageID // the request's MessageID, made ahead; zero for none

	prev, next *proxyCall // in the proxy's pending list, under its mu
	listed     bool

	// What onReply needs, for a call made on a session.
	p    *ServiceProxy
	op   *Operation
	resp any
	rh   *soap.Headers
}

func newProxyCall(id CallID) *proxyCall {
	c := &proxyCall{id: id, fin: make(chan struct{})}
	c.wk.stop = c.fin
	c.io.wk = &c.wk
	return c
}

// takeCall returns a new call: the spare one made ahead, if any.
func (p *ServiceProxy) takeCall(id CallID) *proxyCall {
	if c := p.spare.Swap(nil); c != nil {
		c.id = id
		return c
	}
	return newProxyCall(id)
}

// makeSpare makes the next call ahead, with its request's MessageID,
// unless one is made. A caller does it after sending its request, while
// the service works: making a call is then not on the way of the next
// request. A call is never reused: its address was handed to the
// goroutines of its I/O, its release and its context's AfterFunc.
func (p *ServiceProxy) makeSpare() {
	if p.spare.Load() != nil {
		return
	}
	c := newProxyCall(0)
	c.msgID = soap.NewMessageID()
	p.spare.Store(c)
}

// messageID is the MessageID of a new request: the one made ahead, if any.
func (c *proxyCall) messageID() soap.MessageID {
	if !c.msgID.IsZero() {
		return c.msgID
	}
	return soap.NewMessageID()
}

// cancelIO ends the call's I/O with cause.
func (c *proxyCall) cancelIO(cause error) { c.io.cancel(cause) }

// release lets the caller return err now, unless the call was already
// claimed or released; it reports whether it did.
func (c *proxyCall) release(err error) bool {
	if !c.claim.CompareAndSwap(callPending, callReleased) {
		return false
	}
	c.err = err
	close(c.fin)
	c.wk.wake()
	return true
}

// claimForIO is called by the call's I/O when it ends; false means the
// caller is gone and the reply must be dropped.
func (c *proxyCall) claimForIO() bool { return c.claim.CompareAndSwap(callPending, callClaimed) }

// finish ends a claimed call with err.
func (c *proxyCall) finish(err error) {
	c.err = err
	close(c.fin)
}

// wait blocks the caller until the call ends, ctx (the caller's) ends, or
// ioCtx (the call's I/O, which carries the call timeout) ends.
func (c *proxyCall) wait(ctx, ioCtx context.Context) error {
	select {
	case <-c.fin:
		return c.err
	case <-ctx.Done():
		if c.release(ctxError(ctx)) {
			c.cancelIO(c.err)
		}
	case <-ioCtx.Done():
		c.release(ctxError(ioCtx))
	}
	<-c.fin
	return c.err
}

// addCallLocked admits c unless MaxPendingCalls calls are pending.
func (p *ServiceProxy) addCallLocked(c *proxyCall) error {
	if n := p.pending.n; n >= p.opts.MaxPendingCalls {
		return newError(ErrQuotaExceeded, fmt.Errorf("%d calls pending, MaxPendingCalls is %d", n, p.opts.MaxPendingCalls))
	}
	p.pending.add(c)
	return nil
}

// removeCall forgets c once its I/O has ended, waking a Close that waits.
// Removing a call twice is harmless.
func (p *ServiceProxy) removeCall(c *proxyCall) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.pending.remove(c) {
		return
	}
	if p.pending.n == 0 && p.idle != nil {
		close(p.idle)
		p.idle = nil
	}
}

// closedChan is a channel that is always closed.
var closedChan = func() chan struct{} { c := make(chan struct{}); close(c); return c }()

// idleLocked returns a channel closed when no call is pending.
func (p *ServiceProxy) idleLocked() <-chan struct{} {
	if p.pending.n == 0 {
		return closedChan
	}
	if p.idle == nil {
		p.idle = make(chan struct{})
	}
	return p.idle
}

// failPendingLocked releases every pending caller with err and cancels the
// I/O of every pending call, abandoned ones included.
func (p *ServiceProxy) failPendingLocked(err error) {
	for c := p.pending.head; c != nil; c = c.next {
		c.release(err)
		c.cancelIO(err)
	}
}

// AbandonCall releases the caller of every pending call with the given id
// at once (WsAbandonCall); their Call returns an error that errors.Is
// ErrAbandoned. id 0 abandons every pending call. The I/O of an abandoned
// call is not cancelled: it runs to its end (bounded by CallTimeout), its
// reply is dropped, and it counts against MaxPendingCalls and the wait of
// Close until then. An id with no pending call is not an error.
//
// AbandonCall is allowed where calls may be pending: Open, Closing and
// Faulted; elsewhere it fails with ErrInvalidOperation.
func (p *ServiceProxy) AbandonCall(id CallID) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch cur := p.sm.State(); cur {
	case Open, Closing, Faulted:
	default:
		return fmt.Errorf("%w: AbandonCall on a proxy in state %v", ErrInvalidOperation, cur)
	}
	for c := p.pending.head; c != nil; c = c.next {
		if id == 0 || c.id == id {
			c.release(errCallAbandoned)
		}
	}
	return nil
}

// AbandonAll abandons every pending call: AbandonCall(0).
func (p *ServiceProxy) AbandonAll() error { return p.AbandonCall(0) }

// callList is the proxy's pending calls: a list through the calls
// themselves, so that a call joins and leaves it without hashing.
type callList struct {
	head *proxyCall
	n    int
}

func (l *callList) add(c *proxyCall) {
	c.prev, c.next, c.listed = nil, l.head, true
	if l.head != nil {
		l.head.prev = c
	}
	l.head = c
	l.n++
}

// remove takes c out of the list; false if it was not in it.
func (l *callList) remove(c *proxyCall) bool {
	if !c.listed {
		return false
	}
	if c.prev != nil {
		c.prev.next = c.next
	} else {
		l.head = c.next
	}
	if c.next != nil {
		c.next.prev = c.prev
	}
	c.prev, c.next, c.listed = nil, nil, false
	l.n--
	return true
}
