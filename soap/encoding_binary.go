package soap

import (
	"github.com/beevik/etree"
	"github.com/wwsgo/wws/soap/infoset"
	"github.com/wwsgo/wws/soap/internal/binxml"
)

// Content types of the binary encodings ([MC-NMF] 2.2.3.4 Known Encoding
// record; [MC-NBFS] 2, [MC-NBFSE] 2).
const (
	ContentTypeBinary        = "application/soap+msbin1"
	ContentTypeBinarySession = "application/soap+msbinsession1"
)

// BinaryEncoding is WCF's BinaryMessageEncoding: SOAP 1.2 + WS-Addressing
// 1.0 in .NET Binary XML ([MC-NBFX] with the [MC-NBFS] dictionary). With
// Session set it is application/soap+msbinsession1: every message starts
// with the strings it adds to its direction's [MC-NBFSE] session table, and
// an Encoder holds both directions' tables for one framing session.
type BinaryEncoding struct {
	Session bool
	Options EncodingOptions
}

// NewBinaryEncoding returns the binary encoding, with or without session
// string tables.
func NewBinaryEncoding(session bool, opts EncodingOptions) *BinaryEncoding {
	return &BinaryEncoding{Session: session, Options: opts}
}

// ContentType implements Encoding.
func (e *BinaryEncoding) ContentType() string {
	if e.Session {
		return ContentTypeBinarySession
	}
	return ContentTypeBinary
}

// MessageVersion implements Encoding: binary is always SOAP 1.2 + WSA 1.0.
func (e *BinaryEncoding) MessageVersion() MessageVersion { return Soap12WSAddressing10 }

// NewEncoder implements Encoding. For the session encoding, call it once
// per framing session: the encoder's tables live as long as the session.
func (e *BinaryEncoding) NewEncoder() Encoder {
	b := &binaryEncoder{enc: e, q: e.Options.Quotas.nbfx()}
	if e.Session {
		b.ws = binxml.NewWriteSession(e.Options.sessionSize())
		b.rs = binxml.NewReadSession(e.Options.sessionSize())
	}
	b.w = binxml.NewWriter(nil, b.ws)
	b.r = binxml.NewReader(nil, b.rs, b.q)
	return b
}

// binaryEncoder reuses one writer and one reader. A message it reads is
// valid until its next ReadMessage. Messages must be written in the order
// they go on the wire, and read in the order they arrived: the session
// tables depend on it.
type binaryEncoder struct {
	enc *BinaryEncoding
	q   binxml.Quotas
	ws  *binxml.WriteSession
	rs  *binxml.ReadSession
	w   *binxml.Writer
	r   *binxml.Reader

	headers headerCache // the Header records of recent messages
	bodies  bodyTags    // the start tags of body structs
	hmemo   headerMemo  // the Header read last
}

func (b *binaryEncoder) ContentType() string { return b.enc.ContentType() }

func (b *binaryEncoder) WriteMessage(dst []byte, m *Message) ([]byte, error) {
	b.w.Reset(dst, b.ws)
	if err := b.writeEnvelope(m); err != nil {
		b.w.Abandon() // the peer never sees these strings
		return dst, err
	}
	out, err := b.w.Finish()
	b.w.Reset(nil, b.ws)
	return out, err
}

// writeEnvelope is WriteEnvelope on the encoder's writer, with the Header
// records and body start tags the encoder keeps (headerCache, bodyTags)
// where writeBinaryEnvelope applies.
func (b *binaryEncoder) writeEnvelope(m *Message) error {
	w := b.w
	if !binaryTagsApply(w, m) {
		return WriteEnvelope(w, m)
	}
	w.StartRaw(&soap12Tags[tagEnvelope])
	if m.hasHeaders() {
		if err := b.headers.write(w, m); err != nil {
			return err
		}
	}
	w.StartRaw(&soap12Tags[tagBody])
	switch m.body.(type) {
	case nil, *Fault, *etree.Element, func(infoset.Writer) error:
		return finishEnvelope(w, m)
	}
	if err := b.bodies.encode(w, m.body); err != nil {
		return err
	}
	w.EndElement()
	w.EndElement()
	return w.Err()
}

func (b *binaryEncoder) ReadMessage(p []byte) (*Message, error) {
	m := new(Message)
	if err := b.readMessageTo(m, p); err != nil {
		return nil, err
	}
	return m, nil
}

func (b *binaryEncoder) readMessageTo(m *Message, p []byte) error {
	opts := ReadOptions{Version: Soap12WSAddressing10, MaxReceivedMessageSize: b.enc.Options.MaxReceivedMessageSize}
	if err := opts.CheckSize(int64(len(p))); err != nil {
		return err
	}
	if b.rs != nil {
		n, err := b.rs.ReadTable(p)
		if err != nil {
			return err
		}
		p = p[n:]
	}
	b.r.Reset(p, b.rs)
	return readEnvelopeTo(m, b.r, opts, true, &b.hmemo)
}

func init() {
	RegisterEncoding(NewBinaryEncoding(true, EncodingOptions{}))
	RegisterEncoding(NewBinaryEncoding(false, EncodingOptions{}))
	RegisterEncoding(NewTextEncoding(Soap12WSAddressing10, EncodingOptions{}))
	RegisterEncoding(NewTextEncoding(Soap11, EncodingOptions{}))
}
