package kerberos

import (
	"bytes"
	"crypto/hmac"
	"crypto/md5"
	"crypto/rand"
	"crypto/rc4"
	"crypto/subtle"
	"encoding/binary"
	"hash"
)

// RC4-HMAC per-message tokens (RFC 4757 7, the RFC 1964 token layout),
// for contexts whose key is of type rc4-hmac (23). Each token is framed
// like a context token ([APPLICATION 0] { OID, token }) and starts with
//
//	TOK_ID (02 01 Wrap, 01 01 MIC) | SGN_ALG 11 00 (HMAC-MD5) |
//	SEAL_ALG 10 00 (RC4) or FF FF | filler FF FF (MIC: FF FF FF FF) |
//	SND_SEQ 8 | SGN_CKSUM 8 [| confounder 8 | data and 1 pad byte (Wrap)]
//
// With Kss the key:
//
//	SGN_CKSUM = HMAC-MD5(HMAC-MD5(Kss, "signaturekey\0"),
//	            MD5(usage LE32 | header 8 | confounder | data | pad))[:8]
//	            (usage 13 for Wrap, 15 for MIC)
//	SND_SEQ   = RC4(HMAC-MD5(HMAC-MD5(Kss, 0 LE32), SGN_CKSUM),
//	            seq BE32 | 4 direction bytes (00 initiator, FF acceptor))
//	sealed    = RC4(HMAC-MD5(HMAC-MD5(Kss^F0…, 0 LE32), seq BE32),
//	            confounder | data | pad)
//
// as MIT krb5 (k5seal.c, k5unseal.c) and Windows make them.

const (
	rc4HeaderLen = 32 // TOK_ID through the confounder
	rc4MICLen    = 24
	rc4UsageWrap = 13
	rc4UsageMIC  = 15
)

var (
	rc4TokWrap = [2]byte{0x02, 0x01}
	rc4TokMIC  = [2]byte{0x01, 0x01}
)

// rc4Keys is an RC4-HMAC context's per-message state: the HMACs keyed
// once per context, reset per message.
type rc4Keys struct {
	sign  hash.Hash // HMAC-MD5 keyed with HMAC-MD5(Kss, "signaturekey\0")
	seq   hash.Hash // HMAC-MD5 keyed with HMAC-MD5(Kss, 0 LE32)
	crypt hash.Hash // HMAC-MD5 keyed with HMAC-MD5(Kss^F0…, 0 LE32)
	md5   hash.Hash
	sum   [md5.Size]byte
	key   [md5.Size]byte
}

func newRC4Keys(key []byte) (*rc4Keys, error) {
	if len(key) != 16 {
		return nil, fail(ErrSecurityVerification, "rc4-hmac key of %d bytes", len(key))
	}
	keyed := func(base []byte, data []byte) hash.Hash {
		m := hmac.New(md5.New, base)
		m.Write(data)
		return hmac.New(md5.New, m.Sum(nil))
	}
	local := make([]byte, 16)
	for i := range local {
		local[i] = key[i] ^ 0xF0
	}
	zero := []byte{0, 0, 0, 0}
	return &rc4Keys{sign: keyed(key, []byte("signaturekey\x00")), seq: keyed(key, zero), crypt: keyed(local, zero), md5: md5.New()}, nil
}

// checksum returns the 8-byte SGN_CKSUM of parts under usage.
func (k *rc4Keys) checksum(usage uint32, parts ...[]byte) [8]byte {
	d := k.md5
	d.Reset()
	binary.LittleEndian.PutUint32(k.key[:4], usage)
	d.Write(k.key[:4])
	for _, p := range parts {
		d.Write(p)
	}
	k.sign.Reset()
	k.sign.Write(d.Sum(k.sum[:0]))
	var out [8]byte
	copy(out[:], k.sign.Sum(k.sum[:0]))
	return out
}

// stream returns RC4 keyed with mac(kd) (mac: k.seq or k.crypt).
func (k *rc4Keys) stream(mac hash.Hash, kd []byte) *rc4.Cipher {
	mac.Reset()
	mac.Write(kd)
	c, _ := rc4.NewCipher(mac.Sum(k.key[:0]))
	return c
}

func direction(acceptor bool) byte {
	if acceptor {
		return 0xFF
	}
	return 0
}

// rc4Wrap appends the framed Wrap token of plaintext.
func (c *Context) rc4Wrap(dst, plaintext []byte, seal bool) []byte {
	k := c.rc4Send
	seq := uint32(c.sendSeq)
	c.sendSeq++
	inner := make([]byte, 0, len(oidDER)+rc4HeaderLen+len(plaintext)+1)
	inner = append(inner, oidDER...)
	h := len(inner)
	inner = append(inner, rc4TokWrap[0], rc4TokWrap[1], 0x11, 0x00, 0x10, 0x00, 0xFF, 0xFF)
	if !seal {
		inner[h+4], inner[h+5] = 0xFF, 0xFF
	}
	inner = append(inner, make([]byte, 16)...) // SND_SEQ, SGN_CKSUM
	conf := len(inner)
	inner = append(inner, make([]byte, 8)...)
	_, _ = rand.Read(inner[conf:])
	inner = append(inner, plaintext...)
	inner = append(inner, 0x01) // RC4's one pad byte
	sum := k.checksum(rc4UsageWrap, inner[h:h+8], inner[conf:])
	copy(inner[h+16:], sum[:])
	var sq [8]byte
	binary.BigEndian.PutUint32(sq[:], seq)
	for i := 4; i < 8; i++ {
		sq[i] = direction(c.acceptor)
	}
	k.stream(k.seq, sum[:]).XORKeyStream(inner[h+8:h+16], sq[:])
	if seal {
		k.stream(k.crypt, sq[:4]).XORKeyStream(inner[conf:], inner[conf:])
	}
	return append(dst, frameRaw(inner)...)
}

