package soap

// etree bodies: an *etree.Element written through an infoset.Writer, and an
// element read from an infoset.Reader into etree, self-contained (the
// namespace bindings it uses from its ancestors are declared on it). XML
// Namespaces 1.0 §6 scoping.

import (
	"github.com/beevik/etree"
	"github.com/wwsgo/wws/soap/infoset"
)

// WriteElement writes e and its subtree to w. Namespace declarations on e
// are written as such; names resolve in e's own tree.
func WriteElement(w infoset.Writer, e *etree.Element) {
	w.StartElement(e.Space, e.Tag, e.NamespaceURI())
	for i := range e.Attr {
		a := &e.Attr[i]
		switch {
		case a.Space == "xmlns":
			w.Xmlns(a.Key, a.Value)
		case a.Space == "" && a.Key == "xmlns":
			w.Xmlns("", a.Value)
		case a.Space == "xml":
			w.Attr("xml", a.Key, infoset.XMLNamespace, infoset.String(a.Value))
		default:
			w.Attr(a.Space, a.Key, a.NamespaceURI(), infoset.String(a.Value))
		}
	}
	for _, t := range e.Child {
		switch c := t.(type) {
		case *etree.Element:
			WriteElement(w, c)
		case *etree.CharData:
			w.Text(infoset.String(c.Data))
		case *etree.Comment:
			w.Comment(c.Data)
		}
	}
	w.EndElement()
}

// ReadElement reads the element r is on (its StartElement) through its
// EndElement into a new etree element.
func ReadElement(r infoset.Reader) (*etree.Element, error) {
	var b elementBuilder
	return b.read(r, nil)
}

type elementBuilder struct {
	scope infoset.Scope // bindings declared in the tree built so far
	acc   textAcc
}

func (b *elementBuilder) read(r infoset.Reader, parent *etree.Element) (*etree.Element, error) {
	n := r.Name()
	var e *etree.Element
	if parent == nil {
		e = etree.NewElement(n.Local)
		e.Space = n.Prefix
	} else {
		e = parent.CreateElement(n.Local)
		e.Space = n.Prefix
	}
	b.scope.Push()
	defer b.scope.Pop()
	for _, a := range r.Attrs() {
		if p, ok := a.IsXmlns(); ok {
			b.scope.Bind(p, a.Value.String())
		}
		e.CreateAttr(attrKey(a.Name), a.Value.String())
	}
	b.declare(r, e, n.Prefix)
	for _, a := range r.Attrs() {
		if _, ok := a.IsXmlns(); !ok && a.Name.Prefix != "" {
			b.declare(r, e, a.Name.Prefix)
		}
	}
	return e, b.children(r, e)
}

// declare adds xmlns:prefix to e when prefix is bound in r's scope but not
// within the tree built so far.
func (b *elementBuilder) declare(r infoset.Reader, e *etree.Element, prefix string) {
	if prefix == "xml" {
		return
	}
	want, ok := r.LookupNamespace(prefix)
	if !ok {
		return
	}
	if have, _ := b.scope.Lookup(prefix); have == want {
		return
	}
	b.scope.Bind(prefix, want)
	if prefix == "" {
		e.CreateAttr("xmlns", want)
	} else {
		e.CreateAttr("xmlns:"+prefix, want)
	}
}

func (b *elementBuilder) children(r infoset.Reader, e *etree.Element) error {
	depth := r.Depth()
	b.acc.reset()
	for {
		k, err := r.Next()
		if err != nil {
			return err
		}
		if k != infoset.CharData {
			b.flush(e)
		}
		switch k {
		case infoset.EOF:
			return wrapf(ErrMalformed, "document ends inside %s", e.Tag)
		case infoset.EndElement:
			if r.Depth() == depth {
				return nil
			}
		case infoset.CharData:
			b.acc.add(r.Text())
		case infoset.Comment:
			e.CreateComment(r.Text().String())
		case infoset.StartElement:
			if _, err := b.read(r, e); err != nil {
				return err
			}
		}
	}
}

func (b *elementBuilder) flush(e *etree.Element) {
	if b.acc.pieces > 0 {
		e.CreateText(b.acc.text().String())
		b.acc.reset()
	}
}

func attrKey(n infoset.Name) string {
	if n.Prefix == "" {
		return n.Local
	}
	return n.Prefix + ":" + n.Local
}
