package calculator

import (
	"strings"
	"testing"

	"github.com/wwsgo/wws/soap"
)

// The bodies have the DataContractSerializer shapes of interop-contract.md.
func TestBodyShapes(t *testing.T) {
	tests := []struct {
		body any
		want string
	}{
		{&AddRequest{A: 2, B: 3}, `<Add xmlns="http://tempuri.org/"><a>2</a><b>3</b></Add>`},
		{&AddResponse{AddResult: 5}, `<AddResponse xmlns="http://tempuri.org/"><AddResult>5</AddResult></AddResponse>`},
		{&EchoRequest{Text: str("x")}, `<Echo xmlns="http://tempuri.org/"><text>x</text></Echo>`},
		{&DelayRequest{Milliseconds: 7}, `<Delay xmlns="http://tempuri.org/"><milliseconds>7</milliseconds></Delay>`},
		{&FailRequest{Reason: "r"}, `<Fail xmlns="http://tempuri.org/"><reason>r</reason></Fail>`},
		{&NotifyRequest{Text: "n"}, `<Notify xmlns="http://tempuri.org/"><text>n</text></Notify>`},
		{&NotifyCountResponse{NotifyCountResult: 1}, `<NotifyCountResponse xmlns="http://tempuri.org/"><NotifyCountResult>1</NotifyCountResult></NotifyCountResponse>`},
		{&BlobRequest{Size: 3}, `<Blob xmlns="http://tempuri.org/"><size>3</size></Blob>`},
		{&BlobResponse{BlobResult: []byte{0, 1, 2}}, `<BlobResponse xmlns="http://tempuri.org/"><BlobResult>AAEC</BlobResult></BlobResponse>`},
	}
	enc := soap.NewTextEncoding(soap.Soap12WSAddressing10, soap.EncodingOptions{}).NewEncoder()
	for _, tc := range tests {
		b, err := enc.WriteMessage(nil, soap.NewMessage(soap.Soap12WSAddressing10, "urn:a", tc.body))
		if err != nil {
			t.Fatalf("%T: %v", tc.body, err)
		}
		if !strings.Contains(string(b), "<s:Body>"+tc.want+"</s:Body>") {
			t.Errorf("%T body:\n got %s\nwant %s", tc.body, b, tc.want)
		}
	}
}
