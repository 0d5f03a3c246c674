package kerberos

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/wwsgo/wws/internal/krbtest"
)

const (
	spn      = "host/server.example"
	password = "Passw0rd!"
)

// realm starts a KDC with alice and the service, and returns it with the
// service's keytab.
func realm(t *testing.T) (*krbtest.KDC, string) { return realmWith(t, krbtest.Options{}) }

func realmWith(t *testing.T, o krbtest.Options) (*krbtest.KDC, string) {
	k := krbtest.StartWith(t, o)
	k.AddUser(t, "alice", password)
	return k, k.AddService(t, spn)
}

// handshake runs an initiator against an acceptor in memory.
func handshake(t *testing.T, icfg InitiatorConfig, acfg AcceptorConfig) (*Initiator, *Acceptor, error) {
	t.Helper()
	i, a := NewInitiator(icfg), NewAcceptor(acfg)
	req, done, err := i.Step(nil)
	if err != nil || done {
		return i, a, err
	}
	rep, done, err := a.Step(req)
	if err != nil || !done {
		return i, a, err
	}
	_, done, err = i.Step(rep)
	if err == nil && !done {
		t.Fatal("initiator not done after the AP-REP")
	}
	return i, a, err
}

func newPasswordClient(t *testing.T, k *krbtest.KDC, user, pw string) *Client {
	c := NewClient(Credentials{User: user, Password: pw, KRB5Config: k.KRB5Config})
	t.Cleanup(c.Close)
	return c
}

func acceptorConfig(t *testing.T, kt string) AcceptorConfig {
	ktab, err := LoadKeytab(kt)
	if err != nil {
		t.Fatal(err)
	}
	return AcceptorConfig{Keytab: ktab, ServicePrincipal: spn, Replay: &ReplayCache{}}
}

func TestGoToGo(t *testing.T) {
	for name, o := range map[string]krbtest.Options{"AES": {}, "RC4": {RC4: true}} {
		t.Run(name, func(t *testing.T) { testGoToGo(t, o) })
	}
}

func testGoToGo(t *testing.T, o krbtest.Options) {
	k, kt := realmWith(t, o)
	cl := newPasswordClient(t, k, "alice", password)
	for _, conf := range []bool{true, false} {
		i, a, err := handshake(t, InitiatorConfig{Client: cl, TargetName: spn, Confidentiality: conf}, acceptorConfig(t, kt))
		if err != nil {
			t.Fatal(err)
		}
		if got := a.Caller(); got != "alice@"+krbtest.Realm {
			t.Fatalf("caller %q", got)
		}
		ic, ac := i.Context(), a.Context()
		if (ic.rc4Send != nil) != o.RC4 || (ac.rc4Recv != nil) != o.RC4 {
			t.Fatalf("RC4 realm %v, RC4 contexts %v/%v", o.RC4, ic.rc4Send != nil, ac.rc4Recv != nil)
		}
		if ic.Confidentiality() != conf || ac.Confidentiality() != conf {
			t.Fatalf("conf %v/%v, want %v", ic.Confidentiality(), ac.Confidentiality(), conf)
		}
		for _, n := range []int{0, 1, 27, 100, 0xFC00} {
			msg := bytes.Repeat([]byte("x"), n)
			for _, dir := range []struct{ from, to *Context }{{ic, ac}, {ac, ic}} {
				tok := dir.from.Wrap(nil, msg, conf)
				got, sealed, err := dir.to.Unwrap(tok)
				if err != nil || sealed != conf || !bytes.Equal(got, msg) {
					t.Fatalf("%d bytes, conf %v: err %v sealed %v equal %v", n, conf, err, sealed, bytes.Equal(got, msg))
				}
			}
		}
		mic := ic.MIC(nil, []byte("mechlist"))
		if err := ac.VerifyMIC([]byte("mechlist"), mic); err != nil {
			t.Fatal(err)
		}
		// A replayed token (old sequence number) is refused.
		tok := ic.Wrap(nil, []byte("one"), conf)
		if _, _, err := ac.Unwrap(append([]byte(nil), tok...)); err != nil {
			t.Fatal(err)
		}
		if _, _, err := ac.Unwrap(tok); !errors.Is(err, ErrSecurityVerification) {
			t.Fatalf("replayed wrap token: %v", err)
		}
	}
}

