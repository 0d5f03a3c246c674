package windowsauth

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"testing"
	"time"

	"github.com/wwsgo/wws/internal/gsspeer"
	"github.com/wwsgo/wws/internal/krbtest"
	"github.com/wwsgo/wws/nettcp"
	"github.com/wwsgo/wws/servicemodel/windowsauth/kerberos"
	"github.com/wwsgo/wws/servicemodel/windowsauth/ntlm"
)

// Kerberos over [MS-NNS]: against ourselves, and against MIT krb5
// (testdata/gss/nns_peer.py --krb, SPNEGO as .NET sends it) with a realm
// of MIT's KDC (internal/krbtest).

const (
	krbSPN      = "host/server.example"
	krbPassword = "Passw0rd!"
)

var aliceKrb = "alice@" + krbtest.Realm

// krbRealm is a realm with alice and the service, and the service's keytab.
type krbRealm struct {
	*krbtest.KDC
	keytab string
}

func startRealm(t testing.TB) *krbRealm { return startRealmWith(t, krbtest.Options{}) }

// realmOptions are the realms the interop tests run in: AES session keys,
// and RC4-HMAC ones.
var realmOptions = map[string]krbtest.Options{"AES": {}, "RC4": {RC4: true}}

func startRealmWith(t testing.TB, o krbtest.Options) *krbRealm {
	t.Helper()
	k := krbtest.StartWith(t, o)
	k.AddUser(t, "alice", krbPassword)
	return &krbRealm{KDC: k, keytab: k.AddService(t, krbSPN)}
}

// client is alice's Kerberos identity from her password.
func (r *krbRealm) client(t testing.TB, user, password string) *kerberos.Client {
	c := kerberos.NewClient(kerberos.Credentials{User: user, Password: password, KRB5Config: r.KRB5Config})
	t.Cleanup(c.Close)
	return c
}

// acceptor is the service's Kerberos configuration with a replay cache.
func (r *krbRealm) acceptor(t testing.TB) *kerberos.AcceptorConfig {
	kt, err := kerberos.LoadKeytab(r.keytab)
	if err != nil {
		t.Fatal(err)
	}
	return &kerberos.AcceptorConfig{Keytab: kt, ServicePrincipal: krbSPN, Replay: &kerberos.ReplayCache{}}
}

func TestKerberosNNSGoToGo(t *testing.T) {
	r := startRealm(t)
	cl := r.client(t, "alice", krbPassword)
	for _, prot := range append(protections, nettcp.NNSProtectionNone) {
		u := NegotiateUpgrader(&NegotiateClientConfig{Kerberos: cl, TargetName: krbSPN},
			&NegotiateServerConfig{Kerberos: r.acceptor(t)}, prot)
		cc, sc, cerr, serr := upgradePair(t, u, u)
		if cerr != nil || serr != nil {
			t.Fatalf("%v: client %v, server %v", prot, cerr, serr)
		}
		// Kerberos always gives integrity: a client asking for no
		// protection still gets signed frames, on both sides alike.
		want := max(prot, nettcp.NNSProtectionSign)
		if c, ok := CallerOf(sc); !ok || c != (Caller{Name: aliceKrb, Mechanism: "Kerberos", Protection: want}) {
			t.Fatalf("%v: caller %+v", prot, c)
		}
		big := bytes.Repeat([]byte("0123456789"), 20000)
		go func() { _, _ = cc.Write(big) }()
		got := make([]byte, len(big))
		if _, err := io.ReadFull(sc, got); err != nil || !bytes.Equal(got, big) {
			t.Fatalf("%v: %v", prot, err)
		}
	}
}

