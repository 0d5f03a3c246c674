package servicemodel

// WS-MetadataExchange endpoints. A host whose HostOptions.MetadataExchange
// is set adds to each of its endpoints a MEX endpoint at the endpoint's
// address + "/mex", as a WCF service does with an endpoint of contract
// IMetadataExchange at "mex" (ServiceMetadataBehavior): over net.tcp with
// mexTcpBinding (a CustomBinding of TcpTransport alone: SOAP 1.2 +
// WS-Addressing 1.0, binary session encoding, no security — or the
// port's security, see metadataExchangeBinding), over HTTP
// with mexHttpBinding (WSHttpBinding without security: SOAP 1.2 +
// WS-Addressing 1.0, text), over HTTPS with mexHttpsBinding (the same
// over TLS). See MetadataExchangeBindings.cs in WCF's sources.
//
// The endpoint dispatches every message to the MetadataExchangeFunc (as its
// DefaultHandler), which answers WS-Transfer Get with the MetadataSet the
// host's Metadata writes for the contract of the endpoint it describes, at
// all the host's endpoints of that contract (http_metadata.go).
// The function value (metadata.MEX) keeps servicemodel free of the package
// that writes the documents.

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/wwsgo/wws/soap"
)

// MetadataExchangeFunc answers one request to a MEX endpoint: req is the
// request (valid during the call), describe writes the metadata set of the
// contract the endpoint serves metadata for (HostOptions.Metadata, with no
// base: every part is in the set). It returns the reply, or an error (a
// *soap.Fault is sent as it is). metadata.MEX is WCF's answer: the set's
// documents as MetadataSections.
type MetadataExchangeFunc func(ctx context.Context, req *soap.Message, describe func() (*MetadataSet, error)) (*soap.Message, error)

// MetadataExchangeSuffix is what a MEX endpoint's address adds to the
// address of the endpoint it describes.
const MetadataExchangeSuffix = "/mex"

// metadataExchangeContract is WCF's IMetadataExchange, without operations:
// the endpoint's DefaultHandler answers every action.
var metadataExchangeContract = MustContract("IMetadataExchange", "http://schemas.microsoft.com/2006/04/mex")

// MetadataExchangeAddress is the address of the MEX endpoint a host with
// HostOptions.MetadataExchange adds for an endpoint at address.
func MetadataExchangeAddress(address string) string {
	base, query, _ := strings.Cut(address, "?")
	base = strings.TrimSuffix(base, "/") + MetadataExchangeSuffix
	if query != "" {
		return base + "?" + query
	}
	return base
}

// isMetadataExchange reports whether ep is a MEX endpoint the host added.
func (ep *Endpoint) isMetadataExchange() bool { return ep.Contract == metadataExchangeContract }

// metadataExchangeEndpoints returns the MEX endpoint of each endpoint.
func (h *Host) metadataExchangeEndpoints(eps []*Endpoint) ([]*Endpoint, error) {
	if h.opts.Metadata == nil {
		return nil, fmt.Errorf("%w: HostOptions.MetadataExchange needs HostOptions.Metadata to write the documents", ErrInvalidEndpoint)
	}
	out := make([]*Endpoint, 0, len(eps))
	for _, ep := range eps {
		b, err := metadataExchangeBinding(ep.Binding)
		if err != nil {
			return nil, fmt.Errorf("%w %q: %v", ErrInvalidEndpoint, ep.Address, err)
		}
		c := ep.Contract
		mex := &Endpoint{Address: MetadataExchangeAddress(ep.Address), Binding: b, Contract: metadataExchangeContract}
		if ep.ListenURI != "" {
			mex.ListenURI = MetadataExchangeAddress(ep.ListenURI)
		}
		answer := h.opts.MetadataExchange
		mex.DefaultHandler = func(ctx context.Context, req *soap.Message) (*soap.Message, error) {
			return answer(ctx, req, func() (*MetadataSet, error) { return h.describe(c) })
		}
		if err := mex.check(); err != nil {
			return nil, err
		}
		out = append(out, mex)
	}
	return out, nil
}

