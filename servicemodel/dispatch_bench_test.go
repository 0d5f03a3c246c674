package servicemodel_test

import (
	"context"
	"testing"

	"github.com/wwsgo/wws/servicemodel"
	"github.com/wwsgo/wws/servicemodel/calculator"
	"github.com/wwsgo/wws/soap"
)

// BenchmarkDispatchAdd measures one Add request through the host over the
// fake channel: receive, filters, call with cancellation, reply. The
// fake's text encoding on both ends is included.
func BenchmarkDispatchAdd(b *testing.B) {
	fb := newFakeBinding()
	h, err := servicemodel.NewHost(nil,
		&servicemodel.Endpoint{Address: testAddress, Binding: fb, Contract: calculator.Contract()})
	if err != nil {
		b.Fatal(err)
	}
	if err := h.Open(context.Background()); err != nil {
		b.Fatal(err)
	}
	defer h.Abort()
	c := fb.listener(b).connect(b)
	enc := soap.NewTextEncoding(soap.Soap12WSAddressing10, soap.EncodingOptions{}).NewEncoder()
	req := c.request(addAction, &calculator.AddRequest{A: 2, B: 3})
	raw, err := enc.WriteMessage(nil, req)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		c.ch.in <- raw
		if r := <-c.ch.out; r.noReply || len(r.msg) == 0 {
			b.Fatal("no reply")
		}
	}
}
