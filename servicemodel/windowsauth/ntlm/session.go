package ntlm

import (
	"crypto/hmac"
	"crypto/md5"
	"crypto/rc4"
	"crypto/subtle"
	"encoding/binary"
	"hash"
)

// Session security with extended session security ([MS-NLMP] 3.4): each
// direction has a signing key, an RC4 sealing handle kept across messages
// (connection-oriented NTLM), and a sequence number from 0. A signature is
//
//	[version u32 = 1][checksum 8][sequence number u32]
//
// where checksum is the first 8 bytes of HMAC_MD5(SigningKey, SeqNum ||
// Message), RC4-encrypted with the sealing handle when KEY_EXCH was
// negotiated. Sealing encrypts the message with the same handle before
// the checksum is made, so the keystream serves message, then checksum.

const (
	// SignatureSize is the size of an NTLMSSP_MESSAGE_SIGNATURE.
	SignatureSize    = 16
	signatureVersion = 1
)

var (
	magicSignC2S = []byte("session key to client-to-server signing key magic constant\x00")
	magicSignS2C = []byte("session key to server-to-client signing key magic constant\x00")
	magicSealC2S = []byte("session key to client-to-server sealing key magic constant\x00")
	magicSealS2C = []byte("session key to server-to-client sealing key magic constant\x00")
)

// Session is an established NTLM security context's session security. Its
// send and receive halves are independent: one goroutine may send while
// another receives, but each half is used by one goroutine at a time. A
// failed check spends the receive half's keystream, so after one every
// later Unseal, Unwrap or Verify fails too.
type Session struct {
	flags NegotiateFlags
	send  direction
	recv  direction
}

type direction struct {
	signKey [16]byte
	sealKey [16]byte
	seal    *rc4.Cipher
	hmac    hash.Hash // HMAC_MD5 keyed with signKey, reset for each message
	sum     [md5.Size]byte
	seqLE   [4]byte // seq as mac hashes it: a field, so that the slice given to hmac does not escape per message
	seq     uint32
	broken  bool
}

// newSession derives both directions' keys from the exported session key
// ([MS-NLMP] 3.4.5.2 SIGNKEY, 3.4.5.3 SEALKEY).
func newSession(flags NegotiateFlags, exported [16]byte, client bool) *Session {
	c2s := newDirection(flags, exported, magicSignC2S, magicSealC2S)
	s2c := newDirection(flags, exported, magicSignS2C, magicSealS2C)
	if client {
		return &Session{flags: flags, send: c2s, recv: s2c}
	}
	return &Session{flags: flags, send: s2c, recv: c2s}
}

func newDirection(flags NegotiateFlags, exported [16]byte, signMagic, sealMagic []byte) direction {
	key := exported[:]
	switch {
	case flags.Has(Flag128):
	case flags.Has(Flag56):
		key = key[:7]
	default:
		key = key[:5]
	}
	d := direction{
		signKey: md5.Sum(append(append([]byte(nil), exported[:]...), signMagic...)),
		sealKey: md5.Sum(append(append([]byte(nil), key...), sealMagic...)),
	}
	d.resetSeal()
	d.hmac = hmac.New(md5.New, d.signKey[:])
	return d
}

// resetSeal starts the RC4 keystream over from the sealing key.
func (d *direction) resetSeal() {
	d.seal, _ = rc4.NewCipher(d.sealKey[:]) // a 16-byte key is always valid
}

// ResetSealing starts both directions' RC4 keystreams over, keeping the
// sequence numbers: what SPNEGO does to NTLM once the mechListMICs are
// exchanged (gss-ntlmssp's GSS_NTLMSSP_RESET_CRYPTO_OID, which MIT's SPNEGO
// calls; Windows does the same), so that the MICs, made with the session,
// do not shift the keystream the data frames then use.
func (s *Session) ResetSealing() {
	s.send.resetSeal()
	s.recv.resetSeal()
}

// Flags returns the negotiated flags.
func (s *Session) Flags() NegotiateFlags { return s.flags }

// Confidentiality reports whether sealing was negotiated.
func (s *Session) Confidentiality() bool { return s.flags.Has(FlagSeal) }

// Integrity reports whether signing (or sealing) was negotiated.
func (s *Session) Integrity() bool { return s.flags&(FlagSign|FlagSeal) != 0 }

