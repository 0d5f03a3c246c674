package xmltext

import (
	"bytes"
	"strings"

	"github.com/wwsgo/wws/soap/infoset"
)

// Markup other than tags: comments (XML 1.0 §2.5), processing instructions
// (§2.6), CDATA sections (§2.7) and the rejected document type declaration
// (§2.8). readMarkup returns EOF with a nil error for a skipped node: a
// processing instruction or an empty CDATA section.

func (r *Reader) readMarkup() (infoset.Kind, error) {
	b := r.buf[r.pos:]
	if len(b) < 2 {
		return infoset.EOF, r.eofErr(r.pos, "in markup")
	}
	switch b[1] {
	case '/':
		return r.readEndTag()
	case '?':
		return infoset.EOF, r.skipPI()
	case '!':
		return r.readBang(b)
	}
	return r.readStartTag()
}

// readBang reads markup starting "<!".
func (r *Reader) readBang(b []byte) (infoset.Kind, error) {
	for _, m := range [...]string{"<!--", "<![CDATA[", "<!DOCTYPE"} {
		if len(b) < len(m) && bytes.HasPrefix([]byte(m), b) {
			return infoset.EOF, r.eofErr(r.pos+len(b), "in markup")
		}
	}
	switch {
	case bytes.HasPrefix(b, []byte("<!--")):
		return infoset.Comment, r.readComment()
	case bytes.HasPrefix(b, []byte("<![CDATA[")):
		if r.st != stContent {
			return infoset.EOF, r.syntaxErr(r.pos, "CDATA section outside the root element")
		}
		if err := r.readCDATA(); err != nil || r.text.IsEmpty() {
			return infoset.EOF, err // an empty section adds no character
		}
		return infoset.CharData, nil
	case bytes.HasPrefix(b, []byte("<!DOCTYPE")):
		return infoset.EOF, r.syntaxErr(r.pos, "DTD is not allowed")
	}
	return infoset.EOF, r.syntaxErr(r.pos, "invalid markup after '<!'")
}

// readComment reads <!-- ... -->; "--" may not occur inside.
func (r *Reader) readComment() error {
	start := r.pos + 4
	v, end, err := r.scanRaw(start, "--", "a comment")
	if err != nil {
		return err
	}
	if end+2 >= len(r.buf) {
		return r.eofErr(end, "in a comment")
	}
	if r.buf[end+2] != '>' {
		return r.syntaxErr(end, "'--' in a comment")
	}
	if err := r.checkString(start, v); err != nil {
		return err
	}
	r.pos, r.text = end+3, infoset.CharsBytes(v)
	return nil
}

// readCDATA reads <![CDATA[ ... ]]> as character data.
func (r *Reader) readCDATA() error {
	start := r.pos + 9
	v, end, err := r.scanRaw(start, "]]>", "a CDATA section")
	if err != nil {
		return err
	}
	if err := r.checkString(start, v); err != nil {
		return err
	}
	r.pos, r.text = end+3, infoset.CharsBytes(v)
	return nil
}

// skipPI skips a processing instruction <?target ...?>.
func (r *Reader) skipPI() error {
	start := r.pos
	colon, end, err := r.scanQName(start + 2)
	if err != nil {
		return err
	}
	target := r.buf[start+2 : end]
	if colon >= 0 {
		return r.syntaxErr(start, "colon in a processing instruction target")
	}
	if strings.EqualFold(string(target), "xml") {
		return r.syntaxErr(start, "XML declaration not at the start of the document")
	}
	r.pos = end
	if !r.skipSpace() && !bytes.HasPrefix(r.buf[r.pos:], []byte("?>")) {
		if r.pos+1 >= len(r.buf) {
			return r.eofErr(r.pos, "in a processing instruction")
		}
		return r.syntaxErr(r.pos, "expected white space after the target")
	}
	_, end, err = r.scanRaw(r.pos, "?>", "a processing instruction")
	r.pos = end + 2
	return err
}
