// Package proxyproto reads the PROXY protocol header (versions 1 and 2) that
// a load balancer such as HAProxy sends at the start of a connection, so
// that the server sees the real client address (HAProxy's "The PROXY
// protocol", proxy-protocol.txt, versions 1 and 2).
//
// Listen wraps a net.Listener: its Accept never reads (a slow client cannot
// block the accept loop), and each Conn reads its header lazily, on the
// first Read, Write or RemoteAddr, bounded by Config.Timeout from the accept
// and by Config.MaxHeaderSize. A connection without a valid header fails
// every call with ErrInvalidHeader and is closed: nothing is ever written to
// it (§2: a receiver must not guess, and must not process a connection
// whose header is missing or malformed).
//
// The header's source address becomes Conn.RemoteAddr. A v2 LOCAL header
// (a balancer's own health check), a v1 UNKNOWN header and a v2 header of
// an unspecified or UNIX family keep the connection's own addresses, as §2.1
// and §2.2 ask. TLVs (§2.2.7) are read and ignored.
package proxyproto
