package infoset

import (
	"encoding/base64"
	"fmt"
)

// Node is one node of a document tree: an element (Kind StartElement), a
// text node (CharData) or a Comment. Trees are the infoset that golden
// files record and that tests compare with go-cmp; the hot path never
// builds them.
type Node struct {
	Kind     Kind       `json:"kind"`
	Name     Name       `json:"name"`
	Attrs    []NodeAttr `json:"attrs,omitempty"`
	Text     string     `json:"text,omitempty"`
	Children []*Node    `json:"children,omitempty"`
}

// NodeAttr is an attribute of an element Node, its value rendered as text.
type NodeAttr struct {
	Name  Name   `json:"name"`
	Value string `json:"value"`
}

// Elem returns an element node.
func Elem(prefix, local, ns string, children ...*Node) *Node {
	return &Node{Kind: StartElement, Name: Name{prefix, local, ns}, Children: children}
}

// TextNode returns a text node.
func TextNode(s string) *Node { return &Node{Kind: CharData, Text: s} }

// ReadNodes reads r to EOF and returns its top-level nodes. Adjacent text
// nodes are merged into one: raw bytes are joined before base64 rendering,
// as WCF's ReadContentAsBase64 joins consecutive Bytes records.
func ReadNodes(r Reader) ([]*Node, error) {
	root := &Node{}
	for {
		k, err := r.Next()
		if err != nil {
			return nil, err
		}
		switch k {
		case EOF:
			return root.Children, nil
		case EndElement:
			return nil, fmt.Errorf("%w: end element %s at top level", ErrUnbalanced, r.Name())
		}
		if err := readInto(r, root, k); err != nil {
			return nil, err
		}
	}
}

// ReadSubtree reads the element whose StartElement r is positioned on,
// through its matching EndElement.
func ReadSubtree(r Reader) (*Node, error) {
	n := startNode(r)
	var tb textBuilder
	for {
		k, err := r.Next()
		if err != nil {
			return nil, err
		}
		if k != CharData {
			tb.flush(n)
		}
		switch k {
		case EOF:
			return nil, fmt.Errorf("%w: document ends inside %s", ErrUnbalanced, n.Name)
		case EndElement:
			return n, nil
		case CharData:
			tb.add(r.Text())
		case Comment:
			n.Children = append(n.Children, &Node{Kind: Comment, Text: r.Text().String()})
		case StartElement:
			c, err := ReadSubtree(r)
			if err != nil {
				return nil, err
			}
			n.Children = append(n.Children, c)
		}
	}
}

func readInto(r Reader, parent *Node, k Kind) error {
	switch k {
	case StartElement:
		c, err := ReadSubtree(r)
		if err != nil {
			return err
		}
		parent.Children = append(parent.Children, c)
	case CharData:
		appendText(parent, r.Text().String())
	case Comment:
		parent.Children = append(parent.Children, &Node{Kind: Comment, Text: r.Text().String()})
	}
	return nil
}

func appendText(parent *Node, s string) {
	if n := len(parent.Children); n > 0 && parent.Children[n-1].Kind == CharData {
		parent.Children[n-1].Text += s
		return
	}
	parent.Children = append(parent.Children, TextNode(s))
}

func startNode(r Reader) *Node {
	n := &Node{Kind: StartElement, Name: r.Name()}
	for _, a := range r.Attrs() {
		n.Attrs = append(n.Attrs, NodeAttr{Name: a.Name, Value: a.Value.String()})
	}
	return n
}

// textBuilder merges adjacent text nodes.
type textBuilder struct {
	bytes   []byte // pending raw bytes while every piece so far is TextBytes
	chars   []byte
	pending bool
	onlyBin bool
}

func (tb *textBuilder) add(t Text) {
	if !tb.pending {
		tb.pending, tb.onlyBin = true, t.Kind() == TextBytes
		tb.bytes, tb.chars = tb.bytes[:0], tb.chars[:0]
	}
	if tb.onlyBin && t.Kind() == TextBytes {
		tb.bytes = append(tb.bytes, t.RawBytes()...)
		return
	}
	if tb.onlyBin {
		tb.onlyBin = false
		tb.chars = append(tb.chars, base64.StdEncoding.EncodeToString(tb.bytes)...)
	}
	tb.chars = t.AppendTo(tb.chars)
}

func (tb *textBuilder) flush(parent *Node) {
	if !tb.pending {
		return
	}
	tb.pending = false
	if tb.onlyBin {
		appendText(parent, base64.StdEncoding.EncodeToString(tb.bytes))
		return
	}
	appendText(parent, string(tb.chars))
}

// WriteNode writes n (and its subtree) to w.
func WriteNode(w Writer, n *Node) {
	switch n.Kind {
	case CharData:
		w.Text(String(n.Text))
	case Comment:
		w.Comment(n.Text)
	case StartElement:
		w.StartElement(n.Name.Prefix, n.Name.Local, n.Name.Space)
		for _, a := range n.Attrs {
			if p, ok := (Attr{Name: a.Name}).IsXmlns(); ok {
				w.Xmlns(p, a.Value)
				continue
			}
			w.Attr(a.Name.Prefix, a.Name.Local, a.Name.Space, String(a.Value))
		}
		for _, c := range n.Children {
			WriteNode(w, c)
		}
		w.EndElement()
	}
}
