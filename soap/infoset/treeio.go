package infoset

import "fmt"

// TreeReader is a Reader over document trees, for tests and for replaying
// captured elements (an etree body, an unknown header) through a Writer.
type TreeReader struct {
	stack []treeFrame
	cur   *Node
	kind  Kind
	attrs []Attr
	scope Scope
}

type treeFrame struct {
	n    *Node
	next int
}

// NewTreeReader returns a Reader over the given top-level nodes.
func NewTreeReader(nodes ...*Node) *TreeReader {
	return &TreeReader{stack: []treeFrame{{n: &Node{Children: nodes}}}}
}

// Next implements Reader.
func (t *TreeReader) Next() (Kind, error) {
	if t.kind == EndElement {
		t.scope.Pop()
	}
	for len(t.stack) > 0 {
		top := &t.stack[len(t.stack)-1]
		if top.next < len(top.n.Children) {
			c := top.n.Children[top.next]
			top.next++
			t.cur, t.kind = c, c.Kind
			if c.Kind == StartElement {
				t.enter(c)
			}
			return t.kind, nil
		}
		t.stack = t.stack[:len(t.stack)-1]
		if len(t.stack) == 0 {
			break
		}
		t.cur, t.kind = top.n, EndElement
		return EndElement, nil
	}
	t.kind = EOF
	return EOF, nil
}

func (t *TreeReader) enter(c *Node) {
	t.stack = append(t.stack, treeFrame{n: c})
	t.scope.Push()
	t.attrs = t.attrs[:0]
	for _, a := range c.Attrs {
		if p, ok := (Attr{Name: a.Name}).IsXmlns(); ok {
			t.scope.Bind(p, a.Value)
		}
		t.attrs = append(t.attrs, Attr{Name: a.Name, Value: String(a.Value)})
	}
}

// Name implements Reader.
func (t *TreeReader) Name() Name { return t.cur.Name }

// Attrs implements Reader.
func (t *TreeReader) Attrs() []Attr { return t.attrs }

// Text implements Reader.
func (t *TreeReader) Text() Text { return String(t.cur.Text) }

// Depth implements Reader.
func (t *TreeReader) Depth() int {
	if t.kind == EOF {
		return 0
	}
	d := len(t.stack) - 1
	if t.kind == EndElement {
		d++
	}
	return d
}

// LookupNamespace implements Reader.
func (t *TreeReader) LookupNamespace(prefix string) (string, bool) { return t.scope.Lookup(prefix) }

// TreeWriter is a Writer that builds document trees. Like the encoding
// writers it declares prefixes that are not yet bound.
type TreeWriter struct {
	root  Node
	open  []*Node
	scope Scope
	err   error
}

// Nodes returns the top-level nodes written so far.
func (t *TreeWriter) Nodes() []*Node { return t.root.Children }

func (t *TreeWriter) parent() *Node {
	if n := len(t.open); n > 0 {
		return t.open[n-1]
	}
	return &t.root
}

// StartElement implements Writer.
func (t *TreeWriter) StartElement(prefix, local, ns string) {
	if t.err != nil {
		return
	}
	n := &Node{Kind: StartElement, Name: Name{prefix, local, ns}}
	p := t.parent()
	p.Children = append(p.Children, n)
	t.open = append(t.open, n)
	t.scope.Push()
	if cur, ok := t.scope.Lookup(prefix); !ok || cur != ns {
		t.Xmlns(prefix, ns)
	}
}

// Xmlns implements Writer.
func (t *TreeWriter) Xmlns(prefix, ns string) {
	if t.err != nil {
		return
	}
	if len(t.open) == 0 {
		t.err = fmt.Errorf("%w: xmlns outside a start tag", ErrUnbalanced)
		return
	}
	if cur, ok := t.scope.Lookup(prefix); ok && cur == ns && (prefix != "" || t.scope.BoundInCurrent("") || ns == "") {
		return
	}
	t.scope.Bind(prefix, ns)
	a := XmlnsAttr(prefix, ns)
	n := t.open[len(t.open)-1]
	n.Attrs = append(n.Attrs, NodeAttr{Name: a.Name, Value: ns})
}

// Attr implements Writer.
func (t *TreeWriter) Attr(prefix, local, ns string, v Text) {
	if t.err != nil {
		return
	}
	if len(t.open) == 0 {
		t.err = fmt.Errorf("%w: attribute outside a start tag", ErrUnbalanced)
		return
	}
	n := t.open[len(t.open)-1]
	n.Attrs = append(n.Attrs, NodeAttr{Name: Name{prefix, local, ns}, Value: v.String()})
	if prefix != "" && prefix != "xml" {
		if cur, ok := t.scope.Lookup(prefix); !ok || cur != ns {
			t.Xmlns(prefix, ns)
		}
	}
}

// Text implements Writer.
func (t *TreeWriter) Text(v Text) {
	if t.err == nil {
		appendText(t.parent(), v.String())
	}
}

// Comment implements Writer.
func (t *TreeWriter) Comment(s string) {
	if t.err == nil {
		p := t.parent()
		p.Children = append(p.Children, &Node{Kind: Comment, Text: s})
	}
}

// EndElement implements Writer.
func (t *TreeWriter) EndElement() {
	if t.err != nil {
		return
	}
	if len(t.open) == 0 {
		t.err = fmt.Errorf("%w: end element with none open", ErrUnbalanced)
		return
	}
	t.open = t.open[:len(t.open)-1]
	t.scope.Pop()
}

// Err implements Writer.
func (t *TreeWriter) Err() error { return t.err }
