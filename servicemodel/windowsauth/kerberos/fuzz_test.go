package kerberos

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jcmturner/gokrb5/v8/iana/etypeID"
	"github.com/jcmturner/gokrb5/v8/types"
	"github.com/wwsgo/wws/servicemodel/windowsauth/spnego"
)

// The fuzz seeds in testdata/mit are MIT krb5's tokens captured by
// windowsauth's TestKerberosMITTokens (-update-seeds): an SPNEGO
// NegTokenInit with an AP-REQ for host/server.example, the service's
// keytab, the capture time, and per-message tokens of that context.

func readSeed(t testing.TB, name string) []byte {
	b, err := os.ReadFile(filepath.Join("testdata", "mit", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// mitAcceptorConfig accepts the captured AP-REQ: the captured keytab, the
// clock at the capture time, no replay cache.
func mitAcceptorConfig(t testing.TB) AcceptorConfig {
	kt, err := LoadKeytab(filepath.Join("testdata", "mit", "service.keytab"))
	if err != nil {
		t.Fatal(err)
	}
	at, err := time.Parse(time.RFC3339, strings.TrimSpace(string(readSeed(t, "time"))))
	if err != nil {
		t.Fatal(err)
	}
	return AcceptorConfig{Keytab: kt, ServicePrincipal: "host/server.example", Now: func() time.Time { return at }}
}

// mitAPReq is the Kerberos token inside the captured NegTokenInit.
func mitAPReq(t testing.TB) []byte {
	init, _, err := spnego.Parse(readSeed(t, "spnego_init"))
	if err != nil || init == nil {
		t.Fatalf("seed: %v", err)
	}
	return init.MechToken
}

// The captured AP-REQ is accepted as it was then: the seed reaches every
// check of the acceptor.
func TestMITSeedAccepted(t *testing.T) {
	a := NewAcceptor(mitAcceptorConfig(t))
	rep, done, err := a.Step(mitAPReq(t))
	if err != nil || !done || len(rep) == 0 {
		t.Fatalf("done %v, %v", done, err)
	}
	if a.Caller() != "alice@WWS.TEST" {
		t.Fatalf("caller %q", a.Caller())
	}
}

// FuzzAcceptor feeds the acceptor AP-REQ tokens: every input is accepted
// or refused with ErrSecurityVerification, never a panic.
func FuzzAcceptor(f *testing.F) {
	f.Add(mitAPReq(f))
	f.Add(readSeed(f, "spnego_init"))
	cfg := mitAcceptorConfig(f)
	f.Fuzz(func(t *testing.T, in []byte) {
		a := NewAcceptor(cfg)
		out, done, err := a.Step(in)
		if err != nil {
			if !errors.Is(err, ErrSecurityVerification) {
				t.Fatalf("unclassified error %v", err)
			}
			return
		}
		if !done || a.Context() == nil || a.Caller() == "" {
			t.Fatalf("accepted without a context: done %v, %d bytes out", done, len(out))
		}
	})
}

// fixedPair is an initiator's and an acceptor's context on one AES-256 key.
func fixedPair(t testing.TB) (ini, acc *Context) {
	return fixedPairOf(t, types.EncryptionKey{KeyType: etypeID.AES256_CTS_HMAC_SHA1_96, KeyValue: bytes.Repeat([]byte{7}, 32)})
}

// fixedRC4Pair is fixedPair on an RC4-HMAC key.
func fixedRC4Pair(t testing.TB) (ini, acc *Context) {
	return fixedPairOf(t, types.EncryptionKey{KeyType: etypeID.RC4_HMAC, KeyValue: bytes.Repeat([]byte{9}, 16)})
}

func fixedPairOf(t testing.TB, key types.EncryptionKey) (ini, acc *Context) {
	ini, err := newContext(key, false, true, 5, 9, true, true)
	if err != nil {
		t.Fatal(err)
	}
	acc, err = newContext(key, true, true, 9, 5, true, true)
	if err != nil {
		t.Fatal(err)
	}
	return ini, acc
}

// FuzzToken feeds an acceptor's context Wrap and MIC tokens, AES and
// RC4-HMAC, seeded with MIT's (whose key differs: they exercise the
// parsing) and with tokens of the fixed keys (which verify): every input
// unwraps to less than itself or is refused with ErrSecurityVerification.
func FuzzToken(f *testing.F) {
	for _, s := range []string{"wrap_sealed", "wrap_integrity", "mic"} {
		f.Add(readSeed(f, s))
	}
	ini, _ := fixedPair(f)
	f.Add(ini.Wrap(nil, []byte("sealed <Add><a>2</a><b>3</b></Add>"), true))
	ini, _ = fixedPair(f)
	f.Add(ini.Wrap(nil, []byte("signed"), false))
	ini, _ = fixedPair(f)
	f.Add(ini.MIC(nil, []byte("mechTypes")))
	for _, seal := range []bool{true, false} {
		ini, _ = fixedRC4Pair(f)
		f.Add(ini.Wrap(nil, []byte("rc4 <Add><a>2</a><b>3</b></Add>"), seal))
	}
	ini, _ = fixedRC4Pair(f)
	f.Add(ini.MIC(nil, []byte("mechTypes")))
	f.Fuzz(func(t *testing.T, in []byte) {
		for _, pair := range []func(testing.TB) (*Context, *Context){fixedPair, fixedRC4Pair} {
			_, acc := pair(t)
			tok := append([]byte(nil), in...)
			p, _, err := acc.Unwrap(tok)
			if err != nil {
				if !errors.Is(err, ErrSecurityVerification) {
					t.Fatalf("unclassified error %v", err)
				}
			} else if len(p) >= len(in) {
				t.Fatalf("%d bytes of plaintext from a %d-byte token", len(p), len(in))
			}
			_, acc = pair(t)
			if err := acc.VerifyMIC([]byte("mechTypes"), in); err != nil && !errors.Is(err, ErrSecurityVerification) {
				t.Fatalf("unclassified error %v", err)
			}
		}
	})
}
