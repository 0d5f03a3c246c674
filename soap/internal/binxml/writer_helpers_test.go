package binxml

import (
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/wwsgo/wws/soap/infoset"
)

// Test helpers for the writer tests: byte building, hex diffs, and a small
// XML renderer for infoset trees (used to check each recordCase's wantXML
// against what a TreeWriter builds from the same calls).

// txt is raw text inside cat.
type txt string

// cat builds bytes from hex strings ("56 02 0B"), txt (raw UTF-8), []byte
// and byte parts.
func cat(parts ...any) []byte {
	var b []byte
	for _, p := range parts {
		switch v := p.(type) {
		case string:
			h, err := hex.DecodeString(strings.Join(strings.Fields(v), ""))
			if err != nil {
				panic(fmt.Sprintf("bad hex %q: %v", v, err))
			}
			b = append(b, h...)
		case txt:
			b = append(b, v...)
		case []byte:
			b = append(b, v...)
		case byte:
			b = append(b, v)
		case int:
			b = append(b, byte(v))
		default:
			panic(fmt.Sprintf("cat: %T", p))
		}
	}
	return b
}

// name is an inline Name: MB31 length + UTF-8.
func name(s string) []byte { return appendName(nil, s) }

// hexDiff describes where got and want first differ, with hex context.
func hexDiff(got, want []byte) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	from := max(i-8, 0)
	ctx := func(b []byte) string {
		return fmt.Sprintf("% X", b[from:min(len(b), i+16)])
	}
	return fmt.Sprintf("first difference at byte %d (len got %d, want %d)\n got[%d:]: %s\nwant[%d:]: %s",
		i, len(got), len(want), from, ctx(got), from, ctx(want))
}

// renderXML renders nodes as XML: no self-closing tags, each element's
// non-xmlns attributes first and its namespace declarations after them
// (the binary record order), text and attribute values escaped.
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
		b.WriteString(escapeXML(n.Text, false))
		return
	case infoset.Comment:
		b.WriteString("<!--" + n.Text + "-->")
		return
	}
	b.WriteString("<" + n.Name.String())
	for _, xmlns := range []bool{false, true} {
		for _, a := range n.Attrs {
			if _, ok := (infoset.Attr{Name: a.Name}).IsXmlns(); ok == xmlns {
				b.WriteString(" " + a.Name.String() + `="` + escapeXML(a.Value, true) + `"`)
			}
		}
	}
	b.WriteString(">")
	for _, c := range n.Children {
		renderNode(b, c)
	}
	b.WriteString("</" + n.Name.String() + ">")
}

func escapeXML(s string, attr bool) string {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	if attr {
		r = strings.NewReplacer("&", "&amp;", "<", "&lt;", `"`, "&quot;")
	}
	return r.Replace(s)
}

// arrayWriter is the part of Writer beyond infoset.Writer.
type arrayWriter interface {
	infoset.Writer
	WriteArray(prefix, local, ns string, values any)
}

// treeArrayWriter is a TreeWriter that expands arrays into repeated
// elements, as a reader reports them.
type treeArrayWriter struct{ infoset.TreeWriter }

func (t *treeArrayWriter) WriteArray(prefix, local, ns string, values any) {
	for _, v := range arrayTexts(values) {
		t.StartElement(prefix, local, ns)
		t.Text(v)
		t.EndElement()
	}
}

// arrayTexts returns the typed text of each array value.
func arrayTexts(values any) []infoset.Text {
	var out []infoset.Text
	switch v := values.(type) {
	case []bool:
		for _, x := range v {
			out = append(out, infoset.Bool(x))
		}
	case []int16:
		for _, x := range v {
			out = append(out, infoset.Int(int64(x)))
		}
	case []int32:
		for _, x := range v {
			out = append(out, infoset.Int(int64(x)))
		}
	case []int64:
		for _, x := range v {
			out = append(out, infoset.Int(x))
		}
	case []float32:
		for _, x := range v {
			out = append(out, infoset.Float32(x))
		}
	case []float64:
		for _, x := range v {
			out = append(out, infoset.Float64(x))
		}
	case []infoset.Decimal:
		for _, x := range v {
			out = append(out, infoset.DecimalText(x))
		}
	case []time.Time:
		for _, x := range v {
			out = append(out, infoset.DateTime(x))
		}
	case []time.Duration:
		for _, x := range v {
			out = append(out, infoset.Duration(x))
		}
	case [][16]byte:
		for _, x := range v {
			out = append(out, infoset.GUID(x))
		}
	}
	return out
}

// encode runs build on a fresh msbin1 Writer (or one over session s).
func encode(build func(w infoset.Writer), s *WriteSession) ([]byte, error) {
	w := NewWriter(nil, s)
	build(w)
	return w.Finish()
}
