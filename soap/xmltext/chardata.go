package xmltext

import (
	"bytes"
	"unicode/utf8"

	"github.com/wwsgo/wws/soap/infoset"
)

// Character data and attribute values, XML 1.0 §2.4 (CharData), §2.11 (end
// of line handling), §3.3.3 (attribute-value normalisation) and §4.1
// (references). A value that needs no rewriting refers to the input;
// otherwise it is built once in r.scratch.

// readText reads the character data at r.pos, up to the next '<'.
func (r *Reader) readText() error {
	start := r.pos
	v, end, err := r.scanChars(start, 0)
	if err != nil {
		return err
	}
	if err := r.checkString(start, v); err != nil {
		return err
	}
	r.pos, r.text = end, infoset.CharsBytes(v)
	return nil
}

// scanChars scans character data from i. With quote 0 it is element
// content ending at '<'; otherwise an attribute value ending at quote.
// It returns the value and the offset of the terminating byte.
func (r *Reader) scanChars(i int, quote byte) (val []byte, end int, err error) {
	b, stop := r.buf, &stopText
	if quote != 0 {
		stop = &stopAttr
	}
	start, seg, scr := i, i, -1 // seg: start of input not yet copied; scr: value start in scratch
	flush := func(upto int) {
		if scr < 0 {
			scr = len(r.scratch)
		}
		r.scratch = append(r.scratch, b[seg:upto]...)
	}
	for i < len(b) {
		// Skip plain runs eight bytes at a time: large text (base64
		// payloads) is mostly bytes no stop table marks.
		for i+8 <= len(b) {
			w := b[i : i+8 : i+8]
			if stop[w[0]] || stop[w[1]] || stop[w[2]] || stop[w[3]] ||
				stop[w[4]] || stop[w[5]] || stop[w[6]] || stop[w[7]] {
				break
			}
			i += 8
		}
		if i >= len(b) {
			break
		}
		c := b[i]
		if !stop[c] {
			i++
			continue
		}
		switch {
		case quote != 0 && c == quote, quote == 0 && c == '<':
			if scr < 0 {
				return b[start:i], i, nil
			}
			flush(i)
			return r.scratch[scr:], i, nil
		case c == '<':
			return nil, i, r.syntaxErr(i, "'<' in an attribute value")
		case c == '&':
			flush(i)
			rn, n, err := r.readRef(i)
			if err != nil {
				return nil, i, err
			}
			r.scratch = utf8.AppendRune(r.scratch, rn)
			i += n
			seg = i
		case c == '\r':
			flush(i)
			r.scratch = append(r.scratch, lineEnd(quote))
			if i++; i < len(b) && b[i] == '\n' {
				i++
			}
			seg = i
		case c == '\n' || c == '\t': // attribute values only
			flush(i)
			r.scratch = append(r.scratch, ' ')
			i++
			seg = i
		case c == '"' || c == '\'': // the other quote
			i++
		case c == ']':
			if bytes.HasPrefix(b[i:], []byte("]]>")) {
				return nil, i, r.syntaxErr(i, "']]>' in character data")
			}
			i++
		default:
			n, err := r.checkChar(i)
			if err != nil {
				return nil, i, err
			}
			i += n
		}
	}
	if quote != 0 {
		return nil, i, r.eofErr(i, "in an attribute value")
	}
	return nil, i, r.eofErr(i, "in character data")
}

// lineEnd is what a CR becomes: LF in content, a space in attribute values.
func lineEnd(quote byte) byte {
	if quote != 0 {
		return ' '
	}
	return '\n'
}

// checkChar validates the character at i (a control byte or the start of a
// multi-byte sequence) and returns its length.
func (r *Reader) checkChar(i int) (int, error) {
	b := r.buf[i:]
	if b[0] < utf8.RuneSelf {
		if isChar(rune(b[0])) {
			return 1, nil
		}
		return 0, r.syntaxErr(i, "invalid character in document")
	}
	rn, n := utf8.DecodeRune(b)
	if rn == utf8.RuneError && n <= 1 {
		if !utf8.FullRune(b) {
			return 0, r.eofErr(i, "in a UTF-8 sequence")
		}
		return 0, r.syntaxErr(i, "invalid UTF-8")
	}
	if !isChar(rn) {
		return 0, r.syntaxErr(i, "invalid character in document")
	}
	return n, nil
}

// readRef reads the entity or character reference at i (b[i] == '&') and
// returns the character it stands for and its length in bytes.
func (r *Reader) readRef(i int) (rune, int, error) {
	b := r.buf[i:]
	j := 1
	for j < len(b) && j <= maxRefLen && b[j] < utf8.RuneSelf && (asciiClass[b[j]]&clsName != 0 || b[j] == '#') {
		j++
	}
	switch {
	case j == len(b):
		return 0, 0, r.eofErr(i, "in a reference")
	case b[j] != ';':
		return 0, 0, r.syntaxErr(i, "malformed reference")
	}
	name := b[1:j]
	if len(name) > 0 && name[0] == '#' {
		rn, ok := parseCharRef(name[1:])
		if !ok {
			return 0, 0, r.syntaxErr(i, "invalid character reference &"+string(name)+";")
		}
		return rn, j + 1, nil
	}
	var rn rune
	switch string(name) {
	case "lt":
		rn = '<'
	case "gt":
		rn = '>'
	case "amp":
		rn = '&'
	case "apos":
		rn = '\''
	case "quot":
		rn = '"'
	default:
		return 0, 0, r.syntaxErr(i, "undefined entity &"+string(name)+";")
	}
	return rn, j + 1, nil
}

// maxRefLen bounds the characters between '&' and ';' (leading zeros in a
// character reference included).
const maxRefLen = 64

// parseCharRef parses the digits of &#N; or &#xH; (without '#') and checks
// that they name an XML Char.
func parseCharRef(d []byte) (rune, bool) {
	base := rune(10)
	if len(d) > 0 && d[0] == 'x' {
		base, d = 16, d[1:]
	}
	if len(d) == 0 {
		return 0, false
	}
	var v rune
	for _, c := range d {
		var n rune
		switch {
		case c >= '0' && c <= '9':
			n = rune(c - '0')
		case base == 16 && c >= 'a' && c <= 'f':
			n = rune(c-'a') + 10
		case base == 16 && c >= 'A' && c <= 'F':
			n = rune(c-'A') + 10
		default:
			return 0, false
		}
		if v = v*base + n; v > utf8.MaxRune {
			return 0, false
		}
	}
	return v, isChar(v)
}

// scanRaw scans the body of a comment, CDATA section or processing
// instruction from i up to delim, validating characters and turning CRLF
// and CR into LF. It returns the value and the offset of delim.
func (r *Reader) scanRaw(i int, delim string, what string) ([]byte, int, error) {
	b := r.buf
	start, seg, scr := i, i, -1
	for i < len(b) {
		c := b[i]
		if c == delim[0] && bytes.HasPrefix(b[i:], []byte(delim)) {
			if scr < 0 {
				return b[start:i], i, nil
			}
			r.scratch = append(r.scratch, b[seg:i]...)
			return r.scratch[scr:], i, nil
		}
		if !stopRaw[c] {
			i++
			continue
		}
		if c != '\r' {
			n, err := r.checkChar(i)
			if err != nil {
				return nil, i, err
			}
			i += n
			continue
		}
		if scr < 0 {
			scr = len(r.scratch)
		}
		r.scratch = append(append(r.scratch, b[seg:i]...), '\n')
		if i++; i < len(b) && b[i] == '\n' {
			i++
		}
		seg = i
	}
	return nil, i, r.eofErr(i, "in "+what)
}
