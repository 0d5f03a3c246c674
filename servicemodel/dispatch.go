// The dispatcher: one received message to one service operation, WCF's
// EndpointDispatcher filters and WWSAPI's server-side service operations
// (reply headers: WS-Addressing 1.0 Core §3.4; faults: SOAP 1.2 Part 1
// §5.4 and WS-Addressing 1.0 SOAP Binding §6; "Call cancellation"). Order:
// To (DestinationUnreachable), Action (ActionNotSupported, or the default
// handler), Authorize (access denied), mustUnderstand (MustUnderstand),
// body decoding (DeserializationFailed), then the operation; its result or
// error becomes the reply. Everything up to the decoding reads the message
// and runs before the channel's next Receive; the operation may run
// concurrently with later messages of the channel.

package servicemodel

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/wwsgo/wws/cancel"
	"github.com/wwsgo/wws/soap"
	"github.com/wwsgo/wws/soap/infoset"
)

// dispatcher routes the messages of one endpoint.
type dispatcher struct {
	ep            *Endpoint
	sm            *stateMachine // the host's, for the Call rule
	includeDetail bool
	session       bool
	matchedTo     atomic.Pointer[string]    // the last To that matched ep.Address
	lastOp        atomic.Pointer[Operation] // the operation of the last Action found
}

// operation is the contract's OperationByAction, remembering the last
// operation found: a client calls the same one again and again, and
// comparing its Action costs less than hashing it. Actions are unique.
func (d *dispatcher) operation(action string) (*Operation, bool) {
	if op := d.lastOp.Load(); op != nil && op.Action == action {
		return op, true
	}
	op, ok := d.ep.Contract.OperationByAction(action)
	if ok {
		d.lastOp.Store(op)
	}
	return op, ok
}

// toMatches is addressMatches for the endpoint, remembering the last To
// that matched: a client sends the same To every time, and parsing both
// URLs per message is most of the check's cost.
func (d *dispatcher) toMatches(to string) bool {
	if last := d.matchedTo.Load(); last != nil && *last == to {
		return true
	}
	if !d.ep.acceptsTo(to) {
		return false
	}
	matched := to // a copy: taking to's address would move it to the heap on every call
	d.matchedTo.Store(&matched)
	return true
}

// call is one message on its way through the dispatcher. prepare fills in
// the operation, its cancel.Call and the decoded request, or the reply
// when the message is answered without running an operation.
type call struct {
	ctx  context.Context // the channel's context
	rc   RequestContext
	req  *soap.Message
	host *cancel.Group
	ch   *cancel.Group
	st   any // channel state

	spare *callInfoCtx // a call made ahead for this message, in the groups; or nil (newCall)

	op    *Operation
	cc    *cancel.Call    // nil until the call is made
	cctx  context.Context // the call's context, with its callInfo
	info  *callInfo
	body  any           // the decoded request, when the operation must run
	run   bool          // the operation must run
	reply *soap.Message // the answer decided so far

	replyBuf soap.Message // backs an operation's reply: no allocation per call
}

// dispatch processes one received message and sends its reply, if any. It
// returns the error of sending the reply, or ErrAborted when the host no
// longer dispatches.
func (d *dispatcher) dispatch(k *call) error {
	if err := d.prepare(k); err != nil {
		return err
	}
	return d.finish(k)
}

// prepare does every step that reads the message, which is valid only
// until the channel's next Receive: the To and Action filters, the call's
// creation, Authorize, the default handler, the mustUnderstand check and
// the body's decoding. It returns ErrAborted when the host no longer
// dispatches (then there is nothing to finish).
func (d *dispatcher) prepare(k *call) error {
	if _, r := d.sm.Begin(&hostRules, methodCall); r.Err != nil {
		return r.Err
	}
	req := k.req
	if !d.toMatches(req.To) {
		k.reply = d.faultMessage(req, soap.DestinationUnreachableFault(req.To))
		return nil
	}
	op, ok := d.operation(req.Action)
	if !ok && d.ep.DefaultHandler == nil {
		k.reply = d.faultMessage(req, soap.ActionNotSupportedFault(req.Action))
		return nil
	}
	k.op = op
	d.newCall(k)
	k.reply = d.protect(k, func() *soap.Message { return d.admit(k) })
	return nil
}

// newCall makes the call's cancel.Call, in the host's and the channel's
// groups, and its context. The context is not a child of the channel's
// (which carries no values): a host abort or a channel fault reaches the
// call through the groups, which cancel it with the reason as cause, and
// the call need not register with the channel's context and leave it.
func (d *dispatcher) newCall(k *call) {
	ic := k.spare // already in the groups
	if ic == nil {
		ic = newCallInfoCtx()
		k.host.Add(ic.info.call)
		k.ch.Add(ic.info.call)
	}
	k.spare = nil
	cc := ic.info.call
	ic.info.req, ic.info.chState = k.req, k.st
	ic.info.caller = nil
	if cs, ok := k.rc.(callerSource); ok {
		ic.info.caller = cs.Caller()
	}
	k.cc, k.info, k.cctx = cc, &ic.info, ic
}

