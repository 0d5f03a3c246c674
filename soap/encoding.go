package soap

// The encoding seam: message encoders selected by content type, as WCF's
// MessageEncoder/MessageEncoderFactory (and grpc's encoding registry). A
// transport looks an Encoding up by the Content-Type (HTTP) or the known
// encoding record ([MC-NMF] 2.2.3.4), makes one Encoder per connection or
// session, and hands it whole messages as bytes.

import (
	"mime"
	"strings"
	"sync"
)

// Encoder turns messages into bytes and back for one connection or session.
// It may hold per-session state (the [MC-NBFSE] string tables) and is not
// safe for concurrent use. A message returned by ReadMessage may refer to b
// until the next ReadMessage.
type Encoder interface {
	ContentType() string
	// WriteMessage appends the encoded m to dst.
	WriteMessage(dst []byte, m *Message) ([]byte, error)
	// ReadMessage decodes one message; it fails with ErrQuotaExceeded when b
	// is over the encoder's MaxReceivedMessageSize.
	ReadMessage(b []byte) (*Message, error)
}

// ReadMessageTo is e.ReadMessage into m, which it overwrites: a reader of
// many messages can keep one Message (and its allocation) for all of
// them. The encoders of this package read into m directly; another
// Encoder's message is copied into it. On error m holds nothing of use.
func ReadMessageTo(e Encoder, m *Message, b []byte) error {
	if r, ok := e.(interface {
		readMessageTo(m *Message, b []byte) error
	}); ok {
		return r.readMessageTo(m, b)
	}
	read, err := e.ReadMessage(b)
	if err != nil {
		return err
	}
	*m = *read
	return nil
}

// Encoding is a message encoding: its content type, its message version and
// a factory of Encoders.
type Encoding interface {
	ContentType() string
	MessageVersion() MessageVersion
	NewEncoder() Encoder
}

var registry struct {
	sync.RWMutex
	list []Encoding
}

// RegisterEncoding makes e available to LookupEncoding. An encoding with the
// same content type (media type and charset, compared case-insensitively)
// replaces the earlier one.
func RegisterEncoding(e Encoding) {
	key := contentKey(e.ContentType())
	registry.Lock()
	defer registry.Unlock()
	for i, old := range registry.list {
		if contentKey(old.ContentType()) == key {
			registry.list[i] = e
			return
		}
	}
	registry.list = append(registry.list, e)
}

// LookupEncoding finds the encoding for a Content-Type. Media types compare
// case-insensitively; a charset parameter must match the registered one
// when both have one; other parameters (action, type, start) are ignored.
func LookupEncoding(contentType string) (Encoding, bool) {
	mt, cs, ok := parseContentType(contentType)
	if !ok {
		return nil, false
	}
	registry.RLock()
	defer registry.RUnlock()
	for _, e := range registry.list {
		emt, ecs, _ := parseContentType(e.ContentType())
		if emt == mt && (cs == "" || ecs == "" || cs == ecs) {
			return e, true
		}
	}
	return nil, false
}

// parseContentType returns the lower-cased media type and charset.
func parseContentType(s string) (mediaType, charset string, ok bool) {
	mt, params, err := mime.ParseMediaType(s)
	if err != nil {
		// Lenient: WCF peers send unquoted action URIs that mime rejects.
		mt, _, _ = strings.Cut(s, ";")
		mt = strings.ToLower(strings.TrimSpace(mt))
		if mt == "" || !strings.Contains(mt, "/") {
			return "", "", false
		}
		return mt, charsetParam(s), true
	}
	return mt, strings.ToLower(params["charset"]), true
}

// charsetParam extracts charset=… by hand from a header mime rejects.
func charsetParam(s string) string {
	for _, p := range strings.Split(s, ";")[1:] {
		k, v, _ := strings.Cut(p, "=")
		if strings.EqualFold(strings.TrimSpace(k), "charset") {
			return strings.ToLower(strings.Trim(strings.TrimSpace(v), `"`))
		}
	}
	return ""
}

func contentKey(s string) string {
	mt, cs, _ := parseContentType(s)
	return mt + ";" + cs
}
