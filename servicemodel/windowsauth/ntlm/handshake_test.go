package ntlm

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

const testUsers = `# test users
WWS:alice:Passw0rd!
:bob:b0bpass
OTHER\carol:1000:AAD3B435B51404EEAAD3B435B51404EE:` + "8846f7eaee8fb117ad06bdd830b7586c" + `:[U          ]:LCT-00000000
`

func testUserFile(t testing.TB) *UserFile {
	uf, err := ParseUserFile(strings.NewReader(testUsers))
	if err != nil {
		t.Fatal(err)
	}
	return uf
}

// handshake runs a Go client against a Go server and returns both
// contexts and the server's Authenticate error.
func handshake(t *testing.T, ccfg ClientConfig, scfg ServerConfig) (*ClientContext, *ServerContext, error) {
	t.Helper()
	c, s := NewClient(ccfg), NewServer(scfg)
	neg, err := c.Negotiate()
	if err != nil {
		t.Fatal(err)
	}
	chal, err := s.Challenge(neg)
	if err != nil {
		return c, s, err
	}
	auth, err := c.Authenticate(chal)
	if err != nil {
		return c, s, err
	}
	return c, s, s.Authenticate(auth)
}

func TestHandshakeGoToGo(t *testing.T) {
	for _, tc := range []struct {
		name string
		cred Credentials
	}{
		{"heimdal line", Credentials{Domain: "WWS", User: "alice", Password: "Passw0rd!"}},
		{"case-insensitive names", Credentials{Domain: "wws", User: "ALICE", Password: "Passw0rd!"}},
		{"empty entry domain, no client domain", Credentials{User: "bob", Password: "b0bpass"}},
		{"smbpasswd NT hash", Credentials{Domain: "OTHER", User: "carol", Password: "password"}},
		{"client with NT hash", Credentials{Domain: "OTHER", User: "carol", NTHash: ptr(NTHash("password"))}},
	} {
		for _, conf := range []bool{true, false} {
			c, s, err := handshake(t, ClientConfig{Credentials: tc.cred, Confidentiality: conf, TargetName: "host/server.example"},
				ServerConfig{Users: testUserFile(t)})
			if err != nil {
				t.Fatalf("%s (conf %v): %v", tc.name, conf, err)
			}
			if c.Session().Confidentiality() != conf || s.Session().Confidentiality() != conf {
				t.Fatalf("%s: confidentiality %v/%v, want %v", tc.name, c.Session().Confidentiality(), s.Session().Confidentiality(), conf)
			}
			if _, u := s.User(); !strings.EqualFold(u, tc.cred.User) {
				t.Fatalf("%s: server saw user %q", tc.name, u)
			}
			exchange(t, c.Session(), s.Session())
		}
	}
}

func ptr[T any](v T) *T { return &v }

// exchange sends wrapped messages both ways, several in a row each way,
// and checks they arrive.
func exchange(t *testing.T, a, b *Session) {
	t.Helper()
	for i, msg := range []string{"first", "", "third, longer " + strings.Repeat("x", 3000)} {
		for _, dir := range []struct{ from, to *Session }{{a, b}, {b, a}} {
			payload, err := dir.from.Wrap(nil, []byte(msg))
			if err != nil {
				t.Fatal(err)
			}
			if dir.from.Confidentiality() && len(msg) > 4 && bytes.Contains(payload, []byte(msg[:5])) {
				t.Fatalf("message %d sealed but readable", i)
			}
			got, err := dir.to.Unwrap(payload)
			if err != nil || string(got) != msg {
				t.Fatalf("message %d: %q, %v", i, got, err)
			}
		}
	}
}

func TestHandshakeLogonDenied(t *testing.T) {
	for name, cred := range map[string]Credentials{
		"wrong password":     {Domain: "WWS", User: "alice", Password: "wrong"},
		"unknown user":       {Domain: "WWS", User: "mallory", Password: "Passw0rd!"},
		"wrong domain":       {Domain: "ELSEWHERE", User: "alice", Password: "Passw0rd!"},
		"anonymous":          {},
		"wrong NT hash":      {Domain: "OTHER", User: "carol", NTHash: ptr(NTHash("nope"))},
		"entry's domain req": {Domain: "WWS", User: "bob", Password: "wrong"},
	} {
		_, s, err := handshake(t, ClientConfig{Credentials: cred, Confidentiality: true}, ServerConfig{Users: testUserFile(t)})
		if !errors.Is(err, ErrLogonDenied) || !errors.Is(err, ErrSecurityVerification) {
			t.Errorf("%s: %v, want ErrLogonDenied and ErrSecurityVerification", name, err)
		}
		if s.Session() != nil {
			t.Errorf("%s: a session after a denied logon", name)
		}
	}
}

func TestHandshakeRequiresSealing(t *testing.T) {
	_, _, err := handshake(t, ClientConfig{Credentials: Credentials{Domain: "WWS", User: "alice", Password: "Passw0rd!"}},
		ServerConfig{Users: testUserFile(t), RequireConfidentiality: true})
	if !errors.Is(err, ErrNegotiation) {
		t.Fatalf("sign-only client against a server requiring sealing: %v", err)
	}
}

