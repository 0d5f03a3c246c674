package nettcp

import (
	"errors"
	"io"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/wwsgo/wws/internal/capture"
)

// inspectAll returns every record of b, and the error that ended the walk
// (nil for a clean io.EOF).
func inspectAll(b []byte) ([]Record, error) {
	in := NewInspector(b)
	var out []Record
	for {
		r, err := in.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, r)
	}
}

// summary is what the capture tests compare: type and length.
type summary struct {
	Type RecordType
	Len  int
	Text string
}

func summarise(rs []Record) []summary {
	out := make([]summary, len(rs))
	for i, r := range rs {
		out[i] = summary{r.Type, r.Len, r.Text}
	}
	return out
}

func TestInspectCapture(t *testing.T) {
	chunks, err := capture.ParseFile(captureFile)
	if err != nil {
		t.Fatal(err)
	}
	const via = "net.tcp://127.0.0.1:18861/calc"
	want := map[bool][]summary{
		true: { // capture lines 1, 3, 5, 7, 9, 10, 12, 14 (README)
			{RecordVersion, 3, ""}, {RecordMode, 2, ""}, {RecordVia, 32, via},
			{RecordKnownEncoding, 2, ContentTypeBinarySession}, {RecordPreambleEnd, 1, ""},
			{RecordSizedEnvelope, 217, ""}, {RecordSizedEnvelope, 221, ""}, {RecordSizedEnvelope, 222, ""},
			{RecordSizedEnvelope, 219, ""}, {RecordSizedEnvelope, 221, ""}, {RecordSizedEnvelope, 216, ""},
			{RecordEnd, 1, ""},
		},
		false: { // lines 2, 4, 6, 8, 11, 13
			{RecordPreambleAck, 1, ""}, {RecordSizedEnvelope, 138, ""}, {RecordSizedEnvelope, 146, ""},
			{RecordSizedEnvelope, 100, ""}, {RecordSizedEnvelope, 161, ""}, {RecordSizedEnvelope, 159, ""},
		},
	}
	for _, s := range capture.Streams(chunks) {
		got, err := inspectAll(s.Data)
		if err != nil {
			t.Fatalf("toServer=%v: %v", s.ToServer, err)
		}
		if d := cmp.Diff(want[s.ToServer], summarise(got)); d != "" {
			t.Errorf("toServer=%v: records (-want +got):\n%s", s.ToServer, d)
		}
		var off int64
		for _, r := range got {
			if r.Offset != off {
				t.Errorf("%s: offset %d, want %d", r.Type, r.Offset, off)
			}
			off += int64(r.Len)
		}
	}
}

func TestInspectRecords(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		want []Record
	}{
		{"version mode", []byte{0, 1, 0, 1, 1}, []Record{
			{Type: RecordVersion, Len: 3, Major: 1},
			{Type: RecordMode, Offset: 3, Len: 2, Mode: ModeSingletonUnsized},
		}},
		{"extensible encoding", append([]byte{4, 3}, "a/b"...), []Record{
			{Type: RecordExtensibleEnc, Len: 5, Text: "a/b"},
		}},
		{"fault", append([]byte{8, byte(len(FaultServerTooBusy.URI()))}, FaultServerTooBusy.URI()...), []Record{
			{Type: RecordFault, Len: 2 + len(FaultServerTooBusy.URI()), Text: FaultServerTooBusy.URI(), Fault: FaultServerTooBusy},
		}},
		{"unsized two chunks", []byte{5, 2, 'a', 'b', 1, 'c', 0, 7}, []Record{
			{Type: RecordUnsizedEnvelope, Len: 7, Payload: []byte("abc"), Chunks: 2},
			{Type: RecordEnd, Offset: 7, Len: 1},
		}},
		{"sized", []byte{6, 2, 'h', 'i', 0x0b}, []Record{
			{Type: RecordSizedEnvelope, Len: 4, Payload: []byte("hi")},
			{Type: RecordPreambleAck, Offset: 4, Len: 1},
		}},
		{"upgrade request then tls", append(append([]byte{9, 19}, UpgradeTLS...), 0x16, 3, 1), []Record{
			{Type: RecordUpgradeRequest, Len: 21, Text: UpgradeTLS},
			{Type: RecordUpgraded, Offset: 21, Len: 3, Payload: []byte{0x16, 3, 1}},
		}},
		{"upgrade response then tls", []byte{0x0a, 0x16, 3}, []Record{
			{Type: RecordUpgradeResponse, Len: 1},
			{Type: RecordUpgraded, Offset: 1, Len: 2, Payload: []byte{0x16, 3}},
		}},
		{"empty", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := inspectAll(tt.in)
			if err != nil {
				t.Fatalf("got error %v, want none", err)
			}
			if d := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); d != "" {
				t.Errorf("records (-want +got):\n%s", d)
			}
		})
	}
}

