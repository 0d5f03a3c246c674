package soap

// Reading the usual addressing headers of a binary message from its bytes,
// as WCF's MessagePatterns do (BinaryMessageEncoder.ReadMessage tries them
// before the general reader). WCF writes the Header of a SOAP 1.2 +
// WS-Addressing 1.0 message with the s and a prefixes declared on the
// Envelope, every name from the [MC-NBFS] dictionary and the values as
// dictionary strings or UniqueIds:
//
//	56 08                  <s:Header>
//	44 0A 1E 00 82 AB id   <a:Action s:mustUnderstand="1">…</a:Action>
//	44 1A AD guid          <a:MessageID>urn:uuid:…</a:MessageID>
//	44 2C 44 2A AB id 01   <a:ReplyTo><a:Address>…</a:Address></a:ReplyTo>
//	44 0C 1E 00 82 AB id   <a:To s:mustUnderstand="1">…</a:To>
//	01                     </s:Header>
//
// readHeaderPattern recognises a Header made only of such blocks (Action,
// To, MessageID, RelatesTo, ReplyTo, each at most once, in any order) and
// fills the message from it without walking the records. Anything else
// leaves the message and the reader as they were, readBinaryStart gives
// up, and the general path reads the message from its start; so errors
// and quotas are those of the general path.

import (
	"github.com/wwsgo/wws/soap/infoset"
	"github.com/wwsgo/wws/soap/internal/binxml"
)

// Records of the pattern ([MC-NBFX] 2.2).
const (
	patEndElement        = 0x01
	patElementA          = 0x44 // PrefixDictionaryElementA
	patElementS          = 0x56 // PrefixDictionaryElementS
	patAttributeS        = 0x1E // PrefixDictionaryAttributeS
	patOneText           = 0x82
	patChars8TextEnd     = 0x99 // Chars8TextWithEndElement
	patDictionaryTextEnd = 0xAB // DictionaryTextWithEndElement
	patUniqueIDTextEnd   = 0xAD // UniqueIdTextWithEndElement
	// Quotas the pattern can meet (it holds no inline name, so
	// MaxNameTableCharCount is never at stake).
	patMaxTagBytes = 5 // 44 id 1E 00 82: the largest start tag (MaxBytesPerRead)
	patDepth       = 4 // Envelope, Header, ReplyTo, Address (MaxDepth)
)

// The Envelope and Body start tags of soap12Tags, which readBinaryStart
// reads by their bytes with binxml.Reader.NextRaw.
var (
	envelopeStart = binxml.NewRawStart(&soap12Tags[tagEnvelope], infoset.Name{Prefix: envelopePrefix, Local: "Envelope", Space: NamespaceSoap12})
	bodyStart     = binxml.NewRawStart(&soap12Tags[tagBody], infoset.Name{Prefix: envelopePrefix, Local: "Body", Space: NamespaceSoap12})
)

// Static dictionary ids of the pattern's names, all one-byte MB31s.
var (
	patHeader         = staticID("Header")
	patMustUnderstand = staticID("mustUnderstand")
	patAction         = staticID("Action")
	patTo             = staticID("To")
	patMessageID      = staticID("MessageID")
	patRelatesTo      = staticID("RelatesTo")
	patReplyTo        = staticID("ReplyTo")
	patAddress        = staticID("Address")
)

func staticID(s string) byte {
	id, ok := binxml.StaticID(s)
	if !ok || id >= 0x80 {
		panic("soap: " + s + " is not a one-byte static dictionary id")
	}
	return byte(id)
}

// headerPattern scans the pattern's bytes.
type headerPattern struct {
	r         *binxml.Reader
	p         []byte
	i         int
	maxString int   // MaxStringContentLength
	seen      uint8 // bit per header, by its position in the switch below
	id, rel   int   // offsets in p of the GUIDs of MessageID and RelatesTo
}

// readHeaderPattern reads the Header of m by the pattern; r read the SOAP
// 1.2 Envelope's start tag by envelopeStart, which binds s and a as the
// pattern needs, and m's addressing fields are unset. It reports whether
// it did; when it did not, m and r are as they were. With hm, the Header
// is first tried against the one read last (headerMemo), and one read by
// the pattern is kept there.
func readHeaderPattern(r *binxml.Reader, m *Message, hm *headerMemo) bool {
	if hm != nil && hm.read(r, m) {
		return true
	}
	p := r.Unread()
	if len(p) < 3 || p[0] != patElementS || p[1] != patHeader {
		return false
	}
	q := r.Quotas()
	if q.MaxDepth < patDepth || q.MaxBytesPerRead < patMaxTagBytes {
		return false
	}
	h := headerPattern{r: r, p: p, i: 2, maxString: q.MaxStringContentLength}
	if !h.read(m) || !r.Skip(h.i) {
		m.Action, m.To, m.MessageID, m.RelatesTo, m.ReplyTo = "", "", MessageID{}, MessageID{}, nil
		return false
	}
	if h.seen != 0 {
		m.Version.Addressing = Addressing10
	}
	if hm != nil {
		hm.keep(r, &h, m)
	}
	return true
}

