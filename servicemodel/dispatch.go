// The dispatcher: one received message to one service operation, WCF's
// EndpointDispatcher filters and WWSAPI's server-side service operations
// (wire.md §5.1 reply headers, §5.2 faults; "Call cancellation"). Order:
// To (DestinationUnreachable), Action (ActionNotSupported, or the default
// handler), Authorize (access denied), mustUnderstand (MustUnderstand),
// then the operation; its result or error becomes the reply.

package servicemodel

import (
	"context"
	"fmt"

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
}

// call is one message on its way through the dispatcher.
type call struct {
	ctx  context.Context // the channel's context; the call's own is made in invoke
	rc   RequestContext
	req  *soap.Message
	host *cancel.Group
	ch   *cancel.Group
	st   any // channel state
}

// dispatch processes one received message and sends its reply, if any. It
// returns the error of sending the reply, or ErrAborted when the host no
// longer dispatches.
func (d *dispatcher) dispatch(c *call) error {
	if _, r := d.sm.Begin(&hostRules, methodCall); r.Err != nil {
		return r.Err
	}
	req := c.req
	if !addressMatches(req.To, d.ep.Address) {
		return d.send(c, d.faultMessage(req, soap.DestinationUnreachableFault(req.To)), nil)
	}
	op, ok := d.ep.Contract.OperationByAction(req.Action)
	if !ok && d.ep.DefaultHandler == nil {
		return d.send(c, d.faultMessage(req, soap.ActionNotSupportedFault(req.Action)), nil)
	}
	reply, headers := d.invoke(c, op)
	if op != nil && op.OneWay {
		reply = nil
	}
	return d.send(c, reply, headers)
}

// invoke runs the call under its own cancel.Call, which is in the host's
// and the channel's groups and completes when the operation has returned.
// It returns the reply to send (nil for none) and the reply headers the
// operation added.
func (d *dispatcher) invoke(c *call, op *Operation) (*soap.Message, soap.Headers) {
	cc, ctx := cancel.NewCall(c.ctx)
	c.host.Add(cc)
	c.ch.Add(cc)
	ci := &callInfo{call: cc, req: c.req, chState: c.st}
	ctx = context.WithValue(ctx, callKey{}, ci)

	reply := d.run(ctx, op, c.req)
	headers := ci.finish()
	cc.Complete()
	return reply, headers
}

// run authorizes, checks headers and runs the operation or the default
// handler, turning a panic into an error.
func (d *dispatcher) run(ctx context.Context, op *Operation, req *soap.Message) (reply *soap.Message) {
	defer func() {
		if p := recover(); p != nil {
			reply = d.faultMessage(req, faultFor(fmt.Errorf("%w: %v", ErrOperationPanicked, p), d.includeDetail))
		}
	}()
	if d.ep.Authorize != nil {
		if err := d.ep.Authorize(ctx); err != nil {
			return d.faultMessage(req, deniedFault(err))
		}
	}
	if op == nil {
		m, err := d.ep.DefaultHandler(ctx, req)
		if err != nil {
			return d.faultMessage(req, faultFor(err, d.includeDetail))
		}
		return m
	}
	if names := d.notUnderstood(req); len(names) > 0 {
		return d.faultMessage(req, soap.MustUnderstandFault(names))
	}
	res, err := op.Invoke(ctx, req)
	if err != nil {
		return d.faultMessage(req, faultFor(err, d.includeDetail))
	}
	if op.OneWay {
		return nil
	}
	return soap.NewMessage(req.Version, op.ReplyAction, res)
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
func (d *dispatcher) send(c *call, reply *soap.Message, headers soap.Headers) error {
	if reply == nil {
		return c.rc.NoReply(c.ctx)
	}
	d.address(reply, c.req)
	reply.Headers = append(reply.Headers, headers...)
	return c.rc.Reply(c.ctx, reply)
}

// address sets RelatesTo to the request's MessageID and, on session
// bindings, To to the request's ReplyTo (wire.md §5.1), unless the reply
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
