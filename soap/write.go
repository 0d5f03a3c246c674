package soap

// Writing envelopes exactly as WCF does (wire.md §5.1, §7.2, §7.3): prefixes
// s and a declared on the Envelope in that order; Action (mustUnderstand),
// MessageID, RelatesTo, ReplyTo, From, FaultTo, other headers, To
// (mustUnderstand); Action, To and addresses as dictionary strings,
// MessageID and RelatesTo as UniqueId values, mustUnderstand as the integer 1.
// SOAP 1.1 without addressing writes no Header element when there are no
// header blocks.

import (
	"errors"

	"github.com/wwsgo/wws/soap/infoset"
	"github.com/wwsgo/wws/soap/nbfx"
)

// ErrNoVersion reports a message without an envelope version.
var ErrNoVersion = errors.New("soap: message has no envelope version")

// WriteEnvelope writes m as a complete envelope and returns the writer's
// first error.
func WriteEnvelope(w infoset.Writer, m *Message) error {
	return writeEnvelope(w, m, true)
}

// writeEnvelope is WriteEnvelope; patterns lets a binary writer write the
// fixed start tags as bytes (see tagWriter). Tests turn it off to compare
// with the general path.
func writeEnvelope(w infoset.Writer, m *Message, patterns bool) error {
	env := m.Version.Envelope
	ns := env.Namespace()
	if ns == "" {
		return ErrNoVersion
	}
	t := tagWriter{w: w, env: env}
	if bw, ok := w.(*nbfx.Writer); ok && patterns {
		t.bin = binaryTags(bw, m.Version)
	}
	// The precomputed Envelope tag declares both prefixes, so it serves
	// only when nothing is in scope.
	if t.bin == nil || t.bin.Depth() != 0 || !t.raw(tagEnvelope) {
		w.StartElement(envelopePrefix, "Envelope", ns)
		if m.Version.Addressing != AddressingNone {
			w.Xmlns(addressingPrefix, m.Version.Addressing.Namespace())
		}
	}
	if m.hasHeaders() {
		if !t.raw(tagHeader) {
			w.StartElement(envelopePrefix, "Header", ns)
		}
		if err := writeHeaders(t, m); err != nil {
			return err
		}
		w.EndElement()
	}
	if !t.raw(tagBody) {
		w.StartElement(envelopePrefix, "Body", ns)
	}
	if m.body != nil {
		if err := writeBody(w, m.body, m.Version); err != nil {
			return err
		}
	}
	w.EndElement()
	w.EndElement()
	return w.Err()
}

func (m *Message) hasHeaders() bool {
	if len(m.Headers) > 0 {
		return true
	}
	if m.Version.Addressing == AddressingNone {
		return false
	}
	return m.Action != "" || m.To != "" || !m.MessageID.IsZero() || !m.RelatesTo.IsZero() ||
		m.ReplyTo != nil || m.FaultTo != nil || m.From != nil
}

func writeHeaders(t tagWriter, m *Message) error {
	w := t.w
	if a := m.Version.Addressing; a != AddressingNone {
		ans := a.Namespace()
		if m.Action != "" {
			writeMustUnderstand(t, tagAction, ans, "Action", infoset.DictString(m.Action))
		}
		writeID(t, tagMessageID, ans, "MessageID", m.MessageID)
		writeID(t, tagRelatesTo, ans, "RelatesTo", m.RelatesTo)
		if m.ReplyTo != nil {
			writeEPR(t, ans, tagReplyTo, "ReplyTo", m.ReplyTo)
		}
		if m.From != nil {
			writeEPR(t, ans, tagFrom, "From", m.From)
		}
		if m.FaultTo != nil {
			writeEPR(t, ans, tagFaultTo, "FaultTo", m.FaultTo)
		}
	}
	for _, h := range m.Headers {
		if err := writeHeader(w, m.Version.Envelope, h); err != nil {
			return err
		}
	}
	if m.Version.Addressing != AddressingNone && m.To != "" {
		writeMustUnderstand(t, tagTo, m.Version.Addressing.Namespace(), "To", infoset.DictString(m.To))
	}
	return nil
}

// writeMustUnderstand writes <a:local s:mustUnderstand="1">value</a:local>
// (tag is its start tag in soap12Tags).
func writeMustUnderstand(t tagWriter, tag int, ans, local string, value infoset.Text) {
	w := t.w
	if !t.raw(tag) {
		w.StartElement(addressingPrefix, local, ans)
		w.Attr(envelopePrefix, "mustUnderstand", t.env.Namespace(), t.env.MustUnderstandValue())
	}
	w.Text(value)
	w.EndElement()
}

func writeID(t tagWriter, tag int, ans, local string, id MessageID) {
	if id.IsZero() {
		return
	}
	w := t.w
	if !t.raw(tag) {
		w.StartElement(addressingPrefix, local, ans)
	}
	w.Text(id.Text())
	w.EndElement()
}
