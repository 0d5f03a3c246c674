package windowsauth

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
	"syscall"
	"testing"
	"time"

	"github.com/wwsgo/wws/nettcp"
)

// addEnvelope is the size of a binary-encoded Add request with its
// addressing headers (what servicemodel's BenchmarkAddCall sends).
const addEnvelope = 380

// BenchmarkSealedRoundTrip: one Add-sized envelope there and back over a
// loopback net.tcp session secured by the application/negotiate upgrade
// with Kerberos at EncryptAndSign (sealed RFC 4121 Wrap tokens, AES-256),
// and by the application/ssl-tls upgrade (TLS 1.3, ECDSA P-256): the
// Kerberos target is at most 1.3 times the TLS one. Both ends run in this
// process, so cpu-ns/op (the process's user and system CPU time per round
// trip, from getrusage) is the whole call's CPU cost, which holds still on
// a loaded machine where ns/op (wall time) does not.
func BenchmarkSealedRoundTrip(b *testing.B) {
	r := startRealm(b)
	cl := r.client(b, "alice", krbPassword)
	krb := NegotiateUpgrader(&NegotiateClientConfig{Kerberos: cl, TargetName: krbSPN},
		&NegotiateServerConfig{Kerberos: r.acceptor(b)}, nettcp.NNSProtectionEncryptAndSign)
	srvTLS, cliTLS := tlsUpgraders(b)
	for _, c := range []struct {
		name           string
		server, client nettcp.Upgrader
	}{
		{"Kerberos-NNS", krb, krb},
		{"TLS", srvTLS, cliTLS},
	} {
		b.Run(c.name, func(b *testing.B) { benchRoundTrip(b, c.server, c.client) })
	}
}

func benchRoundTrip(b *testing.B, server, client nettcp.Upgrader) {
	l, err := nettcp.Listen("tcp", "127.0.0.1:0", nil)
	if err != nil {
		b.Fatal(err)
	}
	if err := l.Handle("/calc", nettcp.EndpointConfig{Upgrader: server}); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	done := make(chan struct{})
	go func() {
		defer close(done)
		s, err := l.Accept(ctx)
		if err != nil {
			return
		}
		echoSession(s)
	}()
	s, err := nettcp.Dial(ctx, "net.tcp://server.example/calc", &nettcp.ClientConfig{Upgrader: client,
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, network, l.Addr().String())
		}})
	if err != nil {
		b.Fatal(err)
	}
	msg := make([]byte, addEnvelope)
	buf := make([]byte, 0, 1024)
	b.SetBytes(addEnvelope)
	b.ReportAllocs()
	cpu0 := processCPU()
	for b.Loop() {
		if err := s.Send(ctx, msg); err != nil {
			b.Fatal(err)
		}
		if buf, err = s.Receive(ctx, buf[:0]); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(processCPU()-cpu0)/float64(b.N), "cpu-ns/op")
	b.StopTimer()
	s.Close(ctx)
	l.Close()
	<-done
}

// tlsUpgraders returns a server with a fresh self-signed certificate for
// server.example and a client trusting it.
func tlsUpgraders(b *testing.B) (*nettcp.TLSUpgrader, *nettcp.TLSUpgrader) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		b.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "server.example"},
		DNSNames: []string{"server.example"}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		b.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		b.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &nettcp.TLSUpgrader{Config: &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}},
		&nettcp.TLSUpgrader{Config: &tls.Config{RootCAs: pool}}
}

// processCPU is the process's user and system CPU time so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
