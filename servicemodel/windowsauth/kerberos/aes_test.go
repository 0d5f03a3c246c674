package kerberos

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/jcmturner/gokrb5/v8/crypto"
	"github.com/jcmturner/gokrb5/v8/iana/etypeID"
	"github.com/jcmturner/gokrb5/v8/types"
)

// The per-message crypto is checked against gokrb5's own RFC 3962
// implementation, both ways, for lengths around the block boundaries.
func TestAESAgainstGokrb5(t *testing.T) {
	for _, et := range []int32{etypeID.AES128_CTS_HMAC_SHA1_96, etypeID.AES256_CTS_HMAC_SHA1_96} {
		e, _ := crypto.GetEtype(et)
		key, err := types.GenerateEncryptionKey(e)
		if err != nil {
			t.Fatal(err)
		}
		const usage = 24
		k, err := newUsageKeys(key, usage)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range []int{0, 1, 15, 16, 17, 31, 32, 33, 47, 48, 100, 4096} {
			t.Run(fmt.Sprintf("%d/%d", et, n), func(t *testing.T) {
				msg := bytes.Repeat([]byte{0xA5, 0x3C, 0x01}, n)[:n]
				buf := append(make([]byte, confLen, confLen+n+hmacLen), msg...)
				ct := k.seal(buf)
				pt, err := e.DecryptMessage(key.KeyValue, ct, usage)
				if err != nil {
					t.Fatalf("gokrb5 cannot decrypt ours: %v", err)
				}
				if !bytes.Equal(pt, msg) {
					t.Fatalf("gokrb5 decrypted %x, want %x", pt, msg)
				}
				_, theirs, err := e.EncryptMessage(key.KeyValue, msg, usage)
				if err != nil {
					t.Fatal(err)
				}
				got, ok := k.open(theirs)
				if !ok || !bytes.Equal(got, msg) {
					t.Fatalf("ours cannot decrypt gokrb5's: ok=%v %x", ok, got)
				}
				theirs[len(theirs)/2] ^= 1
				if _, ok := k.open(theirs); ok {
					t.Fatal("a flipped bit went unnoticed")
				}
				sum := k.checksum(nil, msg[:n/2], msg[n/2:])
				want, err := e.GetChecksumHash(key.KeyValue, msg, usage)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(sum, want[:hmacLen]) {
					t.Fatalf("checksum %x, gokrb5 %x", sum, want)
				}
			})
		}
	}
}
