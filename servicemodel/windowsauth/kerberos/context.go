package kerberos

import (
	"bytes"
	"crypto/subtle"
	"slices"

	"github.com/jcmturner/gokrb5/v8/iana/etypeID"
	"github.com/jcmturner/gokrb5/v8/types"
)

// Context is an established Kerberos GSS-API context's per-message
// protection (RFC 4121 4.2). Its send half (Wrap, MIC) and receive half
// (Unwrap, VerifyMIC) are independent: one goroutine may send while
// another receives, each half used by one goroutine at a time. Sequence
// numbers are checked strictly (the tokens of a stream arrive in order);
// a token that fails a check leaves the receive half unusable.
type Context struct {
	acceptor       bool // this side accepted the context
	acceptorSubkey bool // tokens are protected with the acceptor's subkey
	conf           bool // the peer agreed to confidentiality
	integ          bool

	sendSeal, sendSign *usageKeys
	sendSeq            uint64

	recvSeal, recvSign *usageKeys
	recvSeq            uint64

	// rc4Send and rc4Recv replace the above for an rc4-hmac key (RFC
	// 4757); both are on the one key, apart so each half has its own
	// scratch space.
	rc4Send, rc4Recv *rc4Keys
	recvScratch      []byte // a copy of a token whose EC makes two readings possible
	broken           bool
}

// RFC 4121 2 key usages: Wrap tokens, sealed or not, use the SEAL usage
// (the checksum of an unsealed one too, 4.2.4); MIC tokens the SIGN one.
const (
	usageAcceptorSeal  = 22
	usageAcceptorSign  = 23
	usageInitiatorSeal = 24
	usageInitiatorSign = 25
)

