package binxml

import (
	"errors"
	"testing"

	"github.com/wwsgo/wws/soap/infoset"
)

// Misuse of the Writer records an error (never panics), later calls do
// nothing, and Finish hands back dst as it was.
func TestWriterErrors(t *testing.T) {
	tests := []struct {
		name  string
		write func(w *Writer)
		want  error
	}{
		{"EndElement with none open", func(w *Writer) { w.EndElement() }, infoset.ErrUnbalanced},
		{"extra EndElement", func(w *Writer) { elem("", "a1", "")(w); w.EndElement() }, infoset.ErrUnbalanced},
		{"attribute after text", func(w *Writer) {
			w.StartElement("", "v", "")
			w.Text(infoset.String("x"))
			w.Attr("", "k", "", infoset.String("1"))
		}, infoset.ErrUnbalanced},
		{"attribute after child", func(w *Writer) {
			w.StartElement("", "v", "")
			elem("", "c1", "")(w)
			w.Attr("", "k", "", infoset.String("1"))
		}, infoset.ErrUnbalanced},
		{"attribute at top level", func(w *Writer) { w.Attr("", "k", "", infoset.String("1")) }, infoset.ErrUnbalanced},
		{"xmlns at top level", func(w *Writer) { w.Xmlns("p", "urn:p") }, infoset.ErrUnbalanced},
		{"xmlns after text", func(w *Writer) {
			w.StartElement("", "v", "")
			w.Text(infoset.Int(1))
			w.Xmlns("p", "urn:p")
		}, infoset.ErrUnbalanced},
		{"xmlns attribute after comment", func(w *Writer) {
			w.StartElement("", "v", "")
			w.Comment("c")
			w.Attr("xmlns", "p", infoset.XMLNSNamespace, infoset.String("urn:p"))
		}, infoset.ErrUnbalanced},
		{"open element at Finish", func(w *Writer) { w.StartElement("", "v", "") }, ErrUnclosed},
		{"empty local name", func(w *Writer) { w.StartElement("p", "", "urn:p") }, ErrInvalidName},
		{"empty attribute name", func(w *Writer) { w.StartElement("", "v", ""); w.Attr("", "", "", infoset.Int(1)) }, ErrInvalidName},
		{"xmlns prefix on element", func(w *Writer) { w.StartElement("xmlns", "v", "urn:p") }, ErrInvalidName},
		{"prefix declared twice", func(w *Writer) {
			w.StartElement("", "v", "")
			w.Xmlns("p", "urn:1")
			w.Xmlns("p", "urn:2")
		}, ErrXmlnsConflict},
		{"element prefix rebound by attribute", func(w *Writer) {
			w.StartElement("p", "v", "urn:1")
			w.Attr("p", "k", "urn:2", infoset.Int(1))
		}, ErrXmlnsConflict},
		{"prefix bound to no namespace", func(w *Writer) { w.StartElement("p", "v", "") }, ErrXmlnsConflict},
		{"xml prefix rebound", func(w *Writer) { w.StartElement("", "v", ""); w.Xmlns("xml", "urn:x") }, ErrXmlnsConflict},
		{"unsupported array", func(w *Writer) { w.WriteArray("", "v", "", []string{"a"}) }, ErrArrayType},
		{"array of nil", func(w *Writer) { w.WriteArray("", "v", "", nil) }, ErrArrayType},
		{"array after error", func(w *Writer) { w.EndElement(); w.WriteArray("", "v", "", []int32{1}) }, infoset.ErrUnbalanced},
		{"write after Finish", func(w *Writer) {
			elem("", "v", "")(w)
			if _, err := w.Finish(); err != nil {
				t.Errorf("first Finish: %v", err)
			}
			w.StartElement("", "v", "")
		}, ErrFinished},
		{"Finish twice", func(w *Writer) {
			elem("", "v", "")(w)
			if _, err := w.Finish(); err != nil {
				t.Errorf("first Finish: %v", err)
			}
		}, ErrFinished},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dst := []byte{0xAA}
			w := NewWriter(dst, NewWriteSession(DefaultMaxSessionSize))
			tt.write(w)
			// Every method after the error is a no-op and must not panic.
			w.StartElement("", "after", "")
			w.Attr("", "k", "", infoset.String("v"))
			w.Text(infoset.String("x"))
			w.Comment("c")
			w.WriteArray("", "v", "", []int32{1})
			w.EndElement()
			got, err := w.Finish()
			if !errors.Is(err, tt.want) {
				t.Fatalf("Finish error = %v, want %v", err, tt.want)
			}
			if !errors.Is(w.Err(), tt.want) {
				t.Errorf("Err() = %v, want %v", w.Err(), tt.want)
			}
			if len(got) != 1 || got[0] != 0xAA {
				t.Errorf("Finish returned % X, want dst unchanged (AA)", got)
			}
		})
	}
}
