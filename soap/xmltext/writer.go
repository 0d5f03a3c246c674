package xmltext

// The text writer: XML 1.0 §3.1 tags, Namespaces in XML 1.0 §3
// declarations, written the way .NET's XmlUTF8TextWriter writes them.

import (
	"fmt"

	"github.com/wwsgo/wws/soap/infoset"
)

// Writer writes XML 1.0 text, appending to a caller's buffer. It implements
// infoset.Writer. Like .NET's XmlUTF8TextWriter it writes no byte order
// mark and no XML declaration by default, declares a prefix on the element
// that first needs it, and self-closes empty elements without a space:
// <NotifyCount xmlns="http://tempuri.org/"/> (Mono writes " />").
type Writer struct {
	buf   []byte
	opts  WriterOptions
	scope infoset.Scope
	open  []wElem
	inTag bool // a start tag is open: attributes may follow
	begun bool // BOM and declaration written
	tmp   []byte
	err   error
	gen   int // generated prefixes
}

// WriterOptions change what a Writer writes besides the nodes themselves.
type WriterOptions struct {
	BOM         bool   // write a UTF-8 byte order mark first (Mono does, .NET does not)
	Declaration bool   // write <?xml version="1.0" encoding="utf-8"?> first
	Indent      string // indent nested elements by this string per level, for display
}

// wElem is an open element.
type wElem struct {
	prefix, local, ns string
	elems, text       bool // it has element (or comment) children / text children
}

// NewWriter returns a Writer appending to dst.
func NewWriter(dst []byte) *Writer { return &Writer{buf: dst} }

// Reset makes w append to dst, keeping its options and buffers.
func (w *Writer) Reset(dst []byte) {
	w.buf, w.open, w.inTag, w.begun, w.err, w.gen = dst, w.open[:0], false, false, nil, 0
	w.scope.Reset()
}

// SetOptions sets w's options; call it before writing.
func (w *Writer) SetOptions(o WriterOptions) { w.opts = o }

// Finish returns the buffer with everything written, or the first error.
// Every element must have been closed.
func (w *Writer) Finish() ([]byte, error) {
	if w.err == nil && len(w.open) > 0 {
		w.err = fmt.Errorf("%w: %d element(s) left open", infoset.ErrUnbalanced, len(w.open))
	}
	w.begin()
	return w.buf, w.err
}

// Err implements infoset.Writer.
func (w *Writer) Err() error { return w.err }

func (w *Writer) fail(err error) {
	if w.err == nil {
		w.err = err
	}
}

// begin writes the byte order mark and declaration once.
func (w *Writer) begin() {
	if w.begun {
		return
	}
	w.begun = true
	if w.opts.BOM {
		w.buf = append(w.buf, bomUTF8...)
	}
	if w.opts.Declaration {
		w.buf = append(w.buf, `<?xml version="1.0" encoding="utf-8"?>`...)
	}
}

// content prepares for a child node: closes a pending start tag and, for
// elements and comments when indenting, starts a new line.
func (w *Writer) content(elem bool) {
	start := !w.begun
	w.begin()
	if w.inTag {
		w.buf = append(w.buf, '>')
		w.inTag = false
	}
	if len(w.open) == 0 {
		if elem && w.opts.Indent != "" && (!start || w.opts.Declaration) {
			w.buf = append(w.buf, '\n')
		}
		return
	}
	p := &w.open[len(w.open)-1]
	if !elem {
		p.text = true
		return
	}
	p.elems = true
	if !p.text {
		w.newline(len(w.open))
	}
}

// newline starts a new line indented depth levels (when indenting).
func (w *Writer) newline(depth int) {
	if w.opts.Indent == "" {
		return
	}
	w.buf = append(w.buf, '\n')
	for range depth {
		w.buf = append(w.buf, w.opts.Indent...)
	}
}

// StartElement implements infoset.Writer.
func (w *Writer) StartElement(prefix, local, ns string) {
	if w.err != nil {
		return
	}
	if !isNCName(local) || prefix != "" && !isNCName(prefix) {
		w.fail(fmt.Errorf("%w: element %q:%q", ErrInvalidName, prefix, local))
		return
	}
	w.content(true)
	w.buf = append(w.buf, '<')
	w.appendQName(prefix, local)
	w.open = append(w.open, wElem{prefix: prefix, local: local, ns: ns})
	w.scope.Push()
	w.inTag = true
	if cur, ok := w.scope.Lookup(prefix); !ok || cur != ns {
		w.Xmlns(prefix, ns)
	}
}

func (w *Writer) appendQName(prefix, local string) {
	if prefix != "" {
		w.buf = append(append(w.buf, prefix...), ':')
	}
	w.buf = append(w.buf, local...)
}

