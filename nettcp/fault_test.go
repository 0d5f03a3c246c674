package nettcp

import (
	"bufio"
	"bytes"
	"errors"
	"testing"
)

func TestFaultCodes(t *testing.T) {
	for c := FaultCode(1); c < numFaultCodes; c++ {
		uri := c.URI()
		if got := ParseFaultURI(uri); got != c {
			t.Errorf("ParseFaultURI(%q): got %v, want %v", uri, got, c)
		}
		rec := appendFault(nil, c)
		err := readFault(bufio.NewReader(bytes.NewReader(rec[1:])))
		var fe *FaultError
		if !errors.As(err, &fe) || fe.Code != c || fe.URI != uri {
			t.Errorf("readFault(%v): got %v", c, err)
		}
		if s, ok := faultSentinels[c]; ok && !errors.Is(err, s) {
			t.Errorf("errors.Is(%v, %v): got false", err, s)
		}
	}
	if got, want := FaultMaxMessageSizeExceeded.URI(), "http://schemas.microsoft.com/ws/2006/05/framing/faults/MaxMessageSizeExceededFault"; got != want {
		t.Errorf("URI: got %q, want %q", got, want)
	}
	if got := ParseFaultURI("urn:other"); got != FaultUnknown {
		t.Errorf("ParseFaultURI(urn:other): got %v, want Unknown", got)
	}
	if errors.Is(&FaultError{Code: FaultEndpointNotFound}, ErrServerTooBusy) {
		t.Error("EndpointNotFound fault matched ErrServerTooBusy")
	}
	if got := FaultCode(200).String(); got != "FaultCode(200)" {
		t.Errorf("String: got %q", got)
	}
}

func TestFaultRecordLimits(t *testing.T) {
	for _, in := range [][]byte{{0x00}, append([]byte{0x81, 0x02}, make([]byte, 257)...)} {
		if err := readFault(bufio.NewReader(bytes.NewReader(in))); !errors.Is(err, ErrProtocol) {
			t.Errorf("readFault(size % x): got %v, want ErrProtocol", in[:2], err)
		}
	}
}
