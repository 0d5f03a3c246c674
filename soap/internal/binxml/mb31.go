package binxml

import "errors"

// ErrMB31 reports a malformed multi-byte 31-bit integer ([MC-NBFX] 2.1.2,
// [MC-NMF] 2.2.2): more than five bytes, or a value of 2^31 or more.
var ErrMB31 = errors.New("nbfx: invalid MultiByteInt31")

// AppendMB31 appends v in the 7-bits-per-byte, low-group-first form.
// v must be below 2^31.
func AppendMB31(b []byte, v uint32) []byte {
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}

// MB31Len is the encoded length of v.
func MB31Len(v uint32) int {
	n := 1
	for v >= 0x80 {
		v >>= 7
		n++
	}
	return n
}

// ReadMB31 decodes a MultiByteInt31 from the start of b and returns the
// value and the number of bytes used. n == 0 with a nil error means b ends
// before the integer does; the caller needs more bytes.
func ReadMB31(b []byte) (v uint32, n int, err error) {
	for i := 0; i < 5; i++ {
		if i == len(b) {
			return 0, 0, nil
		}
		c := b[i]
		if i == 4 && c > 0x07 {
			return 0, 0, ErrMB31
		}
		v |= uint32(c&0x7f) << (7 * i)
		if c < 0x80 {
			return v, i + 1, nil
		}
	}
	return 0, 0, ErrMB31
}
