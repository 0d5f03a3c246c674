// The Binding decorator that feeds an Endpoint's counters: sessions from
// Accept to the channel's end, calls and latency from Receive to Reply or
// NoReply (servicemodel's channel seam).

package climetrics

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/wwsgo/wws/servicemodel"
	"github.com/wwsgo/wws/soap"
)

// Binding returns b with every channel its listeners accept counted in e.
// Client channels (DialChannel) are not counted.
func Binding(b servicemodel.Binding, e *Endpoint) servicemodel.Binding {
	return &binding{Binding: b, e: e}
}

type binding struct {
	servicemodel.Binding
	e *Endpoint
}

// Unwrap returns the binding counted, through which the host sees its
// type (servicemodel's MEX endpoints take its port's settings).
func (b *binding) Unwrap() servicemodel.Binding { return b.Binding }

// SessionReplies forwards the session-reply property of the wrapped binding
// (servicemodel.SessionBinding) so the host addresses replies alike.
func (b *binding) SessionReplies() bool {
	sb, ok := b.Binding.(interface{ SessionReplies() bool })
	return ok && sb.SessionReplies()
}

// Listen implements servicemodel.Binding.
func (b *binding) Listen(address string, opts servicemodel.ListenOptions) (servicemodel.ChannelListener, error) {
	l, err := b.Binding.Listen(address, opts)
	if err != nil {
		return nil, err
	}
	return &listener{ChannelListener: l, e: b.e}, nil
}

type listener struct {
	servicemodel.ChannelListener
	e *Endpoint
}

// PublishMetadata forwards servicemodel.MetadataPublisher, so that an HTTP
// endpoint behind the metrics decorator still answers GET ?wsdl.
func (l *listener) PublishMetadata(c *servicemodel.Contract, describe servicemodel.MetadataFunc) {
	if p, ok := l.ChannelListener.(servicemodel.MetadataPublisher); ok {
		p.PublishMetadata(c, describe)
	}
}

// Accept implements servicemodel.ChannelListener.
func (l *listener) Accept(ctx context.Context) (servicemodel.ServerChannel, error) {
	ch, err := l.ChannelListener.Accept(ctx)
	if err != nil {
		return nil, err
	}
	l.e.SessionOpened()
	servicemodel.AfterChannelDone(ch, l.e.SessionClosed)
	return &channel{ServerChannel: ch, e: l.e}, nil
}

type channel struct {
	servicemodel.ServerChannel
	e    *Endpoint
	free atomic.Pointer[request] // a request the host released, for the next Receive
}

// Unwrap returns the channel counted, through which the host sees the
// transport's properties (a session's).
func (c *channel) Unwrap() servicemodel.ServerChannel { return c.ServerChannel }

// Receive implements servicemodel.ServerChannel.
func (c *channel) Receive(ctx context.Context) (servicemodel.RequestContext, error) {
	rc, err := c.ServerChannel.Receive(ctx)
	if err != nil {
		return nil, err
	}
	r := c.free.Swap(nil)
	if r == nil {
		r = &request{ch: c}
	}
	r.RequestContext, r.start = rc, time.Now()
	return r, nil
}

type request struct {
	servicemodel.RequestContext
	ch    *channel
	start time.Time
}

// Reply implements servicemodel.RequestContext.
func (r *request) Reply(ctx context.Context, reply *soap.Message) error {
	err := r.RequestContext.Reply(ctx, reply)
	r.ch.e.Observe(time.Since(r.start), reply.IsFault())
	return err
}

// NoReply implements servicemodel.RequestContext.
func (r *request) NoReply(ctx context.Context) error {
	err := r.RequestContext.NoReply(ctx)
	r.ch.e.Observe(time.Since(r.start), false)
	return err
}

// Release is called by the host once it is done with the request: it is
// forwarded, and r kept for the channel's next Receive.
func (r *request) Release() {
	if rel, ok := r.RequestContext.(interface{ Release() }); ok {
		rel.Release()
	}
	r.RequestContext = nil
	r.ch.free.Store(r)
}
