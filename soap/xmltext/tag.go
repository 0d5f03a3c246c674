package xmltext

import (
	"github.com/wwsgo/wws/soap/infoset"
)

// Start and end tags, XML 1.0 §3.1, with namespace declarations and
// qualified names resolved per Namespaces in XML 1.0 §3–§6.

// rawAttr is an attribute as written, before namespace resolution.
type rawAttr struct {
	prefix, local string
	val           []byte
	off           int
}

// readStartTag reads the start tag (or empty-element tag) at r.pos.
func (r *Reader) readStartTag() (infoset.Kind, error) {
	start := r.pos
	if r.st == stEpilog {
		return infoset.EOF, r.syntaxErr(start, "content after the root element")
	}
	r.pos++
	prefix, local, err := r.readQName()
	if err != nil {
		return infoset.EOF, err
	}
	if err := r.readAttrs(start); err != nil {
		return infoset.EOF, err
	}
	if len(r.stack) >= r.q.MaxDepth {
		return infoset.EOF, r.quotaErr(start, "MaxDepth", r.q.MaxDepth)
	}
	r.scope.Push()
	if err := r.declare(); err != nil {
		return infoset.EOF, err
	}
	space, ok := r.scope.Lookup(prefix)
	if !ok || prefix == "xmlns" {
		return infoset.EOF, r.syntaxErr(start+1, "unknown namespace prefix "+quote(prefix))
	}
	r.name = infoset.Name{Prefix: prefix, Local: local, Space: space}
	r.stack = append(r.stack, openElem{name: r.name})
	r.st = stContent
	return infoset.StartElement, r.resolveAttrs()
}

// readAttrs reads the attributes and the end of a start tag begun at start.
func (r *Reader) readAttrs(start int) error {
	r.raw = r.raw[:0]
	for {
		ws := r.skipSpace()
		if err := r.checkTagSize(start); err != nil {
			return err
		}
		if r.pos >= len(r.buf) {
			return r.eofErr(r.pos, "in a start tag")
		}
		switch r.buf[r.pos] {
		case '>':
			r.pos++
			return r.checkTagSize(start)
		case '/':
			if r.pos+1 >= len(r.buf) {
				return r.eofErr(r.pos, "in a start tag")
			}
			if r.buf[r.pos+1] != '>' {
				return r.syntaxErr(r.pos, "expected '/>'")
			}
			r.pos += 2
			r.selfClose = true
			return r.checkTagSize(start)
		}
		if !ws {
			return r.syntaxErr(r.pos, "expected white space before an attribute")
		}
		if err := r.readAttr(); err != nil {
			return err
		}
	}
}

// checkTagSize enforces MaxBytesPerRead on the start tag begun at start.
func (r *Reader) checkTagSize(start int) error {
	if r.pos-start > r.q.MaxBytesPerRead {
		return r.quotaErr(start, "MaxBytesPerRead", r.q.MaxBytesPerRead)
	}
	return nil
}

// readAttr reads name="value" at r.pos.
func (r *Reader) readAttr() error {
	off := r.pos
	prefix, local, err := r.readQName()
	if err != nil {
		return err
	}
	r.skipSpace()
	if err := r.expect('='); err != nil {
		return err
	}
	r.skipSpace()
	if r.pos >= len(r.buf) {
		return r.eofErr(r.pos, "before an attribute value")
	}
	q := r.buf[r.pos]
	if q != '"' && q != '\'' {
		return r.syntaxErr(r.pos, "attribute value not quoted")
	}
	val, end, err := r.scanChars(r.pos+1, q)
	if err != nil {
		return err
	}
	if err := r.checkString(r.pos, val); err != nil {
		return err
	}
	r.pos = end + 1
	r.raw = append(r.raw, rawAttr{prefix: prefix, local: local, val: val, off: off})
	return nil
}

// expect consumes byte c at r.pos.
func (r *Reader) expect(c byte) error {
	if r.pos >= len(r.buf) {
		return r.eofErr(r.pos, "expected "+quote(string(c)))
	}
	if r.buf[r.pos] != c {
		return r.syntaxErr(r.pos, "expected "+quote(string(c)))
	}
	r.pos++
	return nil
}

