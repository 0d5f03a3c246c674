package soap

import (
	"github.com/wwsgo/wws/soap/xmltext"
)

// Content types of the text encodings ([MC-NMF] 2.2.3.4 Known Encoding
// record; SOAP 1.2 Part 2 §7 for application/soap+xml, SOAP 1.1 §6 for
// text/xml).
const (
	ContentTypeSoap12Text = "application/soap+xml; charset=utf-8"
	ContentTypeSoap11Text = "text/xml; charset=utf-8"
)

// TextEncoding is WCF's TextMessageEncoding: XML 1.0 in UTF-8 (UTF-16 is
// read too), SOAP 1.2 as application/soap+xml or SOAP 1.1 as text/xml.
type TextEncoding struct {
	Version MessageVersion
	Options EncodingOptions
}

// NewTextEncoding returns the text encoding for v.
func NewTextEncoding(v MessageVersion, opts EncodingOptions) *TextEncoding {
	return &TextEncoding{Version: v, Options: opts}
}

// ContentType implements Encoding.
func (e *TextEncoding) ContentType() string {
	if e.Version.Envelope == EnvelopeSoap11 {
		return ContentTypeSoap11Text
	}
	return ContentTypeSoap12Text
}

// MessageVersion implements Encoding.
func (e *TextEncoding) MessageVersion() MessageVersion { return e.Version }

// NewEncoder implements Encoding.
func (e *TextEncoding) NewEncoder() Encoder {
	return &textEncoder{enc: e, w: xmltext.NewWriter(nil)}
}

// textEncoder reuses one writer and one reader. A message it reads is valid
// until its next ReadMessage.
type textEncoder struct {
	enc *TextEncoding
	w   *xmltext.Writer
	r   *xmltext.Reader
}

func (t *textEncoder) ContentType() string { return t.enc.ContentType() }

func (t *textEncoder) WriteMessage(dst []byte, m *Message) ([]byte, error) {
	t.w.Reset(dst)
	if err := WriteEnvelope(t.w, m); err != nil {
		return dst, err
	}
	out, err := t.w.Finish()
	t.w.Reset(nil) // drop the reference to the caller's buffer
	return out, err
}

func (t *textEncoder) ReadMessage(b []byte) (*Message, error) {
	m := new(Message)
	if err := t.readMessageTo(m, b); err != nil {
		return nil, err
	}
	return m, nil
}

func (t *textEncoder) readMessageTo(m *Message, b []byte) error {
	opts := ReadOptions{Version: t.enc.Version, MaxReceivedMessageSize: t.enc.Options.MaxReceivedMessageSize}
	if err := opts.CheckSize(int64(len(b))); err != nil {
		return err
	}
	if t.r == nil {
		r, err := xmltext.NewReader(b, t.enc.Options.Quotas.xmltext())
		if err != nil {
			return wrapf(ErrMalformed, "%v", err)
		}
		t.r = r
	} else if err := t.r.Reset(b); err != nil {
		return wrapf(ErrMalformed, "%v", err)
	}
	return readEnvelopeTo(m, t.r, opts, true, nil)
}
