package servicemodel

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"testing"
	"time"
)

// testCerts is a CA, a server certificate for 127.0.0.1 and a client
// certificate, generated for one test.
type testCerts struct {
	pool           *x509.CertPool
	server, client *tls.Config // server: cert only; client: trusts the CA
	clientCert     tls.Certificate
}

func testTLS(t testing.TB) testCerts {
	t.Helper()
	caKey := newKey(t)
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "wws test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := x509.ParseCertificate(caDER)
	pool := x509.NewCertPool()
	pool.AddCert(ca)
	leaf := func(serial int64, usage x509.ExtKeyUsage) tls.Certificate {
		key := newKey(t)
		tmpl := &x509.Certificate{SerialNumber: big.NewInt(serial), Subject: pkix.Name{CommonName: "127.0.0.1"},
			NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
			IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, ExtKeyUsage: []x509.ExtKeyUsage{usage},
			KeyUsage: x509.KeyUsageDigitalSignature}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
		if err != nil {
			t.Fatal(err)
		}
		return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
	}
	c := testCerts{pool: pool, clientCert: leaf(3, x509.ExtKeyUsageClientAuth)}
	c.server = &tls.Config{Certificates: []tls.Certificate{leaf(2, x509.ExtKeyUsageServerAuth)}}
	c.client = &tls.Config{RootCAs: pool}
	return c
}

func newKey(t testing.TB) *ecdsa.PrivateKey {
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// TestHTTPSGoToGo calls the Calculator over HTTPS with each binding.
func TestHTTPSGoToGo(t *testing.T) {
	checkLeaks(t)
	certs := testTLS(t)
	for _, tb := range httpBindings {
		t.Run(tb.name, func(t *testing.T) {
			sb := raised(tb.new())
			sb.TLS = certs.server
			svc := &hcService{}
			url := startHTTP(t, sb, "https://127.0.0.1:0/calc", svc)
			cb := raised(tb.new())
			cb.TLS = certs.client
			runCalculator(t, dial(t, cb, url), cb.MessageVersion(), svc)
		})
	}
}

// TestHTTPSClientCertificate requires and verifies a client certificate.
func TestHTTPSClientCertificate(t *testing.T) {
	checkLeaks(t)
	certs := testTLS(t)
	sb := NewWSHTTPBinding()
	sb.TLS = certs.server.Clone()
	sb.TLS.ClientAuth = tls.RequireAndVerifyClientCert
	sb.TLS.ClientCAs = certs.pool
	url := startHTTP(t, sb, "https://127.0.0.1:0/calc", &hcService{})

	anon := NewWSHTTPBinding()
	anon.TLS = certs.client
	err := hcCall(context.Background(), dial(t, anon, url), anon.MessageVersion(), "Add", &hcAdd{A: 1, B: 2}, &hcAddResponse{})
	if err == nil {
		t.Error("call without a client certificate succeeded; want a TLS failure")
	}

	withCert := NewWSHTTPBinding()
	withCert.TLS = certs.client.Clone()
	withCert.TLS.Certificates = []tls.Certificate{certs.clientCert}
	var r hcAddResponse
	if err := hcCall(context.Background(), dial(t, withCert, url), withCert.MessageVersion(), "Add", &hcAdd{A: 1, B: 2}, &r); err != nil || r.AddResult != 3 {
		t.Errorf("Add with a client certificate = %d, %v; want 3", r.AddResult, err)
	}

	untrusted := NewWSHTTPBinding()
	untrusted.TLS = &tls.Config{RootCAs: x509.NewCertPool()}
	if err := hcCall(context.Background(), dial(t, untrusted, url), untrusted.MessageVersion(), "Add", &hcAdd{}, &hcAddResponse{}); err == nil {
		t.Error("a client that does not trust the server's CA connected")
	}
}
