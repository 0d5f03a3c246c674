package kerberos

import (
	"bytes"
	"encoding/binary"
	"slices"
)

// RFC 4121 4.2.6 per-message tokens. Both start with a 16-byte header:
//
//	MIC  04 04 | flags | FF FF FF FF FF           | SND_SEQ u64 | checksum
//	Wrap 05 04 | flags | FF | EC u16 | RRC u16    | SND_SEQ u64 | data
//
// (big-endian). Flags: 0x01 sent by the acceptor, 0x02 sealed, 0x04 the
// acceptor's subkey protects it. A sealed Wrap's data is the encryption of
// plaintext | EC filler bytes | the header with RRC 0; an unsealed one's
// is plaintext | checksum of (plaintext | the header with EC and RRC 0),
// EC then being the checksum's length. Either data is rotated right by RRC
// bytes (4.2.5).
//
// [MS-KILE] 3.4.5.4.1: Windows sends RRC 28 with sealing and 12 without,
// so that the trailing checksum moves in front of the data. A receiver
// must take any RRC. This package sends EC 0 when it seals (its plaintext
// needs no padding with CTS), where the rotation by RRC and Windows'
// GSS_WrapEx rotation by RRC+EC agree; it reads either.

const (
	headerLen = 16

	flagSentByAcceptor = 0x01
	flagSealed         = 0x02
	flagAcceptorSubkey = 0x04

	// The RRCs this package sends, as Windows does.
	sealedRRC   = confLen + headerLen - 4 // 28: the encrypted header copy and the HMAC
	unsealedRRC = hmacLen                 // 12: the checksum
)

var (
	tokWrap = [2]byte{0x05, 0x04}
	tokMIC  = [2]byte{0x04, 0x04}
)

// header is a parsed token header.
type header struct {
	id    [2]byte
	flags byte
	ec    uint16
	rrc   uint16
	seq   uint64
}

func (h header) append(b []byte) []byte {
	b = append(b, h.id[0], h.id[1], h.flags)
	if h.id == tokMIC {
		b = append(b, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF)
	} else {
		b = append(b, 0xFF)
		b = binary.BigEndian.AppendUint16(b, h.ec)
		b = binary.BigEndian.AppendUint16(b, h.rrc)
	}
	return binary.BigEndian.AppendUint64(b, h.seq)
}

// parseHeader reads the header of a token of kind id.
func parseHeader(tok []byte, id [2]byte) (header, error) {
	if len(tok) < headerLen {
		return header{}, fail(ErrSecurityVerification, "token of %d bytes", len(tok))
	}
	h := header{id: [2]byte{tok[0], tok[1]}, flags: tok[2]}
	if h.id != id {
		return h, fail(ErrSecurityVerification, "token id %x, want %x", h.id, id)
	}
	if h.flags&^(flagSentByAcceptor|flagSealed|flagAcceptorSubkey) != 0 {
		return h, fail(ErrSecurityVerification, "token flags %#x", h.flags)
	}
	if id == tokMIC {
		if !bytes.Equal(tok[3:8], []byte{0xFF, 0xFF, 0xFF, 0xFF, 0xFF}) || h.flags&flagSealed != 0 {
			return h, fail(ErrSecurityVerification, "malformed MIC token header")
		}
	} else {
		if tok[3] != 0xFF {
			return h, fail(ErrSecurityVerification, "wrap token filler %#x", tok[3])
		}
		h.ec = binary.BigEndian.Uint16(tok[4:])
		h.rrc = binary.BigEndian.Uint16(tok[6:])
	}
	h.seq = binary.BigEndian.Uint64(tok[8:])
	return h, nil
}

// rotateRight rotates b right by n bytes in place (RFC 4121 4.2.5).
func rotateRight(b []byte, n int) {
	if len(b) == 0 {
		return
	}
	rotateLeft(b, len(b)-n%len(b))
}

// rotateLeft rotates b left by n bytes in place, undoing rotateRight.
func rotateLeft(b []byte, n int) {
	if len(b) == 0 {
		return
	}
	n %= len(b)
	if n == 0 {
		return
	}
	if n <= 64 {
		var tmp [64]byte
		copy(tmp[:n], b[:n])
		copy(b, b[n:])
		copy(b[len(b)-n:], tmp[:n])
		return
	}
	if r := len(b) - n; r <= 64 {
		var tmp [64]byte
		copy(tmp[:r], b[n:])
		copy(b[r:], b[:n])
		copy(b, tmp[:r])
		return
	}
	slices.Reverse(b[:n])
	slices.Reverse(b[n:])
	slices.Reverse(b)
}
