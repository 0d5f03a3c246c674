package soap

// Reading a Header again by the bytes of the last one. Within a session
// WCF writes the same Header in every request but for the MessageID's
// GUID (and in every reply but for the GUID of RelatesTo): the same Action
// and To, by the same dictionary ids. A Header readHeaderPattern has read
// is kept, with where its UniqueIds are; a later Header whose bytes are the
// same but for those 16-byte holes, read by the same reader while its ids
// resolve to the same strings, fills the message as the pattern would,
// without reading the records again.

import (
	"github.com/wwsgo/wws/soap/infoset"
	"github.com/wwsgo/wws/soap/internal/binxml"
)

// headerMemo is the Header readHeaderPattern read last.
type headerMemo struct {
	ok    bool
	r     *binxml.Reader // whose quotas the Header met
	dict  binxml.DictMark
	b     []byte // the Header's records, 56 08 … 01
	id    int    // offset in b of the MessageID's GUID, 0 when none
	rel   int    // offset in b of the RelatesTo GUID, 0 when none
	seen  uint8  // the pattern's headerPattern.seen
	reply string // the ReplyTo address, when seen has it

	action, to string
	off        int // document offset of the Header

	// The start of the last message whose Header the memo holds, through
	// its body element's start tag, read by its bytes (keepEnvelope).
	env     bool
	start   binxml.StartState
	version MessageVersion // the message's
	opts    MessageVersion // ReadOptions.Version it was read with
}

// keep remembers the Header h has just read into m, which r has skipped.
func (hm *headerMemo) keep(r *binxml.Reader, h *headerPattern, m *Message) {
	hm.ok, hm.env = false, false
	dict, ok := r.DictMark()
	if !ok {
		return
	}
	hm.r, hm.dict, hm.off = r, dict, int(r.Offset())-h.i
	hm.b = append(hm.b[:0], h.p[:h.i]...)
	hm.id, hm.rel, hm.seen = h.id, h.rel, h.seen
	hm.action, hm.to, hm.reply = m.Action, m.To, ""
	if m.ReplyTo != nil {
		hm.reply = m.ReplyTo.Address
	}
	hm.ok = true
}

// read reads the Header of m by the memo, as readHeaderPattern would; r
// read the Envelope start tag by envelopeStart. It reports whether it did;
// when it did not, m and r are as they were.
func (hm *headerMemo) read(r *binxml.Reader, m *Message) bool {
	if !hm.ok || hm.r != r {
		return false
	}
	p := r.Unread()
	if len(p) < len(hm.b) || !hm.match(p) {
		return false
	}
	off := int(r.Offset())
	if dict, ok := r.DictMark(); !ok || dict != hm.dict || !r.Skip(len(hm.b)) {
		return false
	}
	hm.off = off
	hm.fill(m, p)
	return true
}

// fill sets the addressing fields of m from the memo and from p, the
// bytes of a Header that match it.
func (hm *headerMemo) fill(m *Message, p []byte) {
	m.Action, m.To = hm.action, hm.to
	if hm.id != 0 {
		m.MessageID = MessageIDFromGUID([16]byte(p[hm.id:]))
	}
	if hm.rel != 0 {
		m.RelatesTo = MessageIDFromGUID([16]byte(p[hm.rel:]))
	}
	if hm.seen&16 != 0 {
		m.ReplyTo = replyTo10(hm.reply)
	}
	if hm.seen != 0 {
		m.Version.Addressing = Addressing10
	}
}

// keepEnvelope keeps where r stands after reading m's start: the Envelope
// by envelopeStart, m's Header read into the memo (by it or by the
// pattern), the Body by bodyStart and the body element by
// NextRemembered, read with opts.
func (hm *headerMemo) keepEnvelope(r *binxml.Reader, m *Message, opts ReadOptions) {
	hm.env = hm.ok && m.state == bodyPending && r.SaveStart(&hm.start)
	hm.version, hm.opts = m.Version, opts.Version
}

// readEnvelope reads the start of m, r's document through its body
// element's start tag, by the one kept last (keepEnvelope), as
// readEnvelopeTo would; r, which ir is or wraps, has read nothing yet. It
// reports whether it did; when it did not, m and r are as they were.
func (hm *headerMemo) readEnvelope(r *binxml.Reader, ir infoset.Reader, m *Message, opts ReadOptions) bool {
	if !hm.env || opts.Version != hm.opts {
		return false
	}
	doc := r.Document()
	if len(doc)-hm.off < len(hm.b) || !hm.match(doc[hm.off:]) || !r.RestoreStart(&hm.start) {
		return false
	}
	*m = Message{r: ir, Version: hm.version, bodyName: r.Name(), state: bodyPending}
	hm.fill(m, doc[hm.off:])
	return true
}

// match reports whether p starts with the memo's bytes but for the GUIDs.
func (hm *headerMemo) match(p []byte) bool {
	b := hm.b
	i := 0
	for _, hole := range [2]int{min(hm.id, hm.rel), max(hm.id, hm.rel)} {
		if hole == 0 {
			continue
		}
		if string(p[i:hole]) != string(b[i:hole]) {
			return false
		}
		i = hole + 16
	}
	return string(p[i:len(b)]) == string(b[i:])
}
