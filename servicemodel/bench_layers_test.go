package servicemodel

import (
	"context"
	"errors"
	"io"
	"testing"

	"github.com/wwsgo/wws/soap"
)

// BenchmarkDuplexRequest measures one Request over the duplex channel
// against a server loop that answers inline (no host, no proxy): the
// channel layer's share of a call.
func BenchmarkDuplexRequest(b *testing.B) {
	bd := NewNetTCPBinding()
	addr := freeAddr(b, "/bench")
	ln, err := bd.Listen(addr, ListenOptions{})
	if err != nil {
		b.Fatal(err)
	}
	if err := ln.Start(); err != nil {
		b.Fatal(err)
	}
	defer ln.Abort()
	go func() {
		ch, err := ln.Accept(context.Background())
		if err != nil {
			return
		}
		var req echoReq
		for {
			rc, err := ch.Receive(context.Background())
			if err != nil {
				if errors.Is(err, io.EOF) {
					_ = ch.Close(context.Background())
				}
				return
			}
			m := rc.Message()
			_ = m.DecodeBody(&req)
			reply := soap.NewMessage(m.Version, echoAction+"Response", &echoResp{EchoResult: req.Text})
			reply.RelatesTo = m.MessageID
			_ = rc.Reply(context.Background(), reply)
		}
	}()
	ctx := context.Background()
	c, err := bd.DialChannel(ctx, addr)
	if err != nil {
		b.Fatal(err)
	}
	defer c.Abort()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := echoCall(ctx, c, addr, "hi"); err != nil {
			b.Fatal(err)
		}
	}
}
