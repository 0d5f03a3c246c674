// The server half of the net.tcp session channel (nettcp_channel.go): a
// ServerChannel a host receives requests from and replies through.

package servicemodel

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"sync/atomic"

	"github.com/wwsgo/wws/soap"
)

// ErrClosedChannel is the error of a channel closed gracefully.
var ErrClosedChannel = errors.New("servicemodel: channel closed")

// duplexServer is a ServerChannel over a byteSession. Receive is called by
// one goroutine; replies may be sent from any.
type duplexServer struct {
	w   sessionWriter
	s   byteSession
	enc soap.Encoder
	failer
	buf []byte

	free atomic.Pointer[sessionRequest] // a request done with, for the next Receive

	watched context.Context // the receive context being watched (Receive's goroutine only)
	readCtx context.Context // watched without its cancellation, built once
	unwatch func() bool
}

func newDuplexServer(s byteSession, enc soap.Encoder) *duplexServer {
	d := &duplexServer{w: sessionWriter{s: s, enc: enc}, s: s, enc: enc, failer: failer{done: make(chan struct{})}}
	go func() {
		<-s.Done()
		d.fail(sessionEnded(s.Err()))
	}()
	return d
}

func sessionEnded(err error) error {
	if err == nil {
		return ErrClosedChannel
	}
	return err
}

// Receive implements ServerChannel. A host receives with the same channel
// context every time: it is watched once (its end aborts the session,
// which is what cutting a read short does anyway), not once per message.
func (d *duplexServer) Receive(ctx context.Context) (RequestContext, error) {
	if ctx != d.watched {
		if d.unwatch != nil {
			d.unwatch()
		}
		d.watched, d.readCtx, d.unwatch = ctx, noCancel{ctx}, nil
		if ctx.Done() != nil {
			d.unwatch = context.AfterFunc(ctx, d.s.Abort)
		}
	}
	b, err := d.s.Receive(d.readCtx, d.buf[:0])
	if err != nil && ctx.Err() != nil {
		err = fmt.Errorf("%w: %w", context.Cause(ctx), err)
	}
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, io.EOF
		}
		return nil, fmt.Errorf("%w: %w", ErrEndpointDisconnected, err)
	}
	d.buf = b
	r := d.free.Swap(nil)
	if r == nil {
		r = new(sessionRequest)
	}
	if err := soap.ReadMessageTo(d.enc, &r.msg, b); err != nil {
		// A message we cannot read breaks the session's string table too:
		// WCF faults the channel.
		d.Abort()
		return nil, fmt.Errorf("%w: %w", ErrInvalidFormat, err)
	}
	r.ch, r.anonymousReply, r.rctx, r.sendCtx = d, replyIsAnonymous(&r.msg), ctx, d.readCtx
	return r, nil
}

func replyIsAnonymous(m *soap.Message) bool {
	return m.ReplyTo == nil || m.ReplyTo.Address == m.Version.Addressing.Anonymous()
}

// Close implements ServerChannel: our End, then the peer's.
func (d *duplexServer) Close(ctx context.Context) error { return d.s.Close(ctx) }

// Abort implements ServerChannel.
func (d *duplexServer) Abort() { d.s.Abort() }

// Done implements ServerChannel.
func (d *duplexServer) Done() <-chan struct{} { return d.done }

// RemoteAddr implements ServerChannel.
func (d *duplexServer) RemoteAddr() net.Addr { return d.s.RemoteAddr() }

// carriesSession implements sessionChannel.
func (d *duplexServer) carriesSession() {}

// sessionRequest is a RequestContext of a duplex session. Once the
// dispatcher is done with it (release), the next Receive reuses it and
// its message.
type sessionRequest struct {
	ch             *duplexServer
	msg            soap.Message
	anonymousReply bool
	rctx, sendCtx  context.Context // the Receive's context, and its view without cancellation
}

func (r *sessionRequest) Message() *soap.Message { return &r.msg }

// Release implements requestReleaser.
func (r *sessionRequest) Release() {
	r.msg = soap.Message{}
	r.ch.free.Store(r)
}

// Reply sends reply on the session. Like WCF's reply adapter over net.tcp
// (wire.md §5.1), a reply to an anonymous ReplyTo carries To = anonymous.
func (r *sessionRequest) Reply(ctx context.Context, reply *soap.Message) error {
	if reply.To == "" && r.anonymousReply && reply.Version.Addressing != soap.AddressingNone {
		reply.To = reply.Version.Addressing.Anonymous()
	}
	// Never cut a reply half-written: the send keeps ctx's deadline, not its
	// cancellation. The host replies with the channel's context, whose
	// view without cancellation the channel already holds.
	sendCtx := r.sendCtx
	if ctx != r.rctx {
		sendCtx = noCancel{ctx}
	}
	return r.ch.w.send(sendCtx, reply)
}

// NoReply finishes a one-way message: nothing is sent on a session.
func (r *sessionRequest) NoReply(context.Context) error { return nil }
