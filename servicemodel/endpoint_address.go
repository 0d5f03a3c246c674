// An endpoint's two addresses, as WCF's ServiceEndpoint has them: Address,
// the public one (EndpointAddress: what clients send in the framing Via and
// in wsa:To, what the To filter compares), and ListenURI, where the
// transport listens (ServiceEndpoint.ListenUri, <endpoint listenUri=…>).
// Behind a load balancer the two differ: clients address the balancer,
// each instance listens on its own host:port. And the To filter's mode:
// WCF's ServiceBehaviorAttribute.AddressFilterMode, Exact (the default,
// EndpointAddressMessageFilter) or Any (MatchAllMessageFilter: any To is
// accepted). WCF's third mode, Prefix, is not offered.
//
// One difference from WCF: its net.tcp listener matches the framing Via
// against the listen URI only (the connection demuxer's table of listen
// URIs), so a client behind a balancer must keep the instance's path. A
// net.tcp endpoint here accepts the public address's path as well, so the
// balancer's address may name another path. HTTP requests are routed by
// the listen URI's path.

package servicemodel

import (
	"fmt"
	"net/url"
	"strings"
)

// AddressFilterMode selects how the To of a received message is matched
// against the endpoint's Address (WCF's AddressFilterMode).
type AddressFilterMode uint8

const (
	// AddressFilterExact accepts a To with the endpoint's scheme, port and
	// path (any host name: HostNameComparisonMode.StrongWildcard); others
	// get the DestinationUnreachable fault. The default.
	AddressFilterExact AddressFilterMode = iota
	// AddressFilterAny accepts every To (WCF's AddressFilterMode.Any), for
	// endpoints reached through intermediaries that rewrite nothing but
	// whose public address the host does not know.
	AddressFilterAny
)

// String returns the mode's name in WCF's spelling.
func (m AddressFilterMode) String() string {
	switch m {
	case AddressFilterExact:
		return "Exact"
	case AddressFilterAny:
		return "Any"
	}
	return fmt.Sprintf("AddressFilterMode(%d)", uint8(m))
}

// checkAddresses validates ListenURI and AddressFilter: a ListenURI has
// the scheme of Address.
func (ep *Endpoint) checkAddresses() error {
	if ep.AddressFilter > AddressFilterAny {
		return fmt.Errorf("%w %q: address filter %v", ErrInvalidEndpoint, ep.Address, ep.AddressFilter)
	}
	if ep.ListenURI == "" {
		return nil
	}
	a, err1 := url.Parse(ep.Address)
	l, err2 := url.Parse(ep.ListenURI)
	if err1 != nil || err2 != nil || l.Host == "" || !strings.EqualFold(a.Scheme, l.Scheme) {
		return fmt.Errorf("%w %q: listen URI %q must be an absolute URI of the address's scheme", ErrInvalidEndpoint, ep.Address, ep.ListenURI)
	}
	return nil
}

// listenAddress is where the endpoint's listener binds.
func (ep *Endpoint) listenAddress() string {
	if ep.ListenURI != "" {
		return ep.ListenURI
	}
	return ep.Address
}

// publicAddress is ListenOptions.PublicAddress: Address when the endpoint
// listens elsewhere.
func (ep *Endpoint) publicAddress() string {
	if ep.ListenURI == "" || ep.ListenURI == ep.Address {
		return ""
	}
	return ep.Address
}

// acceptsTo reports whether a message with To reaches the endpoint.
func (ep *Endpoint) acceptsTo(to string) bool {
	return ep.AddressFilter == AddressFilterAny || addressMatches(to, ep.Address)
}
