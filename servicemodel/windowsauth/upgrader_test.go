package windowsauth

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wwsgo/wws/nettcp"
	"github.com/wwsgo/wws/servicemodel/windowsauth/ntlm"
)

const testUsers = "WWS:alice:Passw0rd!\n"

var alice = ntlm.Credentials{Domain: "WWS", User: "alice", Password: "Passw0rd!"}

func serverConfig(t testing.TB) *ntlm.ServerConfig {
	uf, err := ntlm.ParseUserFile(strings.NewReader(testUsers))
	if err != nil {
		t.Fatal(err)
	}
	return &ntlm.ServerConfig{Users: uf, NetBIOSDomain: "WWS"}
}

// upgradePair runs the client and server halves over a pipe.
func upgradePair(t *testing.T, cu, su *nettcp.NegotiateUpgrader) (cc, sc net.Conn, cerr, serr error) {
	t.Helper()
	a, b := net.Pipe()
	t.Cleanup(func() { a.Close(); b.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		sc, serr = su.Server(ctx, b)
		if serr != nil {
			b.Close()
		}
	}()
	cc, cerr = cu.Client(ctx, a, "Server.Example")
	if cerr != nil {
		a.Close()
	}
	wg.Wait()
	return cc, sc, cerr, serr
}

func TestNTLMUpgraderCaller(t *testing.T) {
	for _, prot := range []nettcp.NNSProtection{nettcp.NNSProtectionEncryptAndSign, nettcp.NNSProtectionSign} {
		u := NTLMUpgrader(&ntlm.ClientConfig{Credentials: alice}, serverConfig(t), prot)
		cc, sc, cerr, serr := upgradePair(t, u, u)
		if cerr != nil || serr != nil {
			t.Fatalf("%v: client %v, server %v", prot, cerr, serr)
		}
		caller, ok := CallerOf(sc)
		if !ok || caller != (Caller{Name: `WWS\alice`, Mechanism: "NTLM", Protection: prot}) {
			t.Fatalf("%v: caller %+v, %v", prot, caller, ok)
		}
		if _, ok := CallerOf(cc); ok {
			t.Fatal("the client side has a caller")
		}
		go cc.Write([]byte("hello through NNS"))
		buf := make([]byte, 64)
		n, err := sc.Read(buf)
		if err != nil || string(buf[:n]) != "hello through NNS" {
			t.Fatalf("%v: read %q, %v", prot, buf[:n], err)
		}
	}
}

// The client's MsvAvTargetName defaults to WCF's host/<via host>.
func TestNTLMUpgraderDefaultSPN(t *testing.T) {
	u := NTLMUpgrader(&ntlm.ClientConfig{Credentials: alice}, nil, nettcp.NNSProtectionEncryptAndSign)
	a, err := u.NewClient("Server.Example")
	if err != nil {
		t.Fatal(err)
	}
	neg, _, _ := a.Step(nil)
	srv := ntlm.NewServer(*serverConfig(t))
	chal, err := srv.Challenge(neg)
	if err != nil {
		t.Fatal(err)
	}
	auth, _, err := a.Step(chal)
	if err != nil {
		t.Fatal(err)
	}
	am, _ := ntlm.ParseAuthenticate(auth)
	if !bytes.Contains(am.NtChallengeResponse, utf16le("host/server.example")) {
		t.Fatal("no MsvAvTargetName host/server.example in the NTLMv2 response")
	}
}

func utf16le(s string) []byte {
	var b []byte
	for _, r := range s {
		b = append(b, byte(r), 0)
	}
	return b
}

func TestNTLMUpgraderRefusals(t *testing.T) {
	for name, tc := range map[string]struct {
		cred       ntlm.Credentials
		cprot      nettcp.NNSProtection
		sprot      nettcp.NNSProtection
		clientCode uint32 // the code the client reads from the server
	}{
		"wrong password":     {ntlm.Credentials{Domain: "WWS", User: "alice", Password: "x"}, nettcp.NNSProtectionEncryptAndSign, nettcp.NNSProtectionEncryptAndSign, nettcp.NNSErrLogonDenied},
		"unknown user":       {ntlm.Credentials{Domain: "WWS", User: "eve", Password: "x"}, nettcp.NNSProtectionEncryptAndSign, nettcp.NNSProtectionEncryptAndSign, nettcp.NNSErrLogonDenied},
		"too little for srv": {alice, nettcp.NNSProtectionSign, nettcp.NNSProtectionEncryptAndSign, nettcp.NNSErrTrustFailure},
	} {
		cu := NTLMUpgrader(&ntlm.ClientConfig{Credentials: tc.cred}, nil, tc.cprot)
		su := NTLMUpgrader(nil, serverConfig(t), tc.sprot)
		_, _, cerr, serr := upgradePair(t, cu, su)
		var ne *nettcp.NNSError
		if !errors.As(cerr, &ne) || ne.Code != tc.clientCode || !errors.Is(cerr, nettcp.ErrSecurityVerification) {
			t.Errorf("%s: client %v, want the server's HandshakeError %#x", name, cerr, tc.clientCode)
		}
		if !errors.Is(serr, nettcp.ErrSecurityVerification) {
			t.Errorf("%s: server %v", name, serr)
		}
	}
}

// TestNTLMOverNetTCP upgrades real net.tcp sessions with NTLM: envelopes
// larger than one NNS frame go both ways, sessions beside a refused one
// are unharmed.
func TestNTLMOverNetTCP(t *testing.T) {
	su := NTLMUpgrader(nil, serverConfig(t), nettcp.NNSProtectionEncryptAndSign)
	l, err := nettcp.Listen("tcp", "127.0.0.1:0", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if err := l.Handle("/calc", nettcp.EndpointConfig{Upgrader: su, MaxMessageSize: 1 << 20}); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	defer wg.Wait()
	defer l.Close()
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			s, err := l.Accept(context.Background())
			if err != nil {
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					b, err := s.Receive(context.Background(), nil)
					if err != nil {
						s.Close(context.Background())
						return
					}
					if s.Send(context.Background(), b) != nil {
						return
					}
				}
			}()
		}
	}()
	via := fmt.Sprintf("net.tcp://%s/calc", l.Addr())
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	good := &nettcp.ClientConfig{Upgrader: NTLMUpgrader(&ntlm.ClientConfig{Credentials: alice}, nil, nettcp.NNSProtectionEncryptAndSign), MaxMessageSize: 1 << 20}
	s1, err := nettcp.Dial(ctx, via, good)
	if err != nil {
		t.Fatal(err)
	}
	bad := &nettcp.ClientConfig{Upgrader: NTLMUpgrader(&ntlm.ClientConfig{Credentials: ntlm.Credentials{Domain: "WWS", User: "alice", Password: "nope"}}, nil, nettcp.NNSProtectionEncryptAndSign)}
	if _, err := nettcp.Dial(ctx, via, bad); !errors.Is(err, nettcp.ErrSecurityVerification) {
		t.Fatalf("wrong password: %v", err)
	}
	for _, n := range []int{1, 0xFC00 + 1, 300000} {
		msg := bytes.Repeat([]byte("wws"), n/3+1)[:n]
		if err := s1.Send(ctx, msg); err != nil {
			t.Fatal(err)
		}
		got, err := s1.Receive(ctx, nil)
		if err != nil || !bytes.Equal(got, msg) {
			t.Fatalf("%d bytes: %d back, %v", n, len(got), err)
		}
	}
	if err := s1.Close(ctx); err != nil {
		t.Fatal(err)
	}
}