// Xmlns implements infoset.Writer. A binding already in scope is not
// repeated, except that a non-empty default namespace is redeclared unless
// this element already declares it (as infoset.TreeWriter does).
func (w *Writer) Xmlns(prefix, ns string) {
	if w.err != nil {
		return
	}
	if !w.inTag {
		w.fail(fmt.Errorf("%w: xmlns outside a start tag", infoset.ErrUnbalanced))
		return
	}
	cur, ok := w.scope.Lookup(prefix)
	if ok && cur == ns && (prefix != "" || ns == "" || w.scope.BoundInCurrent("")) {
		return
	}
	if err := w.checkXmlns(prefix, ns); err != nil {
		w.fail(err)
		return
	}
	w.scope.Bind(prefix, ns)
	w.buf = append(w.buf, " xmlns"...)
	if prefix != "" {
		w.buf = append(append(w.buf, ':'), prefix...)
	}
	w.buf = append(w.buf, '=', '"')
	w.appendEscaped(infoset.String(ns), true)
	w.buf = append(w.buf, '"')
}

// checkXmlns rejects bindings that XML namespaces forbid or that would
// change the name of the element being written.
func (w *Writer) checkXmlns(prefix, ns string) error {
	if prefix != "" && !isNCName(prefix) {
		return fmt.Errorf("%w: prefix %q", ErrInvalidName, prefix)
	}
	if msg := checkBinding(prefix, ns); msg != "" {
		return fmt.Errorf("%w: %s", ErrNamespace, msg)
	}
	top := w.open[len(w.open)-1]
	if w.scope.BoundInCurrent(prefix) || top.prefix == prefix && top.ns != ns {
		return fmt.Errorf("%w: prefix %q is already bound on <%s>", ErrNamespace, prefix, top.local)
	}
	return nil
}

// Attr implements infoset.Writer. A prefix the attribute needs is declared
// just before it; an unprefixed attribute in a namespace, or one whose
// prefix is taken on this element, gets a prefix bound to its namespace.
func (w *Writer) Attr(prefix, local, ns string, v infoset.Text) {
	if w.err != nil {
		return
	}
	if !w.inTag {
		w.fail(fmt.Errorf("%w: attribute outside a start tag", infoset.ErrUnbalanced))
		return
	}
	if prefix == "xmlns" || prefix == "" && local == "xmlns" {
		p := local
		if prefix == "" {
			p = ""
		}
		w.Xmlns(p, v.String())
		return
	}
	if !isNCName(local) || prefix != "" && !isNCName(prefix) {
		w.fail(fmt.Errorf("%w: attribute %q:%q", ErrInvalidName, prefix, local))
		return
	}
	if ns != "" && prefix == "" || prefix != "" && !w.boundTo(prefix, ns) && w.prefixTaken(prefix) {
		prefix = w.prefixFor(ns)
	}
	if prefix != "" && !w.boundTo(prefix, ns) {
		w.Xmlns(prefix, ns)
	}
	w.buf = append(w.buf, ' ')
	w.appendQName(prefix, local)
	w.buf = append(w.buf, '=', '"')
	w.appendEscaped(v, true)
	w.buf = append(w.buf, '"')
}

// prefixTaken reports whether prefix cannot be rebound on this element:
// it is declared here already or names the element itself.
func (w *Writer) prefixTaken(prefix string) bool {
	return w.scope.BoundInCurrent(prefix) || w.open[len(w.open)-1].prefix == prefix
}

func (w *Writer) boundTo(prefix, ns string) bool {
	cur, ok := w.scope.Lookup(prefix)
	return ok && cur == ns
}

// prefixFor returns a non-empty prefix bound to ns, or a new one.
func (w *Writer) prefixFor(ns string) string {
	if p, ok := w.scope.PrefixFor(ns); ok && p != "" {
		return p
	}
	for {
		w.gen++
		p := fmt.Sprintf("d%dp%d", len(w.open), w.gen)
		if _, taken := w.scope.Lookup(p); !taken {
			return p
		}
	}
}

// Text implements infoset.Writer.
func (w *Writer) Text(v infoset.Text) {
	if w.err != nil {
		return
	}
	w.content(false)
	w.appendEscaped(v, false)
}

// Comment implements infoset.Writer.
func (w *Writer) Comment(text string) {
	if w.err != nil {
		return
	}
	if !validComment(text) {
		w.fail(fmt.Errorf("%w: comment %q", ErrInvalidChar, text))
		return
	}
	w.content(true)
	w.buf = append(append(append(w.buf, "<!--"...), text...), "-->"...)
}

// EndElement implements infoset.Writer.
func (w *Writer) EndElement() {
	if w.err != nil {
		return
	}
	if len(w.open) == 0 {
		w.fail(fmt.Errorf("%w: end element with none open", infoset.ErrUnbalanced))
		return
	}
	e := w.open[len(w.open)-1]
	w.open = w.open[:len(w.open)-1]
	w.scope.Pop()
	if w.inTag {
		w.buf = append(w.buf, '/', '>')
		w.inTag = false
		return
	}
	if e.elems && !e.text {
		w.newline(len(w.open))
	}
	w.buf = append(w.buf, '<', '/')
	w.appendQName(e.prefix, e.local)
	w.buf = append(w.buf, '>')
}
