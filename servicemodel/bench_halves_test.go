package servicemodel_test

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"testing"

	"github.com/wwsgo/wws/nettcp"
	"github.com/wwsgo/wws/servicemodel/calculator"
	"github.com/wwsgo/wws/soap"
)

// BenchmarkAddCallHalves splits BenchmarkAddCall's overhead between its
// two sides: "host" is a ServiceHost answering a bare framing client that
// sends the same encoded request every time, "proxy" a ServiceProxy calling
// a bare framing server that answers with an encoded reply whose RelatesTo
// it patches in. Each costs its side's work over the ping-pong; the sum
// of the two overheads is about the whole call's.
func BenchmarkAddCallHalves(b *testing.B) {
	b.Run("host", benchHostAlone)
	b.Run("proxy", benchProxyAlone)
}

func benchHostAlone(b *testing.B) {
	addr := openAddHost(b)
	ctx := context.Background()
	s, err := nettcp.Dial(ctx, addr, &nettcp.ClientConfig{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Abort()
	enc := soap.NewBinaryEncoding(true, soap.EncodingOptions{}).NewEncoder()
	req := soap.NewMessage(soap.Soap12WSAddressing10, "http://tempuri.org/ICalculator/Add", &calculator.AddRequest{A: 2, B: 3})
	req.MessageID = soap.NewMessageID()
	req.ReplyTo = &soap.EndpointReference{Address: soap.Addressing10.Anonymous()}
	req.To = addr
	first, err := enc.WriteMessage(nil, req)
	if err != nil {
		b.Fatal(err)
	}
	warm, err := enc.WriteMessage(nil, req) // its strings are in the table
	if err != nil {
		b.Fatal(err)
	}
	if err := s.Send(ctx, first); err != nil {
		b.Fatal(err)
	}
	buf, err := s.Receive(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := s.Send(ctx, warm); err != nil {
			b.Fatal(err)
		}
		if buf, err = s.Receive(ctx, buf[:0]); err != nil {
			b.Fatal(err)
		}
	}
}

func benchProxyAlone(b *testing.B) {
	ctx := context.Background()
	l, err := nettcp.Listen("tcp", "127.0.0.1:0", &nettcp.ListenerConfig{})
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	if err := l.Handle("/calculator", nettcp.EndpointConfig{}); err != nil {
		b.Fatal(err)
	}
	addr := (&url.URL{Scheme: "net.tcp", Host: l.Addr().String(), Path: "/calculator"}).String()
	// The reply, encoded once as the host would send it warm; the server
	// patches the request's MessageID over the placeholder RelatesTo.
	placeholder := [16]byte{0xA5, 0xA5, 0xA5, 0xA5, 0xA5, 0xA5, 0xA5, 0xA5, 0xA5, 0xA5, 0xA5, 0xA5, 0xA5, 0xA5, 0xA5, 0xA5}
	rep := soap.NewMessage(soap.Soap12WSAddressing10, "http://tempuri.org/ICalculator/AddResponse", &calculator.AddResponse{AddResult: 5})
	rep.RelatesTo, rep.To = soap.MessageIDFromGUID(placeholder), soap.Addressing10.Anonymous()
	renc := soap.NewBinaryEncoding(true, soap.EncodingOptions{}).NewEncoder()
	first, err := renc.WriteMessage(nil, rep)
	if err != nil {
		b.Fatal(err)
	}
	warm, err := renc.WriteMessage(nil, rep)
	if err != nil {
		b.Fatal(err)
	}
	jFirst, jWarm := bytes.Index(first, placeholder[:]), bytes.Index(warm, placeholder[:])
	if jFirst < 0 || jWarm < 0 {
		b.Fatal("no RelatesTo in the encoded reply")
	}
	served := make(chan error, 1)
	go func() {
		s, err := l.Accept(ctx)
		if err != nil {
			served <- err
			return
		}
		defer s.Abort()
		var in []byte
		for n := 0; ; n++ {
			if in, err = s.Receive(ctx, in[:0]); err != nil {
				served <- nil // the proxy went away
				return
			}
			out, j := warm, jWarm
			if n == 0 {
				out, j = first, jFirst
			}
			// The request's MessageID: the UniqueId record after <a:MessageID>.
			i := bytes.Index(in, []byte{0x44, 0x1A, 0xAD})
			if i < 0 {
				served <- fmt.Errorf("request % x: no MessageID", in)
				return
			}
			copy(out[j:j+16], in[i+3:i+19])
			if err := s.Send(ctx, out); err != nil {
				served <- nil
				return
			}
		}
	}()
	p := openAddProxy(b, addr)
	req, resp := &calculator.AddRequest{A: 2, B: 3}, &calculator.AddResponse{}
	if err := p.Call(ctx, "Add", req, resp); err != nil || resp.AddResult != 5 {
		b.Fatalf("Add = %d, %v", resp.AddResult, err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := p.Call(ctx, "Add", req, resp); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	p.Abort()
	if err := <-served; err != nil {
		b.Fatal(err)
	}
}
