package servicemodel

import (
	"context"
	"net"
	"sync"

	"github.com/wwsgo/wws/soap"
)

// The net.tcp session channel: one framing session (net.tcp's duplex mode,
// [MC-NMF] 2.2.3.1) carrying SOAP messages both ways through one
// per-session encoder. Replies are matched to requests by RelatesTo, so
// many goroutines can call over one session at once. This is the message
// pump a duplex callback contract will extend: today an uncorrelated
// message is a protocol error; later it is a callback request.

// byteSession is what a session transport gives the channel: whole
// encoded messages each way. *nettcp.Session implements it.
type byteSession interface {
	Send(ctx context.Context, envelope []byte) error
	Receive(ctx context.Context, buf []byte) ([]byte, error) // io.EOF when the peer ended
	Close(ctx context.Context) error
	Abort()
	Done() <-chan struct{}
	Err() error
	RemoteAddr() net.Addr
	// InterruptReceive makes a Receive under way (or the next) return
	// nettcp.ErrInterrupted without harming the session.
	InterruptReceive()
}

// sessionWriter serializes encoding and sending: with session string tables
// the order of encoding must be the order on the wire.
type sessionWriter struct {
	mu  sync.Mutex
	s   byteSession
	enc soap.Encoder
	buf []byte
}

func (w *sessionWriter) send(ctx context.Context, m *soap.Message) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	b, err := w.enc.WriteMessage(w.buf[:0], m)
	if err != nil {
		return err
	}
	w.buf = b
	return w.s.Send(ctx, b)
}

// failer records the first error of a channel and closes done after it is
// published (STYLE: the error before the signal).
type failer struct {
	once sync.Once
	err  error
	done chan struct{}
}

func (f *failer) fail(err error) {
	f.once.Do(func() { f.err = err; close(f.done) })
}

func (f *failer) Err() error {
	select {
	case <-f.done:
		return f.err
	default:
		return nil
	}
}
