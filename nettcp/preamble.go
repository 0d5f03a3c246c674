package nettcp

import (
	"bufio"
	"io"
	"unicode/utf8"
)

// Preamble records: Version, Mode, Via, Known/Extensible Encoding
// ([MC-NMF] 2.2.3.1–2.2.3.4, 2.2.6 Preamble Message).

// preamble is what a client announces before PreambleEnd.
type preamble struct {
	mode        Mode
	via         string
	contentType string
}

// appendPreamble appends the Version, Mode, Via and encoding records. The
// encoding is a Known Encoding byte when the content type has one, an
// Extensible Encoding record otherwise.
func appendPreamble(b []byte, p preamble) []byte {
	b = append(b, recVersion, versionMajor, versionMinor, recMode, byte(p.mode), recVia)
	b = appendString(b, p.via)
	if id, ok := knownEncodingID(p.contentType); ok {
		return append(b, recKnownEncoding, id)
	}
	b = append(b, recExtensibleEnc)
	return appendString(b, p.contentType)
}

// appendString appends an MB31 length and the UTF-8 bytes.
func appendString(b []byte, s string) []byte {
	b = appendSize(b, len(s))
	return append(b, s...)
}

// preambleLimits bounds the variable-length preamble fields.
type preambleLimits struct {
	maxVia, maxContentType int
}

// faultReply is a preamble error that the server answers with a Fault record.
type faultReply struct{ code FaultCode }

func (e *faultReply) Error() string { return "nettcp: preamble refused with fault " + e.code.String() }

// readPreamble reads Version (after its type byte, which the caller has
// consumed), Mode, Via and encoding. Errors of type *faultReply deserve a
// Fault record; others mean close without one ([MC-NMF] 3.2.5; WCF's
// InitialServerConnectionReader, System.ServiceModel/System/ServiceModel/
// Channels/InitialServerConnectionReader.cs).
func readPreamble(br *bufio.Reader, lim preambleLimits) (preamble, error) {
	var p preamble
	var v [4]byte // major, minor, Mode type, mode
	if _, err := io.ReadFull(br, v[:]); err != nil {
		return p, noEOF(err)
	}
	if v[0] != versionMajor {
		return p, &faultReply{FaultUnsupportedVersion}
	}
	if v[2] != recMode {
		return p, protocolError("record 0x%02x where Mode was expected", v[2])
	}
	p.mode = Mode(v[3])
	if p.mode != ModeDuplex && p.mode != ModeSingletonUnsized {
		return p, &faultReply{FaultUnsupportedMode}
	}
	if err := expectRecord(br, recVia); err != nil {
		return p, err
	}
	via, err := readString(br, lim.maxVia, FaultViaTooLong)
	if err != nil {
		return p, err
	}
	p.via = via
	p.contentType, err = readEncoding(br, lim.maxContentType)
	return p, err
}

// readEncoding reads a Known or Extensible Encoding record.
func readEncoding(br *bufio.Reader, maxContentType int) (string, error) {
	t, err := br.ReadByte()
	if err != nil {
		return "", noEOF(err)
	}
	switch t {
	case recKnownEncoding:
		id, err := br.ReadByte()
		if err != nil {
			return "", noEOF(err)
		}
		ct, ok := knownEncodingName(id)
		if !ok {
			return "", &faultReply{FaultContentTypeInvalid}
		}
		return ct, nil
	case recExtensibleEnc:
		return readString(br, maxContentType, FaultContentTypeTooLong)
	}
	return "", protocolError("record 0x%02x where an encoding was expected", t)
}

// expectRecord reads one type byte and checks it.
func expectRecord(br *bufio.Reader, want byte) error {
	t, err := br.ReadByte()
	if err != nil {
		return noEOF(err)
	}
	if t != want {
		return protocolError("record 0x%02x where 0x%02x was expected", t, want)
	}
	return nil
}

// readString reads an MB31 length and that many UTF-8 bytes. A length above
// max is answered with the tooLong fault before any byte is read, so the
// allocation is bounded by max.
func readString(br *bufio.Reader, max int, tooLong FaultCode) (string, error) {
	n, err := readSize(br)
	if err != nil {
		return "", err
	}
	if n > max {
		return "", &faultReply{tooLong}
	}
	if n == 0 {
		return "", protocolError("empty string field")
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(br, b); err != nil {
		return "", noEOF(err)
	}
	if !utf8.Valid(b) {
		return "", protocolError("string field is not UTF-8")
	}
	return string(b), nil
}
