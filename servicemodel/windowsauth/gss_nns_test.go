package windowsauth

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/wwsgo/wws/internal/gsspeer"
	"github.com/wwsgo/wws/nettcp"
	"github.com/wwsgo/wws/servicemodel/windowsauth/ntlm"
)

// Against testdata/gss/nns_peer.py: gss-ntlmssp inside [MS-NNS] inside
// [MC-NMF] framing, written independently of nettcp. Envelopes are opaque
// bytes, echoed by whichever side serves.

var protections = []nettcp.NNSProtection{nettcp.NNSProtectionEncryptAndSign, nettcp.NNSProtectionSign}

// mechVariant is how the tokens travel: raw NTLM, or SPNEGO around NTLM
// (what .NET sends).
type mechVariant struct {
	name     string
	spnego   bool
	upgrader func(*ntlm.ClientConfig, *ntlm.ServerConfig, nettcp.NNSProtection) *nettcp.NegotiateUpgrader
}

var variants = []mechVariant{{"NTLM", false, NTLMUpgrader}, {"SPNEGO", true, SPNEGOUpgrader}}

// forEach runs f for every variant and protection level.
func forEach(t *testing.T, f func(t *testing.T, v mechVariant, prot nettcp.NNSProtection)) {
	for _, v := range variants {
		for _, prot := range protections {
			t.Run(v.name+"/"+prot.String(), func(t *testing.T) { f(t, v, prot) })
		}
	}
}

// testEnvelopes: a small one and one spanning several NNS frames.
func testEnvelopes() [][]byte {
	return [][]byte{[]byte("<Add><a>2</a><b>3</b></Add>"), bytes.Repeat([]byte("0123456789"), 20000)}
}

// TestGSSClientToGoHost: the Python client authenticates to a nettcp
// Listener with NTLMUpgrader and has its envelopes echoed.
func TestGSSClientToGoHost(t *testing.T) {
	forEach(t, func(t *testing.T, v mechVariant, prot nettcp.NNSProtection) {
		via, callers, stop := goEchoHostCallers(t, v, prot)
		p := startGSSClient(t, v, via, alice, prot)
		if w := p.Expect("AUTHENTICATED"); w[2] != map[bool]string{true: "confidentiality", false: "integrity"}[prot == nettcp.NNSProtectionEncryptAndSign] {
			t.Fatalf("peer authenticated with %s", w[2])
		}
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
		if want := (Caller{Name: `WWS\alice`, Mechanism: "NTLM", Protection: prot}); len(*callers) != 1 || (*callers)[0] != want {
			t.Fatalf("host saw callers %+v, want %+v", *callers, want)
		}
	})
}

func TestGSSClientRefusedByGoHost(t *testing.T) {
	for name, tc := range map[string]struct {
		cred ntlm.Credentials
		prot nettcp.NNSProtection // what the client asks for; the host requires EncryptAndSign
		code string
	}{
		"wrong password":    {ntlm.Credentials{Domain: "WWS", User: "alice", Password: "wrong"}, nettcp.NNSProtectionEncryptAndSign, "0x8009030c"},
		"unknown user":      {ntlm.Credentials{Domain: "WWS", User: "eve", Password: "x"}, nettcp.NNSProtectionEncryptAndSign, "0x8009030c"},
		"signing, no seals": {alice, nettcp.NNSProtectionSign, "0x6fe"},
	} {
		for _, v := range variants {
			t.Run(v.name+"/"+name, func(t *testing.T) {
				via, stop := goEchoHost(t, v, nettcp.NNSProtectionEncryptAndSign)
				defer stop()
				p := startGSSClient(t, v, via, tc.cred, tc.prot)
				if w := p.Expect("REFUSED"); w[1] != tc.code {
					t.Fatalf("refused with %s, want %s", w[1], tc.code)
				}
			})
		}
	}
}

// startGSSClient starts the Python client; its user file holds cred too,
// for MIT's SPNEGO, which takes its NTLM credentials from there.
func startGSSClient(t *testing.T, v mechVariant, via string, cred ntlm.Credentials, prot nettcp.NNSProtection) *gsspeer.Peer {
	args := peerClientArgs(via, cred, prot)
	if v.spnego {
		args = append(args, "--spnego")
	}
	return gsspeer.Start(t, "nns_peer.py", fmt.Sprintf("%s:%s:%s\n", cred.Domain, cred.User, cred.Password), args...)
}

func peerClientArgs(via string, cred ntlm.Credentials, prot nettcp.NNSProtection) []string {
	u, _ := parseVia(via)
	args := []string{"--role", "client", "--port", u, "--via", via,
		"--domain", cred.Domain, "--user", cred.User, "--password", cred.Password}
	if prot == nettcp.NNSProtectionEncryptAndSign {
		args = append(args, "--conf")
	}
	return args
}

