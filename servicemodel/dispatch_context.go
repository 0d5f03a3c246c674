// What a service operation can reach through its context: WWSAPI's
// WS_OPERATION_CONTEXT (the call for WsRegisterOperationForCancel, the
// input message, the output message's headers, the channel state).

package servicemodel

import (
	"context"
	"sync"

	"github.com/wwsgo/wws/cancel"
	"github.com/wwsgo/wws/soap"
)

// callInfo is the operation context of one dispatched message. It is
// stored in the call's context under callKey; one allocation per call.
type callInfo struct {
	call    *cancel.Call
	req     *soap.Message
	chState any
	caller  *Caller // nil: not authenticated (CallerIdentity)

	mu sync.Mutex
	// mu guards following
	replyHeaders soap.Headers
	done         bool // the call returned: the request is no longer valid
}

type callKey struct{}

// callInfoCtx is the call's context carrying its callInfo: what
// context.WithValue and a separate callInfo would take two allocations
// for. Every other key, the context package's own included (so that
// context.Cause and derived contexts see the call's cancelCtx), is the
// call context's.
type callInfoCtx struct {
	context.Context
	info callInfo
	call cancel.Call // info.call: one allocation for both
}

func (c *callInfoCtx) Value(key any) any {
	if key == (callKey{}) {
		return &c.info
	}
	return c.Context.Value(key)
}

func infoFrom(ctx context.Context) *callInfo {
	ci, _ := ctx.Value(callKey{}).(*callInfo)
	return ci
}

// CallFromContext returns the call being dispatched, so an operation can
// Register for cancellation (WsRegisterOperationForCancel); nil outside a
// host's dispatch.
func CallFromContext(ctx context.Context) *cancel.Call {
	if ci := infoFrom(ctx); ci != nil {
		return ci.call
	}
	return nil
}

// RequestFromContext returns the request message of the call; nil outside
// a host's dispatch, or once the call has returned. Read its headers only:
// the body is the dispatcher's to decode, and is gone once the operation
// runs. The message is valid until the operation returns, and is then
// reused for a later request: copy what must outlive the call.
func RequestFromContext(ctx context.Context) *soap.Message {
	ci := infoFrom(ctx)
	if ci == nil {
		return nil
	}
	ci.mu.Lock()
	defer ci.mu.Unlock()
	if ci.done {
		return nil
	}
	return ci.req
}

// ChannelStateFromContext returns the state Endpoint.AcceptChannel gave the
// channel the call arrived on; nil without one.
func ChannelStateFromContext(ctx context.Context) any {
	if ci := infoFrom(ctx); ci != nil {
		return ci.chState
	}
	return nil
}

// AddReplyHeader adds h to the headers of the call's reply (or fault). It
// reports false, and does nothing, outside a host's dispatch or once the
// call has returned.
func AddReplyHeader(ctx context.Context, h *soap.Header) bool {
	ci := infoFrom(ctx)
	if ci == nil || h == nil {
		return false
	}
	ci.mu.Lock()
	defer ci.mu.Unlock()
	if ci.done {
		return false
	}
	ci.replyHeaders = append(ci.replyHeaders, h)
	return true
}

// finish marks the call returned and hands out the reply headers.
func (ci *callInfo) finish() soap.Headers {
	ci.mu.Lock()
	defer ci.mu.Unlock()
	ci.done = true
	h := ci.replyHeaders
	ci.replyHeaders = nil
	return h
}
