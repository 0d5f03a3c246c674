package nettcp

import (
	"bytes"
	"encoding/hex"
	"errors"
	"io"
	"testing"
	"testing/iotest"
)

func TestNNSHandshakeRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		id    NNSMessageID
		token []byte
	}{
		{NNSHandshakeInProgress, []byte("NTLMSSP\x00\x01\x00\x00\x00")},
		{NNSHandshakeDone, nil},
		{NNSHandshakeDone, bytes.Repeat([]byte{0xA5}, MaxNNSHandshakeToken)},
		{NNSHandshakeInProgress, []byte{0}},
	} {
		b, err := AppendNNSHandshake(nil, tc.id, tc.token)
		if err != nil {
			t.Fatal(err)
		}
		if len(b) != 5+len(tc.token) || b[1] != 1 || b[2] != 0 || int(b[3])<<8|int(b[4]) != len(tc.token) {
			t.Fatalf("%v: header % x for %d-byte token", tc.id, b[:5], len(tc.token))
		}
		id, tok, err := ReadNNSHandshake(iotest.OneByteReader(bytes.NewReader(b)), nil)
		if err != nil || id != tc.id || !bytes.Equal(tok, tc.token) {
			t.Fatalf("%v: read back id %v, %d bytes, %v", tc.id, id, len(tok), err)
		}
	}
}

func TestNNSHandshakeWireBytes(t *testing.T) {
	// A HandshakeInProgress carrying 3 bytes; the size is big-endian.
	b, _ := AppendNNSHandshake(nil, NNSHandshakeInProgress, []byte{1, 2, 3})
	if got, want := hex.EncodeToString(b), "1601000003010203"; got != want {
		t.Fatalf("got %s, want %s", got, want)
	}
}

func TestNNSHandshakeTokenTooLong(t *testing.T) {
	if _, err := AppendNNSHandshake(nil, NNSHandshakeInProgress, make([]byte, MaxNNSHandshakeToken+1)); err == nil {
		t.Fatal("a 64 KiB token was framed")
	}
	var w bytes.Buffer
	if err := WriteNNSHandshake(&w, NNSHandshakeDone, make([]byte, 70000)); err == nil || w.Len() != 0 {
		t.Fatalf("WriteNNSHandshake of 70000 bytes: %v, wrote %d", err, w.Len())
	}
}

func TestNNSHandshakeTruncated(t *testing.T) {
	full, _ := AppendNNSHandshake(nil, NNSHandshakeInProgress, []byte("token bytes"))
	if _, _, err := ReadNNSHandshake(bytes.NewReader(nil), nil); err != io.EOF {
		t.Fatalf("empty stream: %v, want io.EOF", err)
	}
	for n := 1; n < len(full); n++ {
		_, _, err := ReadNNSHandshake(bytes.NewReader(full[:n]), nil)
		if !errors.Is(err, ErrSecurityVerification) || !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Fatalf("prefix of %d bytes: %v, want ErrSecurityVerification and ErrUnexpectedEOF", n, err)
		}
	}
}

func TestNNSHandshakeBadHeader(t *testing.T) {
	for _, h := range []string{
		"1701000000", // unknown id
		"0001000000", // id 0
		"1602000000", // major 2
		"1401010000", // minor 1
	} {
		b, _ := hex.DecodeString(h)
		_, _, err := ReadNNSHandshake(bytes.NewReader(b), nil)
		if !errors.Is(err, ErrSecurityVerification) {
			t.Errorf("%s: %v, want ErrSecurityVerification", h, err)
		}
	}
}

func TestNNSHandshakeErrorMessage(t *testing.T) {
	b, _ := AppendNNSHandshake(nil, NNSHandshakeError, AppendNNSErrorCode(nil, NNSErrTrustFailure))
	if got, want := hex.EncodeToString(b), "150100000800000000000006fe"; got != want {
		t.Fatalf("error message %s, want %s", got, want)
	}
	id, _, err := ReadNNSHandshake(bytes.NewReader(b), nil)
	var ne *NNSError
	if id != NNSHandshakeError || !errors.As(err, &ne) || ne.Code != NNSErrTrustFailure {
		t.Fatalf("got %v, %v; want HandshakeError with code 0x6fe", id, err)
	}
	if !errors.Is(err, ErrSecurityVerification) {
		t.Fatalf("%v does not match ErrSecurityVerification", err)
	}
}

func TestNNSErrorCodeByteOrders(t *testing.T) {
	for _, tc := range []struct {
		payload string
		want    uint32
	}{
		{"00000000000006fe", 0x6FE},      // dotnet/runtime: big-endian
		{"fe06000000000000", 0x6FE},      // little-endian
		{"000000008009030c", 0x8009030C}, // SEC_E_LOGON_DENIED big-endian
		{"0c03098000000000", 0x8009030C}, // little-endian
		{"0000000000000000", 0},
		{"00000000000006fe00", 0x6FE}, // trailing bytes ignored
		{"000006", 0},                 // too short: no code
	} {
		p, _ := hex.DecodeString(tc.payload)
		if got := NNSErrorCode(p); got != tc.want {
			t.Errorf("NNSErrorCode(%s) = %#x, want %#x", tc.payload, got, tc.want)
		}
	}
}

func TestNNSMessageIDString(t *testing.T) {
	for id, want := range map[NNSMessageID]string{
		NNSHandshakeDone: "HandshakeDone", NNSHandshakeError: "HandshakeError",
		NNSHandshakeInProgress: "HandshakeInProgress", 0x42: "NNSMessageID(0x42)",
	} {
		if got := id.String(); got != want {
			t.Errorf("%#x.String() = %q, want %q", byte(id), got, want)
		}
	}
}
