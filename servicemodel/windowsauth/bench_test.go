package windowsauth

import (
	"context"
	"io"
	"net"
	"testing"

	"github.com/wwsgo/wws/nettcp"
	"github.com/wwsgo/wws/servicemodel/windowsauth/ntlm"
)

// BenchmarkSPNEGOHandshake: one NTLM-in-SPNEGO handshake, both sides, in
// memory.
func BenchmarkSPNEGOHandshake(b *testing.B) {
	cfg := *serverConfig(b)
	b.ReportAllocs()
	for b.Loop() {
		c, s := NewSPNEGOClient(ntlm.ClientConfig{Credentials: alice, Confidentiality: true}), NewSPNEGOServer(cfg)
		tok, _, err := c.Step(nil)
		for done := false; !done && err == nil; {
			if tok, done, err = s.Step(tok); err == nil && tok != nil {
				tok, _, err = c.Step(tok)
			}
		}
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNNSSealed: a byte stream through NNS data frames sealed with
// NTLM (RC4 + HMAC-MD5 each way), 4 KiB writes, over a pipe.
func BenchmarkNNSSealed(b *testing.B) {
	for _, prot := range []nettcp.NNSProtection{nettcp.NNSProtectionEncryptAndSign, nettcp.NNSProtectionSign} {
		b.Run(prot.String(), func(b *testing.B) {
			u := SPNEGOUpgrader(&ntlm.ClientConfig{Credentials: alice}, serverConfig(b), prot)
			a, p := net.Pipe()
			defer a.Close()
			defer p.Close()
			done := make(chan net.Conn, 1)
			go func() {
				sc, err := u.Server(context.Background(), p)
				if err != nil {
					b.Error(err)
				}
				done <- sc
			}()
			cc, err := u.Client(context.Background(), a, "server")
			if err != nil {
				b.Fatal(err)
			}
			sc := <-done
			go io.Copy(io.Discard, sc)
			msg := make([]byte, 4096)
			b.SetBytes(int64(len(msg)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := cc.Write(msg); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
