package binxml

import (
	"errors"
	"fmt"
	"unsafe"

	"github.com/wwsgo/wws/soap/infoset"
)

// The .NET Binary XML writer: [MC-NBFX] 2.2 records, chosen the way WCF's
// XmlBinaryWriter (XmlBinaryNodeWriter + XmlBaseWriter) chooses them
// (dotnet/wcf XmlBinaryWriter.cs), with [MC-NBFS] static and [MC-NBFSE] session ids.

// Writer errors.
var (
	// ErrUnclosed reports Finish with elements still open.
	ErrUnclosed = errors.New("nbfx: message finished with open elements")
	// ErrFinished reports a write after Finish or Abandon; call Reset.
	ErrFinished = errors.New("nbfx: writer used after Finish")
	// ErrXmlnsConflict reports a prefix declared twice on one element with
	// different namespaces, or an illegal declaration (xml, xmlns).
	ErrXmlnsConflict = errors.New("nbfx: conflicting namespace declaration")
	// ErrInvalidName reports an empty local name or a reserved prefix.
	ErrInvalidName = errors.New("nbfx: invalid name")
	// ErrTooLong reports a string, byte string or array too long for its
	// length field (2^31-1).
	ErrTooLong = errors.New("nbfx: value too long")
	// ErrArrayType reports an unsupported array element type.
	ErrArrayType = errors.New("nbfx: unsupported array type")
)

// Writer encodes one message as .NET Binary XML. It implements
// infoset.Writer. The zero Writer is not usable; use NewWriter or Reset.
//
// Records are appended to the caller's buffer. A Writer is reused message
// after message with Reset and then allocates nothing per record.
type Writer struct {
	dst   []byte
	start int  // len(dst) when the message began
	table bool // dst[start] is an empty string table, written by Reset
	s     *WriteSession
	scope infoset.Scope
	err   error

	inStart bool                 // a start tag is open: attributes and xmlns allowed
	decls   []nsDecl             // namespace declarations of the open start tag, in order
	textOff int                  // offset of the last record if it is element-content text, else -1
	scratch []byte               // UTF-16 transcoding
	done    bool                 // Finish or Abandon was called
	depth   int                  // open elements
	arena   []byte               // copies of the prefixes and namespaces in scope
	names   func(ns string) bool // dictionary-name filter, nil for all
	ids     idCache              // recent dictionary ids (writer_dict.go)
}

type nsDecl struct{ prefix, ns string }

var _ infoset.Writer = (*Writer)(nil)

// NewWriter returns a Writer that appends one message to dst. With a
// session s the message begins with the [MC-NBFSE] string table
// (application/soap+msbinsession1); with s == nil it is plain [MC-NBFX]
// (application/soap+msbin1).
func NewWriter(dst []byte, s *WriteSession) *Writer {
	w := &Writer{}
	w.Reset(dst, s)
	return w
}

// Reset starts a new message appended to dst, keeping the Writer's storage.
// Session strings added by an unfinished previous message are abandoned.
func (w *Writer) Reset(dst []byte, s *WriteSession) {
	if !w.done && w.s != nil {
		w.s.rollback()
	}
	w.dst, w.start, w.s = dst, len(dst), s
	w.table = s != nil && cap(dst) > len(dst) // room for it: Reset(nil, s) allocates nothing
	if w.table {
		w.dst = append(w.dst, 0)
	}
	w.scope.Reset()
	w.err, w.inStart, w.textOff, w.done = nil, false, -1, false
	w.decls, w.depth, w.arena = w.decls[:0], 0, w.arena[:0]
}

// SetNameFilter limits which names are sent by dictionary id. By default
// (f == nil) every element and attribute local name and every declared
// namespace URI is a dictionary candidate: its [MC-NBFS] static id, else its
// session id, else inline. That is what WCF does for the XmlDictionaryStrings
// of envelopes, addressing headers and DataContract bodies. With f set, names
// in a namespace ns for which f(ns) is false (the local names of elements and
// attributes in ns, and ns itself in declarations) are always inline, as WCF
// writes plain-string names. The filter survives Reset.
func (w *Writer) SetNameFilter(f func(ns string) bool) { w.names = f }

// Err returns the first error recorded.
func (w *Writer) Err() error { return w.err }

// Finish completes the message and returns dst with it appended: for a
// session, the string table of the strings new in this message (a single
// 00 when none), then the records. On success the session commits those
// strings. On error it returns dst as it was before the message, abandons
// the message's session strings and reports the error.
func (w *Writer) Finish() ([]byte, error) {
	if w.err == nil && w.depth > 0 {
		w.fail(fmt.Errorf("%w: %d open", ErrUnclosed, w.depth))
	}
	if w.err != nil || w.done {
		if w.err == nil {
			w.err = ErrFinished
		}
		w.Abandon()
		return w.dst[:w.start], w.err
	}
	if w.s != nil {
		w.insertTable()
		w.s.commit()
	}
	w.done = true
	return w.dst, nil
}

// Abandon gives up the message: session strings it added are forgotten
// (the peer never saw them) and the Writer needs Reset before reuse.
func (w *Writer) Abandon() {
	if !w.done && w.s != nil {
		w.s.rollback()
	}
	w.done = true
	if w.err == nil {
		w.err = ErrFinished
	}
}

// insertTable writes the string table before the records: over the empty
// one Reset wrote when there was room (a single 00, kept when the message
// added no strings), else in room made by moving the records right.
func (w *Writer) insertTable() {
	n := w.s.pendingSize()
	if w.table && n == 0 {
		return
	}
	t := MB31Len(uint32(n)) + n
	rec, end := w.start, len(w.dst)
	if w.table {
		rec, t = rec+1, t-1
	}
	w.dst = grow(w.dst, t)[:end+t]
	copy(w.dst[rec+t:], w.dst[rec:end])
	w.s.appendTable(w.dst[w.start:w.start])
}

// fail records the first error.
func (w *Writer) fail(err error) {
	if w.err == nil {
		w.err = err
	}
}

// ok reports whether writing may continue, recording ErrFinished after
// Finish.
func (w *Writer) ok() bool {
	if w.done && w.err == nil {
		w.err = ErrFinished
	}
	return w.err == nil
}

// keep copies s into the arena: a Reader's strings are valid only until
// its next call, and namespace bindings live as long as their element. The
// arena is never written below its length, so older copies stay intact
// when it is replaced by a larger one.
func (w *Writer) keep(s string) string {
	if s == "" {
		return ""
	}
	if cap(w.arena)-len(w.arena) < len(s) {
		w.arena = make([]byte, 0, max(2*cap(w.arena), len(s), 256))
	}
	off := len(w.arena)
	w.arena = append(w.arena, s...)
	return unsafe.String(&w.arena[off], len(s))
}

// grow makes room for n more bytes without changing len(b).
func grow(b []byte, n int) []byte {
	if cap(b)-len(b) >= n {
		return b
	}
	nb := make([]byte, len(b), 2*cap(b)+n)
	copy(nb, b)
	return nb
}
