package servicemodel_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"testing"

	"github.com/wwsgo/wws/servicemodel"
	"github.com/wwsgo/wws/servicemodel/calculator"
	"github.com/wwsgo/wws/soap"
)

// BenchmarkAddCall measures one whole Add call, one call in flight, through
// a ServiceProxy and a ServiceHost over loopback net.tcp (binary encoding
// with session tables), beside a plain TCP ping-pong of the same request and
// reply sizes in the same run. allocs/op counts both sides.
func BenchmarkAddCall(b *testing.B) {
	reqSize, replySize := addSizes(b)
	b.Run("proxy-host", func(b *testing.B) {
		p := openAddProxy(b, openAddHost(b))
		ctx := context.Background()
		req, resp := &calculator.AddRequest{A: 2, B: 3}, &calculator.AddResponse{}
		if err := p.Call(ctx, "Add", req, resp); err != nil { // warm the session tables
			b.Fatal(err)
		}
		b.ReportAllocs()
		b.ResetTimer()
		defer cpuClock(b)()
		for i := 0; i < b.N; i++ {
			if err := p.Call(ctx, "Add", req, resp); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run(fmt.Sprintf("tcp-pingpong-%d-%d", reqSize, replySize), func(b *testing.B) {
		pingPong(b, reqSize, replySize)
	})
}

// addSizes returns the framed sizes of a warm Add request and reply.
func addSizes(b *testing.B) (int, int) {
	enc := soap.NewBinaryEncoding(true, soap.EncodingOptions{}).NewEncoder()
	req := soap.NewMessage(soap.Soap12WSAddressing10, "http://tempuri.org/ICalculator/Add", &calculator.AddRequest{A: 2, B: 3})
	req.MessageID = soap.NewMessageID()
	req.ReplyTo = &soap.EndpointReference{Address: soap.Addressing10.Anonymous()}
	req.To = "net.tcp://127.0.0.1:65000/calculator"
	_, _ = enc.WriteMessage(nil, req)
	r, err := enc.WriteMessage(nil, req)
	if err != nil {
		b.Fatal(err)
	}
	rep := soap.NewMessage(soap.Soap12WSAddressing10, "http://tempuri.org/ICalculator/AddResponse", &calculator.AddResponse{AddResult: 5})
	rep.RelatesTo, rep.To = req.MessageID, soap.Addressing10.Anonymous()
	_, _ = enc.WriteMessage(nil, rep)
	p, err := enc.WriteMessage(nil, rep)
	if err != nil {
		b.Fatal(err)
	}
	return len(r) + 3, len(p) + 2 // + the sized-envelope record header
}

func pingPong(b *testing.B, reqSize, replySize int) {
	c := pingPongConn(b, reqSize, replySize)
	out, in := make([]byte, reqSize), make([]byte, replySize)
	b.ReportAllocs()
	b.ResetTimer()
	defer cpuClock(b)()
	for i := 0; i < b.N; i++ {
		if _, err := c.Write(out); err != nil {
			b.Fatal(err)
		}
		if _, err := io.ReadFull(c, in); err != nil {
			b.Fatal(err)
		}
	}
}

// pingPongConn dials a plain TCP peer that answers every reqSize bytes
// with replySize bytes; both close with b.
func pingPongConn(b *testing.B, reqSize, replySize int) net.Conn {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ln.Close() })
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		in, out := make([]byte, reqSize), make([]byte, replySize)
		for {
			if _, err := io.ReadFull(c, in); err != nil {
				return
			}
			if _, err := c.Write(out); err != nil {
				return
			}
		}
	}()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { c.Close() })
	return c
}

// openAddHost opens a host of the Calculator over net.tcp on a free port,
// aborted with b, and returns its address.
func openAddHost(b *testing.B) string {
	addr := freeNetTCPAddr(b)
	h, err := servicemodel.NewHost(nil,
		&servicemodel.Endpoint{Address: addr, Binding: servicemodel.NewNetTCPBinding(), Contract: calculator.Contract()})
	if err != nil {
		b.Fatal(err)
	}
	if err := h.Open(context.Background()); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(h.Abort)
	return addr
}

// openAddProxy opens a Calculator proxy over net.tcp to addr, aborted
// with b.
func openAddProxy(b *testing.B, addr string) *servicemodel.ServiceProxy {
	p, err := servicemodel.NewServiceProxy(servicemodel.NewNetTCPBinding(), calculator.ClientContract(), nil)
	if err != nil {
		b.Fatal(err)
	}
	if err := p.Open(context.Background(), addr); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(p.Abort)
	return p
}

func freeNetTCPAddr(b testing.TB) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	return fmt.Sprintf("net.tcp://%s/calculator", l.Addr())
}
