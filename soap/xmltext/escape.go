package xmltext

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/wwsgo/wws/soap/infoset"
)

// Escaping, XML 1.0 §2.4 and §3.3.3: in text & < > and CR become
// references (CR so that it survives end-of-line handling); in attribute
// values & < " and TAB, LF, CR do (so that they survive normalisation).

// appendEscaped renders v (Text.AppendTo, XmlConvert style) into w.buf and
// escapes it in place. Values without special characters are copied once.
func (w *Writer) appendEscaped(v infoset.Text, attr bool) {
	start := len(w.buf)
	w.buf = v.AppendTo(w.buf)
	esc := &escText
	if attr {
		esc = &escAttr
	}
	i := start
	for i < len(w.buf) && !esc[w.buf[i]] {
		i++
	}
	if i == len(w.buf) {
		return
	}
	w.tmp = append(w.tmp[:0], w.buf[i:]...)
	w.buf = w.buf[:i]
	for _, c := range w.tmp {
		if !esc[c] {
			w.buf = append(w.buf, c)
			continue
		}
		switch c {
		case '&':
			w.buf = append(w.buf, "&amp;"...)
		case '<':
			w.buf = append(w.buf, "&lt;"...)
		case '>':
			w.buf = append(w.buf, "&gt;"...)
		case '"':
			w.buf = append(w.buf, "&quot;"...)
		case '\t':
			w.buf = append(w.buf, "&#x9;"...)
		case '\n':
			w.buf = append(w.buf, "&#xA;"...)
		case '\r':
			w.buf = append(w.buf, "&#xD;"...)
		default:
			w.buf = w.buf[:start]
			w.fail(fmt.Errorf("%w: control character %#x", ErrInvalidChar, c))
			return
		}
	}
}

// escText and escAttr mark the bytes that must be written as references
// (or, for other control characters, cannot be written at all).
var escText, escAttr = func() (text, attr [256]bool) {
	for c := range 0x20 {
		text[c], attr[c] = c != '\t' && c != '\n', true
	}
	text['&'], text['<'], text['>'] = true, true, true
	attr['&'], attr['<'], attr['"'] = true, true, true
	return
}()

// validComment reports whether s can be a comment's text: XML characters,
// no "--" and no trailing '-'.
func validComment(s string) bool {
	if strings.Contains(s, "--") || strings.HasSuffix(s, "-") || !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if !isChar(r) {
			return false
		}
	}
	return true
}

// isNCName reports whether s is a namespace-valid name (no colon).
func isNCName(s string) bool {
	for i, r := range s {
		switch {
		case r < utf8.RuneSelf:
			cls := asciiClass[r]
			if i == 0 && cls&clsNameStart == 0 || cls&clsName == 0 {
				return false
			}
		case r == utf8.RuneError:
			return false
		case i == 0 && !isNameStartRune(r), !isNameRune(r):
			return false
		}
	}
	return s != ""
}
