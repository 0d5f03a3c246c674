package xmltext

import (
	"bytes"
	"strings"
)

// The XML declaration, XML 1.0 §2.8 and §4.3.3:
// <?xml version="1.x" encoding="..." standalone="yes|no"?>. Its encoding
// must agree with the detected one (UTF-8 or UTF-16).

// readDecl reads the XML declaration if the document starts with one.
func (r *Reader) readDecl() error {
	b := r.buf
	if len(b) < 6 {
		if bytes.HasPrefix([]byte("<?xml "), b) && len(b) > 2 {
			return r.eofErr(len(b), "in the XML declaration")
		}
		return nil
	}
	if !bytes.HasPrefix(b, []byte("<?xml")) || !isSpace(b[5]) {
		return nil
	}
	r.pos = 5
	for i, name := range [...]string{"version", "encoding", "standalone"} {
		v, ok, err := r.pseudoAttr(name)
		if err != nil {
			return err
		}
		if !ok {
			if i == 0 {
				return r.syntaxErr(r.pos, "XML declaration without version")
			}
			continue
		}
		if err := r.checkDecl(name, v); err != nil {
			return err
		}
	}
	r.skipSpace()
	if len(b)-r.pos < 2 {
		return r.eofErr(r.pos, "in the XML declaration")
	}
	if b[r.pos] != '?' || b[r.pos+1] != '>' {
		return r.syntaxErr(r.pos, "malformed XML declaration")
	}
	r.pos += 2
	return nil
}

// pseudoAttr reads ` name="value"` if name comes next.
func (r *Reader) pseudoAttr(name string) ([]byte, bool, error) {
	save := r.pos
	if !r.skipSpace() || !bytes.HasPrefix(r.buf[r.pos:], []byte(name)) {
		if r.pos >= len(r.buf) {
			return nil, false, r.eofErr(r.pos, "in the XML declaration")
		}
		r.pos = save
		return nil, false, nil
	}
	r.pos += len(name)
	r.skipSpace()
	if err := r.expect('='); err != nil {
		return nil, false, err
	}
	r.skipSpace()
	if r.pos >= len(r.buf) {
		return nil, false, r.eofErr(r.pos, "in the XML declaration")
	}
	q := r.buf[r.pos]
	if q != '"' && q != '\'' {
		return nil, false, r.syntaxErr(r.pos, "pseudo-attribute value not quoted")
	}
	end := bytes.IndexByte(r.buf[r.pos+1:], q)
	if end < 0 {
		return nil, false, r.eofErr(len(r.buf), "in the XML declaration")
	}
	v := r.buf[r.pos+1 : r.pos+1+end]
	r.pos += end + 2
	return v, true, nil
}

// checkDecl validates one pseudo-attribute of the declaration.
func (r *Reader) checkDecl(name string, v []byte) error {
	ok := true
	switch name {
	case "version":
		ok = len(v) > 2 && bytes.HasPrefix(v, []byte("1.")) && allDigits(v[2:])
	case "encoding":
		wide, known := encodingNames[strings.ToLower(string(v))]
		if !known {
			return r.syntaxErr(r.pos, "unsupported encoding "+quote(string(v)))
		}
		if wide != (r.enc != encUTF8) {
			return r.syntaxErr(r.pos, "declared encoding "+quote(string(v))+" does not match the document")
		}
	case "standalone":
		ok = string(v) == "yes" || string(v) == "no"
	}
	if !ok {
		return r.syntaxErr(r.pos, "invalid "+name+" "+quote(string(v)))
	}
	return nil
}

// encodingNames are the encodings a declaration may name, lower-cased;
// the value says whether it is UTF-16.
var encodingNames = map[string]bool{"utf-8": false, "utf-16": true, "utf-16le": true, "utf-16be": true, "unicode": true}

func allDigits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
