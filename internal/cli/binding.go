// Binding selection for call and bench: from the address scheme (net.tcp →
// NetTcpBinding with binary session encoding; http, https → SOAP 1.2 text)
// or -binding, with the transport security flags.

package cli

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"sync"
	"time"

	"github.com/wwsgo/wws/servicemodel"
	"github.com/wwsgo/wws/soap"
)

// Binding names of -binding.
const (
	bindingNetTCP = "nettcp"
	bindingSoap12 = "soap12"
	bindingSoap11 = "soap11"
)

// bindingOptions are the flags every calling command shares.
type bindingOptions struct {
	binding                string
	timeout                time.Duration
	cacert, cert, key      string
	insecure, tls          bool
	maxReceivedMessageSize int64
	trace                  io.Writer // -v: framing records and envelopes, nil when off
	securityOptions
}

func (o *bindingOptions) flags(fs *flag.FlagSet) {
	fs.StringVar(&o.binding, "binding", "", "nettcp, soap12 or soap11 (default: from the address scheme)")
	fs.DurationVar(&o.timeout, "timeout", 30*time.Second, "time limit of the whole call: connect, send, receive")
	fs.StringVar(&o.cacert, "cacert", "", "PEM file of the CA certificates that verify the server (turns on TLS for net.tcp)")
	fs.StringVar(&o.cert, "cert", "", "PEM file of the client certificate")
	fs.StringVar(&o.key, "key", "", "PEM file of the client certificate's key")
	fs.BoolVar(&o.insecure, "insecure", false, "do not verify the server's certificate (turns on TLS for net.tcp)")
	fs.BoolVar(&o.tls, "tls", false, "use TLS on net.tcp (the application/ssl-tls upgrade)")
	fs.Int64Var(&o.maxReceivedMessageSize, "max-message-size", 16<<20, "largest reply accepted, in bytes")
	o.securityOptions.flags(fs)
}

// kind returns the binding name for address.
func (o *bindingOptions) kind(address string) (string, error) {
	u, err := url.Parse(address)
	if err != nil || u.Host == "" {
		return "", fmt.Errorf("address %q is not an absolute URI", address)
	}
	if o.binding != "" {
		switch o.binding {
		case bindingNetTCP, bindingSoap12, bindingSoap11:
			return o.binding, nil
		}
		return "", fmt.Errorf("-binding %q: want nettcp, soap12 or soap11", o.binding)
	}
	switch u.Scheme {
	case "net.tcp":
		return bindingNetTCP, nil
	case "http", "https":
		return bindingSoap12, nil
	}
	return "", fmt.Errorf("address scheme %q: want net.tcp, http or https (or give -binding)", u.Scheme)
}

// build returns the binding for address.
func (o *bindingOptions) build(address string) (servicemodel.Binding, error) {
	kind, err := o.kind(address)
	if err != nil {
		return nil, err
	}
	if kind == bindingNetTCP {
		return o.netTCP()
	}
	v := soap.Soap12WSAddressing10
	if kind == bindingSoap11 {
		v = soap.Soap11
	}
	return httpBinding(v, o, address)
}

// netTCP returns the NetTcpBinding of the options.
func (o *bindingOptions) netTCP() (servicemodel.Binding, error) {
	b := servicemodel.NewNetTCPBinding()
	b.MaxReceivedMessageSize = o.maxReceivedMessageSize
	b.OpenTimeout, b.SendTimeout, b.ReceiveTimeout, b.CloseTimeout = o.timeout, o.timeout, o.timeout, o.timeout
	sec, err := o.netTCPSecurity()
	if err != nil {
		return nil, err
	}
	b.Security = sec
	if sec.Credential == servicemodel.CredentialWindows && (o.tls || o.cacert != "" || o.cert != "") {
		return nil, errors.New("-security windows is the application/negotiate upgrade, not TLS: drop -tls, -cacert and -cert")
	}
	if o.tls || o.insecure || o.cacert != "" || o.cert != "" {
		cfg, err := o.tlsConfig()
		if err != nil {
			return nil, err
		}
		b.TLS = cfg
	}
	if o.trace != nil {
		enc := soap.NewBinaryEncoding(true, soap.EncodingOptions{MaxReceivedMessageSize: o.maxReceivedMessageSize})
		mu := new(sync.Mutex)
		b.Encoding = &tracingEncoding{Encoding: enc, w: o.trace, record: "SizedEnvelope", mu: mu}
		b.DialContext = tracingDialer(o.trace, mu)
	}
	return b, nil
}

// tlsConfig builds the client TLS configuration of the flags.
func (o *bindingOptions) tlsConfig() (*tls.Config, error) {
	cfg := &tls.Config{InsecureSkipVerify: o.insecure} //nolint:gosec // -insecure asks for it
	if o.cacert != "" {
		pem, err := os.ReadFile(o.cacert)
		if err != nil {
			return nil, err
		}
		cfg.RootCAs = x509.NewCertPool()
		if !cfg.RootCAs.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("-cacert %s: no PEM certificate", o.cacert)
		}
	}
	if o.cert != "" || o.key != "" {
		pair, err := tls.LoadX509KeyPair(o.cert, o.key)
		if err != nil {
			return nil, fmt.Errorf("-cert/-key: %w", err)
		}
		cfg.Certificates = []tls.Certificate{pair}
	}
	return cfg, nil
}
