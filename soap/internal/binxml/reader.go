package binxml

import (
	"io"

	"github.com/wwsgo/wws/soap/infoset"
)

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
	buf      []byte // the document ([]byte form) or the stream's buffer
	pos      int    // next unread byte in buf
	base     int64  // document offset of buf[0] (stream form)
	src      io.Reader
	srcErr   error // first error from src (io.EOF at its end)
	recStart int   // buf offset of the record being read, for errors
	rec      byte  // type byte of the record being read
	tagLimit int   // buf offset a start tag may not pass (MaxBytesPerRead)

	sess *ReadSession
	q    Quotas

	kind    infoset.Kind
	name    infoset.Name
	attrs   []infoset.Attr // r's own storage, or a RawStart's lent by NextRaw
	attrBuf []infoset.Attr // r's own storage while attrs is lent
	lent    bool           // attrs is a RawStart's: never written through
	text    infoset.Text
	scope   infoset.Scope
	stack   []infoset.Name // open elements, innermost last
	scratch []byte         // UTF-8 of UnicodeChars and rendered lists
	err     error          // sticky

	popOnNext  bool // the last node was an EndElement: close it on Next
	pendingEnd bool // an odd text record ended its element
	rootDone   bool // the root element has ended
	arr        arrayState

	names     map[string]nameEntry // interned inline names, kept across Reset
	nameBytes int                  // name bytes this document has interned
	asciiSeen [2]uint64            // one-byte names this document has interned
	tableSize int                  // bytes held by names
	gen       uint32               // document generation, for nameBytes

	tagStart, tagEnd int     // buf offsets of the start tag readStartTag read last, -1 when none
	memo             tagMemo // the start tag RememberStart kept (reader_memo.go)

	// Leaf runs (reader_leafrun.go), kept across Reset.
	lrec    leafRecorder
	runs    []leafRun
	nextRun int // the slot of runs to replace next, once all are used
	peek    leafPeek

	// Reading the first start tags by their bytes (reader_start.go).
	rawOnly bool    // r has moved by NextRaw and Skip only since Reset
	skips   [4]span // the ranges Skip skipped while rawOnly
	nskips  int     // skips in use
	memoGen uint64  // counts changes of memo
}

// NewReader returns a Reader over the binary XML document b. s holds the
// session strings for odd dictionary ids; with s nil (application/soap+msbin1)
// an odd id is an error. Zero fields of q take their defaults.
func NewReader(b []byte, s *ReadSession, q Quotas) *Reader {
	r := &Reader{q: q.withDefaults()}
	r.Reset(b, s)
	return r
}

// NewStreamReader returns a Reader that pulls the document from src as it
// needs bytes, buffering at most one record (bounded by the quotas). src
// must end where the document ends: an io.LimitReader over a sized
// envelope, or a reader over an unsized envelope's chunks. Reading one
// byte at a time yields the same nodes as NewReader over the same bytes.
func NewStreamReader(src io.Reader, s *ReadSession, q Quotas) *Reader {
	r := &Reader{q: q.withDefaults()}
	r.ResetStream(src, s)
	return r
}

// Reset makes r read the document b with session s, keeping r's storage
// and quotas.
func (r *Reader) Reset(b []byte, s *ReadSession) {
	r.reset(s)
	r.buf, r.src = b, nil
}

// ResetStream makes r read the document from src with session s, keeping
// r's storage and quotas.
func (r *Reader) ResetStream(src io.Reader, s *ReadSession) {
	r.reset(s)
	if r.src == nil {
		r.buf = nil // never write into a caller's document
	}
	r.buf, r.src = r.buf[:0], src
}

func (r *Reader) reset(s *ReadSession) {
	r.pos, r.base, r.srcErr, r.recStart, r.rec = 0, 0, nil, 0, 0
	r.sess, r.err = s, nil
	r.kind, r.name, r.text = infoset.EOF, infoset.Name{}, infoset.Text{}
	if r.lent {
		r.attrs, r.attrBuf, r.lent = r.attrBuf, nil, false
	}
	clear(r.attrs)
	r.attrs, r.stack, r.scratch = r.attrs[:0], r.stack[:0], r.scratch[:0]
	r.scope.Reset()
	r.popOnNext, r.pendingEnd, r.rootDone = false, false, false
	r.arr = arrayState{}
	r.tagStart, r.tagEnd = -1, -1
	r.lrec.on, r.peek.ok = false, false
	r.rawOnly, r.nskips = true, 0
	r.resetNames()
}

