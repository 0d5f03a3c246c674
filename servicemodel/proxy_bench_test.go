package servicemodel

import (
	"context"
	"testing"

	"github.com/wwsgo/wws/soap"
)

// replayChannel answers every request with the same encoded reply, read
// back by one encoder, so a benchmark measures the proxy rather than the
// fake server. It is not safe for concurrent use.
type replayChannel struct {
	fakeChannel
	enc   soap.Encoder
	reply []byte
}

func newReplayChannel(b *testing.B) *replayChannel {
	v := soap.Soap12WSAddressing10
	enc := soap.NewTextEncoding(v, soap.EncodingOptions{}).NewEncoder()
	reply := soap.NewMessage(v, tempuriCalc+"AddResponse", &pxAddResponse{AddResult: 5})
	buf, err := enc.WriteMessage(nil, reply)
	if err != nil {
		b.Fatal(err)
	}
	return &replayChannel{fakeChannel: *newFakeChannel(newFakeServer(v), nil), enc: enc, reply: buf}
}

func (c *replayChannel) Request(ctx context.Context, req *soap.Message, onReply func(*soap.Message) error) error {
	m, err := c.enc.ReadMessage(c.reply)
	if err != nil {
		return err
	}
	return onReply(m)
}

func BenchmarkProxyCall(b *testing.B) {
	fb := newFakeBinding(soap.Soap12WSAddressing10)
	p, err := NewServiceProxy(fb, calculator, nil)
	if err != nil {
		b.Fatal(err)
	}
	ch := newReplayChannel(b)
	p.ch, p.address, p.stopWatch = ch, testAddress, make(chan struct{})
	p.sm.Transition([]State{Created}, Open)
	ctx := context.Background()
	req := &pxAdd{A: 2, B: 3}
	var resp pxAddResponse
	b.ReportAllocs()
	for b.Loop() {
		if err := p.Call(ctx, "Add", req, &resp); err != nil || resp.AddResult != 5 {
			b.Fatalf("Call = %d, %v", resp.AddResult, err)
		}
	}
}

func BenchmarkProxyCallFake(b *testing.B) {
	fb := newFakeBinding(soap.Soap12WSAddressing10)
	fb.server.arrived = make(chan seenRequest, 1)
	p, err := NewServiceProxy(fb, calculator, nil)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	if err := p.Open(ctx, testAddress); err != nil {
		b.Fatal(err)
	}
	defer p.Close(ctx)
	go func() {
		for range fb.server.arrived {
		}
	}()
	defer close(fb.server.arrived)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		var resp pxAddResponse
		for pb.Next() {
			if err := p.Call(ctx, "Add", &pxAdd{A: 2, B: 3}, &resp); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
