package binxml

import (
	"encoding/base64"
	"io"
	"unicode/utf8"

	"github.com/wwsgo/wws/soap/infoset"
)

// A minimal XML 1.0 text serializer for showing decoded binary XML to
// people (wsproxy decode, golden files). It is not the soap/xmltext writer:
// it writes what a Reader reports, escaping & < > " and control characters.

// DecodeXML renders the binary XML document doc (its string table, if any,
// already read into s) as XML text, with q's quotas.
func DecodeXML(doc []byte, s *ReadSession, q Quotas, indent bool) ([]byte, error) {
	return AppendXML(nil, NewReader(doc, s, q), indent)
}

// WriteXML reads r to its end and writes its XML text to w (see AppendXML).
func WriteXML(w io.Writer, r infoset.Reader, indent bool) error {
	b, err := AppendXML(nil, r, indent)
	if _, werr := w.Write(b); err == nil {
		err = werr
	}
	return err
}

// AppendXML reads r to its end and appends the XML text of what it reads
// to dst. Adjacent Bytes texts are joined before base64 rendering, as WCF
// joins consecutive Bytes records. With indent, elements start on new
// lines indented by two spaces per level; text stays inline.
func AppendXML(dst []byte, r infoset.Reader, indent bool) ([]byte, error) {
	x := xmlRenderer{dst: dst, indent: indent}
	for {
		k, err := r.Next()
		if err != nil {
			return x.dst, err
		}
		if k != infoset.CharData {
			x.flushBytes()
		}
		switch k {
		case infoset.EOF:
			return x.dst, nil
		case infoset.StartElement:
			x.start(r.Name(), r.Attrs(), r.Depth())
		case infoset.EndElement:
			x.end(r.Name(), r.Depth())
		case infoset.CharData:
			x.text(r.Text())
		case infoset.Comment:
			x.comment(r.Text(), r.Depth())
		}
	}
}

type xmlRenderer struct {
	dst     []byte
	indent  bool
	open    bool   // a start tag awaits its '>' (or "/>")
	block   bool   // the current element holds child elements or comments
	pending []byte // raw bytes of adjacent Bytes texts
	started bool
}

func (x *xmlRenderer) newline(depth int) {
	if !x.indent {
		return
	}
	if x.started {
		x.dst = append(x.dst, '\n')
	}
	for i := 1; i < depth; i++ {
		x.dst = append(x.dst, ' ', ' ')
	}
}

func (x *xmlRenderer) closeTag() {
	if x.open {
		x.dst = append(x.dst, '>')
		x.open = false
	}
}

func (x *xmlRenderer) start(n infoset.Name, attrs []infoset.Attr, depth int) {
	x.closeTag()
	x.newline(depth)
	x.started = true
	x.dst = append(append(x.dst, '<'), n.String()...)
	for _, a := range attrs {
		x.dst = append(append(append(x.dst, ' '), a.Name.String()...), '=', '"')
		x.dst = appendEscaped(x.dst, a.Value.AppendTo(nil), true)
		x.dst = append(x.dst, '"')
	}
	x.open, x.block = true, false
}

func (x *xmlRenderer) end(n infoset.Name, depth int) {
	if x.open {
		x.dst = append(x.dst, "/>"...)
		x.open, x.block = false, true
		return
	}
	if x.block {
		x.newline(depth)
	}
	x.dst = append(append(append(x.dst, "</"...), n.String()...), '>')
	x.block = true
}

func (x *xmlRenderer) text(t infoset.Text) {
	x.closeTag()
	x.started = true
	if t.Kind() == infoset.TextBytes {
		x.pending = append(x.pending, t.RawBytes()...)
		return
	}
	x.flushBytes()
	var buf [64]byte
	x.dst = appendEscaped(x.dst, t.AppendTo(buf[:0]), false)
	x.block = false
}

func (x *xmlRenderer) flushBytes() {
	if len(x.pending) > 0 {
		x.dst = base64.StdEncoding.AppendEncode(x.dst, x.pending)
		x.pending = x.pending[:0]
		x.block = false
	}
}

func (x *xmlRenderer) comment(t infoset.Text, depth int) {
	x.closeTag()
	x.newline(depth + 1)
	x.started = true
	x.dst = append(x.dst, "<!--"...)
	s := t.AppendTo(nil)
	for i, c := range s {
		if c == '-' && (i+1 == len(s) || s[i+1] == '-') {
			x.dst = append(x.dst, '-', ' ') // "--" may not appear in a comment
			continue
		}
		x.dst = append(x.dst, c)
	}
	x.dst = append(x.dst, "-->"...)
	x.block = true
}

// appendEscaped appends s as XML character data (or an attribute value),
// escaping markup and control characters; invalid UTF-8 becomes U+FFFD.
func appendEscaped(dst, s []byte, attr bool) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, n := utf8.DecodeRune(s[i:])
			dst = utf8.AppendRune(dst, r)
			i += n
			continue
		}
		i++
		switch {
		case c == '&':
			dst = append(dst, "&amp;"...)
		case c == '<':
			dst = append(dst, "&lt;"...)
		case c == '>':
			dst = append(dst, "&gt;"...)
		case c == '"' && attr:
			dst = append(dst, "&quot;"...)
		case c == '\n' && !attr, c == '\t' && !attr:
			dst = append(dst, c)
		case c < 0x20 || c == 0x7F:
			const hexd = "0123456789ABCDEF"
			dst = append(dst, "&#x"...)
			if c >= 0x10 {
				dst = append(dst, hexd[c>>4])
			}
			dst = append(dst, hexd[c&15], ';')
		default:
			dst = append(dst, c)
		}
	}
	return dst
}
