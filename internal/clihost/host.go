// The host of the configuration: one servicemodel endpoint per configured
// endpoint, all dispatching to one Calculator instance (so NotifyCount
// counts across endpoints and sessions), each binding counted by climetrics.

package clihost

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"net/url"
	"os"
	"time"

	"github.com/wwsgo/wws/internal/climetrics"
	"github.com/wwsgo/wws/internal/config"
	"github.com/wwsgo/wws/servicemodel"
	"github.com/wwsgo/wws/servicemodel/calculator"
	"github.com/wwsgo/wws/servicemodel/metadata"
	"github.com/wwsgo/wws/soap"
	"go.uber.org/zap"
)

// newHost builds the host of c. At debug level, every accepted channel is
// logged with its client address (the PROXY header's, behind a balancer).
func newHost(c *config.Config, reg *climetrics.Registry, log *zap.Logger) (*servicemodel.Host, error) {
	svc := calculator.New()
	svc.MaxBlobSize = c.MaxBlobSize
	contract := svc.Contract()
	var eps []*servicemodel.Endpoint
	for i, ce := range c.Endpoints {
		b, err := binding(&ce)
		if err != nil {
			return nil, fmt.Errorf("endpoints[%d]: %w", i, err)
		}
		ep := &servicemodel.Endpoint{
			Address: ce.Address, ListenURI: ce.ListenURI, Contract: contract,
			Binding:              climetrics.Binding(b, reg.Endpoint(ce.Address)),
			MaxChannels:          ce.Limits.MaxChannels,
			MaxConcurrency:       ce.Limits.MaxConcurrency,
			MaxAcceptingChannels: ce.Limits.MaxAcceptingChannels,
		}
		if ce.AddressFilter == "any" {
			ep.AddressFilter = servicemodel.AddressFilterAny
		}
		if log.Core().Enabled(zap.DebugLevel) {
			ep.AcceptChannel = logAccept(log, ce.Address)
		}
		eps = append(eps, ep)
	}
	win, err := c.HostWindows() // the "windows" section and the endpoints' security keys
	if err != nil {
		return nil, err
	}
	opts := &servicemodel.HostOptions{CloseTimeout: c.CloseTimeout.D(),
		Metadata:                       metadata.HTTPGet, // GET ?wsdl on the HTTP endpoints
		IncludeExceptionDetailInFaults: c.IncludeExceptionDetailInFaults,
		MaxPendingConnections:          c.Limits.MaxPendingConnections,
		MaxConcurrentSessions:          c.Limits.MaxConcurrentSessions,
		MaxConcurrentCalls:             c.Limits.MaxConcurrentCalls,
		Windows:                        windowsCredential(win),
		Logger:                         slogOf(log)}
	if c.MetadataExchange {
		opts.MetadataExchange = metadata.MEX // <address>/mex on every endpoint
	}
	return servicemodel.NewHost(opts, eps...)
}

// windowsCredential is the host's Windows service credential; nil for none.
func windowsCredential(w *config.Windows) *servicemodel.WindowsServiceCredential {
	if w == nil {
		return nil
	}
	return &servicemodel.WindowsServiceCredential{NTLMUserFile: w.NTLMUserFile, Keytab: w.Keytab,
		ServicePrincipal: w.ServicePrincipal, KRB5Config: w.KRB5Config}
}

// security is the servicemodel Security of a configured endpoint.
func security(e *config.Endpoint) servicemodel.Security {
	s := e.SecurityOf()
	var sec servicemodel.Security
	switch s.Mode {
	case config.ModeTransport:
		sec.Mode = servicemodel.SecurityModeTransport
	case config.ModeTransportCredentialOnly:
		sec.Mode = servicemodel.SecurityModeTransportCredentialOnly
	}
	if s.Credential == config.CredentialWindows {
		sec.Credential = servicemodel.CredentialWindows
	}
	switch s.Protection {
	case config.ProtectionSign:
		sec.Protection = servicemodel.ProtectionSign
	case config.ProtectionNone:
		sec.Protection = servicemodel.ProtectionNone
	}
	return sec
}

// logAccept is an AcceptChannel that logs the channel's client address.
func logAccept(log *zap.Logger, endpoint string) func(context.Context, servicemodel.ServerChannel) (any, error) {
	return func(_ context.Context, ch servicemodel.ServerChannel) (any, error) {
		log.Debug("channel accepted", zap.String("endpoint", endpoint), zap.Stringer("remote", ch.RemoteAddr()))
		return nil, nil
	}
}

// binding builds the binding of one configured endpoint.
func binding(e *config.Endpoint) (servicemodel.Binding, error) {
	var tc *tls.Config
	if e.TLS != nil {
		var err error
		if tc, err = serverTLS(e.TLS); err != nil {
			return nil, err
		}
	}
	q := soap.ReaderQuotas{MaxDepth: e.ReaderQuotas.MaxDepth, MaxStringContentLength: e.ReaderQuotas.MaxStringContentLength,
		MaxArrayLength: e.ReaderQuotas.MaxArrayLength, MaxBytesPerRead: e.ReaderQuotas.MaxBytesPerRead,
		MaxNameTableCharCount: e.ReaderQuotas.MaxNameTableCharCount}
	t := e.Timeouts
	if e.Binding == config.BindingNetTCP {
		b := servicemodel.NewNetTCPBinding()
		b.MaxReceivedMessageSize, b.ReaderQuotas, b.MaxSessionSize, b.TLS = e.MaxReceivedMessageSize, q, e.MaxSessionSize, tc
		b.Security = security(e)
		b.OpenTimeout, b.SendTimeout, b.ReceiveTimeout, b.CloseTimeout = t.Open.D(), t.Send.D(), t.Receive.D(), t.Close.D()
		b.ChannelInitializationTimeout, b.MaxConnections = t.ChannelInitialization.D(), e.Limits.MaxConnections
		if e.ProxyProtocol {
			b.ProxyProtocol = &servicemodel.ProxyProtocol{}
		}
		return b, nil
	}
	return newHTTPBinding(e, q, tc), nil
}

// setIf sets *d to v when v is configured.
func setIf(d *time.Duration, v config.Duration) {
	if v > 0 {
		*d = v.D()
	}
}

// serverTLS loads the certificate and the client CAs.
func serverTLS(c *config.TLS) (*tls.Config, error) {
	pair, err := tls.LoadX509KeyPair(c.CertFile, c.KeyFile)
	if err != nil {
		return nil, fmt.Errorf("tls: %w", err)
	}
	tc := &tls.Config{Certificates: []tls.Certificate{pair}, MinVersion: tls.VersionTLS12}
	if c.ClientCAFile != "" {
		pem, err := os.ReadFile(c.ClientCAFile)
		if err != nil {
			return nil, fmt.Errorf("tls.client_ca_file: %w", err)
		}
		tc.ClientCAs = x509.NewCertPool()
		if !tc.ClientCAs.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("tls.client_ca_file %s: no PEM certificate", c.ClientCAFile)
		}
		tc.ClientAuth = tls.RequireAndVerifyClientCert
	}
	return tc, nil
}

// listenAddress is the endpoint address with the port actually bound (it
// differs when the configuration asks for port 0).
func listenAddress(address string, a net.Addr) string {
	u, err := url.Parse(address)
	if err != nil || a == nil {
		return address
	}
	_, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return address
	}
	u.Host = net.JoinHostPort(u.Hostname(), port)
	return u.String()
}