// The client falls back to NTLM where it gets no ticket, and follows a
// server that has no keytab to NTLM; with NTLM disallowed it fails.
func TestNegotiateFallbackToNTLM(t *testing.T) {
	r := startRealm(t)
	cl := r.client(t, "alice", krbPassword)
	noTicket := r.client(t, "alice", "wrong")
	both := &NegotiateServerConfig{Kerberos: r.acceptor(t), NTLM: serverConfig(t)}
	ntlmOnly := &NegotiateServerConfig{NTLM: serverConfig(t)}
	for name, tc := range map[string]struct {
		client *NegotiateClientConfig
		server *NegotiateServerConfig
		caller string
		mech   string
	}{
		"ticket":              {&NegotiateClientConfig{Kerberos: cl, NTLM: &ntlm.ClientConfig{Credentials: alice}, TargetName: krbSPN}, both, aliceKrb, "Kerberos"},
		"no ticket":           {&NegotiateClientConfig{Kerberos: noTicket, NTLM: &ntlm.ClientConfig{Credentials: alice}, TargetName: krbSPN}, both, `WWS\alice`, "NTLM"},
		"server without keys": {&NegotiateClientConfig{Kerberos: cl, NTLM: &ntlm.ClientConfig{Credentials: alice}, TargetName: krbSPN}, ntlmOnly, `WWS\alice`, "NTLM"},
	} {
		t.Run(name, func(t *testing.T) {
			u := NegotiateUpgrader(tc.client, tc.server, nettcp.NNSProtectionEncryptAndSign)
			cc, sc, cerr, serr := upgradePair(t, u, u)
			if cerr != nil || serr != nil {
				t.Fatalf("client %v, server %v", cerr, serr)
			}
			if c, _ := CallerOf(sc); c.Name != tc.caller || c.Mechanism != tc.mech {
				t.Fatalf("caller %+v, want %s by %s", c, tc.caller, tc.mech)
			}
			go func() { _, _ = cc.Write([]byte("sealed")) }()
			buf := make([]byte, 6)
			if _, err := io.ReadFull(sc, buf); err != nil || string(buf) != "sealed" {
				t.Fatalf("read %q, %v", buf, err)
			}
		})
	}
	t.Run("DisallowNTLM", func(t *testing.T) {
		u := NegotiateUpgrader(&NegotiateClientConfig{Kerberos: noTicket, TargetName: krbSPN}, both, nettcp.NNSProtectionEncryptAndSign)
		_, _, cerr, serr := upgradePair(t, u, u)
		if !errors.Is(cerr, kerberos.ErrLogonDenied) || !errors.Is(cerr, nettcp.ErrSecurityVerification) || serr == nil {
			t.Fatalf("client %v, server %v", cerr, serr)
		}
		u = NegotiateUpgrader(&NegotiateClientConfig{Kerberos: cl, TargetName: krbSPN}, ntlmOnly, nettcp.NNSProtectionEncryptAndSign)
		if _, _, cerr, serr = upgradePair(t, u, u); !errors.Is(cerr, nettcp.ErrSecurityVerification) || !errors.Is(serr, nettcp.ErrSecurityVerification) {
			t.Fatalf("Kerberos only against an NTLM-only server: client %v, server %v", cerr, serr)
		}
	})
}

// recordingConn keeps what the client writes.
type recordingConn struct {
	net.Conn
	buf *bytes.Buffer
}

func (c recordingConn) Write(p []byte) (int, error) {
	c.buf.Write(p)
	return c.Conn.Write(p)
}

// A replayed AP-REQ (the first handshake message of an accepted client,
// sent again on a new connection) is refused with ErrReplay.
func TestKerberosReplayedAPReq(t *testing.T) {
	r := startRealm(t)
	cl := r.client(t, "alice", krbPassword)
	su := NegotiateUpgrader(nil, &NegotiateServerConfig{Kerberos: r.acceptor(t)}, nettcp.NNSProtectionEncryptAndSign)
	cu := NegotiateUpgrader(&NegotiateClientConfig{Kerberos: cl, TargetName: krbSPN}, nil, nettcp.NNSProtectionEncryptAndSign)
	var sent bytes.Buffer
	a, b := net.Pipe()
	defer a.Close()
	defer b.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() { _, err := su.Server(ctx, b); done <- err }()
	if _, err := cu.Client(ctx, recordingConn{a, &sent}, "server.example"); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	_, first, err := nettcp.ReadNNSHandshake(bytes.NewReader(sent.Bytes()), nil)
	if err != nil {
		t.Fatal(err)
	}
	a2, b2 := net.Pipe()
	defer a2.Close()
	defer b2.Close()
	go func() { _, err := su.Server(ctx, b2); b2.Close(); done <- err }()
	if err := nettcp.WriteNNSHandshake(a2, nettcp.NNSHandshakeInProgress, first); err != nil {
		t.Fatal(err)
	}
	_, _, perr := nettcp.ReadNNSHandshake(a2, nil)
	var ne *nettcp.NNSError
	if !errors.As(perr, &ne) {
		t.Fatalf("the replaying client read %v, want a HandshakeError", perr)
	}
	if err := <-done; !errors.Is(err, kerberos.ErrReplay) || !errors.Is(err, nettcp.ErrSecurityVerification) {
		t.Fatalf("server: %v", err)
	}
}

// krbGoHost listens with Kerberos (and no NTLM) at prot and echoes.
func krbGoHost(t *testing.T, server *NegotiateServerConfig, prot nettcp.NNSProtection) (via string, callers *[]Caller, stop func()) {
	v := mechVariant{name: "Negotiate", spnego: true, upgrader: func(_ *ntlm.ClientConfig, _ *ntlm.ServerConfig, p nettcp.NNSProtection) *nettcp.NegotiateUpgrader {
		return NegotiateUpgrader(nil, server, p)
	}}
	return goEchoHostCallers(t, v, prot)
}

// startKrbPeer starts nns_peer.py --krb --spnego with the realm's
// configuration and env.
func startKrbPeer(t *testing.T, r *krbRealm, ccache, keytab string, args ...string) *gsspeer.Peer {
	return gsspeer.StartEnv(t, "nns_peer.py", r.Env(ccache, keytab), "", append([]string{"--krb", "--spnego"}, args...)...)
}