// parseVia returns the port of a net.tcp://127.0.0.1:port/... Via.
func parseVia(via string) (string, error) {
	var port int
	_, err := fmt.Sscanf(via, "net.tcp://127.0.0.1:%d/", &port)
	return strconv.Itoa(port), err
}

// goEchoHost listens with NTLM required at prot and echoes envelopes.
func goEchoHost(t *testing.T, v mechVariant, prot nettcp.NNSProtection) (via string, stop func()) {
	via, _, stop = goEchoHostCallers(t, v, prot)
	return via, stop
}

// goEchoHostCallers is goEchoHost that also returns the callers of the
// sessions it accepted (read after stop).
func goEchoHostCallers(t *testing.T, v mechVariant, prot nettcp.NNSProtection) (via string, callers *[]Caller, stop func()) {
	callers = new([]Caller)
	var mu sync.Mutex
	l, err := nettcp.Listen("tcp", "127.0.0.1:0", nil)
	if err != nil {
		t.Fatal(err)
	}
	up := v.upgrader(nil, serverConfig(t), prot)
	if err := l.Handle("/calc", nettcp.EndpointConfig{Upgrader: up, MaxMessageSize: 1 << 20}); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			s, err := l.Accept(context.Background())
			if err != nil {
				return
			}
			if c, ok := SessionCaller(s); ok {
				mu.Lock()
				*callers = append(*callers, c)
				mu.Unlock()
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				echoSession(s)
			}()
		}
	}()
	return fmt.Sprintf("net.tcp://%s/calc", l.Addr()), callers, func() { l.Close(); wg.Wait() }
}

func echoSession(s *nettcp.Session) {
	ctx := context.Background()
	for {
		b, err := s.Receive(ctx, nil)
		if err != nil {
			s.Close(ctx)
			return
		}
		if s.Send(ctx, b) != nil {
			return
		}
	}
}

// TestGoClientToGSSHost: nettcp.Dial with NTLMUpgrader against the Python
// server, which echoes; the End handshake closes the session.
func TestGoClientToGSSHost(t *testing.T) {
	forEach(t, func(t *testing.T, v mechVariant, prot nettcp.NNSProtection) {
		p, via := startGSSHost(t, v, prot)
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		s, err := nettcp.Dial(ctx, via, &nettcp.ClientConfig{Upgrader: v.upgrader(&ntlm.ClientConfig{Credentials: alice}, nil, prot), MaxMessageSize: 1 << 20})
		if err != nil {
			t.Fatal(err)
		}
		if w := p.Expect("AUTHENTICATED"); w[1] != `WWS\alice` {
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

func TestGoClientRefusedByGSSHost(t *testing.T) {
	for name, tc := range map[string]struct {
		cred ntlm.Credentials
		prot nettcp.NNSProtection
		code uint32
	}{
		"wrong password":    {ntlm.Credentials{Domain: "WWS", User: "alice", Password: "wrong"}, nettcp.NNSProtectionEncryptAndSign, nettcp.NNSErrLogonDenied},
		"unknown user":      {ntlm.Credentials{Domain: "WWS", User: "eve", Password: "x"}, nettcp.NNSProtectionEncryptAndSign, nettcp.NNSErrLogonDenied},
		"signing, no seals": {alice, nettcp.NNSProtectionSign, nettcp.NNSErrTrustFailure},
	} {
		for _, v := range variants {
			t.Run(v.name+"/"+name, func(t *testing.T) {
				p, via := startGSSHost(t, v, nettcp.NNSProtectionEncryptAndSign)
				ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
				defer cancel()
				_, err := nettcp.Dial(ctx, via, &nettcp.ClientConfig{Upgrader: v.upgrader(&ntlm.ClientConfig{Credentials: tc.cred}, nil, tc.prot)})
				var ne *nettcp.NNSError
				if !errors.As(err, &ne) || ne.Code != tc.code || !errors.Is(err, nettcp.ErrSecurityVerification) {
					t.Fatalf("%v, want the peer's HandshakeError %#x", err, tc.code)
				}
				p.Expect("REFUSED")
			})
		}
	}
}

// startGSSHost starts the Python server (requiring sealing for
// EncryptAndSign) and returns it with its Via.
func startGSSHost(t *testing.T, v mechVariant, prot nettcp.NNSProtection) (*gsspeer.Peer, string) {
	args := []string{"--role", "server"}
	if v.spnego {
		args = append(args, "--spnego")
	}
	if prot == nettcp.NNSProtectionEncryptAndSign {
		args = append(args, "--conf")
	}
	p := gsspeer.Start(t, "nns_peer.py", testUsers, args...)
	w := p.Expect("LISTENING")
	return p, fmt.Sprintf("net.tcp://127.0.0.1:%s/calc", w[1])
}
