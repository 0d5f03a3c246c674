package soap

// Writing envelopes exactly as WCF does (dotnet/wcf BinaryMessageEncoder.cs
// MessagePatterns): prefixes s and a declared on the Envelope in that
// order; Action (mustUnderstand),
// MessageID, RelatesTo, ReplyTo, From, FaultTo, other headers, To
// (mustUnderstand); Action, To and addresses as dictionary strings,
// MessageID and RelatesTo as UniqueId values, mustUnderstand as the integer 1.
// SOAP 1.1 without addressing writes no Header element when there are no
// header blocks.

import (
	"errors"

	"github.com/wwsgo/wws/soap/infoset"
	"github.com/wwsgo/wws/soap/internal/binxml"
)

// ErrNoVersion reports a message without an envelope version.
var ErrNoVersion = errors.New("soap: message has no envelope version")

// WriteEnvelope writes m as a complete envelope and returns the writer's
// first error.
func WriteEnvelope(w infoset.Writer, m *Message) error {
	return writeEnvelope(w, m, true)
}

// writeEnvelope is WriteEnvelope; patterns lets a binary writer write the
// envelope with its fixed start tags as bytes (writeBinaryEnvelope). Tests
// turn it off to compare with the general path.
func writeEnvelope(w infoset.Writer, m *Message, patterns bool) error {
	if bw := binxml.WriterOf(w); bw != nil && patterns && binaryTagsApply(bw, m) {
		return writeBinaryEnvelope(bw, m)
	}
	env := m.Version.Envelope
	ns := env.Namespace()
	if ns == "" {
		return ErrNoVersion
	}
	w.StartElement(envelopePrefix, "Envelope", ns)
	if m.Version.Addressing != AddressingNone {
		w.Xmlns(addressingPrefix, m.Version.Addressing.Namespace())
	}
	if m.hasHeaders() {
		w.StartElement(envelopePrefix, "Header", ns)
		if err := writeHeaders(w, m); err != nil {
			return err
		}
		w.EndElement()
	}
	w.StartElement(envelopePrefix, "Body", ns)
	return finishEnvelope(w, m)
}

// finishEnvelope writes the body of m into the Body element just started,
// then ends the Body and the Envelope.
func finishEnvelope(w infoset.Writer, m *Message) error {
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

func writeHeaders(w infoset.Writer, m *Message) error {
	if a := m.Version.Addressing; a != AddressingNone {
		ans := a.Namespace()
		if m.Action != "" {
			writeMustUnderstand(w, m.Version.Envelope, ans, "Action", infoset.DictString(m.Action))
		}
		writeID(w, ans, "MessageID", m.MessageID)
		writeID(w, ans, "RelatesTo", m.RelatesTo)
		for _, e := range [...]struct {
			local string
			epr   *EndpointReference
		}{{"ReplyTo", m.ReplyTo}, {"From", m.From}, {"FaultTo", m.FaultTo}} {
			if e.epr != nil {
				writeEPR(w, ans, e.local, e.epr)
			}
		}
	}
	for _, h := range m.Headers {
		if err := writeHeader(w, m.Version.Envelope, h); err != nil {
			return err
		}
	}
	if m.Version.Addressing != AddressingNone && m.To != "" {
		writeMustUnderstand(w, m.Version.Envelope, m.Version.Addressing.Namespace(), "To", infoset.DictString(m.To))
	}
	return nil
}

// writeMustUnderstand writes <a:local s:mustUnderstand="1">value</a:local>.
func writeMustUnderstand(w infoset.Writer, env EnvelopeVersion, ans, local string, value infoset.Text) {
	w.StartElement(addressingPrefix, local, ans)
	w.Attr(envelopePrefix, "mustUnderstand", env.Namespace(), env.MustUnderstandValue())
	w.Text(value)
	w.EndElement()
}

func writeID(w infoset.Writer, ans, local string, id MessageID) {
	if id.IsZero() {
		return
	}
	w.StartElement(addressingPrefix, local, ans)
	w.Text(id.Text())
	w.EndElement()
}
