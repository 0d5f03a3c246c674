package xmltext

// Pretty-printing for display: not part of any wire format.

import (
	"bytes"

	"github.com/wwsgo/wws/soap/infoset"
)

// indentQuotas are generous limits for pretty-printing documents that were
// already accepted by a reader with real quotas.
var indentQuotas = Quotas{MaxDepth: 1 << 12, MaxStringContentLength: 1 << 30, MaxArrayLength: 1 << 30,
	MaxBytesPerRead: 1 << 30, MaxNameTableCharCount: 1 << 30}

// AppendIndented appends to dst the document src pretty-printed: elements
// on their own lines indented by two spaces per level, white-space-only
// text dropped, text kept inline, no XML declaration. It is for display
// (wsproxy prints replies with it); it changes the infoset.
func AppendIndented(dst, src []byte) ([]byte, error) {
	r, err := NewReader(src, indentQuotas)
	if err != nil {
		return dst, err
	}
	w := NewWriter(dst)
	w.SetOptions(WriterOptions{Indent: "  "})
	for {
		k, err := r.Next()
		if err != nil {
			return dst, err
		}
		switch k {
		case infoset.EOF:
			out, err := w.Finish()
			if err != nil {
				return dst, err
			}
			return append(out, '\n'), nil
		case infoset.StartElement:
			copyStart(w, r)
		case infoset.EndElement:
			w.EndElement()
		case infoset.CharData:
			if t := r.Text(); len(bytes.Trim(t.RawBytes(), " \t\r\n")) > 0 {
				w.Text(t)
			}
		case infoset.Comment:
			w.Comment(r.Text().String())
		}
	}
}

// copyStart writes the start tag r is positioned on to w.
func copyStart(w *Writer, r *Reader) {
	n := r.Name()
	w.StartElement(n.Prefix, n.Local, n.Space)
	for _, a := range r.Attrs() {
		if p, ok := a.IsXmlns(); ok {
			ns, _ := r.LookupNamespace(p)
			w.Xmlns(p, ns)
			continue
		}
		w.Attr(a.Name.Prefix, a.Name.Local, a.Name.Space, a.Value)
	}
}
