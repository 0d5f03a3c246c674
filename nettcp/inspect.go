// Inspection of captured framing bytes ([MC-NMF] 2.2.3, every record type):
// the Inspector walks one direction of a connection record by record, for
// tools such as `wsproxy decode`. Unlike a Session it keeps no state machine:
// it reports what is there, in order, and stops at the first byte it cannot
// read as a record.

package nettcp

import (
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// RecordType is the type byte of a framing record ([MC-NMF] 2.2.3).
type RecordType uint8

// Record types.
const (
	RecordVersion           RecordType = recVersion
	RecordMode              RecordType = recMode
	RecordVia               RecordType = recVia
	RecordKnownEncoding     RecordType = recKnownEncoding
	RecordExtensibleEnc     RecordType = recExtensibleEnc
	RecordUnsizedEnvelope   RecordType = recUnsizedEnvelope
	RecordSizedEnvelope     RecordType = recSizedEnvelope
	RecordEnd               RecordType = recEnd
	RecordFault             RecordType = recFault
	RecordUpgradeRequest    RecordType = recUpgradeRequest
	RecordUpgradeResponse   RecordType = recUpgradeResponse
	RecordPreambleAck       RecordType = recPreambleAck
	RecordPreambleEnd       RecordType = recPreambleEnd
	RecordUpgraded          RecordType = 0xFF // not a record: the opaque bytes after an upgrade
	maxInspectedRecordTypes            = recPreambleEnd + 1
)

var recordTypeNames = [maxInspectedRecordTypes]string{
	"Version", "Mode", "Via", "KnownEncoding", "ExtensibleEncoding",
	"UnsizedEnvelope", "SizedEnvelope", "End", "Fault", "UpgradeRequest",
	"UpgradeResponse", "PreambleAck", "PreambleEnd",
}

// String names the record type as [MC-NMF] does.
func (t RecordType) String() string {
	if t < maxInspectedRecordTypes {
		return recordTypeNames[t]
	}
	if t == RecordUpgraded {
		return "Upgraded"
	}
	return fmt.Sprintf("RecordType(0x%02x)", uint8(t))
}

// Record is one framing record found by an Inspector. Only the fields of
// its type are set.
type Record struct {
	Type   RecordType
	Offset int64 // position of the type byte in the inspected bytes
	Len    int   // bytes the record occupies, type byte included

	Major, Minor uint8     // Version
	Mode         Mode      // Mode
	Text         string    // Via, encoding content type, upgrade protocol, fault URI
	Fault        FaultCode // Fault
	// Payload is the envelope of a Sized or Unsized Envelope record (the
	// unsized chunks joined), or, for RecordUpgraded, the bytes that follow
	// the upgrade (TLS, unreadable here). A sized payload refers to the
	// inspected bytes.
	Payload []byte
	Chunks  int // data chunks of an Unsized Envelope
}

// ErrInspect reports bytes the Inspector cannot read as a framing record;
// the error text gives the offset.
var ErrInspect = errors.New("nettcp: not a framing record")

// Inspector reads the framing records of one direction of a captured
// connection. Allocation is bounded by the size of the inspected bytes.
type Inspector struct {
	b        []byte
	off      int
	upgraded bool
	err      error
}

// NewInspector returns an Inspector over b, the bytes one peer sent.
func NewInspector(b []byte) *Inspector { return &Inspector{b: b} }

// Next returns the next record; io.EOF after the last one. After an Upgrade
// Request or Upgrade Response, the rest of the bytes come back as one
// RecordUpgraded. Errors (wrapping ErrInspect, with io.ErrUnexpectedEOF for
// a truncated record) are sticky.
func (in *Inspector) Next() (Record, error) {
	if in.err != nil {
		return Record{}, in.err
	}
	if in.off >= len(in.b) {
		in.err = io.EOF
		return Record{}, io.EOF
	}
	if in.upgraded {
		r := Record{Type: RecordUpgraded, Offset: int64(in.off), Len: len(in.b) - in.off, Payload: in.b[in.off:]}
		in.off = len(in.b)
		return r, nil
	}
	start := in.off
	r := Record{Type: RecordType(in.b[in.off]), Offset: int64(start)}
	in.off++
	if err := in.body(&r); err != nil {
		in.err = fmt.Errorf("%w: %s at offset %d: %w", ErrInspect, r.Type, start, err)
		return Record{}, in.err
	}
	r.Len = in.off - start
	return r, nil
}

// Offset returns the position of the next record.
func (in *Inspector) Offset() int { return in.off }

// body reads the fields of r after its type byte.
func (in *Inspector) body(r *Record) error {
	switch r.Type {
	case RecordVersion:
		v, err := in.bytes(2)
		if err == nil {
			r.Major, r.Minor = v[0], v[1]
		}
		return err
	case RecordMode:
		v, err := in.bytes(1)
		if err == nil {
			r.Mode = Mode(v[0])
		}
		return err
	case RecordKnownEncoding:
		return in.knownEncoding(r)
	case RecordVia, RecordExtensibleEnc:
		return in.text(r)
	case RecordUpgradeRequest:
		in.upgraded = true
		return in.text(r)
	case RecordFault:
		err := in.text(r)
		r.Fault = ParseFaultURI(r.Text)
		return err
	case RecordSizedEnvelope:
		p, err := in.sized()
		r.Payload = p
		return err
	case RecordUnsizedEnvelope:
		return in.unsized(r)
	case RecordUpgradeResponse:
		in.upgraded = true
		return nil
	case RecordEnd, RecordPreambleAck, RecordPreambleEnd:
		return nil
	}
	return errors.New("unknown record type")
}

// knownEncoding reads the encoding byte of a Known Encoding record.
func (in *Inspector) knownEncoding(r *Record) error {
	v, err := in.bytes(1)
	if err != nil {
		return err
	}
	ct, ok := knownEncodingName(v[0])
	if !ok {
		return fmt.Errorf("unknown encoding 0x%02x", v[0])
	}
	r.Text = ct
	return nil
}

// text reads an MB31-length-prefixed UTF-8 string.
func (in *Inspector) text(r *Record) error {
	b, err := in.sized()
	if err != nil {
		return err
	}
	if !utf8.Valid(b) {
		return errors.New("string is not UTF-8")
	}
	r.Text = string(b)
	return nil
}

// sized reads an MB31 length and that many bytes, as a sub-slice of in.b.
func (in *Inspector) sized() ([]byte, error) {
	n, err := in.size()
	if err != nil {
		return nil, err
	}
	return in.bytes(n)
}

// unsized reads the data chunks of an Unsized Envelope up to its terminator.
func (in *Inspector) unsized(r *Record) error {
	for {
		n, err := in.size()
		if err != nil {
			return err
		}
		if n == 0 {
			return nil
		}
		p, err := in.bytes(n)
		if err != nil {
			return err
		}
		r.Payload = append(r.Payload, p...) // bounded by len(in.b)
		r.Chunks++
	}
}

// size reads an MB31 integer ([MC-NMF] 2.2.2).
func (in *Inspector) size() (int, error) {
	br := byteSliceReader{b: in.b[in.off:]}
	n, err := readSize(&br)
	in.off += br.n
	return n, err
}

// bytes returns the next n bytes, failing when fewer remain.
func (in *Inspector) bytes(n int) ([]byte, error) {
	if n > len(in.b)-in.off {
		return nil, fmt.Errorf("%d bytes announced, %d present: %w", n, len(in.b)-in.off, io.ErrUnexpectedEOF)
	}
	p := in.b[in.off : in.off+n : in.off+n]
	in.off += n
	return p, nil
}

// byteSliceReader is an io.ByteReader over a slice that counts what it read.
type byteSliceReader struct {
	b []byte
	n int
}

func (r *byteSliceReader) ReadByte() (byte, error) {
	if r.n >= len(r.b) {
		return 0, io.EOF
	}
	r.n++
	return r.b[r.n-1], nil
}
