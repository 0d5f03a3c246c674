package nettcp

import (
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"sync"
)

// [MS-NNS] 2.2.2 data messages: after a handshake that negotiated integrity
// or confidentiality, every byte of the stream travels in frames of
//
//	[size u32 little-endian][payload]
//
// where the payload is what the security context's wrap made of at most
// 0xFC00 plaintext bytes (for NTLM a 16-byte signature, then the sealed or
// plain data; for Kerberos an RFC 4121 Wrap token). dotnet/runtime's
// NegotiateStream (System/Net/Security/NegotiateStream.cs) writes at most
// MaxWriteDataSize = 63 KiB of plaintext per frame and rejects a frame size
// ≤ 4 or > MaxReadFrameSize = 64 KiB. The stream is a byte stream: framing
// records above it need not line up with NNS frames. With no protection
// negotiated there are no data frames at all: use the connection as it is.

const (
	// nnsMaxPlaintext is the most plaintext one data frame carries.
	nnsMaxPlaintext = 63 * 1024
	// nnsMaxFrame bounds a data frame's payload, read or written.
	nnsMaxFrame = 64 * 1024
	// nnsMinFrame: a payload this size or smaller is rejected, as .NET does.
	nnsMinFrame = 4
	nnsSizeLen  = 4
)

// NNSSecurity protects the data frames of an [MS-NNS] stream: an
// established GSS-API/SSPI security context. NNSConn calls Wrap with its
// write lock held and Unwrap with its read lock held, so the two may run at
// the same time (one per direction) but neither runs concurrently with
// itself. Each keeps its direction's sequence number.
type NNSSecurity interface {
	// Wrap appends to dst the frame payload that carries plaintext.
	Wrap(dst, plaintext []byte) ([]byte, error)
	// Unwrap checks a frame payload and returns its plaintext, which may
	// share payload's memory. A payload that fails the check must give an
	// error; NNSConn reports it as ErrSecurityVerification.
	Unwrap(payload []byte) ([]byte, error)
}

// NNSConn carries a byte stream through [MS-NNS] data frames over a
// connection whose handshake is done. It is a net.Conn: Read and Write may
// be called from different goroutines, deadlines are those of the
// underlying connection. A read that times out keeps the part of a frame it
// has read, so the next Read continues the frame; any other read error, and
// every write error, is final for its direction. With no NNSSecurity (a
// handshake that negotiated no protection) reads and writes go to the
// connection as they are.
type NNSConn struct {
	net.Conn
	sec  NNSSecurity
	auth NNSAuthenticator // the handshake's, when NegotiateUpgrader made c

	rmu    sync.Mutex // guards the fields below through rerr
	raw    []byte     // bytes read from Conn ahead of the frame being read
	rpos   int        // raw[rpos:] not yet taken
	rawErr error      // Conn's error after the bytes in raw
	hdr    [nnsSizeLen]byte
	nhdr   int    // bytes of hdr read
	frame  []byte // payload being read: len is its size, nbody bytes read
	nbody  int
	plain  []byte // plaintext unwrapped and not yet returned
	rerr   error

	wmu  sync.Mutex // guards the fields below
	wbuf []byte
	werr error
}

// NewNNSConn returns a connection that frames all data written to it and
// reads framed data from conn, protecting it with sec.
func NewNNSConn(conn net.Conn, sec NNSSecurity) *NNSConn {
	return &NNSConn{Conn: conn, sec: sec}
}

// Authenticator returns the authenticator of the handshake that made c
// (through which a server learns who the client is), nil for a connection
// made by NewNNSConn.
func (c *NNSConn) Authenticator() NNSAuthenticator { return c.auth }

// Read reads plaintext unwrapped from data frames. A frame that is too
// short, too long, cut short by the end of the stream, or refused by
// Unwrap gives an error that matches ErrSecurityVerification; io.EOF is
// returned only at a frame boundary.
func (c *NNSConn) Read(p []byte) (int, error) {
	if c.sec == nil {
		return c.Conn.Read(p)
	}
	c.rmu.Lock()
	defer c.rmu.Unlock()
	for len(c.plain) == 0 {
		if c.rerr != nil {
			return 0, c.rerr
		}
		if len(p) == 0 {
			return 0, nil
		}
		if err := c.readFrameLocked(); err != nil {
			if !isTimeout(err) {
				c.rerr = err
			}
			return 0, err
		}
	}
	n := copy(p, c.plain)
	c.plain = c.plain[n:]
	return n, nil
}

