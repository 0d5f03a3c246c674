package xmltext

import (
	"sort"
	"testing"
	"unicode/utf16"

	"github.com/wwsgo/wws/soap/infoset"
)

// Test helpers: tree constructors, parse and write round trips.

func el(prefix, local, ns string, attrs []infoset.NodeAttr, children ...*infoset.Node) *infoset.Node {
	n := infoset.Elem(prefix, local, ns, children...)
	n.Attrs = attrs
	return n
}

func attrs(a ...infoset.NodeAttr) []infoset.NodeAttr { return a }

func at(prefix, local, ns, v string) infoset.NodeAttr {
	return infoset.NodeAttr{Name: infoset.Name{Prefix: prefix, Local: local, Space: ns}, Value: v}
}

func xmlns(prefix, ns string) infoset.NodeAttr {
	a := infoset.XmlnsAttr(prefix, ns)
	return infoset.NodeAttr{Name: a.Name, Value: ns}
}

func txt(s string) *infoset.Node { return infoset.TextNode(s) }

func comment(s string) *infoset.Node { return &infoset.Node{Kind: infoset.Comment, Text: s} }

// readTree parses doc with quotas q into its top-level nodes.
func readTree(doc []byte, q Quotas) ([]*infoset.Node, error) {
	r, err := NewReader(doc, q)
	if err != nil {
		return nil, err
	}
	return infoset.ReadNodes(r)
}

// writeTree writes nodes with a Writer.
func writeTree(nodes []*infoset.Node) ([]byte, error) {
	w := NewWriter(nil)
	for _, n := range nodes {
		infoset.WriteNode(w, n)
	}
	return w.Finish()
}

// normalize returns a copy of nodes without the namespace declarations a
// Writer may leave out (a binding already in scope, see Writer.Xmlns) and
// with attributes sorted: neither changes the infoset.
func normalize(nodes []*infoset.Node) []*infoset.Node {
	var s infoset.Scope
	return normalizeIn(&s, nodes)
}

func normalizeIn(s *infoset.Scope, nodes []*infoset.Node) []*infoset.Node {
	var out []*infoset.Node
	for _, n := range nodes {
		c := *n
		if n.Kind == infoset.StartElement {
			s.Push()
			c.Attrs = nil
			for _, a := range n.Attrs {
				if p, ok := (infoset.Attr{Name: a.Name}).IsXmlns(); ok {
					cur, bound := s.Lookup(p)
					s.Bind(p, a.Value)
					if bound && cur == a.Value && (p != "" || a.Value == "") {
						continue
					}
				}
				c.Attrs = append(c.Attrs, a)
			}
			sort.Slice(c.Attrs, func(i, j int) bool {
				x, y := c.Attrs[i].Name, c.Attrs[j].Name
				if x.Space != y.Space {
					return x.Space < y.Space
				}
				return x.Local < y.Local
			})
			c.Children = normalizeIn(s, n.Children)
			s.Pop()
		}
		out = append(out, &c)
	}
	return out
}

// utf16Doc encodes s as UTF-16 with an optional byte order mark.
func utf16Doc(s string, bigEndian, bom bool) []byte {
	u := utf16.Encode([]rune(s))
	if bom {
		u = append([]uint16{0xFEFF}, u...)
	}
	b := make([]byte, 0, 2*len(u))
	for _, v := range u {
		if bigEndian {
			b = append(b, byte(v>>8), byte(v))
		} else {
			b = append(b, byte(v), byte(v>>8))
		}
	}
	return b
}

// rootEnd returns the offset in doc just after the root element's end tag:
// every shorter prefix of doc is an incomplete document.
func rootEnd(t testing.TB, doc []byte) int {
	t.Helper()
	r, err := NewReader(doc, Quotas{})
	if err != nil {
		t.Fatalf("NewReader: %v", err)
	}
	for {
		k, err := r.Next()
		if err != nil {
			t.Fatalf("Next: %v", err)
		}
		if k == infoset.EndElement && r.Depth() == 1 {
			break
		}
	}
	enc, bom := detect(doc)
	if enc == encUTF8 {
		return bom + r.pos
	}
	return bom + 2*len(utf16.Encode([]rune(string(r.buf[:r.pos]))))
}
