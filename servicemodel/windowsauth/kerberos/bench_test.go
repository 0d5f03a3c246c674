package kerberos

import (
	"testing"
)

// BenchmarkWrapUnwrap: one Add-sized (380-byte) message wrapped by the
// initiator and unwrapped by the acceptor, sealed and integrity-only, with
// AES-256 and RC4-HMAC keys.
func BenchmarkWrapUnwrap(b *testing.B) {
	for _, k := range []struct {
		name string
		pair func(testing.TB) (*Context, *Context)
	}{{"AES256", fixedPair}, {"RC4", fixedRC4Pair}} {
		for _, seal := range []bool{true, false} {
			name := k.name + map[bool]string{true: "/sealed", false: "/integrity"}[seal]
			b.Run(name, func(b *testing.B) {
				ini, acc := k.pair(b)
				msg := make([]byte, 380)
				var buf []byte
				b.SetBytes(int64(len(msg)))
				b.ReportAllocs()
				for b.Loop() {
					buf = ini.Wrap(buf[:0], msg, seal)
					if _, _, err := acc.Unwrap(buf); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