// readFrameLocked reads (the rest of) one data frame and unwraps it into
// c.plain, which may stay empty for a frame of no plaintext.
func (c *NNSConn) readFrameLocked() error {
	for c.nhdr < nnsSizeLen {
		n, err := c.readRawLocked(c.hdr[c.nhdr:])
		c.nhdr += n
		if err != nil && c.nhdr < nnsSizeLen {
			if err == io.EOF && c.nhdr > 0 {
				err = io.ErrUnexpectedEOF
			}
			return nnsReadError(err)
		}
		if c.nhdr == nnsSizeLen {
			if err := c.startFrameLocked(); err != nil {
				return err
			}
		}
	}
	for c.nbody < len(c.frame) {
		n, err := c.readRawLocked(c.frame[c.nbody:])
		c.nbody += n
		if err != nil && c.nbody < len(c.frame) {
			return nnsReadError(noEOF(err))
		}
	}
	c.nhdr, c.nbody = 0, 0
	plain, err := c.sec.Unwrap(c.frame)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrSecurityVerification, err)
	}
	c.plain = plain
	return nil
}

// nnsReadAhead is how much a read of a frame's size asks the connection
// for, so that the size and a small frame's payload (a call's envelope)
// come in one read system call rather than two.
const nnsReadAhead = 4096

// readRawLocked reads from the connection into p through the read-ahead
// buffer: bytes read ahead first; a short p is filled from one read of up
// to nnsReadAhead bytes, a long one read into directly.
func (c *NNSConn) readRawLocked(p []byte) (int, error) {
	if c.rpos < len(c.raw) {
		n := copy(p, c.raw[c.rpos:])
		c.rpos += n
		return n, nil
	}
	if err := c.rawErr; err != nil {
		c.rawErr = nil
		return 0, err
	}
	if len(p) >= nnsReadAhead {
		return c.Conn.Read(p)
	}
	if cap(c.raw) < nnsReadAhead {
		c.raw = make([]byte, 0, nnsReadAhead)
	}
	n, err := c.Conn.Read(c.raw[:nnsReadAhead])
	c.raw, c.rpos = c.raw[:n], 0
	if n == 0 {
		return 0, err
	}
	c.rawErr = err // returned once the bytes before it are taken
	k := copy(p, c.raw)
	c.rpos = k
	return k, nil
}

// startFrameLocked checks the size just read and readies the frame buffer.
func (c *NNSConn) startFrameLocked() error {
	size := binary.LittleEndian.Uint32(c.hdr[:])
	if size <= nnsMinFrame || size > nnsMaxFrame {
		return fmt.Errorf("%w: NNS data frame of %d bytes (want %d..%d)", ErrSecurityVerification, size, nnsMinFrame+1, nnsMaxFrame)
	}
	if cap(c.frame) < int(size) {
		c.frame = make([]byte, size, nnsMaxFrame)
	}
	c.frame = c.frame[:size]
	return nil
}

// Write wraps p in data frames of at most 0xFC00 plaintext bytes each, one
// underlying Write per frame. It returns the count of plaintext bytes whose
// frames were written whole.
func (c *NNSConn) Write(p []byte) (int, error) {
	if c.sec == nil {
		return c.Conn.Write(p)
	}
	c.wmu.Lock()
	defer c.wmu.Unlock()
	done := 0
	for len(p) > 0 {
		if c.werr != nil {
			return done, c.werr
		}
		chunk := min(len(p), nnsMaxPlaintext)
		if err := c.writeFrameLocked(p[:chunk]); err != nil {
			c.werr = err
			return done, err
		}
		done += chunk
		p = p[chunk:]
	}
	return done, c.werr
}

// writeFrameLocked wraps plaintext and writes it as one data frame.
func (c *NNSConn) writeFrameLocked(plaintext []byte) error {
	b, err := c.sec.Wrap(append(c.wbuf[:0], 0, 0, 0, 0), plaintext)
	if err != nil {
		return fmt.Errorf("nettcp: NNS wrap: %w", err)
	}
	c.wbuf = b
	size := len(b) - nnsSizeLen
	if size <= nnsMinFrame || size > nnsMaxFrame {
		return fmt.Errorf("nettcp: NNS wrap made a frame of %d bytes (want %d..%d)", size, nnsMinFrame+1, nnsMaxFrame)
	}
	binary.LittleEndian.PutUint32(b, uint32(size))
	_, err = c.Conn.Write(b)
	return err
}
