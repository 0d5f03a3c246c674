// A call through the service proxy: WWSAPI's WsCall. The request carries the
// WCF request headers (WS-Addressing 1.0 Core §3: Action, MessageID, ReplyTo
// anonymous, To; a one-way request has no MessageID or ReplyTo); a fault
// reply is returned as the *soap.Fault (WS_E_ENDPOINT_FAULT_RECEIVED).

package servicemodel

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/beevik/etree"

	"github.com/wwsgo/wws/soap"
)

// Call invokes operation (the operation's name or its Action) with the
// request body req and decodes the reply body into resp, a pointer to the
// operation's response type (nil to ignore the body; one-way operations
// have no reply; a **etree.Element takes the body element as it is, for
// replies no Go type describes, such as WS-MetadataExchange's). It may be
// called from many goroutines at once.
//
// The call ends with ctx, or after the proxy's CallTimeout. Errors carry a
// WWSAPI sentinel: ErrInvalidOperation or ErrObjectFaulted for a proxy not
// Open, ErrQuotaExceeded over MaxPendingCalls, ErrTimedOut (with
// context.DeadlineExceeded), ErrAborted (ctx cancelled, or the proxy
// aborted), ErrAbandoned (AbandonCall), ErrEndpointDisconnected (the
// channel dropped), ErrEndpointFaultReceived (the service answered a
// fault: errors.As gives the *soap.Fault), ErrInvalidFormat (a reply that
// cannot be read).
func (p *ServiceProxy) Call(ctx context.Context, operation string, req, resp any, opts ...CallOption) error {
	op, ok := p.resolve(operation)
	if !ok {
		return fmt.Errorf("%w: %q", ErrUnknownOperation, operation)
	}
	if ctx.Err() != nil {
		return ctxError(ctx)
	}
	var co callOptions
	if len(opts) > 0 {
		co = applyOptions(opts) // options are opaque funcs: what they see escapes
	}
	c := p.takeCall(co.id)
	c.io.init(ctx, p.opts.CallTimeout)
	ch, to, err := p.beginCall(c)
	if err != nil {
		c.io.cancel(nil)
		return err
	}
	if c.io.hasDL {
		p.timeouts.kick()
	}
	msg := p.newRequest(c, op, req, to, &co)
	if sc, ok := ch.(sessionRequester); ok && !op.OneWay {
		return p.callOnSession(ctx, c, sc, msg, op, resp, co.replyHeaders)
	}
	go p.runCall(&c.io, c, ch, msg, op, resp, co.replyHeaders)
	return c.wait(ctx, &c.io)
}

// resolve is the contract's ResolveOperation, remembering the last
// operation found: a caller names the same one again and again. Names
// are unique and looked up first, so a name that is the last operation's
// resolves to it.
func (p *ServiceProxy) resolve(operation string) (*Operation, bool) {
	if op := p.lastOp.Load(); op != nil && op.Name == operation {
		return op, true
	}
	op, ok := p.contract.ResolveOperation(operation)
	if ok {
		p.lastOp.Store(op)
	}
	return op, ok
}

// sessionRequester is a channel whose requests can be waited for on the
// caller's goroutine, the caller reading its own reply when it is alone
// in flight (duplexClient).
type sessionRequester interface {
	ClientChannel
	StartRequest(sendCtx context.Context, req *soap.Message, onReply replySink) (*pendingCall, error)
	Await(ctx context.Context, pc *pendingCall, w *readWaker) error
}

// callOnSession runs a two-way call's I/O on the caller's goroutine. When
// the caller is let go first (abandoned, its context cancelled, the proxy
// aborted) the wait for the reply goes on in a goroutine of its own, so
// the I/O still ends as WsAbandonCall says: reply dropped, slot held
// until then.
func (p *ServiceProxy) callOnSession(ctx context.Context, c *proxyCall, ch sessionRequester,
	msg *soap.Message, op *Operation, resp any, rh *soap.Headers) error {
	var stopWatch func() bool
	if ctx.Done() != nil {
		stopWatch = context.AfterFunc(ctx, func() {
			if c.release(ctxError(ctx)) {
				c.cancelIO(c.err)
			}
		})
	}
	c.p, c.op, c.resp, c.rh = p, op, resp, rh
	pc, err := ch.StartRequest(c.io.withoutCancel(), msg, c)
	if err == nil {
		p.makeSpare() // while the request is on its way
		err = ch.Await(&c.io, pc, &c.wk)
	}
	ioDone := !errors.Is(err, errReleased)
	if ioDone {
		p.endIO(&c.io, c, ch, op, err)
	} else {
		go func() { p.endIO(&c.io, c, ch, op, ch.Await(&c.io, pc, nil)) }()
	}
	if stopWatch != nil {
		stopWatch()
	}
	<-c.fin
	return c.err
}

