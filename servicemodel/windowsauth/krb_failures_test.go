package windowsauth

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/wwsgo/wws/internal/gsspeer"
	"github.com/wwsgo/wws/nettcp"
	"github.com/wwsgo/wws/servicemodel/windowsauth/kerberos"
)

// Refusals between wws and MIT krb5: each side gives an errors.Is-able
// error (nettcp.ErrSecurityVerification and the kerberos sentinel where
// wws detects it), sends or gets the HandshakeError, and closes.

// TestKerberosGSSClientRefusedByGoHost: the MIT client against a host
// that requires Kerberos for host/server.example, EncryptAndSign.
func TestKerberosGSSClientRefusedByGoHost(t *testing.T) {
	r := startRealm(t)
	r.AddService(t, "host/other.example")
	cc := r.Kinit(t, "alice", krbPassword)
	for name, tc := range map[string]struct {
		now  func() time.Time
		host string
		ntlm bool // the client offers only NTLM
		code uint32
	}{
		"wrong SPN":          {host: "other.example", code: secEWrongPrincipal},
		"clock skew":         {now: func() time.Time { return time.Now().Add(10 * time.Minute) }, host: "server.example", code: secETimeSkew},
		"NTLM only offered":  {host: "server.example", ntlm: true, code: nettcp.NNSErrInvalidToken},
		"skew under a limit": {now: func() time.Time { return time.Now().Add(4 * time.Minute) }, host: "server.example"},
	} {
		t.Run(name, func(t *testing.T) {
			acc := r.acceptor(t)
			acc.Now = tc.now
			via, callers, stop := krbGoHost(t, &NegotiateServerConfig{Kerberos: acc}, nettcp.NNSProtectionEncryptAndSign)
			defer stop()
			var p *gsspeer.Peer
			if tc.ntlm {
				p = gsspeer.Start(t, "nns_peer.py", testUsers, append(peerClientArgs(via, alice, nettcp.NNSProtectionEncryptAndSign), "--spnego")...)
			} else {
				p = startKrbPeer(t, r, cc, "", krbClientArgs(via, nettcp.NNSProtectionEncryptAndSign, tc.host)...)
			}
			w, err := p.Next()
			if err != nil {
				t.Fatal(err)
			}
			if tc.code == 0 {
				if w[0] != "AUTHENTICATED" {
					t.Fatalf("peer: %q", w)
				}
				p.Send("END")
				p.Expect("DONE")
				return
			}
			if want := fmt.Sprintf("%#x", tc.code); w[0] != "REFUSED" || w[1] != want {
				t.Fatalf("peer: %q, want REFUSED %s", w, want)
			}
			stop()
			if len(*callers) != 0 {
				t.Fatalf("host accepted %+v", *callers)
			}
		})
	}
}

