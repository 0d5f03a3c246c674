package soap

// Test helpers: a recording Writer that keeps value kinds, an
// allocation-free counting Writer, a throwaway encoding/xml-based converter
// from XML text to infoset trees (the real text reader lives elsewhere), a
// small XML renderer for golden files, and the HTTP capture bodies.

import (
	"bytes"
	"encoding/xml"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wwsgo/wws/internal/capture"
	"github.com/wwsgo/wws/soap/infoset"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

// event is one Writer call, with the kind of its value.
type event struct {
	Op                string // start, xmlns, attr, text, end
	Prefix, Local, NS string
	Kind              infoset.TextKind
	Dict              bool
	Value             string
}

// eventWriter records Writer calls and builds a tree alongside.
type eventWriter struct {
	events []event
	tree   infoset.TreeWriter
}

func (w *eventWriter) StartElement(prefix, local, ns string) {
	w.events = append(w.events, event{Op: "start", Prefix: prefix, Local: local, NS: ns})
	w.tree.StartElement(prefix, local, ns)
}

func (w *eventWriter) Xmlns(prefix, ns string) {
	w.events = append(w.events, event{Op: "xmlns", Prefix: prefix, NS: ns})
	w.tree.Xmlns(prefix, ns)
}

func (w *eventWriter) Attr(prefix, local, ns string, v infoset.Text) {
	w.events = append(w.events, event{Op: "attr", Prefix: prefix, Local: local, NS: ns, Kind: v.Kind(), Dict: v.IsDict(), Value: v.String()})
	w.tree.Attr(prefix, local, ns, v)
}

func (w *eventWriter) Text(v infoset.Text) {
	w.events = append(w.events, event{Op: "text", Kind: v.Kind(), Dict: v.IsDict(), Value: v.String()})
	w.tree.Text(v)
}

func (w *eventWriter) Comment(s string) { w.tree.Comment(s) }
func (w *eventWriter) EndElement() {
	w.events = append(w.events, event{Op: "end"})
	w.tree.EndElement()
}
func (w *eventWriter) Err() error { return w.tree.Err() }

// countWriter counts calls and allocates nothing.
type countWriter struct {
	starts, attrs, texts, ends int
	bytes                      int
}

func (w *countWriter) StartElement(prefix, local, ns string) { w.starts++ }
func (w *countWriter) Xmlns(prefix, ns string)               {}
func (w *countWriter) Attr(prefix, local, ns string, v infoset.Text) {
	w.attrs++
}
func (w *countWriter) Text(v infoset.Text) {
	w.texts++
	w.bytes += len(v.RawBytes())
}
func (w *countWriter) Comment(string) {}
func (w *countWriter) EndElement()    { w.ends++ }
func (w *countWriter) Err() error     { return nil }
func (w *countWriter) reset()         { *w = countWriter{} }

// parseXML converts XML text into infoset nodes, keeping prefixes and
// resolving namespaces (encoding/xml's RawToken keeps prefixes).
func parseXML(t testing.TB, s string) []*infoset.Node {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(strings.TrimPrefix(s, "\ufeff")))
	var scope infoset.Scope
	root := &infoset.Node{}
	stack := []*infoset.Node{root}
	for {
		tok, err := d.RawToken()
		if err != nil {
			if err.Error() == "EOF" {
				return root.Children
			}
			t.Fatalf("parseXML: %v", err)
		}
		top := stack[len(stack)-1]
		switch tk := tok.(type) {
		case xml.StartElement:
			n := startFromXML(&scope, tk)
			top.Children = append(top.Children, n)
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
			scope.Pop()
		case xml.CharData:
			if k := len(top.Children); k > 0 && top.Children[k-1].Kind == infoset.CharData {
				top.Children[k-1].Text += string(tk)
			} else {
				top.Children = append(top.Children, infoset.TextNode(string(tk)))
			}
		}
	}
}

