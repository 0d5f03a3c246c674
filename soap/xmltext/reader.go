package xmltext

// The document, XML 1.0 §2.1: a prolog (XML declaration, comments,
// processing instructions, white space), exactly one root element, then
// only comments, processing instructions and white space.

import (
	"fmt"

	"github.com/wwsgo/wws/soap/infoset"
)

// Reader is a pull parser of one XML 1.0 document held in memory. It
// implements infoset.Reader. Names are interned in a reader-owned table, so
// a reused Reader (see Reset) reads repeated names without allocating.
type Reader struct {
	q   Quotas
	src []byte // the caller's input, or transcoded UTF-16
	buf []byte // document text after the byte order mark, UTF-8
	pos int
	enc encoding
	st  state
	err error // sticky

	kind      infoset.Kind
	name      infoset.Name
	text      infoset.Text
	attrs     []infoset.Attr
	raw       []rawAttr
	stack     []openElem
	scope     infoset.Scope
	selfClose bool // the current StartElement was <a/>: EndElement comes next
	popNext   bool // the current node is an EndElement: pop on the next call

	scratch []byte // unescaped values; reset on each Next
	utf8buf []byte // transcoding output, reused
	names   nameTable
}

type state uint8

const (
	stStart   state = iota // before anything: an XML declaration may come
	stProlog               // before the root element
	stContent              // inside the root element
	stEpilog               // after the root element
)

// openElem is an element whose end tag is still to come.
type openElem struct {
	name infoset.Name
}

// NewReader returns a Reader over the document b with quotas q (zero
// fields take WCF's defaults). The Reader may refer to b until it is Reset;
// b must not change meanwhile. The error reports undecodable UTF-16.
func NewReader(b []byte, q Quotas) (*Reader, error) {
	r := &Reader{q: q.withDefaults()}
	return r, r.Reset(b)
}

// Reset makes r read the document b, keeping its quotas and reusing its
// buffers and name table.
func (r *Reader) Reset(b []byte) error {
	r.pos, r.st, r.err, r.kind = 0, stStart, nil, infoset.EOF
	r.name, r.text, r.selfClose, r.popNext = infoset.Name{}, infoset.Text{}, false, false
	r.attrs, r.raw, r.stack, r.scratch = r.attrs[:0], r.raw[:0], r.stack[:0], r.scratch[:0]
	r.scope.Reset()
	r.names.reset(r.q.MaxNameTableCharCount)
	enc, bom := detect(b)
	r.enc, r.src, r.buf = enc, b, b[bom:]
	if enc != encUTF8 {
		out, err := transcode(r.utf8buf, b[bom:], enc)
		r.utf8buf, r.buf = out, out
		if err != nil {
			r.err = err
			return err
		}
	}
	return nil
}

// Next implements infoset.Reader.
func (r *Reader) Next() (infoset.Kind, error) {
	if r.err != nil {
		return infoset.EOF, r.err
	}
	k, err := r.next()
	if err != nil {
		r.err, r.kind = err, infoset.EOF
		return infoset.EOF, err
	}
	r.kind = k
	return k, nil
}

func (r *Reader) next() (infoset.Kind, error) {
	r.scratch, r.attrs, r.text = r.scratch[:0], r.attrs[:0], infoset.Text{}
	if r.popNext {
		r.pop()
	}
	if r.selfClose {
		r.selfClose, r.popNext = false, true
		return infoset.EndElement, nil
	}
	if r.st == stStart {
		r.st = stProlog
		if err := r.readDecl(); err != nil {
			return infoset.EOF, err
		}
	}
	for {
		if r.pos >= len(r.buf) {
			return r.atEOF()
		}
		if r.buf[r.pos] == '<' {
			k, err := r.readMarkup()
			if k == infoset.EOF && err == nil {
				continue // skipped a processing instruction
			}
			return k, err
		}
		if r.st == stContent {
			return infoset.CharData, r.readText()
		}
		if err := r.skipMiscSpace(); err != nil {
			return infoset.EOF, err
		}
	}
}

// pop closes the element whose EndElement was reported last.
func (r *Reader) pop() {
	r.popNext = false
	r.stack = r.stack[:len(r.stack)-1]
	r.scope.Pop()
	if len(r.stack) == 0 {
		r.st = stEpilog
	}
}

func (r *Reader) atEOF() (infoset.Kind, error) {
	switch r.st {
	case stEpilog:
		return infoset.EOF, nil
	case stContent:
		return infoset.EOF, r.eofErr(r.pos, fmt.Sprintf("document ends inside <%s>", r.stack[len(r.stack)-1].name))
	}
	return infoset.EOF, r.eofErr(r.pos, "no root element")
}

// skipMiscSpace skips white space outside the root element; any other
// character there is an error.
func (r *Reader) skipMiscSpace() error {
	if !r.skipSpace() {
		return r.syntaxErr(r.pos, "character data outside the root element")
	}
	return nil
}

// skipSpace skips S and reports whether there was any.
func (r *Reader) skipSpace() bool {
	start := r.pos
	for r.pos < len(r.buf) && isSpace(r.buf[r.pos]) {
		r.pos++
	}
	return r.pos > start
}

// Name implements infoset.Reader.
func (r *Reader) Name() infoset.Name { return r.name }

// Attrs implements infoset.Reader. The slice is reused by the next call.
func (r *Reader) Attrs() []infoset.Attr {
	if r.kind != infoset.StartElement {
		return nil
	}
	return r.attrs
}

// Text implements infoset.Reader. Its characters refer to the input or to
// a reader-owned buffer and are valid until the next call to Next.
func (r *Reader) Text() infoset.Text { return r.text }

// Depth implements infoset.Reader.
func (r *Reader) Depth() int { return len(r.stack) }

// LookupNamespace implements infoset.Reader.
func (r *Reader) LookupNamespace(prefix string) (string, bool) { return r.scope.Lookup(prefix) }

// Kind returns the kind of the current node.
func (r *Reader) Kind() infoset.Kind { return r.kind }

func (r *Reader) syntaxErr(off int, msg string) error {
	line, col := position(r.buf, off)
	return &Error{Line: line, Col: col, Err: ErrSyntax, Msg: msg}
}

func (r *Reader) eofErr(off int, msg string) error {
	line, col := position(r.buf, off)
	return &Error{Line: line, Col: col, Err: ErrSyntax, Msg: "unexpected end of input: " + msg, EOF: true}
}
