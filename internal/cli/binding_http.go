// The HTTP bindings of call and bench: SOAP 1.2 + WS-Addressing 1.0
// (WSHttpBinding) or SOAP 1.1 (BasicHttpBinding), over http or https;
// with -security windows, Negotiate/NTLM (TransportCredentialOnly on
// http, Transport on https).

package cli

import (
	"strings"

	"github.com/wwsgo/wws/servicemodel"
	"github.com/wwsgo/wws/soap"
)

// httpBinding builds the HTTP binding of the options for address.
func httpBinding(v soap.MessageVersion, o *bindingOptions, address string) (servicemodel.Binding, error) {
	b := servicemodel.NewWSHTTPBinding()
	if v == soap.Soap11 {
		b = servicemodel.NewBasicHTTPBinding()
	}
	b.MaxReceivedMessageSize = o.maxReceivedMessageSize
	b.OpenTimeout, b.SendTimeout, b.ReceiveTimeout, b.CloseTimeout = o.timeout, o.timeout, o.timeout, o.timeout
	https := strings.HasPrefix(strings.ToLower(address), "https:")
	if https {
		cfg, err := o.tlsConfig()
		if err != nil {
			return nil, err
		}
		b.TLS = cfg
	}
	sec, err := o.httpSecurity(https)
	if err != nil {
		return nil, err
	}
	b.Security = sec
	return b, nil
}
