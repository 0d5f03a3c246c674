package soap

// Message identifiers: WS-Addressing 1.0 Core §3.2 (wsa:MessageID,
// wsa:RelatesTo are IRIs) with WCF's System.Xml.UniqueId convention: an
// identifier of the form urn:uuid:<GUID> is held as a GUID, so the binary
// encoding sends it as a UniqueId record ([MC-NBFX] 2.2.3.22).

import (
	"crypto/rand"
	"strings"
	"sync"

	"github.com/wwsgo/wws/soap/infoset"
)

// MessageID is a wsa:MessageID or wsa:RelatesTo value: either a GUID
// (rendered urn:uuid:…) or an arbitrary IRI. The zero value is "absent".
type MessageID struct {
	s      string
	guid   [16]byte // wire byte order (Guid.ToByteArray)
	isGUID bool
}

// NewMessageID returns a random (version 4) GUID identifier, as WCF's
// UniqueId() constructor does.
func NewMessageID() MessageID {
	var g [16]byte
	idRandom.read(g[:])
	g[7] = g[7]&0x0f | 0x40 // version 4 (high byte of the 3rd group, little-endian)
	g[8] = g[8]&0x3f | 0x80 // RFC 4122 variant
	return MessageIDFromGUID(g)
}

// idRandom hands out crypto/rand bytes read a block at a time: one
// message identifier per call is on the way of every request, and a read
// of 512 bytes costs little more than one of 16.
var idRandom = randomBlock{off: randomBlockSize}

const randomBlockSize = 512

type randomBlock struct {
	mu  sync.Mutex
	buf [randomBlockSize]byte
	off int // the bytes before off are used
}

// read fills p (at most randomBlockSize bytes) with random bytes no other
// read is given.
func (r *randomBlock) read(p []byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.buf)-r.off < len(p) {
		_, _ = rand.Read(r.buf[:])
		r.off = 0
	}
	r.off += copy(p, r.buf[r.off:])
	clear(r.buf[r.off-len(p) : r.off]) // handed out: not kept in memory
}

// MessageIDFromGUID returns the identifier urn:uuid:<g>; g is in wire byte
// order (the byte order of infoset.GUID and Guid.ToByteArray).
func MessageIDFromGUID(g [16]byte) MessageID { return MessageID{guid: g, isGUID: true} }

// ParseMessageID returns the identifier s, held as a GUID when s is
// urn:uuid: followed by a GUID in lower or upper case.
func ParseMessageID(s string) MessageID {
	if rest, ok := strings.CutPrefix(s, "urn:uuid:"); ok {
		if g, ok := infoset.ParseGUID(rest); ok {
			return MessageIDFromGUID(g)
		}
	}
	return MessageID{s: s}
}

// messageIDFromText reads an identifier from a text value.
func messageIDFromText(t infoset.Text) MessageID {
	switch t.Kind() {
	case infoset.TextUniqueID:
		g, _ := t.GUIDBytes()
		return MessageIDFromGUID(g)
	case infoset.TextGUID: // a bare GUID is not a UniqueId URN: keep its text
		return MessageID{s: t.String()}
	}
	return ParseMessageID(strings.Trim(t.String(), " \t\r\n"))
}

// IsZero reports whether id is absent.
func (id MessageID) IsZero() bool { return !id.isGUID && id.s == "" }

// GUID returns the GUID of a urn:uuid: identifier.
func (id MessageID) GUID() ([16]byte, bool) { return id.guid, id.isGUID }

// String renders id (urn:uuid:… for GUIDs).
func (id MessageID) String() string {
	if id.isGUID {
		return infoset.UniqueID(id.guid).String()
	}
	return id.s
}

// Text is the value to write: a UniqueId Text for GUIDs, characters otherwise.
func (id MessageID) Text() infoset.Text {
	if id.isGUID {
		return infoset.UniqueID(id.guid)
	}
	return infoset.String(id.s)
}