// beginCall admits c if the proxy is Open and under its quota, and returns
// the channel and address to use.
func (p *ServiceProxy) beginCall(c *proxyCall) (ClientChannel, string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if cur, r := p.sm.BeginHeld(&proxyRules, methodCall); r.Err != nil { // every change of state is under mu
		return nil, "", stateError(r.Err, methodCall, cur)
	}
	if err := p.addCallLocked(c); err != nil {
		return nil, "", err
	}
	return p.ch, p.address, nil
}

// newRequest builds the request message of op (WS-Addressing 1.0 Core §3
// headers, as WCF sends them) in c.req.
func (p *ServiceProxy) newRequest(c *proxyCall, op *Operation, req any, to string, co *callOptions) *soap.Message {
	m := &c.req
	*m = soap.Message{Version: p.version, Action: op.Action, To: to}
	m.SetBody(req)
	if !op.OneWay && p.replyTo != nil {
		m.MessageID = co.messageID
		if m.MessageID.IsZero() {
			m.MessageID = c.messageID()
		}
		m.ReplyTo = p.replyTo
	}
	m.Headers = co.headers
	return m
}

// runCall does a call's I/O on a goroutine of its own and finishes the
// call unless its caller has gone.
func (p *ServiceProxy) runCall(ctx context.Context, c *proxyCall, ch ClientChannel,
	msg *soap.Message, op *Operation, resp any, rh *soap.Headers) {
	var err error
	if op.OneWay {
		err = ch.Send(ctx, msg)
	} else {
		err = ch.Request(ctx, msg, p.replyHandler(c, op, resp, rh))
	}
	p.endIO(ctx, c, ch, op, err)
}

// replyHandler is a call's onReply. A reply is read while it is valid: the
// call is claimed, the body decoded into resp and the caller released
// there, so nothing of the reply outlives onReply.
func (p *ServiceProxy) replyHandler(c *proxyCall, op *Operation, resp any, rh *soap.Headers) func(*soap.Message) error {
	return func(reply *soap.Message) error {
		if !c.claimForIO() {
			return nil // the caller has gone: drop the reply
		}
		err := p.readReply(op, reply, resp, rh)
		p.removeCall(c)
		c.finish(err)
		return err
	}
}

// onReply is the replySink of a call made on a session: replyHandler's
// work without its closure.
func (c *proxyCall) onReply(reply *soap.Message) error {
	if !c.claimForIO() {
		return nil // the caller has gone: drop the reply
	}
	err := c.p.readReply(c.op, reply, c.resp, c.rh)
	c.p.removeCall(c)
	c.finish(err)
	return err
}

// endIO ends a call's I/O with the channel's err: it finishes the call
// unless onReply did or the caller has gone, and frees its slot.
func (p *ServiceProxy) endIO(ctx context.Context, c *proxyCall, ch ClientChannel, op *Operation, err error) {
	defer c.io.cancel(nil) // the I/O is over: release the context and its timer
	if !c.claimForIO() {
		// Finished in onReply, which removed the call; or the caller was
		// let go first, and the call is removed here.
		if c.claim.Load() == callReleased {
			p.removeCall(c)
		}
		return
	}
	switch {
	case err != nil:
		err = ioError(ctx, ch, err)
	case !op.OneWay:
		err = newError(ErrInvalidFormat, errNoReply)
	}
	p.removeCall(c)
	c.finish(err)
}

// readReply turns a two-way call's reply into the call's result; nothing
// of reply is kept.
func (p *ServiceProxy) readReply(op *Operation, reply *soap.Message, resp any, rh *soap.Headers) error {
	if reply == nil {
		return newError(ErrInvalidFormat, errNoReply)
	}
	if rh != nil {
		*rh = slices.Clone(reply.Headers) // WithReplyHeaders
	}
	if reply.IsFault() {
		f, err := reply.Fault()
		if err != nil {
			return MapError(err)
		}
		return newError(ErrEndpointFaultReceived, f)
	}
	if reply.Action != "" && reply.Action != op.ReplyAction {
		return newError(ErrInvalidFormat, fmt.Errorf("reply action %q, want %q", reply.Action, op.ReplyAction))
	}
	switch r := resp.(type) {
	case nil:
		return nil
	case **etree.Element:
		e, err := reply.BodyElement()
		*r = e
		return MapError(err)
	}
	return MapError(reply.DecodeBody(resp))
}