func startFromXML(scope *infoset.Scope, tk xml.StartElement) *infoset.Node {
	scope.Push()
	for _, a := range tk.Attr {
		switch {
		case a.Name.Space == "xmlns":
			scope.Bind(a.Name.Local, a.Value)
		case a.Name.Space == "" && a.Name.Local == "xmlns":
			scope.Bind("", a.Value)
		}
	}
	ns, _ := scope.Lookup(tk.Name.Space)
	n := &infoset.Node{Kind: infoset.StartElement, Name: infoset.Name{Prefix: tk.Name.Space, Local: tk.Name.Local, Space: ns}}
	for _, a := range tk.Attr {
		name := infoset.Name{Prefix: a.Name.Space, Local: a.Name.Local}
		switch {
		case a.Name.Space == "xmlns", a.Name.Space == "" && a.Name.Local == "xmlns":
			name.Space = infoset.XMLNSNamespace
		case a.Name.Space != "":
			name.Space, _ = scope.Lookup(a.Name.Space)
		}
		n.Attrs = append(n.Attrs, infoset.NodeAttr{Name: name, Value: a.Value})
	}
	return n
}

// renderXML renders nodes as XML text for golden files.
func renderXML(nodes []*infoset.Node) string {
	var b strings.Builder
	for _, n := range nodes {
		renderNode(&b, n)
	}
	return b.String()
}

func renderNode(b *strings.Builder, n *infoset.Node) {
	switch n.Kind {
	case infoset.CharData:
		xml.EscapeText(b, []byte(n.Text))
	case infoset.Comment:
		b.WriteString("<!--" + n.Text + "-->")
	case infoset.StartElement:
		b.WriteString("<" + n.Name.String())
		for _, a := range n.Attrs {
			b.WriteString(" " + a.Name.String() + `="`)
			xml.EscapeText(b, []byte(a.Value))
			b.WriteString(`"`)
		}
		b.WriteString(">")
		for _, c := range n.Children {
			renderNode(b, c)
		}
		b.WriteString("</" + n.Name.String() + ">")
	}
}

// golden compares got with testdata/name, rewriting it under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if d := cmp.Diff(strings.TrimSuffix(string(want), "\n"), got); d != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", name, d)
	}
}

// httpBodies returns the SOAP bodies of one direction of an HTTP capture,
// in order, skipping empty ones.
func httpBodies(t testing.TB, file string, toServer bool) []string {
	t.Helper()
	chunks, err := capture.ParseFile(filepath.Join("..", "testdata", "vectors", file))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, s := range capture.Streams(chunks) {
		if s.ToServer != toServer {
			continue
		}
		data := s.Data
		for len(data) > 0 {
			i := bytes.Index(data, []byte("\r\n\r\n"))
			if i < 0 {
				t.Fatalf("%s: truncated HTTP head", file)
			}
			n := contentLength(string(data[:i]))
			body := data[i+4 : i+4+n]
			data = data[i+4+n:]
			if n > 0 {
				out = append(out, string(body))
			}
		}
	}
	return out
}

func contentLength(head string) int {
	for _, line := range strings.Split(head, "\r\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.EqualFold(k, "Content-Length") {
			n, _ := strconv.Atoi(strings.TrimSpace(v))
			return n
		}
	}
	return 0
}

func mustGUID(t testing.TB, s string) [16]byte {
	t.Helper()
	g, ok := infoset.ParseGUID(s)
	if !ok {
		t.Fatalf("bad GUID %q", s)
	}
	return g
}

func debugEvents(es []event) string {
	var b strings.Builder
	for _, e := range es {
		fmt.Fprintf(&b, "%+v\n", e)
	}
	return b.String()
}

// forEachMutation calls check with doc changed at one byte at a time to
// each of values; old+d for each delta in deltas is tried too. doc itself is
// left as it was.
func forEachMutation(doc, values []byte, deltas []int, check func([]byte)) {
	b := append([]byte(nil), doc...)
	for i := range b {
		old := b[i]
		for _, v := range values {
			b[i] = v
			check(b)
		}
		for _, d := range deltas {
			b[i] = old + byte(d)
			check(b)
		}
		b[i] = old
	}
}
