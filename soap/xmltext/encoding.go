package xmltext

import (
	"bytes"
	"unicode/utf16"
	"unicode/utf8"
)

// Character encoding detection, XML 1.0 Appendix F: a byte order mark, or
// the first character '<' seen as 3C 00 (UTF-16 LE) or 00 3C (UTF-16 BE).
// UTF-16 input is transcoded to UTF-8 once, up front.

type encoding uint8

const (
	encUTF8 encoding = iota
	encUTF16LE
	encUTF16BE
)

var bomUTF8 = []byte{0xEF, 0xBB, 0xBF}

// detect returns the encoding of b and the length of its byte order mark.
func detect(b []byte) (encoding, int) {
	switch {
	case bytes.HasPrefix(b, bomUTF8):
		return encUTF8, 3
	case len(b) >= 2 && b[0] == 0xFF && b[1] == 0xFE:
		return encUTF16LE, 2
	case len(b) >= 2 && b[0] == 0xFE && b[1] == 0xFF:
		return encUTF16BE, 2
	case len(b) >= 2 && b[0] == '<' && b[1] == 0:
		return encUTF16LE, 0
	case len(b) >= 2 && b[0] == 0 && b[1] == '<':
		return encUTF16BE, 0
	}
	return encUTF8, 0
}

// transcode appends the UTF-8 form of UTF-16 text b to dst[:0]. Unpaired
// surrogates are errors; a trailing odd byte or a trailing high surrogate
// is truncated input.
func transcode(dst, b []byte, enc encoding) ([]byte, error) {
	if need := len(b) / 2 * 3; cap(dst) < need {
		dst = make([]byte, 0, need)
	}
	dst = dst[:0]
	unit := func(i int) rune {
		if enc == encUTF16LE {
			return rune(b[i]) | rune(b[i+1])<<8
		}
		return rune(b[i])<<8 | rune(b[i+1])
	}
	for i := 0; i+1 < len(b); i += 2 {
		u := unit(i)
		if !utf16.IsSurrogate(u) {
			dst = utf8.AppendRune(dst, u)
			continue
		}
		if u >= 0xDC00 {
			return dst, encodingErr(dst, "unpaired UTF-16 surrogate", false)
		}
		if i+3 >= len(b) {
			return dst, encodingErr(dst, "UTF-16 surrogate pair cut short", true)
		}
		r := utf16.DecodeRune(u, unit(i+2))
		if r == utf8.RuneError {
			return dst, encodingErr(dst, "unpaired UTF-16 surrogate", false)
		}
		dst = utf8.AppendRune(dst, r)
		i += 2
	}
	if len(b)%2 != 0 {
		return dst, encodingErr(dst, "odd number of bytes in UTF-16 input", true)
	}
	return dst, nil
}

func encodingErr(done []byte, msg string, eof bool) error {
	line, col := position(done, len(done))
	return &Error{Line: line, Col: col, Err: ErrSyntax, Msg: msg, EOF: eof}
}
