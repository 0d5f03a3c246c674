package nettcp

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// Session is one framing session ([MC-NMF] 3.1: preamble acknowledged, then
// envelopes both ways, then the End handshake), on the client or the server
// side. Send is safe for concurrent use; Receive (or NextReader) must be
// called from one goroutine at a time.
type Session struct {
	raw      net.Conn      // the TCP connection; closing it ends everything
	conn     net.Conn      // raw, or the secured stream over it
	br       *bufio.Reader // reads conn; nil while parked (lazyread.go), guarded by rmu
	lazy     *lazyReader   // set when the reader is parked between messages
	p        preamble
	server   bool
	endpoint string // server: the registered path that matched the Via
	secured  string // upgrade protocol in effect, "" when none
	lim      sessionLimits
	release  func(reusable bool)
	unacked  atomic.Bool // server: the Preamble Ack is not sent yet (see Acknowledge)
	ackBy    time.Time   // server: the listener refuses the session past this, if not handed over

	wmu     sync.Mutex // wmu guards following: one writer at a time
	wdl     armedDeadline
	wbuf    []byte
	sentEnd bool
	wrote   bool // streamed: the one outgoing message was started

	rmu       sync.Mutex // rmu guards following: the one reader
	rdl       armedDeadline
	peerEnded bool
	read      bool         // streamed: the one incoming message was started
	cur       *chunkReader // streamed: the reader NextReader returned
	part      partialEnvelope

	imu         sync.Mutex // imu guards following, and orders it with the deadline
	interrupted bool       // InterruptReceive was called; Receive returns ErrInterrupted

	mu    sync.Mutex // mu guards following
	state State
	err   error

	ctx    context.Context // done when the session has ended; see AfterDone
	cancel context.CancelFunc
}

// sessionLimits are the per-session timeouts and size limit.
type sessionLimits struct {
	send, receive, close time.Duration
	maxMessage           int64
}

// copyLimit is the envelope size up to which Send copies header and body
// into one buffer to write them with one call.
const copyLimit = 64 << 10

func newSession(raw, conn net.Conn, br *bufio.Reader, p preamble, lim sessionLimits) *Session {
	s := &Session{raw: raw, conn: conn, br: br, p: p, lim: lim}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	return s
}

// Via returns the Via of the session's preamble, exactly as sent.
func (s *Session) Via() string { return s.p.via }

// ContentType returns the content type announced in the preamble.
func (s *Session) ContentType() string { return s.p.contentType }

// Mode returns the preamble's mode.
func (s *Session) Mode() Mode { return s.p.mode }

// Endpoint returns, on the server side, the path given to Listener.Handle
// whose endpoint accepted the session; "" on the client side.
func (s *Session) Endpoint() string { return s.endpoint }

// Upgrade returns the upgrade protocol securing the session, "" if none.
func (s *Session) Upgrade() string { return s.secured }

// LocalAddr returns the local network address.
func (s *Session) LocalAddr() net.Addr { return s.raw.LocalAddr() }

// RemoteAddr returns the remote network address.
func (s *Session) RemoteAddr() net.Addr { return s.raw.RemoteAddr() }

// Done is closed when the session has ended, gracefully or not.
func (s *Session) Done() <-chan struct{} { return s.ctx.Done() }

// AfterDone arranges for f to run on its own goroutine once the session has
// ended, as context.AfterFunc does, without a goroutine waiting meanwhile.
// stop cancels it and reports whether it did.
func (s *Session) AfterDone(f func()) (stop func() bool) { return context.AfterFunc(s.ctx, f) }

