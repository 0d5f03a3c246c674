package kerberos

import (
	"bytes"
	"encoding/asn1"
	"encoding/binary"
)

// RFC 2743 3.1 / RFC 4121 4.1: every context token of the Kerberos
// mechanism is framed as
//
//	[APPLICATION 0] { OID 1.2.840.113554.1.2.2, TOK_ID u16, inner token }
//
// with TOK_ID 01 00 for an AP-REQ, 02 00 for an AP-REP, 03 00 for a
// KRB-ERROR.

// OID is the Kerberos V5 mechanism's object identifier; OIDMicrosoft is
// the one Windows also lists in SPNEGO (a mistake of Windows 2000 kept for
// compatibility, [MS-KILE] 3.1.5.11); the tokens always carry OID.
var (
	OID          = asn1.ObjectIdentifier{1, 2, 840, 113554, 1, 2, 2}
	OIDMicrosoft = asn1.ObjectIdentifier{1, 2, 840, 48018, 1, 2, 2}
)

// oidDER is OID's DER encoding.
var oidDER = func() []byte { b, _ := asn1.Marshal(OID); return b }()

// Token ids.
const (
	tokAPReq    = 0x0100
	tokAPRep    = 0x0200
	tokKRBError = 0x0300
)

// maxContextToken bounds a context token read (an AP-REQ with a PAC is a
// few kilobytes; the NNS handshake frame holds 64 KiB).
const maxContextToken = 64 << 10

// frameToken wraps a Kerberos message in the GSS framing.
func frameToken(tokID uint16, msg []byte) []byte {
	inner := make([]byte, 0, len(oidDER)+2+len(msg))
	inner = append(inner, oidDER...)
	inner = binary.BigEndian.AppendUint16(inner, tokID)
	inner = append(inner, msg...)
	return frameRaw(inner)
}

// frameRaw wraps inner (the OID and what follows it) in [APPLICATION 0]
// (DER: 0x60, the length, inner).
func frameRaw(inner []byte) []byte {
	b := make([]byte, 0, 6+len(inner))
	b = append(b, 0x60)
	switch n := len(inner); {
	case n < 0x80:
		b = append(b, byte(n))
	case n < 0x100:
		b = append(b, 0x81, byte(n))
	case n < 0x10000:
		b = append(b, 0x82, byte(n>>8), byte(n))
	default:
		b = append(b, 0x83, byte(n>>16), byte(n>>8), byte(n))
	}
	return append(b, inner...)
}

// unframeRaw unwraps the GSS framing (DER, definite length, exactly b),
// checking the OID, and returns what follows the OID.
func unframeRaw(b []byte) ([]byte, error) {
	if len(b) > maxContextToken {
		return nil, fail(ErrSecurityVerification, "token of %d bytes", len(b))
	}
	if len(b) < 2 || b[0] != 0x60 {
		return nil, fail(ErrSecurityVerification, "token is not framed as a GSS InitialContextToken")
	}
	n, body := int(b[1]), b[2:]
	if n >= 0x80 {
		k := n - 0x80
		if k < 1 || k > 3 || len(body) < k || body[0] == 0 {
			return nil, fail(ErrSecurityVerification, "GSS framing with a bad length")
		}
		n = 0
		for _, c := range body[:k] {
			n = n<<8 | int(c)
		}
		if n < 0x80 || (k > 1 && n < 1<<(8*(k-1))) {
			return nil, fail(ErrSecurityVerification, "GSS framing with a length not in DER")
		}
		body = body[k:]
	}
	if n != len(body) {
		return nil, fail(ErrSecurityVerification, "GSS framing says %d bytes, %d follow", n, len(body))
	}
	if !bytes.HasPrefix(body, oidDER) {
		return nil, fail(ErrSecurityVerification, "token of another mechanism than %v", OID)
	}
	return body[len(oidDER):], nil
}

// parseToken unwraps the GSS framing of a context token, checking the OID.
func parseToken(b []byte) (uint16, []byte, error) {
	inner, err := unframeRaw(b)
	if err != nil {
		return 0, nil, err
	}
	if len(inner) < 2 {
		return 0, nil, fail(ErrSecurityVerification, "context token without a token id")
	}
	return binary.BigEndian.Uint16(inner), inner[2:], nil
}

// RFC 4121 4.1.1 authenticator checksum (type 0x8003) flags.
const (
	gssDeleg    = 1
	gssMutual   = 2
	gssReplay   = 4
	gssSequence = 8
	gssConf     = 16
	gssInteg    = 32
)

const cksumTypeGSS = 0x8003

// gssChecksum is the authenticator checksum: Lgth 16, no channel bindings
// (16 zero bytes), the flags, little-endian.
func gssChecksum(flags uint32) []byte {
	b := make([]byte, 24)
	binary.LittleEndian.PutUint32(b, 16)
	binary.LittleEndian.PutUint32(b[20:], flags)
	return b
}

// parseGSSChecksum returns the flags of an authenticator checksum.
func parseGSSChecksum(b []byte) (uint32, error) {
	if len(b) < 24 || binary.LittleEndian.Uint32(b) != 16 {
		return 0, fail(ErrSecurityVerification, "authenticator checksum of %d bytes is not a GSS checksum", len(b))
	}
	return binary.LittleEndian.Uint32(b[20:]), nil
}
