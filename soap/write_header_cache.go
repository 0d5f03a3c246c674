package soap

// The Header element of an encoder's messages as bytes. A binary encoder
// writes the same addressing headers call after call: one operation's
// Action and To, an anonymous ReplyTo, a fresh MessageID or the RelatesTo
// of the request. Once their strings are settled in the session (static
// ids, committed session ids), the Header's records are the same every
// time except for the 16 bytes of each UniqueId, so the encoder keeps the
// records of the last shape it wrote and writes them again with the new
// identifiers (binxml.Writer.Since and WriteRecords).
// TestHeaderCacheMatchesGeneralPath holds the two to the same bytes.

import (
	"unsafe"

	"github.com/wwsgo/wws/soap/internal/binxml"
)

// headerShape is what the Header records depend on besides the session
// and the identifiers' GUIDs.
type headerShape struct {
	action, to, replyTo string
	hasReplyTo          bool
	hasID, hasRelatesTo bool
}

// headerCache holds the Headers of the last few shapes an encoder wrote
// (their records hold its session's ids): a client calls a few
// operations, a service answers them.
type headerCache struct {
	entries [4]headerEntry
	next    int // the entry to replace
}

type headerEntry struct {
	shape headerShape // its strings view keys: a message's may view a reused buffer
	keys  []byte
	recs  []byte // nil when empty
	ids   [2]int // offsets in recs of the MessageID and RelatesTo GUIDs
}

// shapeOf returns the shape of m's headers, false when the cache does not
// serve m: other header blocks, From or FaultTo, reference parameters, or
// an identifier that is not a GUID.
func shapeOf(m *Message) (headerShape, bool) {
	if len(m.Headers) > 0 || m.From != nil || m.FaultTo != nil {
		return headerShape{}, false
	}
	s := headerShape{action: m.Action, to: m.To, hasID: m.MessageID.isGUID, hasRelatesTo: m.RelatesTo.isGUID}
	if r := m.ReplyTo; r != nil {
		if len(r.ReferenceParameters) > 0 {
			return headerShape{}, false
		}
		s.replyTo, s.hasReplyTo = r.Address, true
	}
	return s, (s.hasID || m.MessageID.s == "") && (s.hasRelatesTo || m.RelatesTo.s == "")
}

// write writes m's Header element (writeBinaryHeader) on w, from the
// cache when it holds m's shape, and keeps it when it may be replayed.
func (c *headerCache) write(w *binxml.Writer, m *Message) error {
	for i := range c.entries {
		if e := &c.entries[i]; e.recs != nil && e.holds(m) {
			e.write(w, m)
			return nil
		}
	}
	shape, ok := shapeOf(m)
	mark := w.Mark()
	var ids [2]int
	if err := writeBinaryHeader(w, m, &ids); err != nil || !ok {
		return err
	}
	if recs, ok := w.Since(mark); ok {
		e := &c.entries[c.next]
		c.next = (c.next + 1) % len(c.entries)
		e.keep(shape)
		e.recs = append(e.recs[:0], recs...)
		e.ids = [2]int{ids[0] - mark.Offset(), ids[1] - mark.Offset()}
	}
	return nil
}

// keep makes s the entry's shape, its strings copied into the entry's
// storage (reused: a client or service cycling through more shapes than
// the cache holds does not allocate once the storage has grown).
func (e *headerEntry) keep(s headerShape) {
	e.keys = append(append(append(e.keys[:0], s.action...), s.to...), s.replyTo...)
	k := unsafe.String(unsafe.SliceData(e.keys), len(e.keys))
	a, t := len(s.action), len(s.action)+len(s.to)
	s.action, s.to, s.replyTo = k[:a], k[a:t], k[t:]
	e.shape = s
}

// holds reports whether shapeOf(m) is the entry's shape, without building
// it.
func (e *headerEntry) holds(m *Message) bool {
	s, r := &e.shape, m.ReplyTo
	return s.hasID == m.MessageID.isGUID && s.hasRelatesTo == m.RelatesTo.isGUID && s.hasReplyTo == (r != nil) &&
		len(m.Headers) == 0 && m.From == nil && m.FaultTo == nil &&
		m.MessageID.s == "" && m.RelatesTo.s == "" && (r == nil || len(r.ReferenceParameters) == 0 && r.Address == s.replyTo) &&
		m.Action == s.action && m.To == s.to
}

// write writes the entry's records with m's identifiers.
func (e *headerEntry) write(w *binxml.Writer, m *Message) {
	if e.shape.hasID {
		copy(e.recs[e.ids[0]:e.ids[0]+16], m.MessageID.guid[:])
	}
	if e.shape.hasRelatesTo {
		copy(e.recs[e.ids[1]:e.ids[1]+16], m.RelatesTo.guid[:])
	}
	w.WriteRecords(e.recs)
}
