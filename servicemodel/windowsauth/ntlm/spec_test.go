package ntlm

import (
	"bytes"
	"crypto/rc4"
	"encoding/hex"
	"strings"
	"testing"
)

// The known answers of [MS-NLMP] 4.2.4 (NTLMv2 authentication): user
// "User", domain "Domain", password "Password", server challenge
// 0123456789abcdef, client challenge aaaaaaaaaaaaaaaa, time 0, random
// session key 55…55.

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.Join(strings.Fields(s), ""))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func checkHex(t *testing.T, what string, got []byte, want string) {
	t.Helper()
	if hex.EncodeToString(got) != want {
		t.Errorf("%s = %x, want %s", what, got, want)
	}
}

// specChallenge is the CHALLENGE_MESSAGE of [MS-NLMP] 4.2.4.3.
const specChallenge = `4e544c4d53535000020000000c000c003800000033828ae20123456789abcdef
00000000000000002400240044000000060070170000000f5300650072007600
6500720002000c0044006f006d00610069006e0001000c005300650072007600
6500720000000000`

// specAuthenticate is the AUTHENTICATE_MESSAGE of [MS-NLMP] 4.2.4.3.
const specAuthenticate = `4e544c4d535350000300000018001800
6c00000054005400840000000c000c00 48000000080008005400000010001000
5c00000010001000d8000000358288e2 0501280a0000000f44006f006d006100
69006e00550073006500720043004f00 4d005000550054004500520086c35097
ac9cec102554764a57cccc19aaaaaaaa aaaaaaaa68cd0ab851e51c96aabc927b
ebef6a1c010100000000000000000000 00000000aaaaaaaaaaaaaaaa00000000
02000c0044006f006d00610069006e00 01000c00530065007200760065007200
0000000000000000c5dad2544fc97990 94ce1ce90bc9d03e`

func TestSpecNTLMv2(t *testing.T) {
	respKey := ntowfv2(NTHash("Password"), "User", "Domain")
	checkHex(t, "NTOWFv2", respKey[:], "0c868a403bfd7a93a3001ef22ef02e3f")
	ch, err := ParseChallenge(unhex(t, specChallenge))
	if err != nil {
		t.Fatal(err)
	}
	if ch.TargetName != "Server" || ch.Flags != 0xe28a8233 {
		t.Fatalf("challenge: target %q flags %v", ch.TargetName, ch.Flags)
	}
	cc := [8]byte(bytes.Repeat([]byte{0xAA}, 8))
	temp := ntlmv2Temp(0, cc, ch.TargetInfo.AppendTo(nil))
	proof := ntProofStr(respKey, ch.ServerChallenge, temp)
	checkHex(t, "NTProofStr", proof[:], "68cd0ab851e51c96aabc927bebef6a1c")
	base := sessionBaseKey(respKey, proof)
	checkHex(t, "SessionBaseKey", base[:], "8de40ccadbc14a82f15cb0ad0de95ca3")
	lm := hmacMD5(respKey[:], ch.ServerChallenge[:], cc[:])
	checkHex(t, "LMv2 response", lm[:], "86c35097ac9cec102554764a57cccc19")
	enc := make([]byte, 16)
	k, _ := rc4.NewCipher(base[:])
	k.XORKeyStream(enc, bytes.Repeat([]byte{0x55}, 16))
	checkHex(t, "EncryptedRandomSessionKey", enc, "c5dad2544fc9799094ce1ce90bc9d03e")
}

// TestSpecServerSession checks the server side against the spec's
// AUTHENTICATE, then the keys and the sealed message of [MS-NLMP] 4.2.4.4.
func TestSpecServerSession(t *testing.T) {
	users, _ := ParseUserFile(strings.NewReader("Domain:User:Password\n"))
	s := NewServer(ServerConfig{Users: users})
	s.negotiate = []byte{} // the spec shows no NEGOTIATE; its AUTHENTICATE has no MIC
	s.challenge = unhex(t, specChallenge)
	var err error
	if s.chal, err = ParseChallenge(s.challenge); err != nil {
		t.Fatal(err)
	}
	if err := s.Authenticate(unhex(t, specAuthenticate)); err != nil {
		t.Fatal(err)
	}
	if d, u := s.User(); d != "Domain" || u != "User" {
		t.Fatalf("user %q\\%q", d, u)
	}
	sess := s.Session()
	checkHex(t, "client signing key", sess.recv.signKey[:], "4788dc861b4782f35d43fd98fe1a2d39")
	// 4.2.4.4: "Plaintext" in UTF-16 sealed by the client with sequence 0.
	payload := unhex(t, "010000007fb38ec5c55d497600000000 54e50165bf1936dc996020c1811b0f06fb5f")
	plain, err := sess.Unseal(payload)
	if err != nil {
		t.Fatal(err)
	}
	if want := encodeString("Plaintext", true); !bytes.Equal(plain, want) {
		t.Fatalf("unsealed %x, want %x", plain, want)
	}
}

// TestSpecClientSeal seals as the spec's client did and gets its bytes.
func TestSpecClientSeal(t *testing.T) {
	sess := newSession(0xe2888235&^FlagVersion|FlagSeal, [16]byte(bytes.Repeat([]byte{0x55}, 16)), true)
	got := sess.AppendSeal(nil, encodeString("Plaintext", true))
	checkHex(t, "sealed", got, "010000007fb38ec5c55d49760000000054e50165bf1936dc996020c1811b0f06fb5f")
}
