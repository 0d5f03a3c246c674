// Per-call settings of a service proxy call: WWSAPI's WS_CALL_PROPERTY_ID
// (WS_CALL_PROPERTY_CALL_ID, WS_CALL_PROPERTY_SEND_MESSAGE_CONTEXT and
// WS_CALL_PROPERTY_RECEIVE_MESSAGE_CONTEXT, whose callbacks add headers to
// the request and read those of the reply) as functional options.

package servicemodel

import (
	"github.com/wwsgo/wws/soap"
)

// CallID names a call so that AbandonCall can release its caller
// (WS_CALL_PROPERTY_CALL_ID). The application chooses it; 0 means "no
// id", and AbandonCall(0) abandons every pending call. Several pending
// calls may share an id.
type CallID uint32

// CallOption configures one Call.
type CallOption func(*callOptions)

// callOptions are the settings of one call.
type callOptions struct {
	id           CallID
	headers      soap.Headers
	replyHeaders *soap.Headers
	messageID    soap.MessageID
}

// WithCallID gives the call an id for AbandonCall.
func WithCallID(id CallID) CallOption {
	return func(o *callOptions) { o.id = id }
}

// WithHeaders adds header blocks to the request, after the addressing
// headers, in order. The proxy does not modify them; they must stay
// unchanged until Call returns.
func WithHeaders(h ...*soap.Header) CallOption {
	return func(o *callOptions) { o.headers = append(o.headers, h...) }
}

// ReplyHeaders stores the reply's header blocks other than the addressing
// headers in *dst when the call receives a reply (a fault reply included).
// *dst is left alone when there is no reply.
func ReplyHeaders(dst *soap.Headers) CallOption {
	return func(o *callOptions) { o.replyHeaders = dst }
}

// WithMessageID sets the request's wsa:MessageID instead of a new random
// one. It is ignored for one-way operations, which carry no MessageID.
func WithMessageID(id soap.MessageID) CallOption {
	return func(o *callOptions) { o.messageID = id }
}

// apply runs opts over o, skipping nil options.
func (o *callOptions) apply(opts []CallOption) {
	for _, opt := range opts {
		if opt != nil {
			opt(o)
		}
	}
}

// applyOptions returns the options opts set.
func applyOptions(opts []CallOption) callOptions {
	var o callOptions
	o.apply(opts)
	return o
}