// read reads the header blocks and the Header's end into m.
func (h *headerPattern) read(m *Message) bool {
	for {
		c, ok := h.byte()
		if !ok {
			return false
		}
		if c == patEndElement {
			return true
		}
		id, ok := h.byte()
		if c != patElementA || !ok {
			return false
		}
		if h.peek() == patAttributeS { // s:mustUnderstand="1"
			if !h.match3(patAttributeS, patMustUnderstand, patOneText) {
				return false
			}
		}
		var bit uint8
		switch id {
		case patAction:
			bit = 1
			m.Action, ok = h.text()
		case patTo:
			bit = 2
			m.To, ok = h.text()
		case patMessageID:
			bit = 4
			m.MessageID, ok = h.uniqueID()
			h.id = h.i - 16
		case patRelatesTo:
			bit = 8
			m.RelatesTo, ok = h.uniqueID()
			h.rel = h.i - 16
		case patReplyTo:
			bit = 16
			ok = h.replyTo(m)
		default:
			return false
		}
		if !ok || h.seen&bit != 0 {
			return false
		}
		h.seen |= bit
	}
}

// replyTo reads the content of ReplyTo, an Address alone, into m.
func (h *headerPattern) replyTo(m *Message) bool {
	if !h.match2(patElementA, patAddress) {
		return false
	}
	a, ok := h.text()
	if !ok || !h.match1(patEndElement) {
		return false
	}
	if m.ReplyTo == nil {
		m.ReplyTo = replyTo10(a)
	}
	return true
}

// replyTo10 is the ReplyTo of address a alone.
func replyTo10(a string) *EndpointReference {
	if a == anonymousEPR10.Address {
		return anonymousEPR10 // what nearly every request says: no allocation
	}
	return &EndpointReference{Address: a}
}

// anonymousEPR10 is the ReplyTo of the messages read whose ReplyTo is the
// WS-Addressing 1.0 anonymous address alone. It is shared: a message read
// is to be read, not changed (see Message).
var anonymousEPR10 = &EndpointReference{Address: Addressing10.Anonymous()}

func (h *headerPattern) peek() byte {
	if h.i < len(h.p) {
		return h.p[h.i]
	}
	return 0
}

func (h *headerPattern) byte() (byte, bool) {
	if h.i < len(h.p) {
		h.i++
		return h.p[h.i-1], true
	}
	return 0, false
}

// match1, match2 and match3 consume the bytes given.
func (h *headerPattern) match1(a byte) bool {
	if h.i < len(h.p) && h.p[h.i] == a {
		h.i++
		return true
	}
	return false
}

func (h *headerPattern) match2(a, b byte) bool {
	if len(h.p)-h.i >= 2 && h.p[h.i] == a && h.p[h.i+1] == b {
		h.i += 2
		return true
	}
	return false
}

func (h *headerPattern) match3(a, b, c byte) bool {
	if len(h.p)-h.i >= 3 && h.p[h.i] == a && h.p[h.i+1] == b && h.p[h.i+2] == c {
		h.i += 3
		return true
	}
	return false
}

// text reads the one text record that ends an element: a dictionary string
// defined in the static dictionary or the session, or Chars8 within
// MaxStringContentLength.
func (h *headerPattern) text() (string, bool) {
	c, ok := h.byte()
	if !ok {
		return "", false
	}
	switch c {
	case patDictionaryTextEnd:
		if h.i < len(h.p) && h.p[h.i] < 0x80 { // a one-byte id
			h.i++
			return h.r.DictString(uint32(h.p[h.i-1]))
		}
		id, n, err := binxml.ReadMB31(h.p[h.i:])
		if err != nil || n == 0 {
			return "", false
		}
		h.i += n
		return h.r.DictString(id)
	case patChars8TextEnd:
		n, ok := h.byte()
		if !ok || int(n) > len(h.p)-h.i || int(n) > h.maxString {
			return "", false
		}
		s := string(h.p[h.i : h.i+int(n)])
		h.i += int(n)
		return s, true
	}
	return "", false
}

// uniqueID reads a UniqueIdTextWithEndElement record.
func (h *headerPattern) uniqueID() (MessageID, bool) {
	if c, ok := h.byte(); !ok || c != patUniqueIDTextEnd || len(h.p)-h.i < 16 {
		return MessageID{}, false
	}
	g := [16]byte(h.p[h.i:])
	h.i += 16
	return MessageIDFromGUID(g), true // as messageIDFromText reads a UniqueId
}
