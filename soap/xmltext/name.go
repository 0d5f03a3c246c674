package xmltext

import "unicode/utf8"

// scanQName scans a QName (Namespaces in XML 1.0 §4: NCName, optionally
// prefixed by NCName ':') starting at i. It returns the offset of the colon
// (-1 when unprefixed) and of the first byte after the name.
func (r *Reader) scanQName(i int) (colon, end int, err error) {
	b, start, first := r.buf, i, true // first: a NameStartChar is expected
	colon = -1
	for i < len(b) {
		c := b[i]
		if c == ':' {
			if colon >= 0 || first {
				return -1, i, r.syntaxErr(i, "invalid qualified name")
			}
			colon, first = i, true
			i++
			continue
		}
		if c < utf8.RuneSelf {
			cls := asciiClass[c]
			if first && cls&clsNameStart == 0 || !first && cls&clsName == 0 {
				break
			}
			first = false
			i++
			continue
		}
		rn, n := utf8.DecodeRune(b[i:])
		if rn == utf8.RuneError && n <= 1 {
			_, err := r.checkChar(i)
			return -1, i, err
		}
		if first && !isNameStartRune(rn) || !first && !isNameRune(rn) {
			break
		}
		first = false
		i += n
	}
	switch {
	case i == len(b):
		return -1, i, r.eofErr(i, "in a name")
	case i == start:
		return -1, i, r.syntaxErr(i, "expected a name")
	case first:
		return -1, i, r.syntaxErr(i, "invalid qualified name")
	}
	return colon, i, nil
}

// readQName reads a QName at r.pos and returns its interned parts.
func (r *Reader) readQName() (prefix, local string, err error) {
	start := r.pos
	colon, end, err := r.scanQName(start)
	if err != nil {
		return "", "", err
	}
	r.pos = end
	if colon >= 0 {
		if prefix, err = r.intern(start, r.buf[start:colon]); err != nil {
			return "", "", err
		}
		start = colon + 1
	}
	local, err = r.intern(start, r.buf[start:end])
	return prefix, local, err
}
