package nbfx

import (
	"io"

	"github.com/wwsgo/wws/soap/infoset"
	"github.com/wwsgo/wws/soap/internal/binxml"
)

// Errors a Reader wraps in a *SyntaxError ([MC-NBFX] 2 record grammar).
// Truncated input wraps io.ErrUnexpectedEOF and quota violations wrap
// ErrQuotaExceeded.
var (
	// ErrMalformed reports bytes that break the [MC-NBFX] record grammar.
	ErrMalformed = binxml.ErrMalformed
	// ErrUnknownID reports a dictionary id that names no string: an even id
	// past the [MC-NBFS] table, or an odd id the session has not defined.
	ErrUnknownID = binxml.ErrUnknownID
)

// SyntaxError is a Reader error with the offset of the record at fault:
// its fields are Offset (the byte offset of the record in the document),
// Msg (what is wrong, e.g. "unknown record 0x7A") and Err (ErrMalformed,
// ErrUnknownID, ErrQuotaExceeded, io.ErrUnexpectedEOF or a source error,
// which Unwrap returns). Error renders it as "nbfx: offset N: msg".
type SyntaxError = binxml.SyntaxError

// Reader is an infoset.Reader over one .NET Binary XML document
// ([MC-NBFX] 2, with the [MC-NBFS] static dictionary and optionally an
// [MC-NBFSE] session). It accepts every record of [MC-NBFX], validates the
// record grammar (one root element, balanced elements, attributes only in
// start tags) and enforces Quotas. Typed text records are delivered as
// typed infoset.Text values, never converted to strings.
//
// For application/soap+msbinsession1 payloads the caller first passes the
// payload to ReadSession.ReadTable and then reads the rest of the payload
// with a Reader on that session: the Reader never reads a string table.
//
// Values returned by Name, Attrs and Text are valid until the next call to
// Next; Text values may refer to the input. A Reader is not safe for
// concurrent use; Reset reuses one for the next document.
type Reader struct {
	r binxml.Reader
}

var _ infoset.Reader = (*Reader)(nil)

// NewReader returns a Reader over the binary XML document b. s holds the
// session strings for odd dictionary ids; with s nil (application/soap+msbin1)
// an odd id is an error. Zero fields of q take their defaults.
func NewReader(b []byte, s *ReadSession, q Quotas) *Reader {
	r := new(Reader)
	r.r.SetQuotas(binxml.Quotas(q))
	r.r.Reset(b, s.inner())
	return r
}

// NewStreamReader returns a Reader that pulls the document from src as it
// needs bytes, buffering at most one record (bounded by the quotas). src
// must end where the document ends: an io.LimitReader over a sized
// envelope, or a reader over an unsized envelope's chunks. Reading one
// byte at a time yields the same nodes as NewReader over the same bytes.
func NewStreamReader(src io.Reader, s *ReadSession, q Quotas) *Reader {
	r := new(Reader)
	r.r.SetQuotas(binxml.Quotas(q))
	r.r.ResetStream(src, s.inner())
	return r
}

// Reset makes r read the document b with session s, keeping r's storage
// and quotas.
func (r *Reader) Reset(b []byte, s *ReadSession) { r.r.Reset(b, s.inner()) }

// ResetStream makes r read the document from src with session s, keeping
// r's storage and quotas.
func (r *Reader) ResetStream(src io.Reader, s *ReadSession) { r.r.ResetStream(src, s.inner()) }

// Next implements infoset.Reader. After an error every call returns it.
func (r *Reader) Next() (infoset.Kind, error) { return r.r.Next() }

// Name implements infoset.Reader.
func (r *Reader) Name() infoset.Name { return r.r.Name() }

// Attrs implements infoset.Reader. The slice is reused by the next Next.
func (r *Reader) Attrs() []infoset.Attr { return r.r.Attrs() }

// Text implements infoset.Reader.
func (r *Reader) Text() infoset.Text { return r.r.Text() }

// Depth implements infoset.Reader: the number of open elements, counting
// the current StartElement or EndElement itself.
func (r *Reader) Depth() int { return r.r.Depth() }

// LookupNamespace implements infoset.Reader.
func (r *Reader) LookupNamespace(prefix string) (string, bool) { return r.r.LookupNamespace(prefix) }

// Offset is the number of document bytes consumed so far.
func (r *Reader) Offset() int64 { return r.r.Offset() }

// Quotas returns the quotas r enforces, defaults filled in.
func (r *Reader) Quotas() Quotas { return Quotas(r.r.Quotas()) }

// DictString resolves a dictionary string id as a record of r's document
// would: even ids in the [MC-NBFS] static dictionary, odd ids in r's
// session.
func (r *Reader) DictString(id uint32) (string, bool) { return r.r.DictString(id) }

// NextLeaf reads the next element when it is a leaf: an element record
// with no attribute records, directly followed by one text record with
// EndElement (the odd form), inside an open element. r then stands on the
// leaf's EndElement, with its Name, its Text and no Attrs, exactly as after
// the three calls of Next that read its StartElement, CharData and
// EndElement, and NextLeaf reports true.
//
// Otherwise NextLeaf reports false and r reads on as it would have: the
// caller goes on with Next, which gives the general path's node or error
// (every input that would meet an error or a quota is left to it). The
// values Name, Attrs and Text handed out may have been invalidated, and
// when r was on an EndElement that element may have been closed, as Next
// does first.
func (r *Reader) NextLeaf() bool { return r.r.NextLeaf() }
