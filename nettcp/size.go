package nettcp

import (
	"io"
)

// maxSize is the largest record size: MB31 values stay below 2^31
// ([MC-NMF] 2.2.2; WCF rejects a fifth byte above 0x07).
const maxSize = 1<<31 - 1

// appendSize appends n (0 ≤ n ≤ maxSize) as an MB31 integer.
func appendSize(b []byte, n int) []byte {
	v := uint32(n)
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}

// readSize reads an MB31 integer: at most five bytes, value below 2^31.
// A stream ending inside the integer gives io.ErrUnexpectedEOF.
func readSize(r io.ByteReader) (int, error) {
	var v uint32
	for i := 0; i < 5; i++ {
		c, err := r.ReadByte()
		if err != nil {
			return 0, noEOF(err)
		}
		if i == 4 && c > 0x07 {
			return 0, protocolError("size integer too large")
		}
		v |= uint32(c&0x7f) << (7 * i)
		if c < 0x80 {
			return int(v), nil
		}
	}
	return 0, protocolError("size integer too long")
}

// noEOF turns io.EOF inside a record into io.ErrUnexpectedEOF.
func noEOF(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}
