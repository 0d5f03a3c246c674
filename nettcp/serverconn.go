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
// ([MC-NMF] 3.3.4–3.3.5, 2.2.3.1–2.2.3.4): read Version, Mode, Via and
// encoding; check them against the endpoint; run upgrades; queue the
// session for Accept, whose Acknowledge answers Preamble End with
// Preamble Ack; after the session's End exchange read the next preamble on
// the same connection.

// serverConn is one accepted connection and its current (secured) stream.
type serverConn struct {
	raw     net.Conn
	conn    net.Conn
	br      *bufio.Reader
	secured string
}

func newServerConn(c net.Conn) *serverConn {
	return &serverConn{raw: c, conn: c, br: pooledReader(c)}
}

// offer reads a preamble on sc and hands its session to Accept or AcceptAt,
// for at most QueueTimeout; then the goroutine ends: an open session costs
// the listener no goroutine. pending says sc holds a pending token, given
// back once the session is handed over or the connection ends. When a
// session ends with a clean End exchange, sessionEnded starts the next
// offer on the same connection.
func (l *Listener) offer(sc *serverConn, dl time.Time, pending bool) {
	if pending {
		defer l.releasePending()
	}
	s := l.handshake(sc, dl)
	if s == nil {
		l.forget(sc.raw)
		return
	}
	ep := l.lookup(s.p.via)
	s.release = func(reusable bool) { l.sessionEnded(sc, s, reusable) }
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		s.Abort()
		return
	}
	l.conns[sc.raw] = s
	l.mu.Unlock()
	l.queued.Add(1)
	defer l.queued.Add(-1)
	wait := l.cfg.QueueTimeout
	var epq chan *Session
	if ep != nil {
		epq, wait = ep.sessions, ep.cfg.QueueTimeout
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	s.ackBy = time.Now().Add(wait)
	select {
	case l.sessions <- s:
	case epq <- s:
	case <-t.C: // nobody took the session in time: the server is too busy
		l.refused.Add(1)
		s.Refuse(FaultServerTooBusy)
	case <-l.stopping: // stopped before anyone took the session
		s.Abort()
	}
}

// sessionEnded is a session's release: the connection closes, or, after a
// clean End exchange, waits for the next preamble on a goroutine of its own.
func (l *Listener) sessionEnded(sc *serverConn, s *Session, reusable bool) {
	l.mu.Lock()
	if !reusable || l.closed || l.stopped() {
		l.mu.Unlock()
		l.forget(sc.raw)
		return
	}
	sc.br = s.reader()
	l.conns[sc.raw] = nil
	l.wg.Add(1)
	l.mu.Unlock()
	go func() {
		defer l.wg.Done()
		if !l.awaitNextPreamble(sc) {
			l.forget(sc.raw)
			return
		}
		l.offer(sc, time.Now().Add(l.cfg.ChannelInitializationTimeout), false)
	}()
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
		l.refused.Add(1)
		l.refuse(sc, fr.code)
		return nil
	}
	if err != nil {
		return nil
	}
	_ = sc.conn.SetDeadline(time.Time{})
	lim := sessionLimits{ep.cfg.SendTimeout, ep.cfg.ReceiveTimeout, ep.cfg.CloseTimeout, ep.cfg.MaxMessageSize}
	s := newSession(sc.raw, sc.conn, sc.br, p, lim)
	s.server, s.endpoint, s.secured = true, ep.path, sc.secured
	s.unacked.Store(true)
	if p.mode == ModeDuplex && sc.secured == "" {
		s.parkable()
		s.rmu.Lock()
		s.park() // an idle session holds no read buffer
		s.rmu.Unlock()
	}
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

// finishPreamble handles upgrades until Preamble End. The Preamble Ack
// waits for the session's Acknowledge.
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
			return nil
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
// ([MC-NMF] Fault Record; WCF's InitialServerConnectionReader.SendFault
// drains up to TransportDefaults.MaxDrainSize).
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
