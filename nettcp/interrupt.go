package nettcp

import (
	"errors"
	"io"
	"slices"
)

// Interrupting a Receive. A client that reads its own reply on the calling
// goroutine (rather than handing every reply over from a reading
// goroutine) must be able to stop waiting — its caller abandoned the call
// or timed out — without harming the session that other calls share.
// InterruptReceive does that: the Receive under way returns ErrInterrupted
// and the session stays open. An envelope partly read when the interrupt
// came is kept, and the next Receive, from any goroutine, continues it.

// ErrInterrupted is returned by a Receive cut short by InterruptReceive.
// The session is unharmed.
var ErrInterrupted = errors.New("nettcp: receive interrupted")

// InterruptReceive makes the Receive under way return ErrInterrupted, or
// the next one if none is under way. It never blocks on the reader.
func (s *Session) InterruptReceive() {
	s.imu.Lock()
	defer s.imu.Unlock()
	s.interrupted = true
	_ = s.conn.SetReadDeadline(aLongTimeAgo)
}

// takeInterrupt reports, and clears, a pending interrupt. The armed read
// deadline is forgotten: the interrupt may have moved it. Called with rmu.
func (s *Session) takeInterrupt() bool {
	s.imu.Lock()
	defer s.imu.Unlock()
	if !s.interrupted {
		return false
	}
	s.interrupted = false
	s.rdl.forget()
	return true
}

// partialEnvelope is a Sized Envelope record read in part: its type byte,
// maybe some of its size, maybe some of its body.
type partialEnvelope struct {
	active bool   // the record's type byte has been read
	sized  bool   // size is complete
	size   uint32 // the MB31 size, accumulated
	nsize  int    // size bytes read
	body   []byte // body bytes read before an interrupt
}

// readSized reads (the rest of) the Sized Envelope in p and appends its
// body to buf. On an error the bytes read so far stay in p, so that a
// Receive interrupted mid-record loses nothing.
func (p *partialEnvelope) readSized(br io.ByteReader, r io.Reader, buf []byte, max int64) ([]byte, error) {
	for !p.sized {
		c, err := br.ReadByte()
		if err != nil {
			return buf, noEOF(err)
		}
		if p.nsize == 4 && c > 0x07 {
			return buf, protocolError("size integer too large")
		}
		p.size |= uint32(c&0x7f) << (7 * p.nsize)
		p.nsize++
		if c < 0x80 {
			p.sized = true
		} else if p.nsize == 5 {
			return buf, protocolError("size integer too long")
		}
	}
	n := int(p.size)
	if int64(n) > max {
		return buf, ErrMaxMessageSize
	}
	start := len(buf)
	buf = slices.Grow(buf, n)[:start+n]
	have := copy(buf[start:], p.body)
	k, err := io.ReadFull(r, buf[start+have:])
	if err != nil {
		p.body = append(p.body[:0], buf[start:start+have+k]...)
		return buf[:start], noEOF(err)
	}
	p.reset()
	return buf, nil
}

// reset readies p for the next record, keeping its buffer.
func (p *partialEnvelope) reset() { *p = partialEnvelope{body: p.body[:0]} }
