package nettcp

import (
	"bufio"
	"io"
	"slices"
)

// Sized Envelope record ([MC-NMF] 2.2.3.6): 0x06, MB31 size, the encoded
// message. Used by duplex sessions (wire.md §1.5).

// appendEnvelopeHeader appends the record type and size of an n-byte envelope.
func appendEnvelopeHeader(b []byte, n int) []byte {
	return appendSize(append(b, recSizedEnvelope), n)
}

// readSizedBody reads the size and body of a Sized Envelope whose type byte
// was consumed, appending the body to buf. The size is checked against max
// before buf grows.
func readSizedBody(br *bufio.Reader, buf []byte, max int64) ([]byte, error) {
	n, err := readSize(br)
	if err != nil {
		return buf, err
	}
	if int64(n) > max {
		return buf, ErrMaxMessageSize
	}
	start := len(buf)
	buf = slices.Grow(buf, n)[:start+n]
	if _, err := io.ReadFull(br, buf[start:]); err != nil {
		return buf[:start], noEOF(err)
	}
	return buf, nil
}

// discardSized reads past a sized envelope's body without keeping it.
func discardSized(br *bufio.Reader, max int64) error {
	n, err := readSize(br)
	if err != nil {
		return err
	}
	if int64(n) > max {
		return ErrMaxMessageSize
	}
	if _, err := br.Discard(n); err != nil {
		return noEOF(err)
	}
	return nil
}