// bindingUnwrapper is a Binding decorator (one that counts or logs) that
// gives the binding it wraps.
type bindingUnwrapper interface {
	Unwrap() Binding
}

// metadataExchangeBinding is WCF's MEX binding of b's scheme, sharing b's
// port: it copies the settings endpoints on one port must agree on. Over
// net.tcp those include the transport security (one port, one security
// policy: stricter than WCF, which negotiates it per Via), so on a port
// secured with TLS or Windows the MEX endpoint is secured alike, where
// WCF's mexTcpBinding has none; on an unsecured port it is mexTcpBinding.
func metadataExchangeBinding(b Binding) (Binding, error) {
	switch b := unwrapBinding(b).(type) {
	case *NetTCPBinding: // mexTcpBinding, with the port's security (below)
		return &NetTCPBinding{MaxConnections: b.MaxConnections, ChannelInitializationTimeout: b.ChannelInitializationTimeout,
			ProxyProtocol: b.ProxyProtocol, OpenTimeout: b.OpenTimeout, SendTimeout: b.SendTimeout,
			ReceiveTimeout: b.ReceiveTimeout, CloseTimeout: b.CloseTimeout, Security: b.Security, TLS: b.TLS}, nil
	case *HTTPBinding: // mexHttpBinding, mexHttpsBinding when b has TLS
		m := NewWSHTTPBinding()
		m.OpenTimeout, m.CloseTimeout, m.SendTimeout, m.ReceiveTimeout = b.OpenTimeout, b.CloseTimeout, b.SendTimeout, b.ReceiveTimeout
		m.KeepAlive, m.IdleTimeout, m.MaxConnections = b.KeepAlive, b.IdleTimeout, b.MaxConnections
		m.TLS, m.ProxyProtocol = b.TLS, b.ProxyProtocol
		return m, nil
	}
	return nil, fmt.Errorf("no metadata exchange binding for a %T", b)
}

// describe writes the metadata set a MEX answer carries: that of
// metadataOfHost, with no base (every part is in the answer, so imports
// name no location).
func (h *Host) describe(c *Contract) (*MetadataSet, error) { return h.metadataOfHost(c, nil, "") }

// metadataOfHost is the MetadataFunc a host publishes to its HTTP
// listeners and its MEX endpoints: HostOptions.Metadata of every endpoint
// of the host serving contract c (net.tcp and HTTP, on any port; the
// writer skips what it cannot describe), in address order, with the ports
// they are bound to — as WCF's WSDL lists every endpoint of the service,
// so that ?wsdl and MEX carry the same documents. The endpoints a listener
// found on its own server are not used.
func (h *Host) metadataOfHost(c *Contract, _ []MetadataEndpoint, base string) (*MetadataSet, error) {
	run := h.current()
	if run == nil {
		return nil, errors.New("servicemodel: the host is not open")
	}
	ls := run.listenerList()
	var eps []MetadataEndpoint
	for i, ep := range h.endpoints {
		if ep.Contract != c || i >= len(ls) {
			continue
		}
		eps = append(eps, MetadataEndpoint{Address: boundAddress(ep, ls[i].Addr()), Binding: unwrapBinding(ep.Binding)})
	}
	slices.SortStableFunc(eps, func(a, b MetadataEndpoint) int { return strings.Compare(a.Address, b.Address) })
	return h.opts.Metadata(c, eps, base)
}

// unwrapBinding returns the binding under decorators (bindingUnwrapper).
func unwrapBinding(b Binding) Binding {
	for {
		u, ok := b.(bindingUnwrapper)
		if !ok {
			return b
		}
		b = u.Unwrap()
	}
}

// boundAddress is the address clients reach ep at: Address, with the port
// the listener bound when the endpoint listens at its own address.
func boundAddress(ep *Endpoint, a net.Addr) string {
	ta, ok := a.(*net.TCPAddr)
	if ep.ListenURI != "" || !ok {
		return ep.Address
	}
	u, err := url.Parse(ep.Address)
	if err != nil {
		return ep.Address
	}
	u.Host = net.JoinHostPort(u.Hostname(), strconv.Itoa(ta.Port))
	return u.String()
}
