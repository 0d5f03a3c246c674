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
	"time"

	"github.com/wwsgo/wws/nettcp"
	"github.com/wwsgo/wws/soap"
)

// duplexServer is a ServerChannel over a byteSession. Receive is called by
// one goroutine; replies may be sent from any.
type duplexServer struct {
	w   sessionWriter
	s   byteSession
	enc soap.Encoder
	failer
	buf []byte

	free   atomic.Pointer[sessionRequest] // a request done with, for the next Receive
	newEnc func() soap.Encoder            // makes enc at the first Receive when enc is nil
	caller *Caller                        // who the transport authenticated; nil: nobody

	watched context.Context // the receive context being watched (Receive's goroutine only)
	readCtx context.Context // watched without its cancellation, built once
	unwatch func() bool
}

func newDuplexServer(s byteSession, enc soap.Encoder) *duplexServer {
	d := &duplexServer{w: sessionWriter{s: s, enc: enc}, s: s, enc: enc, failer: failer{done: make(chan struct{})}}
	if d.afterDone(func() {}) == nil {
		go func() {
			<-s.Done()
			d.fail(sessionEnded(s.Err()))
		}()
	}
	return d
}

// newLazyDuplexServer is newDuplexServer whose encoder (its session string
// tables: a few KB) is made when the first message arrives, so that an
// idle session does not hold one.
func newLazyDuplexServer(s byteSession, newEnc func() soap.Encoder) *duplexServer {
	d := newDuplexServer(s, nil)
	d.newEnc = newEnc
	return d
}

// afterDoneSession is a byteSession that runs a function once it has ended
// without a goroutine waiting meanwhile (*nettcp.Session).
type afterDoneSession interface {
	AfterDone(f func()) (stop func() bool)
}

// afterDone implements afterDoner: f runs once the channel is done. nil
// when the session cannot tell (then Done must be waited on).
func (d *duplexServer) afterDone(f func()) (stop func() bool) {
	ad, ok := d.s.(afterDoneSession)
	if !ok {
		return nil
	}
	return ad.AfterDone(func() {
		d.fail(sessionEnded(d.s.Err()))
		f()
	})
}

// sessionOpening is a byteSession whose server side waits to be
// acknowledged (*nettcp.Session from AcceptAt).
type sessionOpening interface {
	Acknowledge() error
	Refuse(c nettcp.FaultCode)
	AckDeadline() time.Time
}

// openDeadline implements sessionOpener.
func (d *duplexServer) openDeadline() time.Time {
	if o, ok := d.s.(sessionOpening); ok {
		return o.AckDeadline()
	}
	return time.Time{}
}

// openSession implements sessionOpener: the Preamble Ack goes out and the
// client's open completes.
func (d *duplexServer) openSession() error {
	if o, ok := d.s.(sessionOpening); ok {
		return o.Acknowledge()
	}
	return nil
}

// refuseSession implements sessionOpener: a session the host's throttle
// could not admit in time gets the ServerTooBusy framing fault.
func (d *duplexServer) refuseSession() {
	if o, ok := d.s.(sessionOpening); ok {
		o.Refuse(nettcp.FaultServerTooBusy)
		return
	}
	d.Abort()
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
		return nil, sessionFailed(err)
	}
	d.buf = b
	if d.enc == nil { // the first message (Receive's goroutine only)
		d.enc = d.newEnc()
		d.w.mu.Lock()
		d.w.enc = d.enc
		d.w.mu.Unlock()
	}
	r := d.free.Swap(nil)
	if r == nil {
		r = new(sessionRequest)
	}
	if err := soap.ReadMessageTo(d.enc, &r.msg, b); err != nil {
		// A message we cannot read breaks the session's string table too:
		// WCF faults the channel.
		d.Abort()
		return nil, unreadable(err)
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

// Caller implements callerSource: the session's authenticated client.
func (r *sessionRequest) Caller() *Caller { return r.ch.caller }

// Release implements requestReleaser.
func (r *sessionRequest) Release() {
	r.msg = soap.Message{}
	r.ch.free.Store(r)
}

// Reply sends reply on the session. Like WCF's reply adapter over net.tcp
// (referencesource System.ServiceModel/System/ServiceModel/Channels/
// ReplyAdapterChannelListener.cs; WS-Addressing 1.0 Core §3.4), a reply to
// an anonymous ReplyTo carries To = anonymous.
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
