package binxml

import (
	"encoding/binary"
	"unicode/utf8"

	"github.com/wwsgo/wws/soap/infoset"
)

// Character text records, [MC-NBFX] 2.2.3: Zero/One for "0"/"1",
// Chars8/16/32 (UTF-8) and UnicodeChars8/16/32 (UTF-16LE), as WCF's
// XmlBinaryNodeWriter.UnsafeWriteText picks them.

// appendChars writes the characters of t (rendered as XML text).
func (w *Writer) appendChars(t infoset.Text) {
	off := len(w.dst)
	w.dst = t.AppendTo(append(w.dst, recChars8Text, 0))
	body := w.dst[off+2:]
	n := len(body)
	switch {
	case n == 0:
		w.dst = append(w.dst[:off], recEmptyText)
		return
	case n == 1 && body[0] == '0':
		w.dst = append(w.dst[:off], recZeroText)
		return
	case n == 1 && body[0] == '1':
		w.dst = append(w.dst[:off], recOneText)
		return
	case n > maxInt31:
		w.dst = w.dst[:off]
		w.fail(ErrTooLong)
		return
	}
	if u := utf16Len(body); n/2 > u {
		w.scratch = appendUTF16(w.scratch[:0], body)
		w.dst = append(appendLenHeader(w.dst[:off], recUnicodeChars8Text, len(w.scratch)), w.scratch...)
		return
	}
	w.fixLenHeader(off, recChars8Text, n)
}

// fixLenHeader rewrites the two-byte Chars8 header reserved at off for a
// body of n bytes, widening it to the 16- or 32-bit form when needed.
func (w *Writer) fixLenHeader(off int, base byte, n int) {
	extra := 0
	switch {
	case n >= 1<<16:
		extra = 3
	case n >= 1<<8:
		extra = 1
	}
	if extra > 0 {
		end := len(w.dst)
		w.dst = grow(w.dst, extra)[:end+extra]
		copy(w.dst[off+2+extra:], w.dst[off+2:end])
	}
	appendLenHeader(w.dst[:off], base, n)
}

// utf16Len is the number of UTF-16 code units of the UTF-8 text b.
func utf16Len(b []byte) int {
	n := 0
	for _, c := range b {
		if c&0xC0 != 0x80 {
			n++
			if c >= 0xF0 {
				n++ // a supplementary character is a surrogate pair
			}
		}
	}
	return n
}

// appendUTF16 appends the UTF-16LE form of the UTF-8 text b (invalid bytes
// become U+FFFD).
func appendUTF16(dst, b []byte) []byte {
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		b = b[size:]
		if r >= 0x10000 {
			r -= 0x10000
			dst = binary.LittleEndian.AppendUint16(dst, uint16(0xD800+r>>10))
			r = 0xDC00 + r&0x3FF
		}
		dst = binary.LittleEndian.AppendUint16(dst, uint16(r))
	}
	return dst
}