// clearAttrs empties attrs, taking back r's own storage if NextRaw lent
// it a RawStart's.
func (r *Reader) clearAttrs() {
	if r.lent {
		r.attrs, r.attrBuf, r.lent = r.attrBuf, nil, false
	}
	r.attrs = r.attrs[:0]
}

// Name implements infoset.Reader.
func (r *Reader) Name() infoset.Name { return r.name }

// Attrs implements infoset.Reader. The slice is reused by the next Next.
func (r *Reader) Attrs() []infoset.Attr { return r.attrs }

// Text implements infoset.Reader.
func (r *Reader) Text() infoset.Text { return r.text }

// Depth implements infoset.Reader: the number of open elements, counting
// the current StartElement or EndElement itself.
func (r *Reader) Depth() int { return len(r.stack) }

// LookupNamespace implements infoset.Reader.
func (r *Reader) LookupNamespace(prefix string) (string, bool) { return r.scope.Lookup(prefix) }

// Offset is the number of document bytes consumed so far.
func (r *Reader) Offset() int64 { return r.base + int64(r.pos) }

// Next implements infoset.Reader. After an error every call returns it.
func (r *Reader) Next() (infoset.Kind, error) {
	r.rawOnly = false
	if r.err != nil {
		return infoset.EOF, r.err
	}
	k, err := r.next()
	if r.lrec.on {
		r.recordNode(k)
	}
	if err != nil {
		r.err, r.kind = err, infoset.EOF
		return infoset.EOF, err
	}
	r.kind = k
	return k, nil
}

func (r *Reader) next() (infoset.Kind, error) {
	if r.popOnNext {
		r.closeElement()
	}
	if r.arr.active {
		if k, ok, err := r.nextArrayNode(); ok || err != nil {
			return k, err
		}
	}
	r.scratch = r.scratch[:0]
	r.compact()
	if r.pendingEnd {
		r.pendingEnd = false
		return r.endElement(), nil
	}
	r.recStart, r.rec = r.pos, 0
	more, err := r.more()
	if err != nil {
		return infoset.EOF, err
	}
	if !more {
		if r.rootDone {
			return infoset.EOF, nil
		}
		return infoset.EOF, r.truncated()
	}
	if r.rootDone {
		return infoset.EOF, r.fail("record 0x%02X after the root element", r.buf[r.pos])
	}
	return r.record(r.buf[r.pos])
}

// record reads the record with type byte rec at r.pos.
func (r *Reader) record(rec byte) (infoset.Kind, error) {
	r.rec = rec
	switch {
	case rec == recEndElement:
		if len(r.stack) == 0 {
			return infoset.EOF, r.fail("EndElement with no open element")
		}
		r.pos++
		return r.endElement(), nil
	case rec == recComment:
		return r.readComment()
	case rec == recArray:
		return r.readArray()
	case rec >= recShortAttribute && rec < recShortElement:
		return infoset.EOF, r.fail("attribute record 0x%02X outside a start tag", rec)
	case rec >= recShortElement && rec <= recPrefixElementA+25:
		return r.readElement()
	case rec >= recZeroText && rec <= recQNameDictionaryText+1:
		return r.readContentText()
	}
	return infoset.EOF, r.fail("unknown record 0x%02X", rec)
}

// endElement reports the innermost open element's end; the next call to
// Next closes it.
func (r *Reader) endElement() infoset.Kind {
	r.name = r.stack[len(r.stack)-1]
	r.popOnNext = true
	return infoset.EndElement
}

// closeElement pops the element whose EndElement was the last node.
func (r *Reader) closeElement() {
	r.popOnNext = false
	r.stack = r.stack[:len(r.stack)-1]
	r.scope.Pop()
	if len(r.stack) == 0 {
		r.rootDone = true
	}
}

// readComment reads a Comment record ([MC-NBFX] 2.2.3.2).
func (r *Reader) readComment() (infoset.Kind, error) {
	r.pos++
	n, err := r.readLength(r.q.MaxStringContentLength, "MaxStringContentLength")
	if err != nil {
		return infoset.EOF, err
	}
	if err := r.need(n); err != nil {
		return infoset.EOF, err
	}
	r.text = infoset.CharsBytes(r.buf[r.pos : r.pos+n])
	r.pos += n
	return infoset.Comment, nil
}
