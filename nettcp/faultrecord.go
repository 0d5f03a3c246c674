package nettcp

import (
	"bufio"
	"io"
)

// maxFaultSize caps a received fault URI, as WCF clients do (FramingFormat.cs
// FaultStringDecoder, 256 bytes).
const maxFaultSize = 256

// appendFault appends a Fault record ([MC-NMF] 2.2.3.8): 0x08, MB31 length,
// the fault URI.
func appendFault(b []byte, c FaultCode) []byte {
	b = append(b, recFault)
	return appendString(b, c.URI())
}

// readFault reads the body of a Fault record whose type byte was consumed.
func readFault(br *bufio.Reader) error {
	n, err := readSize(br)
	if err != nil {
		return err
	}
	if n == 0 || n > maxFaultSize {
		return protocolError("fault string of %d bytes", n)
	}
	var buf [maxFaultSize]byte
	if _, err := io.ReadFull(br, buf[:n]); err != nil {
		return noEOF(err)
	}
	uri := string(buf[:n])
	return &FaultError{Code: ParseFaultURI(uri), URI: uri}
}
