package windowsauth

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wwsgo/wws/nettcp"
	"github.com/wwsgo/wws/servicemodel/windowsauth/kerberos"
)

// FuzzNegotiateServer feeds the Negotiate acceptor (Kerberos with the
// keytab captured with MIT's tokens in kerberos/testdata/mit, at the
// capture time, and NTLM) first tokens, seeded with MIT's SPNEGO
// NegTokenInit carrying its AP-REQ: every input is accepted or refused
// with an NNS error code, never a panic.
func FuzzNegotiateServer(f *testing.F) {
	dir := filepath.Join("kerberos", "testdata", "mit")
	init, err := os.ReadFile(filepath.Join(dir, "spnego_init"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(init)
	kt, err := kerberos.LoadKeytab(filepath.Join(dir, "service.keytab"))
	if err != nil {
		f.Fatal(err)
	}
	ts, err := os.ReadFile(filepath.Join(dir, "time"))
	if err != nil {
		f.Fatal(err)
	}
	at, err := time.Parse(time.RFC3339, strings.TrimSpace(string(ts)))
	if err != nil {
		f.Fatal(err)
	}
	cfg := NegotiateServerConfig{
		Kerberos: &kerberos.AcceptorConfig{Keytab: kt, Now: func() time.Time { return at }},
		NTLM:     serverConfig(f),
	}
	if _, done, err := NewNegotiateServer(cfg).Step(init); err != nil || !done {
		f.Fatalf("the seed is not accepted: %v", err)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		s := NewNegotiateServer(cfg)
		_, done, err := s.Step(in)
		if err != nil {
			var ae *nettcp.NNSAuthError
			if !errors.As(err, &ae) {
				t.Fatalf("error without an NNS code: %v", err)
			}
			return
		}
		if done && s.Caller().Name == "" {
			t.Fatal("complete without a caller")
		}
	})
}
