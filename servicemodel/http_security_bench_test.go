package servicemodel

import "testing"

// BenchmarkHTTPAddCallWindows is BenchmarkHTTPAddCall with
// TransportCredentialOnly Windows security: the connection authenticates
// once, then each call costs the copy of its request body the handshake
// may resend, the caller's lookup and its Caller.
func BenchmarkHTTPAddCallWindows(b *testing.B) {
	for _, tb := range windowsBindings[:2] {
		b.Run(tb.name, func(b *testing.B) {
			p := windowsProxy(b, windowsSecured(tb.new()), startWindowsHost(b, windowsSecured(tb.new())), waAlice)
			if _, err := waAdd(p, 2, 3); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if sum, err := waAdd(p, 2, 3); err != nil || sum != 5 {
					b.Fatalf("Add = %d, %v", sum, err)
				}
			}
		})
	}
}
