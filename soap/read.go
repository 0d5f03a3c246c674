package soap

// Reading envelopes: SOAP 1.2 Part 1 §5 and SOAP 1.1 §4 (either version,
// detected by the Envelope namespace), WS-Addressing 1.0 and 2004/08
// headers, any prefixes, an optional Header. Header blocks are parsed
// eagerly; the Body is left in the reader (see Message).

import (
	"fmt"

	"github.com/wwsgo/wws/soap/infoset"
	"github.com/wwsgo/wws/soap/internal/binxml"
)

// DefaultMaxReceivedMessageSize is WCF's default MaxReceivedMessageSize.
const DefaultMaxReceivedMessageSize = 65536

// ReadOptions configures ReadEnvelope and the encoders.
type ReadOptions struct {
	// Version is the expected message version. A zero Envelope accepts
	// either SOAP version; a zero Addressing accepts any.
	Version MessageVersion
	// MaxReceivedMessageSize bounds the encoded size of a message; 0 means
	// DefaultMaxReceivedMessageSize. Encoders check it (see CheckSize).
	MaxReceivedMessageSize int64
}

// MaxSize is the effective MaxReceivedMessageSize.
func (o ReadOptions) MaxSize() int64 {
	if o.MaxReceivedMessageSize <= 0 {
		return DefaultMaxReceivedMessageSize
	}
	return o.MaxReceivedMessageSize
}

// CheckSize returns an error wrapping ErrQuotaExceeded when a message of n
// bytes is over the limit.
func (o ReadOptions) CheckSize(n int64) error {
	if max := o.MaxSize(); n > max {
		return fmt.Errorf("%w: MaxReceivedMessageSize (%d)", ErrQuotaExceeded, max)
	}
	return nil
}

// ReadEnvelope reads the envelope start, the headers and the Body start
// from r, and returns the message positioned on the first body element.
func ReadEnvelope(r infoset.Reader, opts ReadOptions) (*Message, error) {
	return readEnvelope(r, opts, true)
}

// readEnvelope is ReadEnvelope; patterns lets a binary reader read the
// message's start by its bytes first (readBinaryStart). Tests turn it off
// to compare with the general path.
func readEnvelope(r infoset.Reader, opts ReadOptions, patterns bool) (*Message, error) {
	m := new(Message)
	if err := readEnvelopeTo(m, r, opts, patterns, nil); err != nil {
		return nil, err
	}
	return m, nil
}

// readEnvelopeTo is readEnvelope into m, whatever m held before; hm, if
// not nil, remembers the start of the last binary message read by the
// fast path from one message to the next (headerMemo).
//
// It is the general path, over infoset.Reader alone, with one fast-path
// entry: a binary reader at the start of its document is first read by
// readBinaryStart (read_binary.go), and when that misses, the reader is
// rewound and read by the general path from the start.
func readEnvelopeTo(m *Message, r infoset.Reader, opts ReadOptions, patterns bool, hm *headerMemo) error {
	if patterns {
		if br := binxml.ReaderOf(r); br != nil && br.AtStart() {
			if readBinaryStart(m, r, br, opts, hm) {
				return nil
			}
			br.Rewind()
		}
	}
	env, err := readEnvelopeStart(r, opts.Version.Envelope)
	if err != nil {
		return err
	}
	*m = Message{r: r}
	m.Version.Envelope = env
	k, err := nextElement(r)
	if err != nil {
		return err
	}
	if k == infoset.StartElement && r.Name().Is("Header", env.Namespace()) {
		if err := readHeaders(r, m); err != nil {
			return err
		}
		if k, err = nextElement(r); err != nil {
			return err
		}
	}
	m.defaultAddressing(opts)
	if k != infoset.StartElement || !r.Name().Is("Body", env.Namespace()) {
		return wrapf(ErrMalformed, "missing Body")
	}
	k, err = nextElement(r)
	if err != nil {
		return err
	}
	return m.bodyStart(r, k)
}

// defaultAddressing gives m the addressing version opts expects when its
// headers named none and its envelope is the one opts expects.
func (m *Message) defaultAddressing(opts ReadOptions) {
	if m.Version.Addressing == AddressingNone && m.Version.Envelope == opts.Version.Envelope {
		m.Version.Addressing = opts.Version.Addressing
	}
}