func krbClientArgs(via string, prot nettcp.NNSProtection, host string) []string {
	port, _ := parseVia(via)
	args := []string{"--role", "client", "--port", port, "--via", via, "--host", host}
	if prot == nettcp.NNSProtectionEncryptAndSign {
		args = append(args, "--conf")
	}
	return args
}

func TestKerberosGSSClientToGoHost(t *testing.T) {
	for name, o := range realmOptions {
		t.Run(name, func(t *testing.T) { testKerberosGSSClientToGoHost(t, o) })
	}
}

func testKerberosGSSClientToGoHost(t *testing.T, o krbtest.Options) {
	r := startRealmWith(t, o)
	cc := r.Kinit(t, "alice", krbPassword)
	for _, prot := range protections {
		t.Run(prot.String(), func(t *testing.T) {
			via, callers, stop := krbGoHost(t, &NegotiateServerConfig{Kerberos: r.acceptor(t)}, prot)
			p := startKrbPeer(t, r, cc, "", krbClientArgs(via, prot, "server.example")...)
			p.Expect("AUTHENTICATED")
			for _, env := range testEnvelopes() {
				p.Send("SEND", hex.EncodeToString(env))
				if got := p.ExpectHex("REPLY"); !bytes.Equal(got, env) {
					t.Fatalf("echo of %d bytes came back as %d bytes", len(env), len(got))
				}
			}
			p.Send("END")
			if w := p.Expect("DONE"); w[1] != "2" {
				t.Fatalf("peer sent %s envelopes", w[1])
			}
			stop()
			if len(*callers) != 1 || (*callers)[0].Name != aliceKrb || (*callers)[0].Mechanism != "Kerberos" || (*callers)[0].Protection < prot {
				t.Fatalf("host saw callers %+v", *callers)
			}
		})
	}
}

func TestKerberosGoClientToGSSHost(t *testing.T) {
	for name, o := range realmOptions {
		t.Run(name, func(t *testing.T) { testKerberosGoClientToGSSHost(t, o) })
	}
}

func testKerberosGoClientToGSSHost(t *testing.T, o krbtest.Options) {
	r := startRealmWith(t, o)
	cl := r.client(t, "alice", krbPassword)
	for _, prot := range protections {
		t.Run(prot.String(), func(t *testing.T) {
			args := []string{"--role", "server"}
			if prot == nettcp.NNSProtectionEncryptAndSign {
				args = append(args, "--conf")
			}
			p := startKrbPeer(t, r, "", r.keytab, args...)
			via := fmt.Sprintf("net.tcp://127.0.0.1:%s/calc", p.Expect("LISTENING")[1])
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			s, err := nettcp.Dial(ctx, via, &nettcp.ClientConfig{MaxMessageSize: 1 << 20,
				Upgrader: NegotiateUpgrader(&NegotiateClientConfig{Kerberos: cl, TargetName: krbSPN}, nil, prot)})
			if err != nil {
				w, _ := p.Next()
				w2, _ := p.Next()
				t.Fatalf("%v (peer: %q %q)", err, w, w2)
			}
			if w := p.Expect("AUTHENTICATED"); w[1] != aliceKrb {
				t.Fatalf("peer saw %q", w)
			}
			for _, env := range testEnvelopes() {
				if err := s.Send(ctx, env); err != nil {
					t.Fatal(err)
				}
				got, err := s.Receive(ctx, nil)
				if err != nil || !bytes.Equal(got, env) {
					t.Fatalf("%d bytes: %d back, %v", len(env), len(got), err)
				}
			}
			if err := s.Close(ctx); err != nil {
				t.Fatal(err)
			}
			if w := p.Expect("DONE"); w[1] != "2" {
				t.Fatalf("peer echoed %s envelopes", w[1])
			}
		})
	}
}

// A raw Kerberos AP-REQ (no SPNEGO around it, as a GSSAPI client naming
// the krb5 mechanism sends) is taken too, as Windows' Negotiate package
// takes it.
func TestKerberosRawGSSClientToGoHost(t *testing.T) {
	r := startRealm(t)
	cc := r.Kinit(t, "alice", krbPassword)
	prot := nettcp.NNSProtectionEncryptAndSign
	via, callers, stop := krbGoHost(t, &NegotiateServerConfig{Kerberos: r.acceptor(t)}, prot)
	p := gsspeer.StartEnv(t, "nns_peer.py", r.Env(cc, ""), "", append([]string{"--krb"}, krbClientArgs(via, prot, "server.example")...)...)
	p.Expect("AUTHENTICATED")
	env := bytes.Repeat([]byte("raw"), 30000)
	p.Send("SEND", hex.EncodeToString(env))
	if got := p.ExpectHex("REPLY"); !bytes.Equal(got, env) {
		t.Fatalf("echo of %d bytes came back as %d bytes", len(env), len(got))
	}
	p.Send("END")
	p.Expect("DONE")
	stop()
	if len(*callers) != 1 || (*callers)[0].Name != aliceKrb || (*callers)[0].Mechanism != "Kerberos" {
		t.Fatalf("host saw callers %+v", *callers)
	}
}
