// The PROXY protocol on a host's listeners (HAProxy's proxy-protocol.txt,
// v1 and v2; internal/proxyproto): opt-in per binding, for hosts behind a
// load balancer that sends it (HAProxy's send-proxy / send-proxy-v2). Each
// connection's header is read by the connection's own goroutine on its
// first use, never by the accept loop, so a slow client cannot hold up
// accepts; it is bounded by ProxyProtocol.Timeout from the accept and by
// MaxHeaderSize. A connection without a valid header is closed without a
// byte written to it. The header's client address becomes the
// connection's remote address: ServerChannel.RemoteAddr (which
// Endpoint.AcceptChannel receives) and, over HTTP, http.Request.RemoteAddr.

package servicemodel

import (
	"fmt"
	"net"
	"net/url"
	"time"

	"github.com/wwsgo/wws/internal/proxyproto"
)

// ProxyProtocol configures the PROXY protocol header a listener requires
// on every connection. Zero fields take the defaults.
type ProxyProtocol struct {
	// Timeout bounds the wait for the header, from the accept. Default:
	// the binding's ChannelInitializationTimeout on net.tcp (30 s), the
	// header read timeout (30 s) on HTTP.
	Timeout time.Duration
	// MaxHeaderSize bounds the header (default 4096 bytes; a v1 line is at
	// most 107, HAProxy's v2 headers are tens of bytes).
	MaxHeaderSize int
}

// DefaultProxyProtocolMaxHeaderSize is ProxyProtocol.MaxHeaderSize's default.
const DefaultProxyProtocolMaxHeaderSize = proxyproto.DefaultMaxHeaderSize

// listen binds hostport; with p set, its connections must start with a
// PROXY header, read within p.Timeout (or timeout when that is 0).
func (p *ProxyProtocol) listen(hostport string, timeout time.Duration) (net.Listener, error) {
	ln, err := net.Listen("tcp", hostport)
	if err != nil || p == nil {
		return ln, err
	}
	return proxyproto.Listen(ln, proxyproto.Config{Timeout: durationOr(p.Timeout, timeout), MaxHeaderSize: p.MaxHeaderSize}), nil
}

// proxyProtocolDiff names how two endpoints sharing a socket disagree on
// the PROXY protocol, "" when they agree: the header is read from every
// connection of the socket, so it is one setting of the socket.
func proxyProtocolDiff(a, b *ProxyProtocol) string {
	onOff := map[bool]string{true: "on", false: "off"}
	switch {
	case (a == nil) != (b == nil):
		return fmt.Sprintf("ProxyProtocol %s and %s", onOff[a != nil], onOff[b != nil])
	case a == nil:
		return ""
	case a.Timeout != b.Timeout:
		return fmt.Sprintf("ProxyProtocol.Timeout %v and %v", a.Timeout, b.Timeout)
	case orDefault(a.MaxHeaderSize, DefaultProxyProtocolMaxHeaderSize) != orDefault(b.MaxHeaderSize, DefaultProxyProtocolMaxHeaderSize):
		return fmt.Sprintf("ProxyProtocol.MaxHeaderSize %d and %d", a.MaxHeaderSize, b.MaxHeaderSize)
	}
	return ""
}

// viaAlias is the path of a net.tcp endpoint's public address, when it
// listens at another path (Endpoint.ListenURI): framing Vias carry the
// public address, so the listener routes that path to the endpoint too.
func viaAlias(listenPath, public string) string {
	if public == "" {
		return ""
	}
	u, err := url.Parse(public)
	if err != nil {
		return ""
	}
	p := u.Path
	if p == "" {
		p = "/"
	}
	if p == listenPath {
		return ""
	}
	return p
}

// paths are the Via paths the endpoint listener is registered at.
func (l *tcpEndpointListener) paths() []string {
	if l.alias == "" {
		return []string{l.path}
	}
	return []string{l.path, l.alias}
}
