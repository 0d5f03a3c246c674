package ntlm

import (
	"bytes"
	"encoding/binary"
	"unicode/utf16"
)

// Common parts of the three NTLM messages ([MS-NLMP] 2.2.1, 2.2.2): the
// "NTLMSSP\0" signature and message type, payload fields (a length, a
// maximum length and an offset into the message) and the VERSION structure.

var ntlmSignature = []byte("NTLMSSP\x00")

// Message types ([MS-NLMP] 2.2.1).
const (
	typeNegotiate    = 1
	typeChallenge    = 2
	typeAuthenticate = 3
)

// maxToken bounds every message parsed or built: NTLM tokens are a few
// hundred bytes to a few KiB, and an [MS-NNS] handshake frame holds 64 KiB.
const maxToken = 0xFFFF

// Version is the VERSION structure ([MS-NLMP] 2.2.2.10); informational.
type Version struct {
	Major, Minor uint8
	Build        uint16
	Revision     uint8 // NTLMSSP_REVISION_W2K3 = 15
}

// defaultVersion is what this package sends: Windows 6.1 build 7601, the
// NTLM revision 15 current Windows sends.
var defaultVersion = Version{Major: 6, Minor: 1, Build: 7601, Revision: 15}

func (v Version) appendTo(b []byte) []byte {
	b = append(b, v.Major, v.Minor)
	b = binary.LittleEndian.AppendUint16(b, v.Build)
	return append(b, 0, 0, 0, v.Revision)
}

func parseVersion(b []byte) Version {
	return Version{Major: b[0], Minor: b[1], Build: binary.LittleEndian.Uint16(b[2:]), Revision: b[7]}
}

// checkHeader checks the signature, type and fixed length of a message.
func checkHeader(b []byte, typ uint32, fixed int) error {
	if len(b) > maxToken {
		return malformed("message of %d bytes", len(b))
	}
	if len(b) < fixed {
		return malformed("message type %d of %d bytes, want at least %d", typ, len(b), fixed)
	}
	if !bytes.Equal(b[:8], ntlmSignature) {
		return malformed("no NTLMSSP signature")
	}
	if got := binary.LittleEndian.Uint32(b[8:]); got != typ {
		return malformed("message type %d, want %d", got, typ)
	}
	return nil
}

// fields reads the payload fields of a message whose fixed part is
// fixed bytes long (before any VERSION and MIC): each lies inside the
// message and after the part they are read from.
type fields struct {
	b        []byte
	fixed    int // where payloads may begin at the earliest
	minStart int // the lowest offset of a non-empty payload
}

// field reads the payload field described at b[at:at+8].
func (f *fields) field(at int) ([]byte, error) {
	n := int(binary.LittleEndian.Uint16(f.b[at:]))
	off := int(binary.LittleEndian.Uint32(f.b[at+4:]))
	if n == 0 {
		return nil, nil
	}
	if off < f.fixed || off > len(f.b) || n > len(f.b)-off {
		return nil, malformed("payload field at %d: %d bytes at offset %d outside %d..%d", at, n, off, f.fixed, len(f.b))
	}
	f.minStart = min(f.minStart, off)
	return f.b[off : off+n : off+n], nil
}

// builder lays out a message: a fixed part of the given size, then
// payloads appended in field order.
type builder struct{ b []byte }

func newBuilder(typ uint32, fixed int) *builder {
	b := make([]byte, fixed, fixed+256)
	copy(b, ntlmSignature)
	binary.LittleEndian.PutUint32(b[8:], typ)
	return &builder{b: b}
}

// field appends data and writes its descriptor at at.
func (w *builder) field(at int, data []byte) {
	binary.LittleEndian.PutUint16(w.b[at:], uint16(len(data)))
	binary.LittleEndian.PutUint16(w.b[at+2:], uint16(len(data)))
	binary.LittleEndian.PutUint32(w.b[at+4:], uint32(len(w.b)))
	w.b = append(w.b, data...)
}

func (w *builder) bytes() ([]byte, error) {
	if len(w.b) > maxToken {
		return nil, verifyError(ErrNegotiation, "message of %d bytes is too long", len(w.b))
	}
	return w.b, nil
}

// encodeString encodes s as UTF-16LE when unicode, else as OEM bytes
// (taken as they are).
func encodeString(s string, unicode bool) []byte {
	if !unicode {
		return []byte(s)
	}
	u := utf16.Encode([]rune(s))
	b := make([]byte, 2*len(u))
	for i, c := range u {
		binary.LittleEndian.PutUint16(b[2*i:], c)
	}
	return b
}

// decodeString decodes a UTF-16LE (unicode) or OEM string field.
func decodeString(b []byte, unicode bool) (string, error) {
	if !unicode {
		return string(b), nil
	}
	if len(b)%2 != 0 {
		return "", malformed("UTF-16 string of odd length %d", len(b))
	}
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = binary.LittleEndian.Uint16(b[2*i:])
	}
	return string(utf16.Decode(u)), nil
}
