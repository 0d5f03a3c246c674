package nettcp

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// testPKI is a self-signed CA and a leaf for 127.0.0.1/localhost, usable as
// server and client certificate.
type testPKI struct {
	pool         *x509.CertPool
	cert         tls.Certificate
	certPEM, key []byte
}

func newTestPKI(t testing.TB) *testPKI {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "nettcp test"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		DNSNames:              []string{"localhost"},
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	p := &testPKI{pool: x509.NewCertPool()}
	p.certPEM = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	p.key = pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder})
	p.pool.AppendCertsFromPEM(p.certPEM)
	if p.cert, err = tls.X509KeyPair(p.certPEM, p.key); err != nil {
		t.Fatal(err)
	}
	return p
}

func (p *testPKI) server(clientAuth tls.ClientAuthType) *TLSUpgrader {
	return &TLSUpgrader{Config: &tls.Config{Certificates: []tls.Certificate{p.cert}, ClientCAs: p.pool, ClientAuth: clientAuth}}
}

func (p *testPKI) client(withCert bool) *TLSUpgrader {
	c := &tls.Config{RootCAs: p.pool}
	if withCert {
		c.Certificates = []tls.Certificate{p.cert}
	}
	return &TLSUpgrader{Config: c}
}

func TestTLSGoToGo(t *testing.T) {
	pki := newTestPKI(t)
	tests := []struct {
		name       string
		clientAuth tls.ClientAuthType
		clientCert bool
		wantErr    bool
	}{
		{"server cert only", tls.NoClientCert, false, false},
		{"client cert", tls.RequireAndVerifyClientCert, true, false},
		{"client cert missing", tls.RequireAndVerifyClientCert, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := Listen("tcp", "127.0.0.1:0", nil)
			if err != nil {
				t.Fatal(err)
			}
			l.Handle("/secure", EndpointConfig{Upgrader: pki.server(tt.clientAuth)})
			wait := echoServer(t, l)
			defer func() { l.Close(); wait() }()
			ctx := testCtx(t, 10*time.Second)
			pool := NewPool(nil)
			defer pool.Close()
			via := "net.tcp://" + l.Addr().String() + "/secure"
			cfg := &ClientConfig{Upgrader: pki.client(tt.clientCert), Pool: pool}
			s, err := Dial(ctx, via, cfg)
			if tt.wantErr {
				if err == nil {
					// TLS 1.3 reports a missing client cert on first read.
					err = s.Send(ctx, []byte("x"))
					if err == nil {
						_, err = s.Receive(ctx, nil)
					}
				}
				if err == nil {
					t.Fatal("session without client cert succeeded")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if s.Upgrade() != UpgradeTLS {
				t.Errorf("Upgrade: got %q", s.Upgrade())
			}
			roundTrip(t, ctx, s, "secret")
			if err := s.Close(ctx); err != nil {
				t.Fatal(err)
			}
			// Reuse inside the same TLS stream: no second upgrade.
			s2, err := Dial(ctx, via, cfg)
			if err != nil {
				t.Fatal(err)
			}
			if s2.LocalAddr().String() != s.LocalAddr().String() {
				t.Errorf("TLS connection not reused")
			}
			roundTrip(t, ctx, s2, "again")
			s2.Close(ctx)
		})
	}
}

func TestTLSRequiredServerRefusesPlaintext(t *testing.T) {
	pki := newTestPKI(t)
	l, err := Listen("tcp", "127.0.0.1:0", &ListenerConfig{FaultDrainTimeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	l.Handle("/secure", EndpointConfig{Upgrader: pki.server(tls.NoClientCert)})
	_, err = Dial(testCtx(t, 5*time.Second), "net.tcp://"+l.Addr().String()+"/secure", nil)
	if !errors.Is(err, ErrUpgradeInvalid) {
		t.Fatalf("got %v, want ErrUpgradeInvalid", err)
	}
	got, _ := exchangeRaw(t, l.Addr().String(), append(appendPreamble(nil, preamble{ModeDuplex, "net.tcp://h/secure", ContentTypeBinarySession}), recPreambleEnd))
	if want := appendFault(nil, FaultUpgradeInvalid); !bytes.Equal(got, want) {
		t.Errorf("raw: got % x, want % x", got, want)
	}
}

func TestTLSRequiredClientBadPeers(t *testing.T) {
	pki := newTestPKI(t)
	tests := []struct {
		name   string
		answer []byte // nil: never answer
		want   error
	}{
		{"silent peer", nil, ErrTimeout},
		{"ack instead of upgrade response", ackRecord, ErrProtocol},
		{"fault", appendFault(nil, FaultUpgradeInvalid), ErrUpgradeInvalid},
	}
	for _, tt := range tests {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		done := make(chan struct{})
		go func() {
			defer close(done)
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close()
			c.Read(make([]byte, 512))
			if tt.answer != nil {
				c.Write(tt.answer)
			}
			c.SetReadDeadline(time.Now().Add(2 * time.Second))
			c.Read(make([]byte, 1)) // until the client gives up
		}()
		start := time.Now()
		_, err = Dial(context.Background(), "net.tcp://"+ln.Addr().String()+"/x",
			&ClientConfig{Upgrader: pki.client(false), OpenTimeout: 200 * time.Millisecond})
		if !errors.Is(err, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, err, tt.want)
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("%s: took %v", tt.name, d)
		}
		ln.Close()
		<-done
	}
}

// writePKI writes the certificate and key for openssl.
func writePKI(t *testing.T, pki *testPKI) (cert, key string) {
	dir := t.TempDir()
	cert, key = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(cert, pki.certPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(key, pki.key, 0o600); err != nil {
		t.Fatal(err)
	}
	return cert, key
}
