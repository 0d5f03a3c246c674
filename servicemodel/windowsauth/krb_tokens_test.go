package windowsauth

import (
	"bytes"
	"encoding/hex"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/wwsgo/wws/internal/gsspeer"
	"github.com/wwsgo/wws/internal/krbtest"
)

var updateSeeds = flag.Bool("update-seeds", false, "rewrite kerberos/testdata/mit from MIT krb5's tokens")

// TestKerberosMITTokens: MIT's SPNEGO initiator against wws' Negotiate
// acceptor, then each side's Wrap (sealed and not) and MIC checked by the
// other. With -update-seeds the MIT tokens, the service keytab and the
// time become the fuzz seeds of package kerberos (testdata/mit).
func TestKerberosMITTokens(t *testing.T) {
	for name, o := range realmOptions {
		t.Run(name, func(t *testing.T) { testKerberosMITTokens(t, o) })
	}
}

func testKerberosMITTokens(t *testing.T, o krbtest.Options) {
	r := startRealmWith(t, o)
	cc := r.Kinit(t, "alice", krbPassword)
	start := time.Now()
	srv := NewNegotiateServer(NegotiateServerConfig{Kerberos: r.acceptor(t)})
	p := startTokenPeer(t, r, cc)
	initTok := p.ExpectHex("TOKEN")
	reply, done, err := srv.Step(initTok)
	if err != nil || !done {
		t.Fatalf("acceptor: done %v, %v", done, err)
	}
	p.Send("TOKEN", hex.EncodeToString(reply))
	p.Expect("COMPLETE")
	if c := srv.Caller(); c.Name != aliceKrb || c.Mechanism != "Kerberos" || c.Protection != 2 {
		t.Fatalf("caller %+v", c)
	}
	ctx := srv.sp.Mechanism().(*KerberosServer).acc.Context()
	wrap, wrapi, mic := p.ExpectHex("WRAP"), p.ExpectHex("WRAPI"), p.ExpectHex("MIC")
	if rc4 := wrap[0] == 0x60; rc4 != o.RC4 { // RFC 1964 framed tokens, or RFC 4121 ones (05 04)
		t.Fatalf("RC4 realm %v, MIT sent a wrap token % x…", o.RC4, wrap[:4])
	}
	seeds := map[string][]byte{"spnego_init": initTok, "wrap_sealed": wrap, "wrap_integrity": wrapi, "mic": mic}
	for _, c := range []struct {
		tok    []byte
		want   string
		sealed bool
	}{{wrap, "sealed by MIT", true}, {wrapi, "signed by MIT", false}} {
		got, sealed, err := ctx.Unwrap(append([]byte(nil), c.tok...))
		if err != nil || string(got) != c.want || sealed != c.sealed {
			t.Fatalf("MIT's wrap: %q sealed %v, %v", got, sealed, err)
		}
	}
	if err := ctx.VerifyMIC([]byte("mic by MIT"), mic); err != nil {
		t.Fatalf("MIT's MIC: %v", err)
	}
	for _, sealed := range []bool{true, false} {
		msg := []byte("wrapped by wws " + strconv.FormatBool(sealed))
		p.Send("UNWRAP", hex.EncodeToString(ctx.Wrap(nil, msg, sealed)))
		w := p.Expect("PLAIN")
		if got, _ := hex.DecodeString(w[1]); !bytes.Equal(got, msg) || w[2] != map[bool]string{true: "1", false: "0"}[sealed] {
			t.Fatalf("MIT unwrapped %q", w)
		}
	}
	p.Send("VERIFY", hex.EncodeToString([]byte("mic by wws")), hex.EncodeToString(ctx.MIC(nil, []byte("mic by wws"))))
	p.Expect("OK")
	if *updateSeeds && !o.RC4 {
		dir := filepath.Join("kerberos", "testdata", "mit")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		kt, err := os.ReadFile(r.keytab)
		if err != nil {
			t.Fatal(err)
		}
		seeds["service.keytab"] = kt
		seeds["time"] = []byte(start.UTC().Format(time.RFC3339))
		for name, b := range seeds {
			if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func startTokenPeer(t *testing.T, r *krbRealm, ccache string) *gsspeer.Peer {
	return gsspeer.StartEnv(t, "krb_tokens.py", r.Env(ccache, ""), "")
}
