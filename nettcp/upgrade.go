package nettcp

import (
	"context"
	"net"
)

// Upgrade Request and Upgrade Response records and the upgrade seam
// ([MC-NMF] 2.2.3.5–2.2.3.6, 3.1.4.7). After the server's Upgrade
// Response the upgraded protocol's handshake runs on the raw connection, and
// all later framing records travel inside the secured stream.

// UpgradeTLS is the upgrade protocol name of TLS (application/ssl-tls).
const UpgradeTLS = "application/ssl-tls"

// UpgradeNegotiate is the upgrade protocol name of [MS-NNS] SPNEGO; see
// NegotiateUpgrader.
const UpgradeNegotiate = "application/negotiate"

// maxUpgradeName bounds the protocol name of a received Upgrade Request.
const maxUpgradeName = 256

// Upgrader secures a connection after the framing upgrade handshake. The
// same value serves clients and servers; each side calls its own half.
type Upgrader interface {
	// Protocol is the name sent in the Upgrade Request record.
	Protocol() string
	// Client runs the client half over conn; host is the Via's host name.
	Client(ctx context.Context, conn net.Conn, host string) (net.Conn, error)
	// Server runs the server half over conn.
	Server(ctx context.Context, conn net.Conn) (net.Conn, error)
}

// appendUpgradeRequest appends an Upgrade Request record.
func appendUpgradeRequest(b []byte, protocol string) []byte {
	return appendString(append(b, recUpgradeRequest), protocol)
}