func TestInspectBadInput(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		eof  bool // the error also matches io.ErrUnexpectedEOF
	}{
		{"unknown type", []byte{0x0d}, false},
		{"http", []byte("HTTP/1.1 200 OK\r\n"), false},
		{"unknown encoding", []byte{3, 0x40}, false},
		{"size too long", []byte{6, 0xff, 0xff, 0xff, 0xff, 0x0f}, false},
		{"via not utf8", []byte{2, 2, 0xff, 0xfe}, false},
		{"sized overrun", []byte{6, 5, 'a'}, true},
		{"unsized no terminator", []byte{5, 1, 'a'}, true},
		{"version short", []byte{0, 1}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := inspectAll(tt.in)
			if !errors.Is(err, ErrInspect) {
				t.Fatalf("got error %v, want ErrInspect", err)
			}
			if got := errors.Is(err, io.ErrUnexpectedEOF); got != tt.eof {
				t.Errorf("errors.Is(err, io.ErrUnexpectedEOF) = %v, want %v (%v)", got, tt.eof, err)
			}
		})
	}
}

// Every truncated prefix of a real stream either ends cleanly on a record
// boundary or fails with io.ErrUnexpectedEOF; none panics.
func TestInspectTruncated(t *testing.T) {
	b := clientStream(t)
	boundaries := map[int]bool{}
	recs, err := inspectAll(b)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		boundaries[int(r.Offset)] = true
	}
	for n := 0; n < len(b); n++ {
		_, err := inspectAll(b[:n])
		switch {
		case boundaries[n] && err != nil:
			t.Fatalf("prefix %d on a boundary: got %v, want no error", n, err)
		case !boundaries[n] && !errors.Is(err, io.ErrUnexpectedEOF):
			t.Fatalf("prefix %d: got %v, want io.ErrUnexpectedEOF", n, err)
		}
	}
}

func TestRecordTypeString(t *testing.T) {
	for _, tt := range []struct {
		t    RecordType
		want string
	}{{RecordVia, "Via"}, {RecordPreambleEnd, "PreambleEnd"}, {RecordUpgraded, "Upgraded"}, {0x20, "RecordType(0x20)"}} {
		if got := tt.t.String(); got != tt.want {
			t.Errorf("RecordType(%#x).String() = %q, want %q", uint8(tt.t), got, tt.want)
		}
	}
}

func FuzzInspector(f *testing.F) {
	f.Add(clientStream(f))
	f.Add([]byte{5, 2, 'a', 'b', 0, 9, 1, 'x', 1})
	f.Fuzz(func(t *testing.T, b []byte) {
		recs, _ := inspectAll(b)
		total := 0
		for _, r := range recs {
			total += r.Len
			if r.Len <= 0 || len(r.Payload) > len(b) {
				t.Fatalf("record %+v out of bounds of %d bytes", r.Type, len(b))
			}
		}
		if total > len(b) {
			t.Fatalf("records cover %d bytes of %d", total, len(b))
		}
	})
}