// A server that drops a flag the client requires is refused by the client.
func TestClientRequiresFlags(t *testing.T) {
	for _, drop := range []NegotiateFlags{FlagExtendedSessionSecurity, FlagSeal, FlagKeyExchange, Flag128, FlagSign, FlagTargetInfo} {
		c := NewClient(ClientConfig{Credentials: Credentials{User: "u", Password: "p"}, Confidentiality: true})
		neg, _ := c.Negotiate()
		chal, err := NewServer(ServerConfig{Users: testUserFile(t)}).Challenge(neg)
		if err != nil {
			t.Fatal(err)
		}
		cm, _ := ParseChallenge(chal)
		cm.Flags &^= drop
		chal, _ = cm.Marshal()
		if _, err := c.Authenticate(chal); !errors.Is(err, ErrNegotiation) {
			t.Errorf("server without %v: %v, want ErrNegotiation", drop, err)
		}
	}
}

// The MIC covers all three messages: a CHALLENGE altered on the way (the
// 56-bit flag removed) is caught by the server.
func TestMICDetectsAlteredHandshake(t *testing.T) {
	c := NewClient(ClientConfig{Credentials: Credentials{Domain: "WWS", User: "alice", Password: "Passw0rd!"}})
	s := NewServer(ServerConfig{Users: testUserFile(t)})
	neg, _ := c.Negotiate()
	chal, _ := s.Challenge(neg)
	cm, _ := ParseChallenge(chal)
	cm.Flags &^= Flag56
	altered, _ := cm.Marshal()
	auth, err := c.Authenticate(altered)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Authenticate(auth); !errors.Is(err, ErrSecurityVerification) || errors.Is(err, ErrLogonDenied) {
		t.Fatalf("altered challenge: %v, want a MIC failure", err)
	}
	am, _ := ParseAuthenticate(auth)
	if am.MIC == nil || bytes.Equal(am.MIC, make([]byte, 16)) {
		t.Fatalf("no MIC sent: %x", am.MIC)
	}
}

func TestOutOfOrderCalls(t *testing.T) {
	c := NewClient(ClientConfig{})
	if _, err := c.Authenticate(nil); !errors.Is(err, ErrNegotiation) {
		t.Errorf("Authenticate before Negotiate: %v", err)
	}
	s := NewServer(ServerConfig{Users: testUserFile(t)})
	if err := s.Authenticate(nil); !errors.Is(err, ErrNegotiation) {
		t.Errorf("server Authenticate before Challenge: %v", err)
	}
}

func establish(t *testing.T, conf bool) (*Session, *Session) {
	t.Helper()
	c, s, err := handshake(t, ClientConfig{Credentials: Credentials{Domain: "WWS", User: "alice", Password: "Passw0rd!"}, Confidentiality: conf},
		ServerConfig{Users: testUserFile(t)})
	if err != nil {
		t.Fatal(err)
	}
	return c.Session(), s.Session()
}

func TestSessionRejects(t *testing.T) {
	for _, conf := range []bool{true, false} {
		for name, mangle := range map[string]func(cs *Session) [][]byte{
			"tampered body": func(cs *Session) [][]byte {
				p, _ := cs.Wrap(nil, []byte("pay 10 EUR"))
				p[len(p)-1] ^= 1
				return [][]byte{p}
			},
			"tampered signature": func(cs *Session) [][]byte {
				p, _ := cs.Wrap(nil, []byte("pay 10 EUR"))
				p[5] ^= 1
				return [][]byte{p}
			},
			"replayed": func(cs *Session) [][]byte {
				p, _ := cs.Wrap(nil, []byte("pay 10 EUR"))
				return [][]byte{p, bytes.Clone(p)}
			},
			"out of order": func(cs *Session) [][]byte {
				p1, _ := cs.Wrap(nil, []byte("one"))
				p2, _ := cs.Wrap(nil, []byte("two"))
				return [][]byte{p2, p1}
			},
			"short": func(cs *Session) [][]byte { return [][]byte{make([]byte, 15)} },
		} {
			cs, ss := establish(t, conf)
			payloads := mangle(cs)
			var err error
			for _, p := range payloads {
				if _, err = ss.Unwrap(bytes.Clone(p)); err != nil {
					break
				}
			}
			if !errors.Is(err, ErrSecurityVerification) {
				t.Errorf("conf %v, %s: %v, want ErrSecurityVerification", conf, name, err)
				continue
			}
			// After a failure the receive half stays failed.
			p, _ := cs.Wrap(nil, []byte("later"))
			if _, err := ss.Unwrap(p); !errors.Is(err, ErrSecurityVerification) {
				t.Errorf("conf %v, %s: a later message was accepted (%v)", conf, name, err)
			}
		}
	}
}

func TestSignVerify(t *testing.T) {
	cs, ss := establish(t, true)
	msg := []byte("signed, not sealed")
	sig := cs.AppendSign(nil, msg)
	if err := ss.Verify(msg, sig); err != nil {
		t.Fatal(err)
	}
	sig2 := cs.AppendSign(nil, msg)
	if err := ss.Verify([]byte("signed, not Sealed"), sig2); !errors.Is(err, ErrSecurityVerification) {
		t.Fatalf("altered message verified: %v", err)
	}
}
