package nettcp

import (
	"context"
	"io"
	"time"
)

// The End handshake ([MC-NMF] End Record, 3.1.4): each side sends
// End when it will send nothing more; after both Ends the connection may
// carry a new preamble.

// Close ends the session gracefully: it sends End (unless already sent) and
// waits for the peer's End within the context's deadline or the close
// timeout. A peer that closes the connection instead of answering End (as
// Mono does) is accepted. After both End records the connection is handed
// back for reuse (client pool, or the listener's next preamble). Close
// returns ctx's error if the context ends first; the session is then
// aborted. Closing a closed session returns nil.
func (s *Session) Close(ctx context.Context) error {
	if s.unacked.Load() {
		if err := s.Acknowledge(); err != nil {
			return err
		}
	}
	if !s.beginClose(ctx) {
		return s.closedErr()
	}
	dl := deadlineFor(ctx, s.lim.close)
	stopR, stopW := s.watch(ctx, true), s.watch(ctx, false)
	defer unwatch(stopW)
	defer unwatch(stopR)
	if err := s.sendEnd(dl); err != nil {
		return s.fail(ioError(ctx, err))
	}
	reusable, err := s.awaitEnd(dl)
	if err != nil {
		return s.fail(ioError(ctx, err))
	}
	s.finish(ErrClosed, reusable)
	return nil
}

// beginClose moves Open to Closing. A second closer waits for the first.
func (s *Session) beginClose(ctx context.Context) bool {
	s.mu.Lock()
	st := s.state
	if st == StateOpen {
		s.state = StateClosing
	}
	s.mu.Unlock()
	if st == StateClosing {
		select {
		case <-s.ctx.Done():
		case <-ctx.Done():
		}
	}
	return st == StateOpen
}

// closedErr is Close's result for a session that was already ending.
func (s *Session) closedErr() error {
	switch err := s.Err(); err {
	case nil, ErrClosed:
		return nil
	default:
		return err
	}
}

// sendEnd writes the End record once.
func (s *Session) sendEnd(dl time.Time) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if s.sentEnd {
		return nil
	}
	s.wdl.forget()
	_ = s.conn.SetWriteDeadline(dl)
	_, err := s.conn.Write(endRecord)
	s.sentEnd = err == nil
	return err
}

// awaitEnd reads until the peer's End. A concurrent Receive is bounded by
// the same deadline and sees the End itself. It reports whether the
// connection sits at a record boundary and may be reused.
func (s *Session) awaitEnd(dl time.Time) (reusable bool, err error) {
	_ = s.conn.SetReadDeadline(dl)
	s.rmu.Lock()
	defer s.rmu.Unlock()
	s.rdl.forget()
	if s.cur != nil && !s.cur.d.done {
		return false, nil // mid-message: not at a record boundary
	}
	if s.part.active {
		// A late envelope a receiver was interrupted in: read and dropped.
		if _, err := s.part.readSized(s.br, s.br, nil, s.lim.maxMessage); err != nil {
			return false, err
		}
	}
	if !s.peerEnded && s.br == nil {
		if err := s.unpark(); err == io.EOF {
			return false, nil // the peer closed instead of answering End
		} else if err != nil {
			return false, err
		}
	}
	for !s.peerEnded {
		t, err := s.br.ReadByte()
		switch {
		case err == io.EOF:
			return false, nil // the peer closed instead of answering End
		case err != nil:
			return false, err
		case t == recEnd:
			s.peerEnded = true
		case t == recSizedEnvelope && s.p.mode == ModeDuplex:
			// The peer may still send until its own End ([MC-NMF] 2.2.3.7):
			// a late reply to a call the caller gave up on. Nobody can take
			// it any more; it is read and dropped, bounded like any envelope.
			if err := discardSized(s.br, s.lim.maxMessage); err != nil {
				return false, err
			}
		case t == recFault:
			return false, readFault(s.br)
		default:
			return false, protocolError("record 0x%02x received while closing", t)
		}
	}
	_ = s.conn.SetDeadline(time.Time{})
	return true, nil
}