// bodyStart records in m the first node of the Body, of kind k, which r
// is on: the body element, or the Body's end.
func (m *Message) bodyStart(r infoset.Reader, k infoset.Kind) error {
	switch k {
	case infoset.StartElement:
		m.bodyName, m.state = r.Name(), bodyPending
	case infoset.EndElement:
		m.state = bodyEmpty
	default:
		return wrapf(ErrMalformed, "document ends inside Body")
	}
	return nil
}

func readEnvelopeStart(r infoset.Reader, want EnvelopeVersion) (EnvelopeVersion, error) {
	k, err := nextElement(r)
	if err != nil {
		return 0, err
	}
	if k != infoset.StartElement {
		return 0, wrapf(ErrMalformed, "no Envelope element")
	}
	n := r.Name()
	if n.Local != "Envelope" {
		return 0, wrapf(ErrMalformed, "root element %s is not an Envelope", n)
	}
	env := envelopeVersionOf(n.Space)
	if env == EnvelopeNone {
		return 0, wrapf(ErrVersionMismatch, "unknown envelope namespace %q", n.Space)
	}
	if want != EnvelopeNone && env != want {
		return 0, wrapf(ErrVersionMismatch, "got %v, want %v", env, want)
	}
	return env, nil
}

// readHeaders reads the children of Header; r is on its StartElement.
func readHeaders(r infoset.Reader, m *Message) error {
	for {
		k, err := nextElement(r)
		if err != nil {
			return err
		}
		switch k {
		case infoset.EndElement:
			return nil
		case infoset.EOF:
			return wrapf(ErrMalformed, "document ends inside Header")
		}
		if err := readHeader(r, m); err != nil {
			return err
		}
	}
}

// readHeader reads one header block; r is on its StartElement.
func readHeader(r infoset.Reader, m *Message) error {
	var hv Header // on the stack: addressing headers are not kept as Headers
	hv.Name = r.Name()
	if err := readHeaderAttrs(r, m.Version.Envelope, &hv); err != nil {
		return err
	}
	if a := addressingVersionOf(hv.Name.Space); a != AddressingNone {
		done, err := readAddressingHeader(r, m, a, hv.Name)
		if done || err != nil {
			return err
		}
	}
	node, err := infoset.ReadSubtree(r)
	if err != nil {
		return err
	}
	h := new(Header)
	*h = hv
	h.Content = node.Children
	m.Headers = append(m.Headers, h)
	return nil
}

// readAddressingHeader parses a known addressing header and reports
// whether it did.
func readAddressingHeader(r infoset.Reader, m *Message, a AddressingVersion, n infoset.Name) (bool, error) {
	var err error
	switch n.Local {
	case "Action":
		err = readOnce(r, n, m.Action != "", func() (e error) { m.Action, e = readString(r); return })
	case "To":
		err = readOnce(r, n, m.To != "", func() (e error) { m.To, e = readString(r); return })
	case "MessageID":
		err = readOnce(r, n, !m.MessageID.IsZero(), func() (e error) { m.MessageID, e = readID(r); return })
	case "RelatesTo":
		err = readOnce(r, n, !m.RelatesTo.IsZero(), func() (e error) { m.RelatesTo, e = readID(r); return })
	case "ReplyTo":
		err = readOnce(r, n, m.ReplyTo != nil, func() (e error) { m.ReplyTo, e = readEPR(r, n.Space); return })
	case "FaultTo":
		err = readOnce(r, n, m.FaultTo != nil, func() (e error) { m.FaultTo, e = readEPR(r, n.Space); return })
	case "From":
		err = readOnce(r, n, m.From != nil, func() (e error) { m.From, e = readEPR(r, n.Space); return })
	default:
		return false, nil
	}
	if m.Version.Addressing == AddressingNone {
		m.Version.Addressing = a
	}
	return true, err
}

func readOnce(r infoset.Reader, n infoset.Name, seen bool, read func() error) error {
	if seen {
		return fmt.Errorf("%w: %s", ErrDuplicateHeader, n.Local)
	}
	return read()
}

func readID(r infoset.Reader) (MessageID, error) {
	var a textAcc
	if err := readTextInto(r, &a); err != nil {
		return MessageID{}, err
	}
	return messageIDFromText(a.text()), nil
}