// newContext derives the per-message keys from key (the acceptor's
// subkey when acceptorSubkey, else the initiator's subkey or the session
// key) for the side given by acceptor, with the initial sequence numbers of
// each direction.
func newContext(key types.EncryptionKey, acceptor, acceptorSubkey bool, sendSeq, recvSeq uint64, conf, integ bool) (*Context, error) {
	c := &Context{acceptor: acceptor, acceptorSubkey: acceptorSubkey, conf: conf, integ: integ, sendSeq: sendSeq, recvSeq: recvSeq}
	if key.KeyType == etypeID.RC4_HMAC {
		var err error
		if c.rc4Send, err = newRC4Keys(key.KeyValue); err != nil {
			return nil, err
		}
		c.rc4Recv, err = newRC4Keys(key.KeyValue)
		return c, err
	}
	sendSeal, sendSign, recvSeal, recvSign := uint32(usageInitiatorSeal), uint32(usageInitiatorSign), uint32(usageAcceptorSeal), uint32(usageAcceptorSign)
	if acceptor {
		sendSeal, sendSign, recvSeal, recvSign = recvSeal, recvSign, sendSeal, sendSign
	}
	var err error
	for _, k := range []struct {
		dst   **usageKeys
		usage uint32
	}{{&c.sendSeal, sendSeal}, {&c.sendSign, sendSign}, {&c.recvSeal, recvSeal}, {&c.recvSign, recvSign}} {
		if *k.dst, err = newUsageKeys(key, k.usage); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// Confidentiality reports whether the peer agreed to sealing (the CONF
// flag of the context).
func (c *Context) Confidentiality() bool { return c.conf }

// Integrity reports whether the context protects messages' integrity.
func (c *Context) Integrity() bool { return c.integ }

func (c *Context) sendFlags() byte {
	var f byte
	if c.acceptor {
		f |= flagSentByAcceptor
	}
	if c.acceptorSubkey {
		f |= flagAcceptorSubkey
	}
	return f
}

// Wrap appends to dst the Wrap token of plaintext, sealed when seal is set
// (gss_wrap with conf_req_flag): sealed with EC 0 and RRC 28, unsealed with
// RRC 12, as Windows sends them.
func (c *Context) Wrap(dst, plaintext []byte, seal bool) []byte {
	if c.rc4Send != nil {
		return c.rc4Wrap(dst, plaintext, seal)
	}
	if seal {
		return c.wrap(dst, plaintext, true, 0, sealedRRC, sealedRRC)
	}
	return c.wrap(dst, plaintext, false, hmacLen, unsealedRRC, unsealedRRC)
}

// wrap makes a Wrap token with the given EC (the filler of a sealed token;
// an unsealed one's is the checksum length) and RRC, its data rotated by
// rotate bytes (RRC per RFC 4121; Windows' GSS_WrapEx rotates by RRC+EC).
func (c *Context) wrap(dst, plaintext []byte, seal bool, ec, rrc uint16, rotate int) []byte {
	h := header{id: tokWrap, flags: c.sendFlags(), ec: ec, rrc: rrc, seq: c.sendSeq}
	c.sendSeq++
	if !seal {
		dst = h.append(dst)
		start := len(dst)
		dst = append(dst, plaintext...)
		z := h
		z.ec, z.rrc = 0, 0
		dst = c.sendSeal.checksum(dst, plaintext, z.append(c.sendSeal.hdr[:0]))
		rotateRight(dst[start:], rotate)
		return dst
	}
	h.flags |= flagSealed
	dst = h.append(dst)
	start := len(dst)
	dst = slices.Grow(dst, confLen+len(plaintext)+int(ec)+headerLen+hmacLen)
	dst = dst[:start+confLen] // the confounder, filled by seal
	dst = append(dst, plaintext...)
	for range ec {
		dst = append(dst, 0xFF)
	}
	z := h
	z.rrc = 0
	dst = z.append(dst)
	sealed := c.sendSeal.seal(dst[start:])
	dst = dst[:start+len(sealed)]
	rotateRight(dst[start:], rotate)
	return dst
}

// Unwrap checks a Wrap token and returns its plaintext, which shares
// token's memory (token is modified), and whether it was sealed.
func (c *Context) Unwrap(token []byte) ([]byte, bool, error) {
	if c.broken {
		return nil, false, fail(ErrSecurityVerification, "the context failed a check before")
	}
	p, sealed, err := c.unwrap(token)
	if err != nil {
		c.broken = true
		return nil, false, err
	}
	c.recvSeq++
	return p, sealed, nil
}

func (c *Context) unwrap(token []byte) ([]byte, bool, error) {
	if c.rc4Recv != nil {
		return c.rc4Unwrap(token)
	}
	h, err := parseHeader(token, tokWrap)
	if err != nil {
		return nil, false, err
	}
	if err := c.checkFlags(h); err != nil {
		return nil, false, err
	}
	if h.seq != c.recvSeq {
		return nil, false, fail(ErrSecurityVerification, "token sequence number %d, want %d", h.seq, c.recvSeq)
	}
	body := token[headerLen:]
	if h.flags&flagSealed == 0 {
		if h.ec != hmacLen || len(body) < hmacLen {
			return nil, false, fail(ErrSecurityVerification, "unsealed wrap token with EC %d and %d bytes", h.ec, len(body))
		}
		rotateLeft(body, int(h.rrc))
		p, sum := body[:len(body)-hmacLen], body[len(body)-hmacLen:]
		z := h
		z.ec, z.rrc = 0, 0
		var want [hmacLen]byte
		if subtle.ConstantTimeCompare(c.recvSeal.checksum(want[:0], p, z.append(c.recvSeal.hdr[:0])), sum) != 1 {
			return nil, false, fail(ErrSecurityVerification, "wrap token checksum does not match")
		}
		return p, false, nil
	}
	if len(body) < confLen+int(h.ec)+headerLen+hmacLen {
		return nil, false, fail(ErrSecurityVerification, "sealed wrap token of %d bytes with EC %d", len(token), h.ec)
	}
	if h.ec != 0 {
		// RFC 4121 rotates by RRC, Windows' GSS_WrapEx by RRC+EC: keep a
		// copy for the second reading.
		c.recvScratch = append(c.recvScratch[:0], body...)
	}
	rotateLeft(body, int(h.rrc))
	m, ok := c.recvSeal.open(body)
	if !ok && h.ec != 0 {
		copy(body, c.recvScratch)
		rotateLeft(body, int(h.rrc)+int(h.ec))
		m, ok = c.recvSeal.open(body)
	}
	if !ok {
		return nil, false, fail(ErrSecurityVerification, "sealed wrap token does not decrypt")
	}
	// m is plaintext | filler | header copy (RRC 0).
	copyHdr := m[len(m)-headerLen:]
	z := h
	z.rrc = 0
	var zh [headerLen]byte
	if !bytes.Equal(copyHdr, z.append(zh[:0])) {
		return nil, false, fail(ErrSecurityVerification, "sealed wrap token's header copy differs from its header")
	}
	return m[:len(m)-headerLen-int(h.ec)], true, nil
}

func (c *Context) checkFlags(h header) error {
	if (h.flags&flagSentByAcceptor != 0) == c.acceptor {
		return fail(ErrSecurityVerification, "token flags %#x: a token of this side's own direction", h.flags)
	}
	if (h.flags&flagAcceptorSubkey != 0) != c.acceptorSubkey {
		return fail(ErrSecurityVerification, "token flags %#x: acceptor subkey flag does not match the context", h.flags)
	}
	return nil
}

// MIC appends the MIC token of msg (gss_get_mic). It uses the send half.
func (c *Context) MIC(dst, msg []byte) []byte {
	if c.rc4Send != nil {
		return c.rc4MIC(dst, msg)
	}
	h := header{id: tokMIC, flags: c.sendFlags(), seq: c.sendSeq}
	c.sendSeq++
	dst = h.append(dst)
	return c.sendSign.checksum(dst, msg, dst[len(dst)-headerLen:])
}

// VerifyMIC checks the MIC token of msg (gss_verify_mic). It uses the
// receive half.
func (c *Context) VerifyMIC(msg, mic []byte) error {
	if c.broken {
		return fail(ErrSecurityVerification, "the context failed a check before")
	}
	if err := c.verifyMIC(msg, mic); err != nil {
		c.broken = true
		return err
	}
	c.recvSeq++
	return nil
}

func (c *Context) verifyMIC(msg, mic []byte) error {
	if c.rc4Recv != nil {
		return c.rc4VerifyMIC(msg, mic)
	}
	h, err := parseHeader(mic, tokMIC)
	if err != nil {
		return err
	}
	if err := c.checkFlags(h); err != nil {
		return err
	}
	if h.seq != c.recvSeq {
		return fail(ErrSecurityVerification, "MIC sequence number %d, want %d", h.seq, c.recvSeq)
	}
	if len(mic) != headerLen+hmacLen {
		return fail(ErrSecurityVerification, "MIC token of %d bytes", len(mic))
	}
	var want [hmacLen]byte
	if subtle.ConstantTimeCompare(c.recvSign.checksum(want[:0], msg, mic[:headerLen]), mic[headerLen:]) != 1 {
		return fail(ErrSecurityVerification, "MIC does not match")
	}
	return nil
}
