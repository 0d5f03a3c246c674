package infoset

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestTreeWriterDeclaresAndReaderReplays(t *testing.T) {
	var w TreeWriter
	w.StartElement("s", "Envelope", "urn:s")
	w.Xmlns("a", "urn:a")
	w.StartElement("a", "Action", "urn:a") // already bound: no declaration
	w.Attr("s", "mustUnderstand", "urn:s", Int(1))
	w.Text(DictString("op"))
	w.EndElement()
	w.StartElement("", "Body", "urn:b") // default namespace declared
	w.Text(String("x"))
	w.Text(String("y")) // merged with the previous text
	w.EndElement()
	w.EndElement()
	if err := w.Err(); err != nil {
		t.Fatal(err)
	}
	want := []*Node{{Kind: StartElement, Name: Name{"s", "Envelope", "urn:s"},
		Attrs: []NodeAttr{
			{Name: Name{"xmlns", "s", XMLNSNamespace}, Value: "urn:s"},
			{Name: Name{"xmlns", "a", XMLNSNamespace}, Value: "urn:a"},
		},
		Children: []*Node{
			{Kind: StartElement, Name: Name{"a", "Action", "urn:a"},
				Attrs:    []NodeAttr{{Name: Name{"s", "mustUnderstand", "urn:s"}, Value: "1"}},
				Children: []*Node{TextNode("op")}},
			{Kind: StartElement, Name: Name{"", "Body", "urn:b"},
				Attrs:    []NodeAttr{{Name: Name{"", "xmlns", XMLNSNamespace}, Value: "urn:b"}},
				Children: []*Node{TextNode("xy")}},
		}}}
	if d := cmp.Diff(want, w.Nodes()); d != "" {
		t.Fatalf("tree (-want +got):\n%s", d)
	}
	got, err := ReadNodes(NewTreeReader(w.Nodes()...))
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("replayed tree (-want +got):\n%s", d)
	}
	var w2 TreeWriter
	for _, n := range got {
		WriteNode(&w2, n)
	}
	if d := cmp.Diff(want, w2.Nodes()); d != "" {
		t.Fatalf("rewritten tree (-want +got):\n%s", d)
	}
}

func TestTreeReaderDepthAndScope(t *testing.T) {
	var w TreeWriter
	w.StartElement("p", "a", "urn:p")
	w.StartElement("p", "b", "urn:p")
	w.EndElement()
	w.EndElement()
	r := NewTreeReader(w.Nodes()...)
	type ev struct {
		K Kind
		D int
	}
	var got []ev
	for {
		k, err := r.Next()
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, ev{k, r.Depth()})
		if k == StartElement && r.Name().Local == "b" {
			if ns, ok := r.LookupNamespace("p"); !ok || ns != "urn:p" {
				t.Errorf("LookupNamespace(p) = %q, %v", ns, ok)
			}
		}
		if k == EOF {
			break
		}
	}
	want := []ev{{StartElement, 1}, {StartElement, 2}, {EndElement, 2}, {EndElement, 1}, {EOF, 0}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("events (-want +got):\n%s", d)
	}
}

func TestReadNodesMergesBytes(t *testing.T) {
	// Two Bytes records of 15 and 1 bytes are one base64 text, as WCF reads them.
	r := &sliceReader{nodes: []sliceNode{
		{k: StartElement, name: Name{Local: "r"}},
		{k: CharData, text: Bytes([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14})},
		{k: CharData, text: Bytes([]byte{15})},
		{k: EndElement, name: Name{Local: "r"}},
	}}
	got, err := ReadNodes(r)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || len(got[0].Children) != 1 || got[0].Children[0].Text != "AAECAwQFBgcICQoLDA0ODw==" {
		t.Fatalf("merged text = %+v", got[0].Children)
	}
}

func TestWriterErrors(t *testing.T) {
	var w TreeWriter
	w.EndElement()
	if w.Err() == nil {
		t.Error("EndElement with nothing open: no error")
	}
	var w2 TreeWriter
	w2.Attr("", "a", "", String("v"))
	if w2.Err() == nil {
		t.Error("Attr outside a start tag: no error")
	}
}

type sliceNode struct {
	k    Kind
	name Name
	text Text
}

type sliceReader struct {
	nodes []sliceNode
	i     int
}

func (s *sliceReader) Next() (Kind, error) {
	if s.i >= len(s.nodes) {
		return EOF, nil
	}
	s.i++
	return s.nodes[s.i-1].k, nil
}
func (s *sliceReader) Name() Name                            { return s.nodes[s.i-1].name }
func (s *sliceReader) Attrs() []Attr                         { return nil }
func (s *sliceReader) Text() Text                            { return s.nodes[s.i-1].text }
func (s *sliceReader) Depth() int                            { return 0 }
func (s *sliceReader) LookupNamespace(string) (string, bool) { return "", false }
