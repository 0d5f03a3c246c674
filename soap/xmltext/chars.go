package xmltext

// Character classes of XML 1.0 Fifth Edition §2.2 (Char), §2.3 (S, Name)
// and Namespaces in XML 1.0 §3 (NCName).

const (
	clsNameStart = 1 << iota // ASCII NameStartChar other than ':'
	clsName                  // ASCII NameChar other than ':'
	clsSpace                 // S: space, tab, CR, LF
)

// asciiClass classifies ASCII bytes.
var asciiClass = func() (t [128]uint8) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] = clsNameStart | clsName
		t[c-'a'+'A'] = clsNameStart | clsName
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = clsName
	}
	t['_'] = clsNameStart | clsName
	t['-'], t['.'] = clsName, clsName
	for _, c := range " \t\r\n" {
		t[c] = clsSpace
	}
	return t
}()

// stopText, stopAttr and stopRaw mark the bytes at which the character-data
// scanners leave their fast loop: markup, references, line ends, control
// characters and every non-ASCII byte (validated as UTF-8).
var stopText, stopAttr, stopRaw = func() (text, attr, raw [256]bool) {
	for c := 0; c < 256; c++ {
		special := c >= 0x80 || c < 0x20 && c != '\t' && c != '\n'
		text[c], attr[c], raw[c] = special, special, special
	}
	for _, c := range "<&\r]" {
		text[c] = true
	}
	for _, c := range "<&\r\n\t\"'" {
		attr[c] = true
	}
	return
}()

func isSpace(c byte) bool { return c < 0x80 && asciiClass[c]&clsSpace != 0 }

// isChar reports whether r is an XML 1.0 Char.
func isChar(r rune) bool {
	switch {
	case r < 0x20:
		return r == '\t' || r == '\n' || r == '\r'
	case r <= 0xD7FF:
		return true
	case r < 0xE000:
		return false
	case r <= 0xFFFD:
		return true
	}
	return r >= 0x10000 && r <= 0x10FFFF
}

// isNameStartRune reports whether non-ASCII r is a NameStartChar.
func isNameStartRune(r rune) bool {
	switch {
	case r < 0xC0:
		return false
	case r <= 0x2FF:
		return r != 0xD7 && r != 0xF7
	case r < 0x370:
		return false
	case r <= 0x1FFF:
		return r != 0x37E
	case r == 0x200C || r == 0x200D:
		return true
	case r >= 0x2070 && r <= 0x218F, r >= 0x2C00 && r <= 0x2FEF, r >= 0x3001 && r <= 0xD7FF:
		return true
	case r >= 0xF900 && r <= 0xFDCF, r >= 0xFDF0 && r <= 0xFFFD, r >= 0x10000 && r <= 0xEFFFF:
		return true
	}
	return false
}

// isNameRune reports whether non-ASCII r is a NameChar.
func isNameRune(r rune) bool {
	return isNameStartRune(r) || r == 0xB7 || r >= 0x300 && r <= 0x36F || r == 0x203F || r == 0x2040
}
