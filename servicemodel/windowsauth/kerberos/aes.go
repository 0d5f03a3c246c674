package kerberos

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"crypto/subtle"
	"hash"

	"github.com/jcmturner/gokrb5/v8/crypto"
	"github.com/jcmturner/gokrb5/v8/crypto/common"
	"github.com/jcmturner/gokrb5/v8/iana/etypeID"
	"github.com/jcmturner/gokrb5/v8/types"
)

// The RFC 3962 encryption types (aes128-cts-hmac-sha1-96 and
// aes256-cts-hmac-sha1-96) as the RFC 3961 simplified profile applies them
// to one key usage: for a message m,
//
//	conf = 16 random bytes
//	C    = AES-CBC-CTS(Ke, iv 0, conf | m)
//	H    = HMAC-SHA1(Ki, conf | m)[:12]
//	ciphertext = C | H
//
// and a checksum is HMAC-SHA1(Kc, m)[:12]. Ke, Ki and Kc are derived from
// the base key and the usage (RFC 3961 5.3, DK with usage|0xAA, |0x55,
// |0x99), here once per context with gokrb5's derivation rather than per
// message.

const (
	confLen = aes.BlockSize // the confounder
	hmacLen = 12            // HMAC-SHA1-96
)

// usageKeys are the derived keys of one key usage, with scratch space:
// one goroutine at a time uses them (a context's send or receive half).
type usageKeys struct {
	ke  cipher.Block
	enc cipher.BlockMode // CBC encrypter on ke, IV reset to zero per use
	dec cipher.BlockMode
	ki  hash.Hash // HMAC-SHA1 keyed with Ki, reset per message
	kc  hash.Hash // HMAC-SHA1 keyed with Kc

	sum [sha1.Size]byte
	tmp [4][aes.BlockSize]byte
	hdr [16]byte // a header with EC and RRC zeroed, for checksums
}

// ivSetter is crypto/cipher's CBC modes' way to start over with an IV.
type ivSetter interface{ SetIV([]byte) }

var zeroIV [aes.BlockSize]byte

// cbc returns m reset to the zero IV, or a new mode when m cannot be reset.
func cbc(m cipher.BlockMode, fresh func(cipher.Block, []byte) cipher.BlockMode, b cipher.Block) cipher.BlockMode {
	if s, ok := m.(ivSetter); ok {
		s.SetIV(zeroIV[:])
		return m
	}
	return fresh(b, zeroIV[:])
}

// newUsageKeys derives the keys of usage from an AES session key.
func newUsageKeys(key types.EncryptionKey, usage uint32) (*usageKeys, error) {
	switch key.KeyType {
	case etypeID.AES128_CTS_HMAC_SHA1_96, etypeID.AES256_CTS_HMAC_SHA1_96:
	default:
		return nil, fail(ErrUnsupported, "session key of encryption type %d (only aes128/aes256-cts-hmac-sha1-96)", key.KeyType)
	}
	et, err := crypto.GetEtype(key.KeyType)
	if err != nil {
		return nil, fail(ErrUnsupported, "%v", err)
	}
	if len(key.KeyValue) != et.GetKeyByteSize() {
		return nil, fail(ErrSecurityVerification, "session key of %d bytes for encryption type %d", len(key.KeyValue), key.KeyType)
	}
	ke, err := et.DeriveKey(key.KeyValue, common.GetUsageKe(usage))
	if err != nil {
		return nil, err
	}
	ki, err := et.DeriveKey(key.KeyValue, common.GetUsageKi(usage))
	if err != nil {
		return nil, err
	}
	kc, err := et.DeriveKey(key.KeyValue, common.GetUsageKc(usage))
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(ke)
	if err != nil {
		return nil, err
	}
	return &usageKeys{ke: block, enc: cipher.NewCBCEncrypter(block, zeroIV[:]), dec: cipher.NewCBCDecrypter(block, zeroIV[:]),
		ki: hmac.New(sha1.New, ki), kc: hmac.New(sha1.New, kc)}, nil
}

