// HTTP endpoints of wshost: WSHttpBinding for soap12, BasicHttpBinding for
// soap11 (servicemodel's HTTPBinding; SOAP 1.2 Part 2 §7, SOAP 1.1 §6),
// with the endpoint's security (Windows: Negotiate/NTLM,
// TransportCredentialOnly on http, Transport on https).

package clihost

import (
	"crypto/tls"

	"github.com/wwsgo/wws/internal/config"
	"github.com/wwsgo/wws/servicemodel"
	"github.com/wwsgo/wws/soap"
)

// newHTTPBinding builds the HTTP binding of one configured endpoint.
func newHTTPBinding(e *config.Endpoint, q soap.ReaderQuotas, tc *tls.Config) servicemodel.Binding {
	b := servicemodel.NewWSHTTPBinding()
	if e.Binding == config.BindingSoap11 {
		b = servicemodel.NewBasicHTTPBinding()
	}
	if e.MaxReceivedMessageSize > 0 {
		b.MaxReceivedMessageSize = e.MaxReceivedMessageSize
	}
	b.ReaderQuotas, b.TLS = q, tc
	b.Security = security(e)
	t := e.Timeouts
	setIf(&b.OpenTimeout, t.Open)
	setIf(&b.SendTimeout, t.Send)
	setIf(&b.ReceiveTimeout, t.Receive)
	setIf(&b.CloseTimeout, t.Close)
	if e.Limits.MaxConnections > 0 {
		b.MaxConnections = e.Limits.MaxConnections
	}
	if e.ProxyProtocol {
		b.ProxyProtocol = &servicemodel.ProxyProtocol{}
	}
	return b
}
