package proxyproto

// The listener wrapper and its connections, which read the header lazily.

import (
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"time"
)

// Defaults of Config.
const (
	// DefaultTimeout bounds the wait for the header, from the accept: WCF's
	// ChannelInitializationTimeout, the bound of a connection's start.
	DefaultTimeout = 30 * time.Second
	// DefaultMaxHeaderSize bounds a header: v1 lines are at most 107 bytes;
	// v2 headers from HAProxy are 16 bytes plus the addresses (12 or 36)
	// plus a few TLVs.
	DefaultMaxHeaderSize = 4096
)

// Config bounds the header read; zero fields take the defaults.
type Config struct {
	Timeout       time.Duration
	MaxHeaderSize int
}

func (c Config) withDefaults() Config {
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	if c.MaxHeaderSize <= 0 {
		c.MaxHeaderSize = DefaultMaxHeaderSize
	}
	c.MaxHeaderSize = max(c.MaxHeaderSize, v1MaxLength)
	return c
}

// Listener accepts connections that start with a PROXY header.
type Listener struct {
	net.Listener
	cfg Config
}

// Listen wraps ln: every connection it accepts must start with a header.
func Listen(ln net.Listener, cfg Config) *Listener {
	return &Listener{Listener: ln, cfg: cfg.withDefaults()}
}

// Accept returns the next connection without reading from it.
func (l *Listener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &Conn{Conn: c, cfg: l.cfg, deadline: time.Now().Add(l.cfg.Timeout)}, nil
}

// Conn is an accepted connection; its header is read by the first Read,
// Write or RemoteAddr, from whichever goroutine comes first.
type Conn struct {
	net.Conn
	cfg      Config
	deadline time.Time // the header must be complete by then

	once    sync.Mutex // held while the header is read
	read    bool       // the header has been read (or failed); guarded by once
	err     error      // the header's error, fixed once read is set
	hdr     header
	pending []byte // bytes read past the header, for the first Reads

	dl struct { // the read deadline the user set, re-armed after the header
		sync.Mutex
		t       time.Time
		reading bool
	}
}

// ready reads the header once and reports its error.
func (c *Conn) ready() error {
	c.once.Lock()
	defer c.once.Unlock()
	if !c.read {
		c.err = c.readHeader()
		c.read = true
		if c.err != nil {
			_ = c.Conn.Close() // a clean close: nothing was written
		}
	}
	return c.err
}

// readHeader reads exactly one header, keeping what follows it.
func (c *Conn) readHeader() error {
	c.armHeaderDeadline(true)
	defer c.armHeaderDeadline(false)
	buf := make([]byte, 0, 256)
	want := v1MinLength // the shortest header; nothing is read past it before its kind is known
	for {
		if cap(buf) < want {
			buf = append(make([]byte, 0, want), buf...)
		}
		n, err := io.ReadAtLeast(c.Conn, buf[len(buf):cap(buf)], want-len(buf))
		buf = buf[:len(buf)+n]
		if err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				return fmt.Errorf("%w: connection closed after %d bytes", ErrInvalidHeader, len(buf))
			}
			return fmt.Errorf("%w: %w", ErrInvalidHeader, err)
		}
		total, err := need(buf, c.cfg.MaxHeaderSize)
		if err != nil {
			return err
		}
		if total == 0 {
			want = len(buf) + 1
			if startsLike(buf, v2Signature) {
				want = v2HeaderLen
			}
			continue
		}
		if len(buf) < total {
			want = total
			continue
		}
		h, err := parse(buf[:total])
		if err != nil {
			return err
		}
		c.hdr = h
		if len(buf) > total {
			c.pending = buf[total:]
		}
		return nil
	}
}

// armHeaderDeadline sets the read deadline to the earlier of the header's
// and the user's while the header is read, and back to the user's after.
func (c *Conn) armHeaderDeadline(reading bool) {
	c.dl.Lock()
	defer c.dl.Unlock()
	c.dl.reading = reading
	_ = c.Conn.SetReadDeadline(c.effectiveDeadline())
}

// effectiveDeadline is the read deadline of the connection; c.dl held.
func (c *Conn) effectiveDeadline() time.Time {
	if c.dl.reading && (c.dl.t.IsZero() || c.deadline.Before(c.dl.t)) {
		return c.deadline
	}
	return c.dl.t
}

// Read reads the header first, then the connection's data.
func (c *Conn) Read(b []byte) (int, error) {
	if err := c.ready(); err != nil {
		return 0, err
	}
	if len(c.pending) > 0 {
		n := copy(b, c.pending)
		c.pending = c.pending[n:]
		if len(c.pending) == 0 {
			c.pending = nil
		}
		return n, nil
	}
	return c.Conn.Read(b)
}

// Write writes once the header is read; a connection without a valid
// header gets nothing.
func (c *Conn) Write(b []byte) (int, error) {
	if err := c.ready(); err != nil {
		return 0, err
	}
	return c.Conn.Write(b)
}

// RemoteAddr returns the client address of the header, or the
// connection's own when the header carries none (or is invalid).
func (c *Conn) RemoteAddr() net.Addr {
	if c.ready() == nil && c.hdr.src != nil {
		return c.hdr.src
	}
	return c.Conn.RemoteAddr()
}

// ProxyAddrs returns the header's source and destination addresses (nil
// when it carries none), its version (1 or 2), and its error.
func (c *Conn) ProxyAddrs() (src, dst net.Addr, version int, err error) {
	err = c.ready()
	return c.hdr.src, c.hdr.dst, c.hdr.version, err
}

// SetDeadline sets both deadlines; see SetReadDeadline.
func (c *Conn) SetDeadline(t time.Time) error {
	if err := c.SetReadDeadline(t); err != nil {
		return err
	}
	return c.Conn.SetWriteDeadline(t)
}

// SetReadDeadline sets the read deadline; while the header is read, the
// header's own deadline applies when it is earlier.
func (c *Conn) SetReadDeadline(t time.Time) error {
	c.dl.Lock()
	defer c.dl.Unlock()
	c.dl.t = t
	return c.Conn.SetReadDeadline(c.effectiveDeadline())
}

// CloseWrite half-closes a TCP connection (used by a framing fault's
// graceful close).
func (c *Conn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return c.Conn.Close()
}
