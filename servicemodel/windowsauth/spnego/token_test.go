package spnego

import (
	"bytes"
	"encoding/hex"
	"testing"
)

// Tokens of a real exchange between MIT krb5's SPNEGO over gss-ntlmssp
// initiator and acceptor (python3-gssapi), the NTLM messages shortened
// where noted.
const (
	gssInit = "604806062b0601050502a03e303ca00e300c060a2b06010401823702020aa22a04284e544c4d5353500001000000378208e200000000000000000000000000000000060200000000000f"
	gssLast = "a11b3019a0030a0100a312041001000000fc7ae685b7d0743b00000000"
)

func TestParseGSSTokens(t *testing.T) {
	b, _ := hex.DecodeString(gssInit)
	init, resp, err := Parse(b)
	if err != nil || resp != nil {
		t.Fatal(err)
	}
	if len(init.MechTypes) != 1 || !init.MechTypes[0].Equal(OIDNTLM) || !bytes.HasPrefix(init.MechToken, []byte("NTLMSSP\x00\x01")) {
		t.Fatalf("init %+v", init)
	}
	if hex.EncodeToString(init.RawMechTypes) != "300c060a2b06010401823702020a" {
		t.Fatalf("raw mech types %x", init.RawMechTypes)
	}
	again, err := init.Marshal()
	if err != nil || !bytes.Equal(again, b) {
		t.Fatalf("re-encoded %x, %v", again, err)
	}
	b, _ = hex.DecodeString(gssLast)
	_, resp, err = Parse(b)
	if err != nil || resp.NegState != NegStateAcceptCompleted || len(resp.MechListMIC) != 16 || resp.ResponseToken != nil {
		t.Fatalf("resp %+v, %v", resp, err)
	}
	again, err = resp.Marshal()
	if err != nil || !bytes.Equal(again, b) {
		t.Fatalf("re-encoded %x, %v", again, err)
	}
}

func TestRespRoundTrip(t *testing.T) {
	for _, m := range []NegTokenResp{
		{NegState: NegStateAbsent, ResponseToken: []byte("tok")},
		{NegState: NegStateAcceptIncomplete, SupportedMech: OIDNTLM, ResponseToken: []byte("challenge")},
		{NegState: NegStateReject},
	} {
		b, err := m.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		_, got, err := Parse(b)
		if err != nil || got.NegState != m.NegState || !got.SupportedMech.Equal(m.SupportedMech) || !bytes.Equal(got.ResponseToken, m.ResponseToken) {
			t.Fatalf("%+v came back as %+v, %v", m, got, err)
		}
	}
}

func TestParseRejects(t *testing.T) {
	good, _ := hex.DecodeString(gssInit)
	for name, in := range map[string][]byte{
		"empty":          nil,
		"truncated":      good[:len(good)-1],
		"trailing bytes": append(bytes.Clone(good), 0),
		"other mech":     {0x60, 0x0b, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x12, 0x01, 0x02, 0x02},
		"negState 9":     {0xa1, 0x07, 0x30, 0x05, 0xa0, 0x03, 0x0a, 0x01, 0x09},
		"raw NTLMSSP":    []byte("NTLMSSP\x00\x01\x00\x00\x00"),
		"no mechs":       {0xa0, 0x06, 0x30, 0x04, 0xa0, 0x02, 0x30, 0x00},
	} {
		if _, _, err := Parse(in); err == nil {
			t.Errorf("%s: parsed", name)
		}
	}
}
