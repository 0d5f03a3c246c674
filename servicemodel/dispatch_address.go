// The To check of the dispatcher: WCF's EndpointAddressMessageFilter with
// HostNameComparisonMode.StrongWildcard (an AddressFilter mismatch is the
// DestinationUnreachable fault of WS-Addressing 1.0 SOAP Binding §6).

package servicemodel

import (
	"net/url"
	"strings"
)

// defaultPorts are the ports an address without one means.
var defaultPorts = map[string]string{"net.tcp": "808", "http": "80", "https": "443"}

// addressMatches reports whether a message's To reaches the endpoint at
// address. The host name is not compared (any name of this machine
// reaches it); the scheme, the port and the path are, the path without
// case and without a trailing slash, and query strings must be equal. An
// endpoint on port 0 (any free port) matches every port. An empty To (no
// addressing, or a sender that omitted it) always matches.
func addressMatches(to, address string) bool {
	if to == "" || address == "" || to == address {
		return true
	}
	t, err1 := url.Parse(to)
	a, err2 := url.Parse(address)
	if err1 != nil || err2 != nil {
		return false
	}
	return strings.EqualFold(t.Scheme, a.Scheme) &&
		(portOf(t) == portOf(a) || a.Port() == "0") &&
		strings.EqualFold(strings.TrimSuffix(t.EscapedPath(), "/"), strings.TrimSuffix(a.EscapedPath(), "/")) &&
		t.RawQuery == a.RawQuery
}

func portOf(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	return defaultPorts[strings.ToLower(u.Scheme)]
}
