package nettcp

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"errors"
	"io"
	"net"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/wwsgo/wws/internal/capture"
)

const captureFile = "../testdata/vectors/nettcp_session.hex.log"

// clientStream returns the client→server bytes of the capture.
func clientStream(t testing.TB) []byte {
	t.Helper()
	chunks, err := capture.ParseFile(captureFile)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range capture.Streams(chunks) {
		if s.ToServer {
			return s.Data
		}
	}
	t.Fatal("no client stream in capture")
	return nil
}

func TestPreambleMatchesWire(t *testing.T) {
	wire := "0001000102021d6e65742e7463703a2f2f6c6f63616c686f73743a393030302f6563686f03080c" // a WCF client's preamble
	capt := clientStream(t)[:40]                                                             // capture line 1
	tests := []struct {
		name string
		p    preamble
		want []byte
	}{
		{"WCF preamble", preamble{ModeDuplex, "net.tcp://localhost:9000/echo", ContentTypeBinarySession}, mustHex(t, wire)},
		{"mono capture", preamble{ModeDuplex, "net.tcp://127.0.0.1:18861/calc", ContentTypeBinarySession}, capt},
	}
	for _, tt := range tests {
		got := append(appendPreamble(nil, tt.p), recPreambleEnd)
		if !bytes.Equal(got, tt.want) {
			t.Errorf("%s: got % x, want % x", tt.name, got, tt.want)
		}
	}
	tlsTail := append([]byte{0x03, 0x08, 0x09, 0x13}, UpgradeTLS...)
	got := appendUpgradeRequest(appendPreamble(nil, tests[0].p), UpgradeTLS)
	if !bytes.HasSuffix(got, tlsTail) {
		t.Errorf("upgrade preamble: got % x, want suffix % x", got, tlsTail)
	}
}

