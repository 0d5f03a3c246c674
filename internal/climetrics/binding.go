// The Binding decorator that feeds an Endpoint's counters: sessions from
// Accept to the channel's end, calls and latency from Receive to Reply or
// NoReply (servicemodel's channel seam).

package climetrics

import (
	"context"
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
	e *Endpoint
}

// Unwrap returns the decorated channel, so that the host still finds what
// the transport's channel offers (a net.tcp session's admission and
// done notification).
func (c *channel) Unwrap() servicemodel.ServerChannel { return c.ServerChannel }

// Receive implements servicemodel.ServerChannel.
func (c *channel) Receive(ctx context.Context) (servicemodel.RequestContext, error) {
	rc, err := c.ServerChannel.Receive(ctx)
	if err != nil {
		return nil, err
	}
	return &request{RequestContext: rc, e: c.e, start: time.Now()}, nil
}

type request struct {
	servicemodel.RequestContext
	e     *Endpoint
	start time.Time
}

// Reply implements servicemodel.RequestContext.
func (r *request) Reply(ctx context.Context, reply *soap.Message) error {
	err := r.RequestContext.Reply(ctx, reply)
	r.e.Observe(time.Since(r.start), reply.IsFault())
	return err
}

// NoReply implements servicemodel.RequestContext.
func (r *request) NoReply(ctx context.Context) error {
	err := r.RequestContext.NoReply(ctx)
	r.e.Observe(time.Since(r.start), false)
	return err
}
