package nettcp

import (
	"bufio"
	"net"
)

// bufConn is a net.Conn whose reads go through a bufio.Reader, so bytes the
// framing reader buffered before an upgrade reach the upgraded protocol
// ([MC-NMF] 2.2.3.6, 3.1.4.7: the upgrade handshake follows the Upgrade
// Response directly on the same stream). Writes and deadlines go to the Conn.
type bufConn struct {
	net.Conn
	r *bufio.Reader
}

func (c *bufConn) Read(p []byte) (int, error) { return c.r.Read(p) }
