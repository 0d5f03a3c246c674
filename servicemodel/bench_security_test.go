package servicemodel_test

import (
	"context"
	"testing"

	"github.com/wwsgo/wws/servicemodel"
	"github.com/wwsgo/wws/servicemodel/calculator"
)

// BenchmarkAddCallSecured is BenchmarkAddCall's proxy-host Add, one call
// in flight, under each net.tcp transport security: none, and Windows
// (NTLM, SPNEGO) at EncryptAndSign and Sign. The handshake is outside the
// timed loop; what is timed is the per-call cost of the protection.
func BenchmarkAddCallSecured(b *testing.B) {
	for _, tc := range []struct {
		name string
		sec  *servicemodel.Security
	}{
		{"none", nil},
		{"ntlm-EncryptAndSign", &servicemodel.Security{Mode: servicemodel.SecurityModeTransport, Credential: servicemodel.CredentialWindows}},
		{"ntlm-Sign", &servicemodel.Security{Mode: servicemodel.SecurityModeTransport, Credential: servicemodel.CredentialWindows,
			Protection: servicemodel.ProtectionSign}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			bind := func() *servicemodel.NetTCPBinding {
				nb := servicemodel.NewNetTCPBinding()
				if tc.sec != nil {
					nb.Security = *tc.sec
				}
				return nb
			}
			addr, _ := openWindowsHost(b, bind())
			p, err := openWindowsProxy(b, bind(), addr, &servicemodel.ProxyOptions{Windows: alicePw})
			if err != nil {
				b.Fatal(err)
			}
			ctx := context.Background()
			req, resp := &calculator.AddRequest{A: 2, B: 3}, &calculator.AddResponse{}
			if err := p.Call(ctx, "Add", req, resp); err != nil {
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
	}
}
