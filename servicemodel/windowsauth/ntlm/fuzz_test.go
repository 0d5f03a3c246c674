package ntlm

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// The parsers' fuzz targets, seeded with the real gss-ntlmssp tokens
// (testdata/gss_tokens.hex), the [MS-NLMP] 4.2.4 messages and tokens of
// this package's own client and server. Every input either parses or gives
// ErrMalformedMessage; what parses encodes and parses back to the same.

func addSeeds(f *testing.F) {
	toks := gssTokens(f)
	for _, tok := range toks {
		f.Add(tok)
	}
	f.Add(unhex(f, specChallenge))
	f.Add(unhex(f, specAuthenticate))
	c := NewClient(ClientConfig{Credentials: alice, Confidentiality: true, TargetName: "host/x"})
	s := NewServer(ServerConfig{Users: &UserFile{}})
	neg, _ := c.Negotiate()
	chal, _ := s.Challenge(neg)
	auth, _ := c.Authenticate(chal)
	f.Add(neg)
	f.Add(chal)
	f.Add(auth)
}

func checkParseErr(t *testing.T, err error) {
	if !errors.Is(err, ErrMalformedMessage) || !errors.Is(err, ErrSecurityVerification) {
		t.Fatalf("unclassified error %v", err)
	}
}

func FuzzParseNegotiate(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, in []byte) {
		m, err := ParseNegotiate(in)
		if err != nil {
			checkParseErr(t, err)
			return
		}
		b, err := m.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		back, err := ParseNegotiate(b)
		if err != nil || back.Flags != m.Flags || back.Domain != m.Domain || back.Workstation != m.Workstation {
			t.Fatalf("re-parse: %+v, %v; want %+v", back, err, m)
		}
	})
}

func FuzzParseChallenge(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, in []byte) {
		m, err := ParseChallenge(in)
		if err != nil {
			checkParseErr(t, err)
			return
		}
		b, err := m.Marshal()
		if err != nil {
			return // a TargetName that grew past 64 KiB as UTF-16 from invalid input
		}
		back, err := ParseChallenge(b)
		if err != nil || back.Flags != m.Flags || back.ServerChallenge != m.ServerChallenge || len(back.TargetInfo) != len(m.TargetInfo) {
			t.Fatalf("re-parse: %+v, %v; want %+v", back, err, m)
		}
	})
}

func FuzzParseAuthenticate(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, in []byte) {
		m, err := ParseAuthenticate(in)
		if err != nil {
			checkParseErr(t, err)
			return
		}
		b, err := m.Marshal()
		if err != nil {
			return
		}
		back, err := ParseAuthenticate(b)
		if err != nil || back.Flags != m.Flags || !bytes.Equal(back.NtChallengeResponse, m.NtChallengeResponse) ||
			!bytes.Equal(back.MIC, m.MIC) || back.User != m.User {
			t.Fatalf("re-parse: %+v, %v; want %+v", back, err, m)
		}
	})
}

// FuzzServerAuthenticate feeds arbitrary AUTHENTICATE messages to a server
// that issued a challenge: each is refused with a classified error unless
// it is the real client's.
func FuzzServerAuthenticate(f *testing.F) {
	addSeeds(f)
	users, _ := ParseUserFile(strings.NewReader(peerUsers))
	f.Fuzz(func(t *testing.T, in []byte) {
		c := NewClient(ClientConfig{Credentials: alice, Confidentiality: true})
		s := NewServer(ServerConfig{Users: users, Rand: bytes.NewReader(make([]byte, 8))})
		neg, _ := c.Negotiate()
		if _, err := s.Challenge(neg); err != nil {
			t.Fatal(err)
		}
		if err := s.Authenticate(in); err == nil {
			t.Fatalf("accepted a fuzzed AUTHENTICATE %x", in)
		} else if !errors.Is(err, ErrSecurityVerification) {
			t.Fatalf("unclassified error %v", err)
		}
	})
}

// FuzzSessionUnwrap feeds arbitrary payloads to an established session.
func FuzzSessionUnwrap(f *testing.F) {
	c, s := NewClient(ClientConfig{Credentials: alice, Confidentiality: true}), NewServer(ServerConfig{Users: &UserFile{entries: []userEntry{{user: "alice", hash: NTHash("Passw0rd!")}}}})
	neg, _ := c.Negotiate()
	chal, _ := s.Challenge(neg)
	auth, _ := c.Authenticate(chal)
	if err := s.Authenticate(auth); err != nil {
		f.Fatal(err)
	}
	good, _ := c.Session().Wrap(nil, []byte("<Envelope/>"))
	f.Add(good)
	f.Add(good[:15])
	f.Fuzz(func(t *testing.T, in []byte) {
		sess := newSession(s.Session().flags, [16]byte{1}, false)
		if _, err := sess.Unwrap(in); err == nil {
			t.Fatalf("a session with an unrelated key unwrapped %x", in)
		} else if !errors.Is(err, ErrSecurityVerification) {
			t.Fatalf("unclassified error %v", err)
		}
	})
}
