package nbfx

import "github.com/wwsgo/wws/soap/internal/binxml"

// StaticDictionaryLen is the number of strings in the [MC-NBFS] dictionary.
const StaticDictionaryLen = binxml.StaticDictionaryLen

// StaticString returns the [MC-NBFS] string with the given (even) id.
func StaticString(id uint32) (string, bool) { return binxml.StaticString(id) }

// StaticID returns the (even) [MC-NBFS] id of s.
func StaticID(s string) (uint32, bool) { return binxml.StaticID(s) }

// ErrMB31 reports a malformed multi-byte 31-bit integer ([MC-NBFX] 2.1.2,
// [MC-NMF] 2.2.2): more than five bytes, or a value of 2^31 or more.
var ErrMB31 = binxml.ErrMB31

// AppendMB31 appends v in the 7-bits-per-byte, low-group-first form of
// [MC-NBFX] 2.1.2. v must be below 2^31.
func AppendMB31(b []byte, v uint32) []byte { return binxml.AppendMB31(b, v) }

// MB31Len is the encoded length of v.
func MB31Len(v uint32) int { return binxml.MB31Len(v) }

// ReadMB31 decodes a MultiByteInt31 ([MC-NBFX] 2.1.2) from the start of b
// and returns the value and the number of bytes used. n == 0 with a nil
// error means b ends before the integer does; the caller needs more bytes.
func ReadMB31(b []byte) (v uint32, n int, err error) { return binxml.ReadMB31(b) }
