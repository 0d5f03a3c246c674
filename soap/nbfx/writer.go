package nbfx

import (
	"github.com/wwsgo/wws/soap/infoset"
	"github.com/wwsgo/wws/soap/internal/binxml"
)

// Writer errors.
var (
	// ErrUnclosed reports Finish with elements still open.
	ErrUnclosed = binxml.ErrUnclosed
	// ErrFinished reports a write after Finish or Abandon; call Reset.
	ErrFinished = binxml.ErrFinished
	// ErrXmlnsConflict reports a prefix declared twice on one element with
	// different namespaces, or an illegal declaration (xml, xmlns).
	ErrXmlnsConflict = binxml.ErrXmlnsConflict
	// ErrInvalidName reports an empty local name or a reserved prefix.
	ErrInvalidName = binxml.ErrInvalidName
	// ErrTooLong reports a string, byte string or array too long for its
	// length field (2^31-1).
	ErrTooLong = binxml.ErrTooLong
	// ErrArrayType reports an unsupported array element type.
	ErrArrayType = binxml.ErrArrayType
)

// Writer encodes one message as .NET Binary XML. It implements
// infoset.Writer. The zero Writer is not usable; use NewWriter or Reset.
//
// Records are appended to the caller's buffer. A Writer is reused message
// after message with Reset and then allocates nothing per record.
type Writer struct {
	w binxml.Writer
}

var _ infoset.Writer = (*Writer)(nil)

// NewWriter returns a Writer that appends one message to dst.
//
// With a session s the message begins with the [MC-NBFSE] string table
// (application/soap+msbinsession1); with s == nil it is plain [MC-NBFX]
// (application/soap+msbin1).
func NewWriter(dst []byte, s *WriteSession) *Writer {
	w := new(Writer)
	w.w.Reset(dst, s.inner())
	return w
}

// Reset starts a new message appended to dst, keeping the Writer's storage.
// Session strings added by an unfinished previous message are abandoned.
func (w *Writer) Reset(dst []byte, s *WriteSession) { w.w.Reset(dst, s.inner()) }

// SetNameFilter limits which names are sent by dictionary id. By default
// (f == nil) every element and attribute local name and every declared
// namespace URI is a dictionary candidate: its [MC-NBFS] static id, else its
// session id, else inline. That is what WCF does for the XmlDictionaryStrings
// of envelopes, addressing headers and DataContract bodies. With f set, names
// in a namespace ns for which f(ns) is false (the local names of elements and
// attributes in ns, and ns itself in declarations) are always inline, as WCF
// writes plain-string names. The filter survives Reset.
func (w *Writer) SetNameFilter(f func(ns string) bool) { w.w.SetNameFilter(f) }

// DictionaryNames reports whether the local names of elements and
// attributes in namespace ns are sent by dictionary id (see SetNameFilter).
func (w *Writer) DictionaryNames(ns string) bool { return w.w.DictionaryNames(ns) }

// Err returns the first error recorded.
func (w *Writer) Err() error { return w.w.Err() }

// Depth is the number of open elements.
func (w *Writer) Depth() int { return w.w.Depth() }

// StartElement implements infoset.Writer. When prefix is not bound to ns,
// the element declares it.
func (w *Writer) StartElement(prefix, local, ns string) { w.w.StartElement(prefix, local, ns) }

// Xmlns implements infoset.Writer. A binding already in scope is not
// declared again.
func (w *Writer) Xmlns(prefix, ns string) { w.w.Xmlns(prefix, ns) }

// Attr implements infoset.Writer. A prefix not bound to ns is declared on
// the element; xml:* attributes use inline names (record 05), as WCF does.
// An unprefixed attribute is in no namespace and ns is ignored.
func (w *Writer) Attr(prefix, local, ns string, value infoset.Text) {
	w.w.Attr(prefix, local, ns, value)
}

// Text implements infoset.Writer.
func (w *Writer) Text(value infoset.Text) { w.w.Text(value) }

// EndElement implements infoset.Writer. Text written just before is folded
// into its odd (…WithEndElement) record.
func (w *Writer) EndElement() { w.w.EndElement() }

// Comment implements infoset.Writer (record 02, [MC-NBFX] 2.2.3.2).
func (w *Writer) Comment(text string) { w.w.Comment(text) }

// Leaf writes an element without attributes whose content is the one text
// value, exactly as StartElement, Text and EndElement would, in one call
// when prefix is already bound to ns (no declaration); otherwise it makes
// those three calls.
func (w *Writer) Leaf(prefix, local, ns string, value infoset.Text) {
	w.w.Leaf(prefix, local, ns, value)
}

// WriteArray writes values as count repetitions of the element
// prefix:local in ns, each holding one value, in one Array record
// ([MC-NBFX] 2.2.3.31). values is one of []bool, []int16, []int32,
// []int64, []float32, []float64, []infoset.Decimal, []time.Time (UTC
// DateTime), []time.Duration (TimeSpan) or [][16]byte (GUIDs in wire byte
// order).
func (w *Writer) WriteArray(prefix, local, ns string, values any) {
	w.w.WriteArray(prefix, local, ns, values)
}

// Finish completes the message and returns dst with it appended: for a
// session, the string table of the strings new in this message (a single
// 00 when none), then the records. On success the session commits those
// strings. On error it returns dst as it was before the message, abandons
// the message's session strings and reports the error.
func (w *Writer) Finish() ([]byte, error) { return w.w.Finish() }

// Abandon gives up the message: session strings it added are forgotten
// (the peer never saw them) and the Writer needs Reset before reuse.
func (w *Writer) Abandon() { w.w.Abandon() }