// seal encrypts buf in place: buf[:confLen] is overwritten with the
// confounder, buf[confLen:] holds the message; it returns buf with the
// 12-byte HMAC appended (buf must have room for it not to reallocate).
func (k *usageKeys) seal(buf []byte) []byte {
	_, _ = rand.Read(buf[:confLen])
	k.ki.Reset()
	k.ki.Write(buf)
	mac := k.ki.Sum(k.sum[:0])
	k.ctsEncrypt(buf)
	return append(buf, mac[:hmacLen]...)
}

// open decrypts ciphertext (C | H) in place and returns the message after
// the confounder; false when the HMAC does not match.
func (k *usageKeys) open(ciphertext []byte) ([]byte, bool) {
	if len(ciphertext) < confLen+hmacLen {
		return nil, false
	}
	c, h := ciphertext[:len(ciphertext)-hmacLen], ciphertext[len(ciphertext)-hmacLen:]
	k.ctsDecrypt(c)
	k.ki.Reset()
	k.ki.Write(c)
	if subtle.ConstantTimeCompare(k.ki.Sum(k.sum[:0])[:hmacLen], h) != 1 {
		return nil, false
	}
	return c[confLen:], true
}

// checksum appends the 12-byte checksum of the concatenated parts.
func (k *usageKeys) checksum(dst []byte, parts ...[]byte) []byte {
	k.kc.Reset()
	for _, p := range parts {
		k.kc.Write(p)
	}
	return append(dst, k.kc.Sum(k.sum[:0])[:hmacLen]...)
}

// ctsEncrypt is AES-CBC with ciphertext stealing and a zero IV (RFC 3962
// 5), in place: CBC over the blocks, the last one zero-padded, then the
// last two ciphertext blocks swapped and the result cut to len(buf). buf
// must hold at least one block.
func (k *usageKeys) ctsEncrypt(buf []byte) {
	const bs = aes.BlockSize
	if len(buf) == bs {
		k.ke.Encrypt(buf, buf)
		return
	}
	n := (len(buf) + bs - 1) / bs // blocks, the last possibly partial
	m := len(buf) - (n-1)*bs      // bytes in the last block, 1..16
	k.enc = cbc(k.enc, cipher.NewCBCEncrypter, k.ke)
	k.enc.CryptBlocks(buf[:(n-1)*bs], buf[:(n-1)*bs])
	prev := buf[(n-2)*bs : (n-1)*bs] // C(n-1)
	last, cn1 := k.tmp[0][:], k.tmp[1][:]
	clear(last)
	copy(last, buf[(n-1)*bs:])
	subtle.XORBytes(last, last, prev) // Pn padded with zeros, XOR C(n-1)
	k.ke.Encrypt(last, last)          // Cn
	copy(cn1, prev)
	copy(buf[(n-2)*bs:], last)
	copy(buf[(n-1)*bs:], cn1[:m])
}

// ctsDecrypt inverts ctsEncrypt in place.
func (k *usageKeys) ctsDecrypt(buf []byte) {
	const bs = aes.BlockSize
	if len(buf) == bs {
		k.ke.Decrypt(buf, buf)
		return
	}
	n := (len(buf) + bs - 1) / bs
	m := len(buf) - (n-1)*bs
	// Cn (full) sits at block n-1, the head of C(n-1) in the last m bytes.
	cn, cn1, d, pn1 := k.tmp[0][:], k.tmp[1][:], k.tmp[2][:], k.tmp[3][:]
	copy(cn, buf[(n-2)*bs:(n-1)*bs])
	k.ke.Decrypt(d, cn) // C(n-1) XOR (Pn padded)
	copy(cn1, buf[(n-1)*bs:])
	copy(cn1[m:], d[m:])                            // C(n-1) whole
	subtle.XORBytes(buf[(n-1)*bs:], d[:m], cn1[:m]) // Pn
	prev := zeroIV[:]
	if n > 2 {
		prev = buf[(n-3)*bs : (n-2)*bs]
	}
	k.ke.Decrypt(pn1, cn1)
	subtle.XORBytes(pn1, pn1, prev)
	if n > 2 {
		k.dec = cbc(k.dec, cipher.NewCBCDecrypter, k.ke)
		k.dec.CryptBlocks(buf[:(n-2)*bs], buf[:(n-2)*bs])
	}
	copy(buf[(n-2)*bs:], pn1)
}