// newCallInfoCtx makes a call's cancel.Call and context, not yet tied to
// a message. A receive loop makes the next one ahead, after the reply of
// the last is sent, so that making it is not on the way of a request.
func newCallInfoCtx() *callInfoCtx {
	ic := new(callInfoCtx)
	ic.Context = ic.call.Init(context.Background())
	ic.info.call = &ic.call
	return ic
}

// admit authorizes the message, hands it to the default handler or checks
// its headers and decodes its body. It returns the reply when the
// operation is not to run.
func (d *dispatcher) admit(k *call) *soap.Message {
	req := k.req
	if d.ep.Authorize != nil {
		if err := d.ep.Authorize(k.cctx); err != nil {
			return d.faultMessage(req, deniedFault(err))
		}
	}
	if k.op == nil {
		m, err := d.ep.DefaultHandler(k.cctx, req)
		if err != nil {
			return d.faultMessage(req, faultFor(err, d.includeDetail))
		}
		return m
	}
	if names := d.notUnderstood(req); len(names) > 0 {
		return d.faultMessage(req, soap.MustUnderstandFault(names))
	}
	body, err := k.op.DecodeRequest(req)
	if err != nil {
		return d.faultMessage(req, deserializationFault(err, d.includeDetail))
	}
	k.body, k.run = body, true
	return nil
}

// finish runs the operation if prepare left it to run, finishes the call
// (its cancel callback, if due, has run), sends the reply, and then
// releases the call (free-state callback, context, groups): that work is
// not on the way of the reply.
func (d *dispatcher) finish(k *call) error {
	if k.run {
		k.reply = d.protect(k, func() *soap.Message { return d.invoke(k) })
	}
	var headers soap.Headers
	if k.cc != nil {
		headers = k.info.finish()
		k.cc.Finish()
		defer k.cc.Release()
	}
	if k.op != nil && k.op.OneWay {
		k.reply = nil
	}
	if k.cc != nil && abandonedByHost(k.cc) {
		// The host aborted or the channel faulted under the call: WCF
		// sends nothing and drops the channel; so do we.
		return nil
	}
	return d.send(k, k.reply, headers)
}

// abandonedByHost reports whether a call was cancelled by a host abort or
// a channel fault (and not ended by the operation finishing). It asks the
// call, not its context, which is made only if the operation used it.
func abandonedByHost(cc *cancel.Call) bool {
	_, cancelled := cc.Cancelled()
	return cancelled
}

// invoke runs the operation and builds its reply.
func (d *dispatcher) invoke(k *call) *soap.Message {
	res, err := k.op.Call(k.cctx, k.body)
	if err != nil {
		return d.faultMessage(k.req, operationFault(err, k.req.Action, d.includeDetail))
	}
	if k.op.OneWay {
		return nil
	}
	k.replyBuf = soap.Message{Version: k.req.Version, Action: k.op.ReplyAction}
	k.replyBuf.SetBody(res)
	return &k.replyBuf
}

// protect runs fn, turning a panic into InternalServiceFault.
func (d *dispatcher) protect(k *call, fn func() *soap.Message) (reply *soap.Message) {
	defer func() {
		if p := recover(); p != nil {
			reply = d.faultMessage(k.req, faultFor(fmt.Errorf("%w: %v", ErrOperationPanicked, p), d.includeDetail))
		}
	}()
	return fn()
}

// notUnderstood lists the mustUnderstand headers neither the endpoint nor
// Authorize handled.
func (d *dispatcher) notUnderstood(req *soap.Message) []infoset.Name {
	names := req.NotUnderstood()
	out := names[:0]
	for _, n := range names {
		if !d.ep.understands(n) {
			out = append(out, n)
		}
	}
	return out
}

// faultMessage returns the fault message for f in the request's version;
// a fault without an action gets the version's default fault action.
func (d *dispatcher) faultMessage(req *soap.Message, f *soap.Fault) *soap.Message {
	if f.Action == "" {
		g := *f
		g.Action = req.Version.Addressing.DefaultFaultAction()
		f = &g
	}
	return soap.NewFaultMessage(req.Version, f)
}

// send addresses reply to the request's sender and sends it, or finishes
// a message that gets no reply.
func (d *dispatcher) send(k *call, reply *soap.Message, headers soap.Headers) error {
	if reply == nil {
		return k.rc.NoReply(k.ctx)
	}
	d.address(reply, k.req)
	reply.Headers = append(reply.Headers, headers...)
	return k.rc.Reply(k.ctx, reply)
}

// address sets RelatesTo to the request's MessageID and, on session
// bindings, To to the request's ReplyTo (WS-Addressing 1.0 Core §3.4, as
// WCF's reply adapter does over net.tcp), unless the reply
// already has them.
func (d *dispatcher) address(reply, req *soap.Message) {
	if reply.RelatesTo.IsZero() {
		reply.RelatesTo = req.MessageID
	}
	a := req.Version.Addressing
	if !d.session || reply.To != "" || a == soap.AddressingNone {
		return
	}
	reply.To = a.Anonymous()
	if req.ReplyTo != nil && req.ReplyTo.Address != "" {
		reply.To = req.ReplyTo.Address
	}
}
