package nettcp

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// The client side of the preamble exchange ([MC-NMF] 3.2.4, 2.2.6):
// the whole preamble in one write, then Preamble Ack, or a Fault record.

// Dial opens a duplex session to via, an absolute net.tcp URI (port 808 when
// absent), which is sent in the Via record exactly as given.
func Dial(ctx context.Context, via string, cfg *ClientConfig) (*Session, error) {
	return dial(ctx, via, cfg, ModeDuplex)
}

// DialStream opens a singleton-unsized (streamed) session: one message each
// way through NextWriter and NextReader.
func DialStream(ctx context.Context, via string, cfg *ClientConfig) (*Session, error) {
	return dial(ctx, via, cfg, ModeSingletonUnsized)
}

func dial(ctx context.Context, via string, cfg *ClientConfig, mode Mode) (*Session, error) {
	c := cfg.withDefaults(mode)
	addr, host, err := parseVia(via)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithDeadline(ctx, deadlineFor(ctx, c.OpenTimeout))
	defer cancel()
	p := preamble{mode: mode, via: via, contentType: c.ContentType}
	key := poolKey(addr, c.Upgrader)
	for {
		pc, err := c.connect(ctx, key, addr)
		if err != nil {
			return nil, err
		}
		err = handshake(ctx, pc, p, c.Upgrader, host)
		if err == nil {
			return c.session(pc, p, key), nil
		}
		_ = pc.raw.Close()
		if !pc.reused || !retryable(err) || ctx.Err() != nil {
			return nil, err
		}
		// A pooled connection the server had dropped: try a fresh one.
	}
}

// connect takes a pooled connection or dials a new one.
func (c *ClientConfig) connect(ctx context.Context, key, addr string) (*pooledConn, error) {
	if pc := c.Pool.get(key); pc != nil {
		return pc, nil
	}
	conn, err := c.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, ioError(ctx, err)
	}
	br := bufio.NewReaderSize(conn, connectionBufferSize)
	return &pooledConn{raw: conn, conn: conn, br: br, created: time.Now()}, nil
}

// session wraps an established connection.
func (c *ClientConfig) session(pc *pooledConn, p preamble, key string) *Session {
	lim := sessionLimits{c.SendTimeout, c.ReceiveTimeout, c.CloseTimeout, c.MaxMessageSize}
	s := newSession(pc.raw, pc.conn, pc.br, p, lim)
	s.secured = pc.secured
	pool := c.Pool
	s.release = func(reusable bool) {
		switch {
		case reusable && pool != nil:
			pool.put(key, pc)
		case reusable:
			_ = pc.raw.Close()
		}
	}
	return s
}

// retryable reports an I/O failure on a reused connection, as opposed to
// an answer from the server.
func retryable(err error) bool {
	var fe *FaultError
	return !errors.As(err, &fe) && !errors.Is(err, ErrProtocol) && !errors.Is(err, ErrLooksLikeHTTP)
}

// handshake sends the preamble and reads the answer, upgrading on the way.
// A connection already secured by the wanted upgrade (a reused one) is not
// upgraded again.
func handshake(ctx context.Context, pc *pooledConn, p preamble, up Upgrader, host string) error {
	dl, _ := ctx.Deadline()
	_ = pc.raw.SetDeadline(dl)
	stop := context.AfterFunc(ctx, func() { _ = pc.raw.SetDeadline(aLongTimeAgo) })
	defer stop()
	if up != nil && pc.secured == up.Protocol() {
		up = nil
	}
	b := appendPreamble(make([]byte, 0, 64+len(p.via)+len(p.contentType)), p)
	if up != nil {
		b = appendUpgradeRequest(b, up.Protocol())
	} else {
		b = append(b, recPreambleEnd)
	}
	if _, err := pc.conn.Write(b); err != nil {
		return ioError(ctx, err)
	}
	if up != nil {
		if err := upgradeClient(ctx, pc, up, host); err != nil {
			return err
		}
	}
	if err := expectAnswer(pc.br, recPreambleAck); err != nil {
		return ioError(ctx, err)
	}
	_ = pc.raw.SetDeadline(time.Time{})
	return nil
}

// upgradeClient reads the Upgrade Response, runs the upgrade and sends
// Preamble End inside the secured stream.
func upgradeClient(ctx context.Context, pc *pooledConn, up Upgrader, host string) error {
	if err := expectAnswer(pc.br, recUpgradeResponse); err != nil {
		return ioError(ctx, err)
	}
	sec, err := up.Client(ctx, &bufConn{pc.conn, pc.br}, host)
	if err != nil {
		return fmt.Errorf("nettcp: %s upgrade: %w", up.Protocol(), ioError(ctx, err))
	}
	pc.conn, pc.br, pc.secured = sec, bufio.NewReaderSize(sec, connectionBufferSize), up.Protocol()
	if _, err := sec.Write(preambleEndRecord); err != nil {
		return ioError(ctx, err)
	}
	return nil
}

// expectAnswer reads the server's one-byte answer: want, a Fault record,
// or something that reveals an HTTP server.
func expectAnswer(br *bufio.Reader, want byte) error {
	t, err := br.ReadByte()
	switch {
	case err == io.EOF:
		return fmt.Errorf("nettcp: connection closed during preamble: %w", io.ErrUnexpectedEOF)
	case err != nil:
		return err
	case t == want:
		return nil
	case t == recFault:
		return readFault(br)
	case t == 'H' || t == 'h':
		return ErrLooksLikeHTTP
	}
	return protocolError("record 0x%02x where 0x%02x was expected", t, want)
}

// parseVia checks an absolute net.tcp URI and returns host:port to dial
// and the host name.
func parseVia(via string) (addr, host string, err error) {
	u, err := url.Parse(via)
	if err != nil {
		return "", "", fmt.Errorf("%w: %w", ErrInvalidVia, err)
	}
	if !strings.EqualFold(u.Scheme, "net.tcp") || u.Hostname() == "" {
		return "", "", fmt.Errorf("%w: %q is not an absolute net.tcp URI", ErrInvalidVia, via)
	}
	port := u.Port()
	if port == "" {
		port = strconv.Itoa(DefaultPort)
	}
	return net.JoinHostPort(u.Hostname(), port), u.Hostname(), nil
}
