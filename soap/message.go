package soap

// The message: SOAP 1.2 Part 1 §5 (Envelope, Header, Body) with the
// WS-Addressing 1.0 message addressing properties (Core §3) as typed fields.
// A received message parses its headers eagerly and its body lazily, as
// WCF's Message does: the body stays in the reader until the caller asks
// for it in the form it wants.

import (
	"github.com/beevik/etree"
	"github.com/wwsgo/wws/soap/infoset"
)

// Message is a SOAP message to write or one that was read.
//
// A message read by ReadEnvelope keeps its reader, positioned on the first
// child of the Body; exactly one of DecodeBody, BodyElement, BodyReader or
// Fault may consume the body, and only while the reader is still valid (for
// an Encoder, until its next ReadMessage).
type Message struct {
	Version MessageVersion

	// Addressing headers (WS-Addressing 1.0 Core §3.1). Action is also the
	// SOAP action of an AddressingNone message (SOAPAction over HTTP).
	Action    string
	To        string
	MessageID MessageID
	RelatesTo MessageID
	ReplyTo   *EndpointReference // of a message read: shared, not to be changed
	FaultTo   *EndpointReference
	From      *EndpointReference

	// Headers are the other header blocks, in order. WriteEnvelope writes
	// them after FaultTo and before To.
	Headers Headers

	body any // set for messages to write: the value SetBody was given

	r        infoset.Reader // set for messages read
	bodyName infoset.Name
	state    bodyState
}

type bodyState uint8

const (
	bodyOutgoing bodyState = iota // built for writing
	bodyEmpty                     // read; the Body has no element
	bodyPending                   // read; the reader is on the first body element
	bodyConsumed                  // read; the body was taken
)

// NewMessage returns a message to write. body is nil (empty Body), a
// *Fault, an *etree.Element, a func(infoset.Writer) error, or a Go value
// for the body codec (see Encode).
func NewMessage(v MessageVersion, action string, body any) *Message {
	m := &Message{Version: v, Action: action}
	m.SetBody(body)
	return m
}

// NewFaultMessage returns a message carrying f, adapted to v (see
// Fault.ForVersion), with f's action.
func NewFaultMessage(v MessageVersion, f *Fault) *Message {
	f = f.ForVersion(v)
	m := &Message{Version: v, Action: f.Action, body: f}
	if v.Envelope == EnvelopeSoap12 {
		m.Headers = notUnderstoodHeaders(f.NotUnderstood)
	}
	return m
}

// SetBody replaces the body of a message to write; see NewMessage.
func (m *Message) SetBody(body any) {
	m.r, m.state = nil, bodyOutgoing
	m.body = body // kept as given: writeBody dispatches on its type
}

// BodyName is the name of the first element in the Body of a message read,
// available without decoding it; the zero Name when the Body is empty.
func (m *Message) BodyName() infoset.Name { return m.bodyName }

// IsEmpty reports whether the Body has no element.
func (m *Message) IsEmpty() bool {
	if m.state == bodyOutgoing {
		return m.body == nil
	}
	return m.state == bodyEmpty
}

// IsFault reports whether the body is a SOAP fault.
func (m *Message) IsFault() bool {
	if m.state == bodyOutgoing {
		_, ok := m.body.(*Fault)
		return ok
	}
	return m.bodyName.Local == "Fault" && m.bodyName.Space == m.Version.Envelope.Namespace()
}

// takeBody hands out the reader positioned on the body element once.
func (m *Message) takeBody() (infoset.Reader, error) {
	switch m.state {
	case bodyPending:
		m.state = bodyConsumed
		return m.r, nil
	case bodyEmpty:
		return nil, wrapf(ErrMalformed, "the message body is empty")
	case bodyConsumed:
		return nil, ErrBodyConsumed
	}
	return nil, wrapf(ErrBodyConsumed, "the message was not read from the wire")
}

// BodyReader returns the message's reader positioned on the StartElement
// of the first body element. The caller reads that element through its
// EndElement; the reader is valid only as long as the message's source.
func (m *Message) BodyReader() (infoset.Reader, error) { return m.takeBody() }

// DecodeBody decodes the first body element into v (a non-nil pointer) with
// the body codec (see Decode).
func (m *Message) DecodeBody(v any) error {
	r, err := m.takeBody()
	if err != nil {
		return err
	}
	return Decode(r, v)
}

// BodyElement reads the first body element into an etree element, with the
// namespace declarations it needs copied onto it.
func (m *Message) BodyElement() (*etree.Element, error) {
	r, err := m.takeBody()
	if err != nil {
		return nil, err
	}
	return ReadElement(r)
}

// Fault reads the body as a SOAP fault.
func (m *Message) Fault() (*Fault, error) {
	if m.state == bodyOutgoing {
		if f, ok := m.body.(*Fault); ok {
			return f, nil
		}
		return nil, ErrNotFault
	}
	if !m.IsFault() {
		return nil, ErrNotFault
	}
	r, err := m.takeBody()
	if err != nil {
		return nil, err
	}
	f, err := readFault(r, m.Version.Envelope)
	if err != nil {
		return nil, err
	}
	f.Action = m.Action
	return f, nil
}

// NotUnderstood lists the headers that are mustUnderstand, targeted at this
// endpoint (no role, next or ultimateReceiver), and not marked Understood.
// The addressing headers parsed into Message fields are always understood.
// A non-empty result calls for MustUnderstandFault.
func (m *Message) NotUnderstood() []infoset.Name {
	var out []infoset.Name
	for _, h := range m.Headers {
		if h.MustUnderstand && !h.Understood && targetsUltimateReceiver(h.Role) {
			out = append(out, h.Name)
		}
	}
	return out
}

// bodyWriter writes the content of the Body element.
// writeBody writes an outgoing body by its type: a *Fault, an
// *etree.Element, a writer func, or any other value through the codec.
func writeBody(w infoset.Writer, body any, v MessageVersion) error {
	switch b := body.(type) {
	case *Fault:
		return faultBody{b}.writeBody(w, v)
	case *etree.Element:
		return elementBody{b}.writeBody(w, v)
	case func(infoset.Writer) error:
		return funcBody(b).writeBody(w, v)
	}
	return valueBody{body}.writeBody(w, v)
}

type valueBody struct{ v any }

func (b valueBody) writeBody(w infoset.Writer, _ MessageVersion) error { return Encode(w, b.v) }

type elementBody struct{ e *etree.Element }

func (b elementBody) writeBody(w infoset.Writer, _ MessageVersion) error {
	WriteElement(w, b.e)
	return w.Err()
}

type funcBody func(infoset.Writer) error

func (b funcBody) writeBody(w infoset.Writer, _ MessageVersion) error { return b(w) }

type faultBody struct{ f *Fault }

func (b faultBody) writeBody(w infoset.Writer, v MessageVersion) error {
	writeFault(w, v, b.f)
	return w.Err()
}