// mac computes the signature of msg with this direction's next sequence
// number, advancing it.
func (d *direction) mac(flags NegotiateFlags, msg []byte) [SignatureSize]byte {
	seq := d.seqLE[:]
	binary.LittleEndian.PutUint32(seq, d.seq)
	d.hmac.Reset()
	d.hmac.Write(seq)
	d.hmac.Write(msg)
	sum := d.hmac.Sum(d.sum[:0])
	var sig [SignatureSize]byte
	binary.LittleEndian.PutUint32(sig[:], signatureVersion)
	copy(sig[4:12], sum[:8])
	if flags.Has(FlagKeyExchange) {
		d.seal.XORKeyStream(sig[4:12], sig[4:12])
	}
	copy(sig[12:], seq)
	d.seq++
	return sig
}

// check compares a received signature with the expected one.
func (d *direction) check(want [SignatureSize]byte, got []byte) error {
	if subtle.ConstantTimeCompare(want[:], got) != 1 {
		d.broken = true
		return verifyError(ErrSecurityVerification, "signature mismatch (tampered, replayed or out of order; expected sequence number %d)", d.seq-1)
	}
	return nil
}

// AppendSign appends the signature of msg ([MS-NLMP] 3.4.4 MAC) to dst.
func (s *Session) AppendSign(dst, msg []byte) []byte {
	sig := s.send.mac(s.flags, msg)
	return append(dst, sig[:]...)
}

// Verify checks the signature of a received msg.
func (s *Session) Verify(msg, sig []byte) error {
	if err := s.recv.usable(); err != nil {
		return err
	}
	if len(sig) != SignatureSize {
		s.recv.broken = true
		return verifyError(ErrSecurityVerification, "signature of %d bytes", len(sig))
	}
	return s.recv.check(s.recv.mac(s.flags, msg), sig)
}

func (d *direction) usable() error {
	if d.broken {
		return verifyError(ErrSecurityVerification, "session security failed earlier")
	}
	return nil
}

// AppendSeal appends the signature, then msg sealed ([MS-NLMP] 3.4.3
// SEAL), to dst: the layout of SSPI's EncryptMessage and of an [MS-NNS]
// data frame's payload.
func (s *Session) AppendSeal(dst, msg []byte) []byte {
	n := len(dst)
	dst = append(dst, make([]byte, SignatureSize)...)
	dst = append(dst, msg...)
	body := dst[n+SignatureSize:]
	s.send.seal.XORKeyStream(body, body)
	sig := s.send.mac(s.flags, msg)
	copy(dst[n:], sig[:])
	return dst
}

// Unseal checks and decrypts a signature-then-sealed payload in place and
// returns the plaintext, which shares payload's memory.
func (s *Session) Unseal(payload []byte) ([]byte, error) {
	if err := s.recv.usable(); err != nil {
		return nil, err
	}
	if len(payload) < SignatureSize {
		s.recv.broken = true
		return nil, verifyError(ErrSecurityVerification, "sealed payload of %d bytes", len(payload))
	}
	body := payload[SignatureSize:]
	s.recv.seal.XORKeyStream(body, body)
	if err := s.recv.check(s.recv.mac(s.flags, body), payload[:SignatureSize]); err != nil {
		return nil, err
	}
	return body, nil
}

// Wrap appends the [MS-NNS] data frame payload for plaintext: sealed when
// confidentiality was negotiated, else the signature followed by the
// plaintext. It implements nettcp.NNSSecurity.
func (s *Session) Wrap(dst, plaintext []byte) ([]byte, error) {
	if s.Confidentiality() {
		return s.AppendSeal(dst, plaintext), nil
	}
	if !s.Integrity() {
		return nil, verifyError(ErrNegotiation, "neither signing nor sealing was negotiated")
	}
	dst = s.AppendSign(dst, plaintext)
	return append(dst, plaintext...), nil
}

// Unwrap checks an [MS-NNS] data frame payload and returns its plaintext.
func (s *Session) Unwrap(payload []byte) ([]byte, error) {
	if s.Confidentiality() {
		return s.Unseal(payload)
	}
	if len(payload) < SignatureSize {
		s.recv.broken = true
		return nil, verifyError(ErrSecurityVerification, "signed payload of %d bytes", len(payload))
	}
	if err := s.Verify(payload[SignatureSize:], payload[:SignatureSize]); err != nil {
		return nil, err
	}
	return payload[SignatureSize:], nil
}
