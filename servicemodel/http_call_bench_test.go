package servicemodel_test

import (
	"context"
	"fmt"
	"net"
	"testing"

	"github.com/wwsgo/wws/servicemodel"
	"github.com/wwsgo/wws/servicemodel/calculator"
)

// BenchmarkHTTPAddCall measures one whole Add call, one call in flight,
// through a ServiceProxy and a ServiceHost over loopback HTTP (kept-alive
// connection), per binding. allocs/op counts both sides. The same with
// Windows authentication is BenchmarkHTTPAddCallWindows.
func BenchmarkHTTPAddCall(b *testing.B) {
	for _, tb := range []struct {
		name string
		new  func() *servicemodel.HTTPBinding
	}{{"BasicHttp", servicemodel.NewBasicHTTPBinding}, {"WSHttp", servicemodel.NewWSHTTPBinding}} {
		b.Run(tb.name, func(b *testing.B) {
			h, err := servicemodel.NewHost(nil, &servicemodel.Endpoint{Address: "http://127.0.0.1:0/calculator",
				Binding: tb.new(), Contract: calculator.Contract()})
			if err != nil {
				b.Fatal(err)
			}
			if err := h.Open(context.Background()); err != nil {
				b.Fatal(err)
			}
			b.Cleanup(h.Abort)
			p, err := servicemodel.NewServiceProxy(tb.new(), calculator.ClientContract(), nil)
			if err != nil {
				b.Fatal(err)
			}
			url := fmt.Sprintf("http://127.0.0.1:%d/calculator", h.Addrs()[0].(*net.TCPAddr).Port)
			if err := p.Open(context.Background(), url); err != nil {
				b.Fatal(err)
			}
			b.Cleanup(p.Abort)
			ctx := context.Background()
			req, resp := &calculator.AddRequest{A: 2, B: 3}, &calculator.AddResponse{}
			if err := p.Call(ctx, "Add", req, resp); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if err := p.Call(ctx, "Add", req, resp); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