// Acknowledge sends the Preamble Ack of a server session taken with
// Listener.AcceptAt, which completes the client's open ([MC-NMF] Preamble
// Ack Record; WCF's ServerFramingDuplexSessionChannel.OnOpen in
// System.ServiceModel/System/ServiceModel/Channels/SessionConnectionReader.cs).
// It is idempotent, and a session's first Send, Receive, NextReader,
// NextWriter or Close calls it. A failed write faults the session.
func (s *Session) Acknowledge() error {
	if !s.unacked.Load() {
		return nil
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if !s.unacked.Load() {
		return nil
	}
	if err := s.Err(); err != nil {
		return err
	}
	_ = s.conn.SetWriteDeadline(time.Now().Add(s.lim.send))
	_, err := s.conn.Write(ackRecord)
	s.wdl.forget()
	if err != nil {
		return s.fail(err)
	}
	s.unacked.Store(false)
	return nil
}

// Refuse answers a server session that has not been acknowledged with a
// Fault record (ServerTooBusy when a service throttle could not admit it in
// time) and closes its connection. On an acknowledged session it is Abort.
func (s *Session) Refuse(c FaultCode) {
	s.wmu.Lock()
	if s.unacked.Load() && s.Err() == nil {
		_ = s.conn.SetWriteDeadline(time.Now().Add(faultWriteTimeout))
		if _, err := s.conn.Write(appendFault(nil, c)); err == nil && s.secured == "" {
			if tc, ok := s.conn.(interface{ CloseWrite() error }); ok {
				_ = tc.CloseWrite()
			}
		}
		s.unacked.Store(false)
	}
	s.wmu.Unlock()
	s.Abort()
}

// AckDeadline returns, for a server session not yet acknowledged, the time
// after which its listener no longer waits for it: a service that queues it
// (AcceptAt) refuses it by then. Zero otherwise.
func (s *Session) AckDeadline() time.Time {
	if !s.unacked.Load() {
		return time.Time{}
	}
	return s.ackBy
}

// Err returns nil while the session is open or closing; afterwards the error
// that ended it: ErrClosed after a graceful Close, ErrAborted after Abort,
// or the failure.
func (s *Session) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// State returns the session's state.
func (s *Session) State() State {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.state
}

// Abort ends the session at once: no wire I/O, never blocks, idempotent.
func (s *Session) Abort() { s.finish(ErrAborted, false) }

// finish moves the session to its terminal state once; the first error
// wins and is published before Done closes. The connection goes back to its
// owner (pool or listener) when reusable, else it is closed.
func (s *Session) finish(err error, reusable bool) {
	s.mu.Lock()
	if s.state >= StateClosed {
		s.mu.Unlock()
		return
	}
	s.state = StateFaulted
	if err == ErrClosed {
		s.state = StateClosed
	}
	s.err = err
	s.cancel()
	s.mu.Unlock()
	if !reusable {
		_ = s.raw.Close()
	}
	if s.release != nil {
		s.release(reusable)
	}
}

// fail ends the session with err and returns the error that won.
func (s *Session) fail(err error) error {
	s.finish(err, false)
	return s.Err()
}

// Send writes one envelope. Concurrent callers are serialised. The context's
// deadline (or the send timeout) bounds the write; a failed write faults the
// session, since the peer can no longer find record boundaries.
func (s *Session) Send(ctx context.Context, envelope []byte) error {
	if s.unacked.Load() {
		if err := s.Acknowledge(); err != nil {
			return err
		}
	}
	if s.p.mode == ModeSingletonUnsized {
		return s.sendUnsized(ctx, envelope)
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if err := s.writableLocked(); err != nil {
		return err
	}
	if dl, arm := s.wdl.next(ctx, s.lim.send); arm {
		_ = s.conn.SetWriteDeadline(dl)
	}
	stop := s.watch(ctx, false)
	n, err := s.writeEnvelopeLocked(envelope)
	if !unwatch(stop) {
		s.wdl.forget() // the watch may have moved the deadline
	}
	if err != nil {
		if n == 0 && s.secured == "" && (isTimeout(err) || ctx.Err() != nil) {
			// The deadline passed (or ctx ended) before a byte went out,
			// typically while waiting behind other senders: this message
			// fails, the session does not. (A TLS stream is not reusable
			// after a timed-out write, so a secured session still faults.)
			s.wdl.forget()
			return ioError(ctx, err)
		}
		return s.fail(ioError(ctx, err))
	}
	return nil
}

// writeEnvelopeLocked writes a Sized Envelope, in one write when it is
// small, and returns how many bytes of the record were written.
func (s *Session) writeEnvelopeLocked(env []byte) (int, error) {
	s.wbuf = appendEnvelopeHeader(s.wbuf[:0], len(env))
	if len(env) <= copyLimit {
		s.wbuf = append(s.wbuf, env...)
		return s.conn.Write(s.wbuf)
	}
	n, err := s.conn.Write(s.wbuf)
	if err != nil {
		return n, err
	}
	m, err := s.conn.Write(env)
	return n + m, err
}

// writableLocked reports why nothing may be written, if so.
func (s *Session) writableLocked() error {
	if err := s.Err(); err != nil {
		return err
	}
	if s.sentEnd {
		return ErrClosed
	}
	return nil
}

// Receive appends the next envelope to buf and returns it. It returns io.EOF
// once the peer has sent End, a *FaultError if the peer sent a Fault record,
// and faults the session on any other error. Only one goroutine may receive.
func (s *Session) Receive(ctx context.Context, buf []byte) ([]byte, error) {
	if s.unacked.Load() {
		if err := s.Acknowledge(); err != nil {
			return buf, err
		}
	}
	s.rmu.Lock()
	defer s.rmu.Unlock()
	if s.peerEnded {
		return buf, io.EOF
	}
	if err := s.Err(); err != nil {
		return buf, err
	}
	if dl, arm := s.rdl.next(ctx, s.lim.receive); arm {
		_ = s.conn.SetReadDeadline(dl)
	}
	// An interrupt that came before the deadline was armed would be lost
	// under it; it is taken now. One that comes later moves the deadline.
	if s.takeInterrupt() {
		return buf, ErrInterrupted
	}
	stop := s.watch(ctx, true)
	buf, err := s.readMessageLocked(buf)
	if !unwatch(stop) {
		s.rdl.forget() // the watch may have moved the deadline
	}
	if err == nil {
		s.park()
	}
	if err != nil && err != io.EOF {
		if s.takeInterrupt() && ctx.Err() == nil && isTimeout(err) {
			return buf, ErrInterrupted
		}
		return buf, s.readFailed(ctx, err)
	}
	return buf, err
}

// readMessageLocked reads the next record that may follow an open session:
// an envelope, End, or Fault.
func (s *Session) readMessageLocked(buf []byte) ([]byte, error) {
	if s.part.active {
		return s.part.readSized(s.br, s.br, buf, s.lim.maxMessage)
	}
	var t byte
	err := error(nil)
	if s.br == nil {
		err = s.unpark()
	}
	if err == nil {
		t, err = s.br.ReadByte()
	}
	if err == io.EOF && s.endSent() {
		// The peer closed the connection at a record boundary after our
		// End instead of answering End (Mono's host does): a clean close.
		s.peerEnded = true
		return buf, io.EOF
	}
	if err != nil {
		return buf, noEOF(err)
	}
	switch {
	case t == recSizedEnvelope && s.p.mode == ModeDuplex:
		s.part.active = true
		return s.part.readSized(s.br, s.br, buf, s.lim.maxMessage)
	case t == recUnsizedEnvelope && s.p.mode == ModeSingletonUnsized && !s.read:
		s.read = true
		d := chunkDecoder{max: s.lim.maxMessage}
		return d.readAll(s.br, buf)
	case t == recEnd:
		s.peerEnded = true
		return buf, io.EOF
	case t == recFault:
		return buf, readFault(s.br)
	}
	return buf, protocolError("record 0x%02x in an open %v session", t, s.p.mode)
}

// readFailed faults the session after a read error. A server answers an
// oversized envelope with the MaxMessageSizeExceeded fault first, as WCF does.
func (s *Session) readFailed(ctx context.Context, err error) error {
	if s.server && errors.Is(err, ErrMaxMessageSize) {
		s.sendFault(FaultMaxMessageSizeExceeded)
	}
	return s.fail(ioError(ctx, err))
}

// sendFault writes a Fault record, bounded by a short deadline.
func (s *Session) sendFault(c FaultCode) {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	s.wdl.forget()
	_ = s.conn.SetWriteDeadline(time.Now().Add(faultWriteTimeout))
	_, _ = s.conn.Write(appendFault(nil, c))
	s.sentEnd = true
}

// faultWriteTimeout bounds the write of a Fault record.
const faultWriteTimeout = 2 * time.Second

// endSent reports whether our End record has gone out.
func (s *Session) endSent() bool {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	return s.sentEnd
}
