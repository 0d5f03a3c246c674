package nettcp

import (
	"bufio"
)

// Sized Envelope record ([MC-NMF] 2.2.3.6): 0x06, MB31 size, the encoded
// message. Used by duplex sessions ([MC-NMF] Sized Envelope Record).

// appendEnvelopeHeader appends the record type and size of an n-byte envelope.
func appendEnvelopeHeader(b []byte, n int) []byte {
	return appendSize(append(b, recSizedEnvelope), n)
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
