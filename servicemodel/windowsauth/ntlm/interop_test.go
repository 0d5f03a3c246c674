package ntlm

import (
	"bytes"
	"encoding/hex"
	"errors"
	"strings"
	"testing"
)

const peerUsers = "WWS:alice:Passw0rd!\n"

var alice = Credentials{Domain: "WWS", User: "alice", Password: "Passw0rd!"}

// interopMessages are sent both ways after each handshake: small, empty
// for the signature alone, one NNS frame's worth, several in a row so that
// sequence numbers and the RC4 keystreams must stay in step.
func interopMessages() [][]byte {
	return [][]byte{
		[]byte("<s:Envelope>Add 2 3</s:Envelope>"),
		[]byte("x"),
		bytes.Repeat([]byte("0123456789abcdef"), 63*1024/16),
		[]byte("after the big one"),
	}
}

// goClientToGSS runs a Go client against the gss-ntlmssp acceptor.
func goClientToGSS(t *testing.T, cred Credentials, conf bool) (*ClientContext, *gssPeer, []string) {
	p := startPeer(t, peerUsers, "--role", "accept")
	c := NewClient(ClientConfig{Credentials: cred, Confidentiality: conf, TargetName: "host/server.example", Workstation: "GOCLIENT"})
	neg, err := c.Negotiate()
	if err != nil {
		t.Fatal(err)
	}
	p.send("TOKEN", hex.EncodeToString(neg))
	auth, err := c.Authenticate(p.recvHex("TOKEN"))
	if err != nil {
		t.Fatal(err)
	}
	p.send("TOKEN", hex.EncodeToString(auth))
	w, err := p.next()
	if err != nil {
		t.Fatal(err)
	}
	return c, p, w
}

func TestGSSAcceptsGoClient(t *testing.T) {
	for _, conf := range []bool{true, false} {
		t.Run(map[bool]string{true: "EncryptAndSign", false: "Sign"}[conf], func(t *testing.T) {
			c, p, w := goClientToGSS(t, alice, conf)
			if w[0] != "ESTABLISHED" || w[1] != `WWS\alice` {
				t.Fatalf("gss acceptor: %q", w)
			}
			if got := strings.Contains(w[2], "confidentiality"); got != conf {
				t.Fatalf("gss acceptor's flags %s; confidentiality %v, want %v", w[2], got, conf)
			}
			s := c.Session()
			for _, msg := range interopMessages() {
				goToGSS(t, s, p, msg)
				gssToGo(t, p, s, msg)
			}
		})
	}
}

// goToGSS sends msg from the Go session to the peer: sealed payloads
// through gss_unwrap, signed ones through gss_verify_mic.
func goToGSS(t *testing.T, s *Session, p *gssPeer, msg []byte) {
	t.Helper()
	payload, err := s.Wrap(nil, msg)
	if err != nil {
		t.Fatal(err)
	}
	if s.Confidentiality() {
		got, err := p.unwrap(payload)
		if err != nil || !bytes.Equal(got, msg) {
			t.Fatalf("gss_unwrap of a Go-sealed %d-byte message: %d bytes, %v", len(msg), len(got), err)
		}
		return
	}
	if !bytes.Equal(payload[SignatureSize:], msg) {
		t.Fatal("a sign-only payload does not carry its plaintext")
	}
	p.send("VERIFY", hex.EncodeToString(msg), hex.EncodeToString(payload[:SignatureSize]))
	p.recv("OK")
}

// gssToGo sends msg from the peer to the Go session: gss_wrap (conf_req 1
// and 0 in turn; gss-ntlmssp seals either way) for a sealing session,
// gss_get_mic for a signing one.
func gssToGo(t *testing.T, p *gssPeer, s *Session, msg []byte) {
	t.Helper()
	if s.Confidentiality() {
		for _, conf := range []bool{true, false} {
			got, err := s.Unwrap(p.wrap(conf, msg))
			if err != nil || !bytes.Equal(got, msg) {
				t.Fatalf("Unwrap of gss_wrap(conf_req=%v) of %d bytes: %d bytes, %v", conf, len(msg), len(got), err)
			}
		}
		return
	}
	p.send("MIC", hex.EncodeToString(msg))
	sig := p.recvHex("DATA")
	got, err := s.Unwrap(append(sig, msg...))
	if err != nil || !bytes.Equal(got, msg) {
		t.Fatalf("Unwrap of gss_get_mic || message: %v", err)
	}
}

func TestGSSRejectsGoClient(t *testing.T) {
	for name, cred := range map[string]Credentials{
		"wrong password": {Domain: "WWS", User: "alice", Password: "wrong"},
		"unknown user":   {Domain: "WWS", User: "mallory", Password: "Passw0rd!"},
	} {
		t.Run(name, func(t *testing.T) {
			_, _, w := goClientToGSS(t, cred, true)
			if w[0] != "ERROR" {
				t.Fatalf("gss acceptor took %s: %q", name, w)
			}
		})
	}
}

