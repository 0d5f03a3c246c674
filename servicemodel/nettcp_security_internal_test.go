package servicemodel

import (
	"context"
	"crypto/tls"
	"errors"
	"testing"
	"time"
)

type tlsAdd struct {
	XMLName struct{} `xml:"http://tempuri.org/ Add"`
	A       int32    `xml:"a"`
	B       int32    `xml:"b"`
}

type tlsAddResponse struct {
	XMLName   struct{} `xml:"http://tempuri.org/ AddResponse"`
	AddResult int32
}

// TLS on net.tcp through Security (Transport with Certificate or None
// credentials) and through the TLS field alone, as before Security: the
// operation sees no Windows caller. A host asked for TLS without a
// certificate does not open.
func TestNetTCPSecurityTLS(t *testing.T) {
	checkLeaks(t)
	certs := testTLS(t)
	withClientCert := certs.server.Clone()
	withClientCert.ClientAuth, withClientCert.ClientCAs = tls.RequireAndVerifyClientCert, certs.pool
	clientWithCert := certs.client.Clone()
	clientWithCert.Certificates = []tls.Certificate{certs.clientCert}
	for _, tc := range []struct {
		name            string
		host, client    Security
		hostTLS, cliTLS *tls.Config
	}{
		{"TLS field alone", Security{}, Security{}, certs.server, certs.client},
		{"Transport, None", Security{Mode: SecurityModeTransport}, Security{Mode: SecurityModeTransport}, certs.server, certs.client},
		{"Transport, Certificate", Security{Mode: SecurityModeTransport, Credential: CredentialCertificate},
			Security{Mode: SecurityModeTransport, Credential: CredentialCertificate}, withClientCert, clientWithCert},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sawCaller := make(chan bool, 1)
			c := MustContract("ICalculator", "http://tempuri.org/", Op("Add", func(ctx context.Context, r *tlsAdd) (*tlsAddResponse, error) {
				_, ok := CallerIdentity(ctx)
				sawCaller <- ok
				return &tlsAddResponse{AddResult: r.A + r.B}, nil
			}))
			hb := NewNetTCPBinding()
			hb.Security, hb.TLS = tc.host, tc.hostTLS
			h, err := NewHost(nil, &Endpoint{Address: "net.tcp://127.0.0.1:0/calc", Binding: hb, Contract: c})
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if err := h.Open(ctx); err != nil {
				t.Fatal(err)
			}
			defer h.Abort()
			cb := NewNetTCPBinding()
			cb.Security, cb.TLS = tc.client, tc.cliTLS
			p, err := NewServiceProxy(cb, c, nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := p.Open(ctx, "net.tcp://"+h.Addrs()[0].String()+"/calc"); err != nil {
				t.Fatal(err)
			}
			defer p.Abort()
			var resp tlsAddResponse
			if err := p.Call(ctx, "Add", &tlsAdd{A: 2, B: 3}, &resp); err != nil || resp.AddResult != 5 {
				t.Fatalf("Add = %d, %v", resp.AddResult, err)
			}
			if <-sawCaller {
				t.Error("a TLS session's operation has a Windows caller")
			}
		})
	}
	hb := NewNetTCPBinding()
	hb.Security = Security{Mode: SecurityModeTransport}
	h, err := NewHost(nil, &Endpoint{Address: "net.tcp://127.0.0.1:0/calc", Binding: hb,
		Contract: MustContract("ICalculator", "http://tempuri.org/", Op("Add", func(context.Context, *tlsAdd) (*tlsAddResponse, error) { return &tlsAddResponse{}, nil }))})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Abort()
	if err := h.Open(context.Background()); !errors.Is(err, ErrInvalidEndpoint) {
		t.Fatalf("a TLS host without a certificate opened: %v", err)
	}
	hb = NewNetTCPBinding()
	hb.Security, hb.TLS = Security{Mode: SecurityModeTransport, Credential: CredentialCertificate}, certs.server
	h2, err := NewHost(nil, &Endpoint{Address: "net.tcp://127.0.0.1:0/calc", Binding: hb,
		Contract: MustContract("ICalculator", "http://tempuri.org/", Op("Add", func(context.Context, *tlsAdd) (*tlsAddResponse, error) { return &tlsAddResponse{}, nil }))})
	if err != nil {
		t.Fatal(err)
	}
	defer h2.Abort()
	if err := h2.Open(context.Background()); !errors.Is(err, ErrInvalidEndpoint) {
		t.Fatalf("a Certificate host that does not require client certificates opened: %v", err)
	}
}