func mustHex(t testing.TB, s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

var testLimits = preambleLimits{DefaultMaxViaSize, DefaultMaxContentTypeSize}

func TestReadPreambleRoundTrip(t *testing.T) {
	for _, p := range []preamble{
		{ModeDuplex, "net.tcp://h/x", ContentTypeBinarySession},
		{ModeSingletonUnsized, "net.tcp://h:1/y", ContentTypeBinary},
		{ModeDuplex, "net.tcp://h/z", "application/soap+msbinsession1+gzip"}, // extensible
		{ModeDuplex, "net.tcp://h/ü", "application/x-custom; charset=utf-8"}, // extensible, UTF-8 via
	} {
		rec := appendPreamble(nil, p)
		got, err := readPreamble(bufio.NewReader(bytes.NewReader(rec[1:])), testLimits)
		if err != nil {
			t.Fatalf("readPreamble(% x): %v", rec, err)
		}
		if diff := cmp.Diff(p, got, cmp.AllowUnexported(preamble{})); diff != "" {
			t.Errorf("round trip (-want +got):\n%s", diff)
		}
		for i := 1; i < len(rec); i++ {
			_, err := readPreamble(bufio.NewReader(bytes.NewReader(rec[1:i])), testLimits)
			if !errors.Is(err, io.ErrUnexpectedEOF) {
				t.Errorf("prefix %d of % x: got %v, want ErrUnexpectedEOF", i, rec, err)
			}
		}
	}
}

func TestReadPreambleFaults(t *testing.T) {
	via := appendString([]byte{recVia}, "net.tcp://h/x")
	head := []byte{versionMajor, versionMinor, recMode, byte(ModeDuplex)}
	cat := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	tests := []struct {
		name  string
		in    []byte
		fault FaultCode // 0: protocol error, no fault
	}{
		{"version 2", cat([]byte{2, 0, recMode, 2}, via, []byte{3, 8}), FaultUnsupportedVersion},
		{"mode 3", cat([]byte{1, 0, recMode, 3}, via, []byte{3, 8}), FaultUnsupportedMode},
		{"mode 0", cat([]byte{1, 0, recMode, 0}), FaultUnsupportedMode},
		{"via too long", cat(head, []byte{recVia}, appendSize(nil, 2049)), FaultViaTooLong},
		{"content type too long", cat(head, via, []byte{recExtensibleEnc}, appendSize(nil, 257)), FaultContentTypeTooLong},
		{"unknown known encoding", cat(head, via, []byte{recKnownEncoding, 0x40}), FaultContentTypeInvalid},
		{"no mode record", cat([]byte{1, 0, recVia, 2}), 0},
		{"no via", cat(head, []byte{recKnownEncoding, 8}), 0},
		{"empty via", cat(head, []byte{recVia, 0}), 0},
		{"bad utf8 via", cat(head, []byte{recVia, 2, 0xff, 0xfe}), 0},
		{"no encoding", cat(head, via, []byte{recPreambleEnd}), 0},
	}
	for _, tt := range tests {
		_, err := readPreamble(bufio.NewReader(bytes.NewReader(tt.in)), testLimits)
		var fr *faultReply
		switch {
		case tt.fault != 0 && (!errors.As(err, &fr) || fr.code != tt.fault):
			t.Errorf("%s: got %v, want fault %v", tt.name, err, tt.fault)
		case tt.fault == 0 && !errors.Is(err, ErrProtocol):
			t.Errorf("%s: got %v, want ErrProtocol", tt.name, err)
		}
	}
}

// TestRecordsOverPipe writes every record type through net.Pipe and reads
// it back with the reader the session uses.
func TestRecordsOverPipe(t *testing.T) {
	type result struct {
		Body []byte
		Err  string
	}
	readOne := func(br *bufio.Reader) result {
		s := newSession(nil, nil, br, preamble{mode: ModeDuplex}, sessionLimits{maxMessage: 1000})
		if b, _ := br.Peek(1); len(b) == 1 && b[0] == recUnsizedEnvelope {
			s.p.mode = ModeSingletonUnsized
		}
		body, err := s.readMessageLocked(nil)
		r := result{Body: body}
		if err != nil {
			r.Err = err.Error()
		}
		return r
	}
	tests := []struct {
		name string
		rec  []byte
		want result
	}{
		{"sized", append(appendEnvelopeHeader(nil, 3), "abc"...), result{Body: []byte("abc")}},
		{"sized empty", appendEnvelopeHeader(nil, 0), result{Body: []byte{}}},
		{"sized too big", appendEnvelopeHeader(nil, 1001), result{Err: ErrMaxMessageSize.Error()}},
		{"unsized", append(appendChunk(appendChunk([]byte{recUnsizedEnvelope}, []byte("ab")), []byte("c")), 0), result{Body: []byte("abc")}},
		{"end", endRecord, result{Err: io.EOF.Error()}},
		{"fault", appendFault(nil, FaultServerTooBusy), result{Err: (&FaultError{FaultServerTooBusy, FaultServerTooBusy.URI()}).Error()}},
		{"ack in session", ackRecord, result{Err: protocolError("record 0x0b in an open Duplex session").Error()}},
	}
	for _, tt := range tests {
		c1, c2 := net.Pipe()
		go func() { c1.Write(tt.rec); c1.Close() }()
		got := readOne(bufio.NewReader(c2))
		c2.Close()
		if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
		if tt.want.Err != "" && !strings.Contains(tt.want.Err, "EOF") && tt.name != "sized too big" {
			continue
		}
		for i := 1; i < len(tt.rec); i++ { // every truncated prefix fails cleanly
			got := readOne(bufio.NewReader(bytes.NewReader(tt.rec[:i])))
			if got.Err != io.ErrUnexpectedEOF.Error() {
				t.Errorf("%s prefix %d: got %q, want unexpected EOF", tt.name, i, got.Err)
			}
		}
	}
}

func TestChunkDecoderLimit(t *testing.T) {
	rec := append(appendChunk(appendChunk(nil, make([]byte, 6)), make([]byte, 6)), 0)
	d := chunkDecoder{max: 10}
	_, err := d.readAll(bufio.NewReader(bytes.NewReader(rec)), nil)
	if !errors.Is(err, ErrMaxMessageSize) {
		t.Fatalf("got %v, want ErrMaxMessageSize", err)
	}
}