// gssClientToGo runs the gss-ntlmssp initiator against a Go server.
func gssClientToGo(t *testing.T, cred Credentials, conf bool, users string) (*ServerContext, *gssPeer, error) {
	args := []string{"--role", "initiate", "--domain", cred.Domain, "--user", cred.User, "--password", cred.Password}
	if conf {
		args = append(args, "--conf")
	}
	p := startPeer(t, "", args...)
	uf, err := ParseUserFile(strings.NewReader(users))
	if err != nil {
		t.Fatal(err)
	}
	s := NewServer(ServerConfig{Users: uf, NetBIOSDomain: "WWS", NetBIOSComputer: "GOSERVER", DNSComputer: "goserver.example"})
	chal, err := s.Challenge(p.recvHex("TOKEN"))
	if err != nil {
		t.Fatal(err)
	}
	p.send("TOKEN", hex.EncodeToString(chal))
	auth := p.recvHex("TOKEN")
	if w := p.recv("ESTABLISHED"); len(w) < 3 || strings.Contains(w[2], "confidentiality") != conf {
		t.Fatalf("gss initiator: %q", w)
	}
	return s, p, s.Authenticate(auth)
}

func TestGoServerAcceptsGSSClient(t *testing.T) {
	for _, conf := range []bool{true, false} {
		t.Run(map[bool]string{true: "EncryptAndSign", false: "Sign"}[conf], func(t *testing.T) {
			s, p, err := gssClientToGo(t, alice, conf, peerUsers)
			if err != nil {
				t.Fatal(err)
			}
			if d, u := s.User(); d != "WWS" || u != "alice" {
				t.Fatalf("user %s\\%s", d, u)
			}
			sess := s.Session()
			if sess.Confidentiality() != conf {
				t.Fatalf("negotiated %v; confidentiality %v, want %v", sess.Flags(), sess.Confidentiality(), conf)
			}
			for _, msg := range interopMessages() {
				gssToGo(t, p, sess, msg)
				goToGSS(t, sess, p, msg)
			}
		})
	}
}

// The smbpasswd form of the user file: the Go server verifies the gss
// client by an NT hash.
func TestGoServerAcceptsGSSClientByNTHash(t *testing.T) {
	h := NTHash("Passw0rd!")
	users := "WWS\\alice:1000:" + strings.Repeat("X", 32) + ":" + hex.EncodeToString(h[:]) + ":[U          ]:LCT-00000000\n"
	if _, _, err := gssClientToGo(t, alice, true, users); err != nil {
		t.Fatal(err)
	}
}

func TestGoServerRejectsGSSClient(t *testing.T) {
	for name, cred := range map[string]Credentials{
		"wrong password": {Domain: "WWS", User: "alice", Password: "wrong"},
		"unknown user":   {Domain: "WWS", User: "mallory", Password: "Passw0rd!"},
	} {
		t.Run(name, func(t *testing.T) {
			s, _, err := gssClientToGo(t, cred, true, peerUsers)
			if !errors.Is(err, ErrLogonDenied) || s.Session() != nil {
				t.Fatalf("%v, want ErrLogonDenied", err)
			}
		})
	}
}

// Tampered, replayed and reordered messages are refused on both sides.
func TestGSSSessionRejects(t *testing.T) {
	c, p, w := goClientToGSS(t, alice, true)
	if w[0] != "ESTABLISHED" {
		t.Fatal(w)
	}
	s := c.Session()

	// Go → gss: a flipped bit in the sealed body, then in the checksum.
	for _, at := range []int{SignatureSize + 2, 6} {
		payload, _ := s.Wrap(nil, []byte("pay 10 EUR"))
		payload[at] ^= 0x01
		if _, err := p.unwrap(payload); err == nil {
			t.Fatalf("gss_unwrap took a payload altered at byte %d", at)
		}
	}

	// gss → Go: a replay of an accepted message is refused.
	c2, p2, _ := goClientToGSS(t, alice, true)
	s2 := c2.Session()
	tok := p2.wrap(true, []byte("once"))
	if _, err := s2.Unwrap(bytes.Clone(tok)); err != nil {
		t.Fatal(err)
	}
	if _, err := s2.Unwrap(tok); !errors.Is(err, ErrSecurityVerification) {
		t.Fatalf("replay: %v", err)
	}

	// gss → Go: two messages taken in the wrong order.
	c3, p3, _ := goClientToGSS(t, alice, true)
	first, second := p3.wrap(true, []byte("first")), p3.wrap(true, []byte("second"))
	if _, err := c3.Session().Unwrap(second); !errors.Is(err, ErrSecurityVerification) {
		t.Fatalf("out of order: %v (first was %d bytes)", err, len(first))
	}
}
