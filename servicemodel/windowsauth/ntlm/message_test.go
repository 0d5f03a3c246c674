package ntlm

import (
	"bytes"
	"encoding/hex"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// gssTokens returns the NEGOTIATE, CHALLENGE and AUTHENTICATE of a real
// gss-ntlmssp exchange (testdata/gss_tokens.hex; user WWS\alice, target
// host@server.example, both sides gss-ntlmssp 1.2.0 via python3-gssapi).
func gssTokens(t testing.TB) [3][]byte {
	b, err := os.ReadFile("testdata/gss_tokens.hex")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Fields(string(b))
	if len(lines) != 3 {
		t.Fatalf("%d tokens in testdata/gss_tokens.hex", len(lines))
	}
	var toks [3][]byte
	for i, l := range lines {
		if toks[i], err = hex.DecodeString(l); err != nil {
			t.Fatal(err)
		}
	}
	return toks
}

func TestParseGSSTokens(t *testing.T) {
	toks := gssTokens(t)
	nm, err := ParseNegotiate(toks[0])
	if err != nil {
		t.Fatal(err)
	}
	if !nm.Flags.Has(FlagUnicode|FlagSign|FlagSeal|FlagExtendedSessionSecurity|FlagKeyExchange|Flag128) || nm.Version.Revision != 15 {
		t.Errorf("NEGOTIATE flags %v version %+v", nm.Flags, nm.Version)
	}
	cm, err := ParseChallenge(toks[1])
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := cm.TargetInfo.Get(AvTimestamp); !ok || cm.TargetName == "" {
		t.Errorf("CHALLENGE target %q info %v", cm.TargetName, cm.TargetInfo)
	}
	am, err := ParseAuthenticate(toks[2])
	if err != nil {
		t.Fatal(err)
	}
	if am.Domain != "WWS" || am.User != "alice" || len(am.EncryptedRandomSessionKey) != 16 || len(am.NtChallengeResponse) <= 44 {
		t.Errorf("AUTHENTICATE %q\\%q, key %d bytes, NT response %d bytes", am.Domain, am.User, len(am.EncryptedRandomSessionKey), len(am.NtChallengeResponse))
	}
	info, err := ParseAVPairs(am.NtChallengeResponse[16+ntlmv2TempHeader:])
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := info.Get(AvTargetName); string(v) != string(encodeString("host/server.example", true)) {
		t.Errorf("MsvAvTargetName %q", v)
	}
}

// Every message parses back to what it was encoded from. (Bytes may
// differ: gss-ntlmssp gives an empty field offset 0, this package the
// offset where its payload would begin, as Windows does.)
func TestMarshalRoundTrip(t *testing.T) {
	toks := gssTokens(t)
	nm, _ := ParseNegotiate(toks[0])
	cm, _ := ParseChallenge(toks[1])
	am, _ := ParseAuthenticate(toks[2])
	if b, err := nm.Marshal(); err != nil {
		t.Fatal(err)
	} else if back, err := ParseNegotiate(b); err != nil || !cmp.Equal(back, nm) {
		t.Errorf("NEGOTIATE: %v", cmp.Diff(nm, back))
	}
	if b, err := cm.Marshal(); err != nil || !bytes.Equal(b, toks[1]) {
		t.Errorf("CHALLENGE re-encoded\n%x\nwant\n%x (%v)", b, toks[1], err)
	}
	if b, err := am.Marshal(); err != nil || !bytes.Equal(b, toks[2]) {
		t.Errorf("AUTHENTICATE re-encoded\n%x\nwant\n%x (%v)", b, toks[2], err)
	}
}

func TestParseTruncated(t *testing.T) {
	toks := gssTokens(t)
	parsers := []func([]byte) error{
		func(b []byte) error { _, err := ParseNegotiate(b); return err },
		func(b []byte) error { _, err := ParseChallenge(b); return err },
		func(b []byte) error { _, err := ParseAuthenticate(b); return err },
	}
	for i, tok := range toks {
		for n := range len(tok) {
			if err := parsers[i](tok[:n]); !errors.Is(err, ErrMalformedMessage) || !errors.Is(err, ErrSecurityVerification) {
				t.Fatalf("token %d cut to %d bytes: %v", i, n, err)
			}
		}
	}
}

func TestParseRejects(t *testing.T) {
	toks := gssTokens(t)
	mod := func(i int, f func(b []byte)) []byte {
		b := bytes.Clone(toks[i])
		f(b)
		return b
	}
	for name, tc := range map[string]struct {
		b     []byte
		parse func([]byte) error
	}{
		"wrong type":          {mod(0, func(b []byte) { b[8] = 2 }), func(b []byte) error { _, err := ParseNegotiate(b); return err }},
		"wrong signature":     {mod(1, func(b []byte) { b[0] = 'M' }), func(b []byte) error { _, err := ParseChallenge(b); return err }},
		"offset past end":     {mod(1, func(b []byte) { b[44] = 0xFF }), func(b []byte) error { _, err := ParseChallenge(b); return err }},
		"offset in header":    {mod(2, func(b []byte) { b[24] = 8 }), func(b []byte) error { _, err := ParseAuthenticate(b); return err }},
		"length past end":     {mod(2, func(b []byte) { b[21] = 0x7F }), func(b []byte) error { _, err := ParseAuthenticate(b); return err }},
		"odd UTF-16 user":     {mod(2, func(b []byte) { b[36] = 9 }), func(b []byte) error { _, err := ParseAuthenticate(b); return err }},
		"AV list without EOL": {mod(1, func(b []byte) { b[40] -= 4 }), func(b []byte) error { _, err := ParseChallenge(b); return err }},
		"too long":            {append(bytes.Clone(toks[0]), make([]byte, maxToken)...), func(b []byte) error { _, err := ParseNegotiate(b); return err }},
	} {
		if err := tc.parse(tc.b); !errors.Is(err, ErrMalformedMessage) {
			t.Errorf("%s: %v, want ErrMalformedMessage", name, err)
		}
	}
}

func TestAVPairs(t *testing.T) {
	for name, in := range map[string]string{
		"no EOL":         "0100020041",
		"value past end": "01000800410000000000",
		"repeated id":    "0100020041000100020042000000 0000",
		"empty":          "",
	} {
		if _, err := ParseAVPairs(unhex(t, in)); !errors.Is(err, ErrMalformedMessage) {
			t.Errorf("%s: %v", name, err)
		}
	}
	p, err := ParseAVPairs(unhex(t, "0100020041000700080001020304050607080000000000000000"))
	if err != nil || len(p) != 2 {
		t.Fatalf("%v, %v", p, err)
	}
	if got := hex.EncodeToString(p.AppendTo(nil)); got != "01000200410007000800010203040506070800000000" {
		t.Fatalf("re-encoded %s", got)
	}
}

func TestFlagsString(t *testing.T) {
	if got := (FlagUnicode | FlagSeal | 0x4000).String(); got != "UNICODE|SEAL|0x4000" {
		t.Fatalf("got %q", got)
	}
	if got := NegotiateFlags(0).String(); got != "0" {
		t.Fatalf("got %q", got)
	}
}