func TestAcceptorRefusals(t *testing.T) {
	k, kt := realm(t)
	cl := newPasswordClient(t, k, "alice", password)
	t.Run("replay", func(t *testing.T) {
		acfg := acceptorConfig(t, kt)
		i := NewInitiator(InitiatorConfig{Client: cl, TargetName: spn, Confidentiality: true})
		req, _, err := i.Step(nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := NewAcceptor(acfg).Step(req); err != nil {
			t.Fatal(err)
		}
		if _, _, err := NewAcceptor(acfg).Step(req); !errors.Is(err, ErrReplay) || !errors.Is(err, ErrSecurityVerification) {
			t.Fatalf("replayed AP-REQ: %v", err)
		}
	})
	t.Run("skew", func(t *testing.T) {
		acfg, err := NewAcceptorConfig(kt, spn, k.KRB5Config)
		if err != nil || acfg.MaxClockSkew != 5*time.Minute {
			t.Fatalf("%v, skew %v (krb5.conf's clockskew 300)", err, acfg.MaxClockSkew)
		}
		acfg.Now = func() time.Time { return time.Now().Add(6 * time.Minute) }
		if _, _, err := handshake(t, InitiatorConfig{Client: cl, TargetName: spn}, *acfg); !errors.Is(err, ErrSkew) {
			t.Fatalf("skewed clock: %v", err)
		}
	})
	t.Run("wrong SPN", func(t *testing.T) {
		k.AddService(t, "host/other.example")
		if _, _, err := handshake(t, InitiatorConfig{Client: cl, TargetName: "host/other.example"}, acceptorConfig(t, kt)); !errors.Is(err, ErrWrongPrincipal) {
			t.Fatalf("ticket for another service: %v", err)
		}
		if _, _, err := handshake(t, InitiatorConfig{Client: cl, TargetName: "host/nowhere.example"}, acceptorConfig(t, kt)); !errors.Is(err, ErrWrongPrincipal) {
			t.Fatalf("unknown SPN: %v", err)
		}
	})
	t.Run("wrong password", func(t *testing.T) {
		bad := newPasswordClient(t, k, "alice", "wrong")
		if _, _, err := handshake(t, InitiatorConfig{Client: bad, TargetName: spn}, acceptorConfig(t, kt)); !errors.Is(err, ErrLogonDenied) {
			t.Fatalf("wrong password: %v", err)
		}
	})
	t.Run("unknown user", func(t *testing.T) {
		bad := newPasswordClient(t, k, "eve", "x")
		if _, _, err := handshake(t, InitiatorConfig{Client: bad, TargetName: spn}, acceptorConfig(t, kt)); !errors.Is(err, ErrLogonDenied) {
			t.Fatalf("unknown user: %v", err)
		}
	})
}

func TestCredentialSources(t *testing.T) {
	k, kt := realm(t)
	t.Run("ccache", func(t *testing.T) {
		cc := k.Kinit(t, "alice", password)
		cl := NewClient(Credentials{CCache: cc, KRB5Config: k.KRB5Config})
		defer cl.Close()
		if _, a, err := handshake(t, InitiatorConfig{Client: cl, TargetName: spn}, acceptorConfig(t, kt)); err != nil || a.Caller() != "alice@"+krbtest.Realm {
			t.Fatalf("ccache: %v", err)
		}
	})
	t.Run("KRB5CCNAME and KRB5_CONFIG", func(t *testing.T) {
		cc := k.Kinit(t, "alice", password)
		t.Setenv("KRB5CCNAME", "FILE:"+cc)
		t.Setenv("KRB5_CONFIG", "/nonexistent.conf:"+k.KRB5Config)
		cl := NewClient(Credentials{})
		defer cl.Close()
		if _, _, err := handshake(t, InitiatorConfig{Client: cl, TargetName: spn}, acceptorConfig(t, kt)); err != nil {
			t.Fatalf("environment: %v", err)
		}
	})
	t.Run("UPN target", func(t *testing.T) {
		// A service running as the user svc: its identity is the UPN.
		k.AddUser(t, "svc", password)
		skt := k.UserKeytab(t, "svc")
		acfg := acceptorConfig(t, skt)
		acfg.ServicePrincipal = "svc@wws.test"
		cl := newPasswordClient(t, k, "alice", password)
		if _, a, err := handshake(t, InitiatorConfig{Client: cl, TargetName: "svc@wws.test"}, acfg); err != nil || a.Caller() != "alice@"+krbtest.Realm {
			t.Fatalf("UPN: %v", err)
		}
	})
	t.Run("keytab", func(t *testing.T) {
		k.AddUser(t, "bob", password)
		ukt := k.UserKeytab(t, "bob")
		cl := NewClient(Credentials{User: "bob@" + krbtest.Realm, Keytab: ukt, KRB5Config: k.KRB5Config})
		defer cl.Close()
		if _, a, err := handshake(t, InitiatorConfig{Client: cl, TargetName: spn}, acceptorConfig(t, kt)); err != nil || a.Caller() != "bob@"+krbtest.Realm {
			t.Fatalf("keytab: %v", err)
		}
	})
}

// Sealed tokens with a filler and any rotation unwrap: RFC 4121's rotation
// by RRC, Windows GSS_WrapEx's by RRC+EC, and RRCs that wrap around the
// data; so do unsealed ones with any RRC. A token tampered with anywhere
// but in its RRC does not (RFC 4121 leaves the RRC unprotected: a changed
// one either rotates the data to the same place or breaks the checksum).
func TestUnwrapRotations(t *testing.T) {
	for _, tc := range []struct {
		seal        bool
		ec, rrc     uint16
		rotate, msg int
	}{
		{true, 0, 0, 0, 100}, {true, 0, 28, 28, 100}, {true, 16, 28, 28, 100}, {true, 16, 28, 44, 100},
		{true, 16, 28, 44, 0}, {true, 0, 1000, 1000, 10}, {true, 5, 7, 7, 33},
		{false, 12, 0, 0, 100}, {false, 12, 12, 12, 100}, {false, 12, 500, 500, 3},
	} {
		ini, acc := fixedPair(t)
		msg := bytes.Repeat([]byte{0x5A}, tc.msg)
		tok := ini.wrap(nil, msg, tc.seal, tc.ec, tc.rrc, tc.rotate)
		got, sealed, err := acc.Unwrap(append([]byte(nil), tok...))
		if err != nil || sealed != tc.seal || !bytes.Equal(got, msg) {
			t.Fatalf("%+v: sealed %v, %v", tc, sealed, err)
		}
		for i := range tok {
			if i == 6 || i == 7 {
				continue
			}
			_, acc := fixedPair(t)
			bad := append([]byte(nil), tok...)
			bad[i] ^= 0x01
			if _, _, err := acc.Unwrap(bad); err == nil {
				t.Fatalf("%+v: a flipped bit at %d of %d went unnoticed", tc, i, len(tok))
			}
		}
	}
}

// A client asks the KDC once: later handshakes take the cached ticket,
// until it is about to end.
func TestClientCachesTickets(t *testing.T) {
	k, kt := realm(t)
	var skew time.Duration
	cl := newPasswordClient(t, k, "alice", password)
	cl.Now = func() time.Time { return time.Now().Add(skew) }
	if _, _, err := handshake(t, InitiatorConfig{Client: cl, TargetName: spn}, acceptorConfig(t, kt)); err != nil {
		t.Fatal(err)
	}
	k.Stop()
	if _, _, err := handshake(t, InitiatorConfig{Client: cl, TargetName: spn}, acceptorConfig(t, kt)); err != nil {
		t.Fatalf("with the KDC stopped and a ticket cached: %v", err)
	}
	skew = 11 * time.Hour // the realm's tickets last 10 hours
	if _, _, err := handshake(t, InitiatorConfig{Client: cl, TargetName: spn}, acceptorConfig(t, kt)); !errors.Is(err, ErrLogonDenied) {
		t.Fatalf("with the tickets ended and no KDC: %v", err)
	}
}

// A failure to get a ticket is answered from memory for a while: the
// next attempts do not wait on the KDC; after that the KDC is asked again.
func TestClientRemembersFailures(t *testing.T) {
	k, kt := realm(t)
	var later time.Duration
	cl := newPasswordClient(t, k, "alice", password)
	cl.Now = func() time.Time { return time.Now().Add(later) }
	k.AddService(t, "host/late.example")
	if _, _, err := handshake(t, InitiatorConfig{Client: cl, TargetName: "host/nowhere.example"}, acceptorConfig(t, kt)); !errors.Is(err, ErrWrongPrincipal) {
		t.Fatalf("unknown SPN: %v", err)
	}
	k.AddService(t, "host/nowhere.example")
	if _, _, err := handshake(t, InitiatorConfig{Client: cl, TargetName: "host/nowhere.example"}, acceptorConfig(t, kt)); !errors.Is(err, ErrWrongPrincipal) {
		t.Fatalf("within the failure's lifetime: %v", err)
	}
	later = time.Minute
	i := NewInitiator(InitiatorConfig{Client: cl, TargetName: "host/nowhere.example"})
	if _, _, err := i.Step(nil); err != nil {
		t.Fatalf("after the failure's lifetime, with the SPN now known: %v", err)
	}
}