// xmlnsPrefix reports whether a declares a namespace, and for which prefix.
func (a *rawAttr) xmlnsPrefix() (string, bool) {
	if a.prefix == "xmlns" {
		return a.local, true
	}
	return "", a.prefix == "" && a.local == "xmlns"
}

// declare binds the namespace declarations among r.raw in the new scope.
func (r *Reader) declare() error {
	for i := range r.raw {
		a := &r.raw[i]
		p, ok := a.xmlnsPrefix()
		if !ok {
			continue
		}
		ns, err := r.intern(a.off, a.val)
		if err != nil {
			return err
		}
		if msg := checkBinding(p, ns); msg != "" {
			return r.syntaxErr(a.off, msg)
		}
		r.scope.Bind(p, ns)
	}
	return nil
}

// checkBinding applies the constraints of Namespaces in XML 1.0 §3 to
// xmlns:p="ns" (p empty for the default namespace).
func checkBinding(p, ns string) string {
	switch {
	case p == "xmlns":
		return "the xmlns prefix cannot be declared"
	case p == "xml" && ns != infoset.XMLNamespace, p != "xml" && ns == infoset.XMLNamespace:
		return "the xml prefix and namespace are bound only to each other"
	case ns == infoset.XMLNSNamespace:
		return "the xmlns namespace cannot be declared"
	case p != "" && ns == "":
		return "prefix " + quote(p) + " cannot be bound to the empty namespace"
	}
	return ""
}

// resolveAttrs builds r.attrs from r.raw and rejects duplicates.
func (r *Reader) resolveAttrs() error {
	for i := range r.raw {
		a := &r.raw[i]
		var at infoset.Attr
		if p, ok := a.xmlnsPrefix(); ok {
			ns, _ := r.scope.Lookup(p)
			at = infoset.XmlnsAttr(p, ns)
		} else {
			at.Name = infoset.Name{Prefix: a.prefix, Local: a.local}
			at.Value = infoset.CharsBytes(a.val)
			if a.prefix != "" {
				ns, ok := r.scope.Lookup(a.prefix)
				if !ok || a.prefix == "xmlns" {
					return r.syntaxErr(a.off, "unknown namespace prefix "+quote(a.prefix))
				}
				at.Name.Space = ns
			}
		}
		for j := range r.attrs {
			if n := r.attrs[j].Name; n.Local == at.Name.Local && n.Space == at.Name.Space {
				return r.syntaxErr(a.off, "duplicate attribute "+at.Name.String())
			}
		}
		r.attrs = append(r.attrs, at)
	}
	return nil
}

// readEndTag reads the end tag at r.pos and matches it to the open element.
func (r *Reader) readEndTag() (infoset.Kind, error) {
	start := r.pos
	if len(r.stack) == 0 {
		return infoset.EOF, r.syntaxErr(start, "end tag outside the root element")
	}
	colon, end, err := r.scanQName(start + 2)
	if err != nil {
		return infoset.EOF, err
	}
	r.pos = end
	top := r.stack[len(r.stack)-1].name
	if !matchQName(r.buf[start+2:end], colon-start-2, top) {
		return infoset.EOF, r.syntaxErr(start, "end tag </"+string(r.buf[start+2:end])+"> does not match <"+top.String()+">")
	}
	r.skipSpace()
	if err := r.expect('>'); err != nil {
		return infoset.EOF, err
	}
	r.name, r.popNext = top, true
	return infoset.EndElement, nil
}

// matchQName reports whether raw (a QName with its colon at colon, or
// colon < 0) spells n's prefix and local name.
func matchQName(raw []byte, colon int, n infoset.Name) bool {
	if colon < 0 {
		return n.Prefix == "" && string(raw) == n.Local
	}
	return string(raw[:colon]) == n.Prefix && string(raw[colon+1:]) == n.Local
}

func quote(s string) string { return "\"" + s + "\"" }
