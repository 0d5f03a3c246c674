package servicemodel

// One HTTP request as a ServerChannel and its RequestContext. The request
// handler goroutine owns the http.ResponseWriter: Reply and NoReply hand
// their answer to it and wait until it is written, so the response is
// written exactly once and never after the handler returned. Reply writes
// 200 (500 for a fault: SOAP 1.1 §6.2, SOAP 1.2 Part 2 §7), NoReply 202
// with an empty body, Abort drops the connection without a response.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wwsgo/wws/soap"
)

// httpServerChannel is one received HTTP request.
type httpServerChannel struct {
	l        *httpListener
	msg      *soap.Message
	remote   net.Addr
	caller   *Caller         // the authenticated client; nil without Windows security
	answers  chan httpAnswer // Reply/NoReply → handler
	finished chan struct{}   // closed when the handler is done
	abort    chan struct{}   // closed by Abort
	abortOne sync.Once
	release  func()       // recycles the message's encoder and buffer
	refs     atomic.Int32 // holders of the message: the handler and the host

	mu           sync.Mutex // guards following
	received     bool       // Receive has returned the request
	hostReleased bool       // the host is done with the message (Receive again, Close)
	answering    bool       // Reply or NoReply has claimed the answer
	err          error      // why the channel ended badly; set before finished closes
}

// httpAnswer is a reply (nil msg: none) and where to report the write.
type httpAnswer struct {
	msg    *soap.Message
	result chan error
}

func newHTTPServerChannel(l *httpListener, r *http.Request, m *soap.Message) *httpServerChannel {
	ch := &httpServerChannel{l: l, msg: m, answers: make(chan httpAnswer),
		finished: make(chan struct{}), abort: make(chan struct{})}
	ch.refs.Store(2)
	if a, err := net.ResolveTCPAddr("tcp", r.RemoteAddr); err == nil {
		ch.remote = a
	}
	if l.auth != nil {
		ch.caller = httpCaller(r)
	}
	return ch
}

// serve runs on the handler goroutine until the request is answered,
// aborted, abandoned by the client or left unanswered for ReceiveTimeout.
// It reports whether the request's message and encoder may be recycled
// (not after an abort, when the host may still be reading the message).
func (ch *httpServerChannel) serve(w http.ResponseWriter, r *http.Request, enc soap.Encoder) bool {
	defer ch.l.track(ch, false)
	t := time.NewTimer(durationOr(ch.l.b.ReceiveTimeout, defaultHTTPReceiveTimeout))
	defer t.Stop()
	select {
	case a := <-ch.answers:
		var err error
		if a.msg == nil {
			w.WriteHeader(http.StatusAccepted)
		} else {
			err = writeReply(w, enc, a.msg)
		}
		ch.end(nil)
		a.result <- err
		return true
	case <-r.Context().Done():
		ch.end(fmt.Errorf("%w: client went away", ErrEndpointDisconnected))
		return false
	case <-t.C:
		ch.end(fmt.Errorf("%w: request not answered within ReceiveTimeout", ErrTimedOut))
	case <-ch.abort:
		ch.end(ErrAborted)
	}
	panic(http.ErrAbortHandler) // drop the connection, send nothing
}

// end records the outcome and signals it.
func (ch *httpServerChannel) end(err error) {
	ch.mu.Lock()
	ch.err = err
	ch.mu.Unlock()
	close(ch.finished)
}

// Receive implements ServerChannel: the request once, then io.EOF after it
// has been answered.
func (ch *httpServerChannel) Receive(ctx context.Context) (RequestContext, error) {
	ch.mu.Lock()
	first := !ch.received
	ch.received = true
	ch.mu.Unlock()
	if first {
		return (*httpRequestContext)(ch), nil
	}
	ch.hostDone()
	select {
	case <-ch.finished:
		if err := ch.Err(); err != nil {
			return nil, err
		}
		return nil, io.EOF
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Close implements ServerChannel: an unanswered request gets 202, as for a
// one-way message.
func (ch *httpServerChannel) Close(ctx context.Context) error {
	defer ch.hostDone()
	err := ch.answer(ctx, nil)
	if err != nil && !errors.Is(err, errAnswered) {
		return err
	}
	select {
	case <-ch.finished:
		return nil
	case <-ctx.Done():
		ch.Abort()
		return ctx.Err()
	}
}

// hostDone records, once, that the host is done with the message.
func (ch *httpServerChannel) hostDone() {
	ch.mu.Lock()
	first := !ch.hostReleased
	ch.hostReleased = true
	ch.mu.Unlock()
	if first {
		ch.unref()
	}
}

// unref drops one holder of the message; the last one recycles it.
func (ch *httpServerChannel) unref() {
	if ch.refs.Add(-1) == 0 && ch.release != nil {
		ch.release()
	}
}

// Abort implements ServerChannel: the connection is dropped.
func (ch *httpServerChannel) Abort() {
	ch.abortOne.Do(func() { close(ch.abort) })
}

// Done implements ServerChannel.
func (ch *httpServerChannel) Done() <-chan struct{} { return ch.finished }

// Err implements ServerChannel: nil after a clean exchange.
func (ch *httpServerChannel) Err() error {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	return ch.err
}

// RemoteAddr implements ServerChannel.
func (ch *httpServerChannel) RemoteAddr() net.Addr { return ch.remote }

// answer hands msg (nil: no reply) to the handler and waits for the write.
func (ch *httpServerChannel) answer(ctx context.Context, msg *soap.Message) error {
	ch.mu.Lock()
	if ch.answering {
		ch.mu.Unlock()
		return errAnswered
	}
	ch.answering = true
	ch.mu.Unlock()
	res := make(chan error, 1)
	select {
	case ch.answers <- httpAnswer{msg, res}:
		return <-res
	case <-ch.finished:
		if err := ch.Err(); err != nil {
			return err
		}
		return errAnswered
	case <-ctx.Done():
		ch.mu.Lock()
		ch.answering = false
		ch.mu.Unlock()
		return ctx.Err()
	}
}

// httpRequestContext is the RequestContext view of a channel.
type httpRequestContext httpServerChannel

// Message implements RequestContext. The message (and its body) is valid
// until Reply or NoReply returns.
func (rc *httpRequestContext) Message() *soap.Message { return rc.msg }

// Reply implements RequestContext: 200, or 500 when reply is a fault. With
// addressing, a reply without RelatesTo gets the request's MessageID.
func (rc *httpRequestContext) Reply(ctx context.Context, reply *soap.Message) error {
	if reply == nil {
		return fmt.Errorf("%w: nil reply", ErrInvalidOperation)
	}
	if reply.Version.Addressing != soap.AddressingNone && reply.RelatesTo.IsZero() {
		reply.RelatesTo = rc.msg.MessageID
	}
	return (*httpServerChannel)(rc).answer(ctx, reply)
}

// NoReply implements RequestContext: 202 Accepted with an empty body.
func (rc *httpRequestContext) NoReply(ctx context.Context) error {
	return (*httpServerChannel)(rc).answer(ctx, nil)
}
