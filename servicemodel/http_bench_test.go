package servicemodel

import (
	"context"
	"testing"
)

// BenchmarkHTTPAdd is one Add call over loopback HTTP: client channel →
// listener → in-test dispatcher → reply, kept-alive connection.
func BenchmarkHTTPAdd(b *testing.B) {
	for _, tb := range httpBindings {
		b.Run(tb.name, func(b *testing.B) {
			url := startHTTP(b, tb.new(), "http://127.0.0.1:0/calc", &hcService{})
			bind := tb.new()
			ch := dial(b, bind, url)
			v := bind.MessageVersion()
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				var r hcAddResponse
				if err := hcCall(ctx, ch, v, "Add", &hcAdd{A: 2, B: 3}, &r); err != nil || r.AddResult != 5 {
					b.Fatalf("Add = %d, %v", r.AddResult, err)
				}
			}
		})
	}
}