// TestKerberosGoClientRefused: wws' client against the MIT server (keys
// for host/server.example only), with NTLM disallowed.
func TestKerberosGoClientRefused(t *testing.T) {
	r := startRealm(t)
	r.AddService(t, "host/other.example")
	for name, tc := range map[string]struct {
		user, password, target string
		now                    func() time.Time
		ntlmServer             bool
		sentinel               error // wws' own diagnosis, nil when the peer refuses
	}{
		"wrong password":    {user: "alice", password: "wrong", target: krbSPN, sentinel: kerberos.ErrLogonDenied},
		"unknown user":      {user: "eve", password: "x", target: krbSPN, sentinel: kerberos.ErrLogonDenied},
		"unknown SPN":       {user: "alice", password: krbPassword, target: "host/nowhere.example", sentinel: kerberos.ErrWrongPrincipal},
		"wrong SPN":         {user: "alice", password: krbPassword, target: "host/other.example"},
		"clock skew":        {user: "alice", password: krbPassword, target: krbSPN, now: func() time.Time { return time.Now().Add(-10 * time.Minute) }},
		"server NTLM only":  {user: "alice", password: krbPassword, target: krbSPN, ntlmServer: true},
		"Sign, server seal": {user: "alice", password: krbPassword, target: krbSPN},
	} {
		t.Run(name, func(t *testing.T) {
			var p *gsspeer.Peer
			if tc.ntlmServer {
				env := r.Env("", r.Dir+"/no.keytab")
				p = gsspeer.StartEnv(t, "nns_peer.py", env, testUsers, "--role", "server", "--spnego", "--conf")
			} else {
				p = startKrbPeer(t, r, "", r.keytab, "--role", "server", "--conf")
			}
			via := fmt.Sprintf("net.tcp://127.0.0.1:%s/calc", p.Expect("LISTENING")[1])
			prot := nettcp.NNSProtectionEncryptAndSign
			if strings.HasPrefix(name, "Sign") {
				prot = nettcp.NNSProtectionSign
			}
			cl := r.client(t, tc.user, tc.password)
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			_, err := nettcp.Dial(ctx, via, &nettcp.ClientConfig{Upgrader: NegotiateUpgrader(
				&NegotiateClientConfig{Kerberos: cl, TargetName: tc.target, Now: tc.now}, nil, prot)})
			if !errors.Is(err, nettcp.ErrSecurityVerification) {
				t.Fatalf("%v, want ErrSecurityVerification", err)
			}
			if tc.sentinel != nil && !errors.Is(err, tc.sentinel) {
				t.Fatalf("%v, want %v", err, tc.sentinel)
			}
			var ne *nettcp.NNSError
			if tc.sentinel == nil && !errors.As(err, &ne) {
				t.Fatalf("%v, want the peer's HandshakeError", err)
			}
			if prot == nettcp.NNSProtectionSign && ne.Code != nettcp.NNSErrTrustFailure {
				t.Fatalf("peer refused with %#x, want ERROR_TRUST_FAILURE", ne.Code)
			}
			p.Expect("REFUSED")
		})
	}
}

// TestKerberosReplayedMITAPReq: the AP-REQ of an MIT client that the host
// accepted, sent again on a new connection, is refused as a replay.
func TestKerberosReplayedMITAPReq(t *testing.T) {
	r := startRealm(t)
	cc := r.Kinit(t, "alice", krbPassword)
	su := NegotiateUpgrader(nil, &NegotiateServerConfig{Kerberos: r.acceptor(t)}, nettcp.NNSProtectionEncryptAndSign)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	via := fmt.Sprintf("net.tcp://%s/calc", l.Addr())
	p := startKrbPeer(t, r, cc, "", krbClientArgs(via, nettcp.NNSProtectionEncryptAndSign, "server.example")...)
	conn, err := l.Accept()
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// The preamble up to the Upgrade Request, then UpgradeResponse.
	var pre []byte
	for !bytes.HasSuffix(pre, []byte("application/negotiate")) {
		b := make([]byte, 1)
		if _, err := io.ReadFull(conn, b); err != nil {
			t.Fatal(err)
		}
		pre = append(pre, b[0])
	}
	if _, err := conn.Write([]byte{0x0a}); err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := su.Server(ctx, readRecorder{conn, &got}); err != nil {
		t.Fatal(err)
	}
	p.Expect("AUTHENTICATED")
	_, first, err := nettcp.ReadNNSHandshake(bytes.NewReader(got.Bytes()), nil)
	if err != nil {
		t.Fatal(err)
	}
	a, b := net.Pipe()
	defer a.Close()
	done := make(chan error, 1)
	go func() { _, err := su.Server(ctx, b); b.Close(); done <- err }()
	if err := nettcp.WriteNNSHandshake(a, nettcp.NNSHandshakeInProgress, first); err != nil {
		t.Fatal(err)
	}
	if _, _, err := nettcp.ReadNNSHandshake(a, nil); !errors.Is(err, nettcp.ErrSecurityVerification) {
		t.Fatalf("replaying client read %v", err)
	}
	if err := <-done; !errors.Is(err, kerberos.ErrReplay) {
		t.Fatalf("server: %v, want ErrReplay", err)
	}
}

// readRecorder keeps what is read.
type readRecorder struct {
	net.Conn
	buf *bytes.Buffer
}

func (c readRecorder) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.buf.Write(p[:n])
	return n, err
}
