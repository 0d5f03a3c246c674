package nettcp

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"time"
)

// The server side of the preamble exchange and the connection reuse loop
// ([MC-NMF] 3.3.4–3.3.5, wire.md §1.5, §1.9): read Version, Mode, Via and
// encoding; check them against the endpoint; run upgrades; answer Preamble
// End with Preamble Ack; after the session's End exchange read the next
// preamble on the same connection.

// serverConn is one accepted connection and its current (secured) stream.
type serverConn struct {
	raw     net.Conn
	conn    net.Conn
	br      *bufio.Reader
	secured string
}

func newServerConn(c net.Conn) *serverConn {
	return &serverConn{raw: c, conn: c, br: bufio.NewReaderSize(c, connectionBufferSize)}
}

// serve runs sessions on c until the connection ends.
func (l *Listener) serve(c net.Conn) {
	sc := newServerConn(c)
	dl := time.Now().Add(l.cfg.ChannelInitializationTimeout)
	for {
		s := l.handshake(sc, dl)
		if s == nil {
			return
		}
		released := make(chan bool, 1)
		s.release = func(reusable bool) { released <- reusable }
		select {
		case l.sessions <- s:
		case <-l.stopping: // stopped before anyone took the session
			s.Abort()
			return
		}
		select {
		case reusable := <-released:
			if !reusable || l.stopped() || !l.awaitNextPreamble(sc) {
				return
			}
			dl = time.Now().Add(l.cfg.ChannelInitializationTimeout)
		case <-l.done:
			s.Abort()
			return
		}
	}
}

// awaitNextPreamble waits, up to the idle timeout, for the first byte after
// an End exchange. Anything but a Version record ends the connection.
func (l *Listener) awaitNextPreamble(sc *serverConn) bool {
	_ = sc.conn.SetReadDeadline(time.Now().Add(l.cfg.IdleTimeout))
	b, err := sc.br.Peek(1)
	return err == nil && b[0] == recVersion
}

// handshake reads one preamble and answers it; nil means the connection
// was refused (fault sent) or dropped.
func (l *Listener) handshake(sc *serverConn, dl time.Time) *Session {
	_ = sc.conn.SetDeadline(dl)
	ctx, cancel := context.WithDeadline(l.ctx, dl)
	defer cancel()
	ep, p, err := l.readHead(sc)
	if err == nil {
		err = l.finishPreamble(ctx, sc, ep)
	}
	var fr *faultReply
	if errors.As(err, &fr) {
		l.refuse(sc, fr.code)
		return nil
	}
	if err != nil {
		return nil
	}
	_ = sc.conn.SetDeadline(time.Time{})
	lim := sessionLimits{l.cfg.SendTimeout, l.cfg.ReceiveTimeout, l.cfg.CloseTimeout, ep.cfg.MaxMessageSize}
	s := newSession(sc.raw, sc.conn, sc.br, p, lim)
	s.server, s.endpoint, s.secured = true, ep.path, sc.secured
	return s
}

// readHead reads the preamble up to the encoding and finds the endpoint.
func (l *Listener) readHead(sc *serverConn) (*endpoint, preamble, error) {
	if err := expectRecord(sc.br, recVersion); err != nil {
		return nil, preamble{}, err
	}
	p, err := readPreamble(sc.br, preambleLimits{l.cfg.MaxViaSize, l.cfg.MaxContentTypeSize})
	if err != nil {
		return nil, p, err
	}
	ep := l.lookup(p.via)
	switch {
	case ep == nil:
		return nil, p, &faultReply{FaultEndpointNotFound}
	case ep.cfg.Mode != p.mode:
		return nil, p, &faultReply{FaultUnsupportedMode}
	case !ep.allows(p.contentType):
		return nil, p, &faultReply{FaultContentTypeInvalid}
	}
	return ep, p, nil
}

// finishPreamble handles upgrades until Preamble End, then acknowledges.
func (l *Listener) finishPreamble(ctx context.Context, sc *serverConn, ep *endpoint) error {
	up := ep.cfg.Upgrader
	for {
		t, err := sc.br.ReadByte()
		if err != nil {
			return noEOF(err)
		}
		switch t {
		case recUpgradeRequest:
			if err := l.upgrade(ctx, sc, up); err != nil {
				return err
			}
		case recPreambleEnd:
			if up != nil && sc.secured != up.Protocol() {
				return &faultReply{FaultUpgradeInvalid}
			}
			_, err := sc.conn.Write(ackRecord)
			return err
		default:
			return protocolError("record 0x%02x in a preamble", t)
		}
	}
}

// upgrade answers an Upgrade Request and runs the server half.
func (l *Listener) upgrade(ctx context.Context, sc *serverConn, up Upgrader) error {
	name, err := readString(sc.br, maxUpgradeName, FaultUpgradeInvalid)
	if err != nil {
		return err
	}
	if up == nil || name != up.Protocol() {
		return &faultReply{FaultUpgradeInvalid}
	}
	if _, err := sc.conn.Write(upgradeOKRecord); err != nil {
		return err
	}
	sec, err := up.Server(ctx, &bufConn{sc.conn, sc.br})
	if err != nil {
		return err
	}
	sc.conn, sc.br, sc.secured = sec, bufio.NewReaderSize(sec, connectionBufferSize), name
	return nil
}

// refuse writes a Fault record, drains a bounded amount of input for a
// bounded time so the peer can read the fault, then lets the caller close
// (wire.md §1.9).
func (l *Listener) refuse(sc *serverConn, c FaultCode) {
	_ = sc.conn.SetWriteDeadline(time.Now().Add(faultWriteTimeout))
	if _, err := sc.conn.Write(appendFault(nil, c)); err != nil {
		return
	}
	if tc, ok := sc.conn.(interface{ CloseWrite() error }); ok && sc.secured == "" {
		_ = tc.CloseWrite()
	}
	_ = sc.conn.SetReadDeadline(time.Now().Add(l.cfg.FaultDrainTimeout))
	limit := int64(l.cfg.MaxViaSize + l.cfg.MaxContentTypeSize)
	_, _ = io.CopyN(io.Discard, sc.br, limit)
}
