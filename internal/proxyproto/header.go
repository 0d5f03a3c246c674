package proxyproto

// Parsing the two header formats (proxy-protocol.txt §2.1 human-readable
// v1, §2.2 binary v2).

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"
)

// ErrInvalidHeader reports a connection whose PROXY header is missing,
// malformed or larger than the limit.
var ErrInvalidHeader = errors.New("proxyproto: invalid PROXY protocol header")

// v2Signature starts every v2 header (§2.2).
var v2Signature = []byte("\r\n\r\n\x00\r\nQUIT\n")

const (
	v1Prefix    = "PROXY "
	v1MaxLength = 107 // §2.1: the longest v1 line, CRLF included
	v1MinLength = 15  // "PROXY UNKNOWN\r\n"
	v2HeaderLen = 16  // signature, version/command, family/protocol, length
)

// header is a parsed header: src and dst are nil when the connection's own
// addresses stand (LOCAL, UNKNOWN, unspecified or UNIX family).
type header struct {
	src, dst net.Addr
	version  int
}

// need reports how many bytes of b a complete header takes, or 0 when more
// bytes are needed to know; an error when b cannot start a valid header or
// the header would exceed max.
func need(b []byte, max int) (int, error) {
	switch {
	case startsLike(b, v2Signature):
		if len(b) < v2HeaderLen {
			return 0, nil
		}
		n := v2HeaderLen + int(binary.BigEndian.Uint16(b[14:16]))
		if n > max {
			return 0, fmt.Errorf("%w: v2 header of %d bytes, over the limit of %d", ErrInvalidHeader, n, max)
		}
		return n, nil
	case startsLike(b, []byte(v1Prefix)):
		if i := bytes.Index(b[:min(len(b), v1MaxLength)], []byte("\r\n")); i >= 0 {
			return i + 2, nil
		}
		if len(b) >= v1MaxLength {
			return 0, fmt.Errorf("%w: v1 line without CRLF in %d bytes", ErrInvalidHeader, v1MaxLength)
		}
		return 0, nil
	}
	return 0, fmt.Errorf("%w: the connection does not start with a PROXY header", ErrInvalidHeader)
}

// startsLike reports whether b starts with p, or is the start of p.
func startsLike(b, p []byte) bool {
	k := min(len(b), len(p))
	return bytes.Equal(b[:k], p[:k])
}

// parse parses one complete header (b is exactly what need measured).
func parse(b []byte) (header, error) {
	if bytes.HasPrefix(b, v2Signature) {
		return parseV2(b)
	}
	return parseV1(string(b))
}

// parseV1 parses "PROXY TCP4|TCP6 src dst sport dport\r\n" or
// "PROXY UNKNOWN[ anything]\r\n" (§2.1): single spaces, addresses of the
// family named, decimal ports.
func parseV1(line string) (header, error) {
	h := header{version: 1}
	body, ok := strings.CutSuffix(line, "\r\n")
	if !ok || strings.ContainsAny(body, "\r\n") {
		return h, fmt.Errorf("%w: v1: bad line ending", ErrInvalidHeader)
	}
	f := strings.Split(body, " ")
	if len(f) >= 2 && f[1] == "UNKNOWN" {
		return h, nil // §2.1: the receiver ignores the rest of the line
	}
	if len(f) != 6 || (f[1] != "TCP4" && f[1] != "TCP6") {
		return h, fmt.Errorf("%w: v1: %q", ErrInvalidHeader, body)
	}
	src, err1 := v1Addr(f[2], f[4], f[1] == "TCP6")
	dst, err2 := v1Addr(f[3], f[5], f[1] == "TCP6")
	if err := errors.Join(err1, err2); err != nil {
		return h, fmt.Errorf("%w: v1: %v", ErrInvalidHeader, err)
	}
	h.src, h.dst = src, dst
	return h, nil
}

func v1Addr(ip, port string, v6 bool) (net.Addr, error) {
	a, err := netip.ParseAddr(ip)
	if err != nil || a.Zone() != "" || a.Is4() == v6 {
		return nil, fmt.Errorf("address %q", ip)
	}
	if port == "" || port[0] < '0' || port[0] > '9' || (len(port) > 1 && port[0] == '0') {
		return nil, fmt.Errorf("port %q", port)
	}
	p, err := strconv.ParseUint(port, 10, 16)
	if err != nil {
		return nil, fmt.Errorf("port %q", port)
	}
	return net.TCPAddrFromAddrPort(netip.AddrPortFrom(a, uint16(p))), nil
}

// parseV2 parses the binary header (§2.2): version 2, command LOCAL or
// PROXY, and for PROXY over INET or INET6 the addresses; the rest of the
// declared length (TLVs) is skipped.
func parseV2(b []byte) (header, error) {
	h := header{version: 2}
	if b[12]>>4 != 2 {
		return h, fmt.Errorf("%w: v2: version %d", ErrInvalidHeader, b[12]>>4)
	}
	body := b[v2HeaderLen:]
	switch b[12] & 0x0f {
	case 0x0: // LOCAL: the balancer's own connection (health checks)
		return h, nil
	case 0x1: // PROXY
	default:
		return h, fmt.Errorf("%w: v2: command %#x", ErrInvalidHeader, b[12]&0x0f)
	}
	family, proto := b[13]>>4, b[13]&0x0f
	if proto > 2 || family > 3 {
		return h, fmt.Errorf("%w: v2: family/protocol %#02x", ErrInvalidHeader, b[13])
	}
	var n int
	switch family {
	case 0x1:
		n = 4
	case 0x2:
		n = 16
	default: // AF_UNSPEC or AF_UNIX: keep the connection's addresses (§2.2)
		if family == 0x3 && len(body) < 216 {
			return h, fmt.Errorf("%w: v2: UNIX addresses need 216 bytes, have %d", ErrInvalidHeader, len(body))
		}
		return h, nil
	}
	if len(body) < 2*n+4 {
		return h, fmt.Errorf("%w: v2: %d address bytes, need %d", ErrInvalidHeader, len(body), 2*n+4)
	}
	if proto != 0x1 {
		// UDP or unspecified transport over a stream connection: not a
		// TCP client; keep the connection's addresses.
		return h, nil
	}
	srcIP, _ := netip.AddrFromSlice(body[:n])
	dstIP, _ := netip.AddrFromSlice(body[n : 2*n])
	sp := binary.BigEndian.Uint16(body[2*n:])
	dp := binary.BigEndian.Uint16(body[2*n+2:])
	h.src = net.TCPAddrFromAddrPort(netip.AddrPortFrom(srcIP, sp))
	h.dst = net.TCPAddrFromAddrPort(netip.AddrPortFrom(dstIP, dp))
	return h, nil
}