// rc4Unwrap checks a framed Wrap token and returns its plaintext.
func (c *Context) rc4Unwrap(token []byte) ([]byte, bool, error) {
	tok, err := rc4Inner(token, rc4TokWrap, rc4HeaderLen+1)
	if err != nil {
		return nil, false, err
	}
	var sealed bool
	switch {
	case tok[4] == 0x10 && tok[5] == 0x00:
		sealed = true
	case tok[4] == 0xFF && tok[5] == 0xFF:
	default:
		return nil, false, fail(ErrSecurityVerification, "rc4 wrap token SEAL_ALG %x", tok[4:6])
	}
	sq, err := c.rc4Seq(tok)
	if err != nil {
		return nil, false, err
	}
	body := tok[24:] // confounder | data | pad
	if sealed {
		c.rc4Recv.stream(c.rc4Recv.crypt, sq[:4]).XORKeyStream(body, body)
	}
	want := c.rc4Recv.checksum(rc4UsageWrap, tok[:8], body)
	if subtle.ConstantTimeCompare(want[:], tok[16:24]) != 1 {
		return nil, false, fail(ErrSecurityVerification, "rc4 wrap token checksum does not match")
	}
	pad := int(body[len(body)-1])
	if pad < 1 || pad > 8 || len(body) < 8+pad || !bytes.Equal(body[len(body)-pad:], bytes.Repeat([]byte{byte(pad)}, pad)) {
		return nil, false, fail(ErrSecurityVerification, "rc4 wrap token padding")
	}
	return body[8 : len(body)-pad], sealed, nil
}

// rc4Seq decrypts and checks a token's sequence number.
func (c *Context) rc4Seq(tok []byte) ([8]byte, error) {
	var sq [8]byte
	c.rc4Recv.stream(c.rc4Recv.seq, tok[16:24]).XORKeyStream(sq[:], tok[8:16])
	dir := direction(!c.acceptor)
	if sq[4] != dir || sq[5] != dir || sq[6] != dir || sq[7] != dir {
		return sq, fail(ErrSecurityVerification, "rc4 token of this side's own direction or garbled")
	}
	if got := binary.BigEndian.Uint32(sq[:4]); got != uint32(c.recvSeq) {
		return sq, fail(ErrSecurityVerification, "token sequence number %d, want %d", got, uint32(c.recvSeq))
	}
	return sq, nil
}

// rc4MIC appends the framed MIC token of msg.
func (c *Context) rc4MIC(dst, msg []byte) []byte {
	k := c.rc4Send
	seq := uint32(c.sendSeq)
	c.sendSeq++
	inner := append([]byte(nil), oidDER...)
	h := len(inner)
	inner = append(inner, rc4TokMIC[0], rc4TokMIC[1], 0x11, 0x00, 0xFF, 0xFF, 0xFF, 0xFF)
	inner = append(inner, make([]byte, 16)...)
	sum := k.checksum(rc4UsageMIC, inner[h:h+8], msg)
	copy(inner[h+16:], sum[:])
	var sq [8]byte
	binary.BigEndian.PutUint32(sq[:], seq)
	for i := 4; i < 8; i++ {
		sq[i] = direction(c.acceptor)
	}
	k.stream(k.seq, sum[:]).XORKeyStream(inner[h+8:h+16], sq[:])
	return append(dst, frameRaw(inner)...)
}

// rc4VerifyMIC checks a framed MIC token of msg.
func (c *Context) rc4VerifyMIC(msg, mic []byte) error {
	tok, err := rc4Inner(mic, rc4TokMIC, rc4MICLen)
	if err != nil {
		return err
	}
	if len(tok) != rc4MICLen || !bytes.Equal(tok[4:8], []byte{0xFF, 0xFF, 0xFF, 0xFF}) {
		return fail(ErrSecurityVerification, "malformed rc4 MIC token")
	}
	if _, err := c.rc4Seq(tok); err != nil {
		return err
	}
	want := c.rc4Recv.checksum(rc4UsageMIC, tok[:8], msg)
	if subtle.ConstantTimeCompare(want[:], tok[16:24]) != 1 {
		return fail(ErrSecurityVerification, "rc4 MIC does not match")
	}
	return nil
}

// rc4Inner unwraps the GSS framing of an RC4 token of kind id, at least
// min bytes after the OID.
func rc4Inner(token []byte, id [2]byte, min int) ([]byte, error) {
	inner, err := unframeRaw(token)
	if err != nil {
		return nil, err
	}
	if len(inner) < min || inner[0] != id[0] || inner[1] != id[1] || inner[2] != 0x11 || inner[3] != 0x00 {
		return nil, fail(ErrSecurityVerification, "not an rc4-hmac token of type %x", id)
	}
	if id == rc4TokWrap && (inner[6] != 0xFF || inner[7] != 0xFF) {
		return nil, fail(ErrSecurityVerification, "rc4 wrap token filler")
	}
	return inner, nil
}
