package soap

// Generic plumbing for concrete encodings: everything except the XML
// encoding itself. A concrete encoding supplies a Writer appending to a
// byte slice and a Reader over a byte slice; XMLEncoder does the rest
// (size quota, envelope writing and reading).

import "github.com/wwsgo/wws/soap/infoset"

// XMLCodec is what a concrete XML encoding (text, binary, binary session)
// provides to XMLEncoder. It may keep per-session state.
type XMLCodec interface {
	// NewWriter returns a Writer appending to dst, and a function that
	// finishes the document and returns the extended slice.
	NewWriter(dst []byte) (w infoset.Writer, finish func() ([]byte, error))
	// NewReader returns a Reader over one encoded message.
	NewReader(b []byte) (infoset.Reader, error)
}

// XMLEncoder is an Encoder made of an XMLCodec and ReadOptions.
type XMLEncoder struct {
	Type    string // content type
	Codec   XMLCodec
	Options ReadOptions
}

// ContentType implements Encoder.
func (e *XMLEncoder) ContentType() string { return e.Type }

// WriteMessage implements Encoder.
func (e *XMLEncoder) WriteMessage(dst []byte, m *Message) ([]byte, error) {
	w, finish := e.Codec.NewWriter(dst)
	if err := WriteEnvelope(w, m); err != nil {
		return dst, err
	}
	return finish()
}

// ReadMessage implements Encoder: it checks MaxReceivedMessageSize before
// parsing anything.
func (e *XMLEncoder) ReadMessage(b []byte) (*Message, error) {
	if err := e.Options.CheckSize(int64(len(b))); err != nil {
		return nil, err
	}
	r, err := e.Codec.NewReader(b)
	if err != nil {
		return nil, err
	}
	return ReadEnvelope(r, e.Options)
}
