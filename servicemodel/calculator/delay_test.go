package calculator

import (
	"context"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/wwsgo/wws/cancel"
	"github.com/wwsgo/wws/servicemodel"
	"github.com/wwsgo/wws/soap"
)

// delayRecord collects what Delay's cancellation callbacks did.
type delayRecord struct {
	mu      sync.Mutex
	reasons []cancel.Reason
	frees   int
}

func (r *delayRecord) get() ([]cancel.Reason, int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]cancel.Reason(nil), r.reasons...), r.frees
}

// Delay under a net.tcp host: a host abort and a client that drops its
// connection cancel it with HostAbort and ChannelFault, a Delay that ends
// on its own is never cancelled; its state is freed once each time.
func TestDelayCancellation(t *testing.T) {
	tests := []struct {
		name   string
		ms     int32
		act    func(h *servicemodel.Host, client servicemodel.ClientChannel)
		want   []cancel.Reason
		wantOK bool
	}{
		{"host abort", 60000, func(h *servicemodel.Host, _ servicemodel.ClientChannel) { h.Abort() }, []cancel.Reason{cancel.HostAbort}, false},
		{"channel fault", 60000, func(_ *servicemodel.Host, c servicemodel.ClientChannel) { c.Abort() }, []cancel.Reason{cancel.ChannelFault}, false},
		{"completes", 10, func(*servicemodel.Host, servicemodel.ClientChannel) {}, nil, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			defer goleak.VerifyNone(t)
			var rec delayRecord
			svc := New()
			registered := make(chan struct{}, 1)
			svc.hooks.registered = func() { registered <- struct{}{} }
			svc.hooks.cancelled = func(r cancel.Reason) {
				rec.mu.Lock()
				rec.reasons = append(rec.reasons, r)
				rec.mu.Unlock()
			}
			svc.hooks.freed = func() {
				rec.mu.Lock()
				rec.frees++
				rec.mu.Unlock()
			}
			b := servicemodel.NewNetTCPBinding()
			h, err := servicemodel.NewHost(nil,
				&servicemodel.Endpoint{Address: "net.tcp://127.0.0.1:0/calculator", Binding: b, Contract: svc.Contract()})
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancelCtx := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancelCtx()
			if err := h.Open(ctx); err != nil {
				t.Fatal(err)
			}
			defer h.Abort()
			to := "net.tcp://" + h.Addrs()[0].String() + "/calculator"
			client, err := b.DialChannel(ctx, to)
			if err != nil {
				t.Fatal(err)
			}
			defer client.Abort()
			req := soap.NewMessage(soap.Soap12WSAddressing10, "http://tempuri.org/ICalculator/Delay", &DelayRequest{Milliseconds: tc.ms})
			req.To = to
			result := make(chan error, 1)
			go func() {
				result <- client.Request(ctx, req, func(m *soap.Message) error {
					var r DelayResponse
					return m.DecodeBody(&r)
				})
			}()
			select {
			case <-registered:
			case <-ctx.Done():
				t.Fatal("Delay did not register for cancellation")
			}
			start := time.Now()
			tc.act(h, client)
			if err := <-result; (err == nil) != tc.wantOK {
				t.Errorf("Delay request = %v, want success %v", err, tc.wantOK)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("Delay returned %v after the cancellation", d)
			}
			// the host sees the cancellation on its own before we abort it
			for deadline := time.Now().Add(5 * time.Second); len(tc.want) > 0 && time.Now().Before(deadline); {
				if r, _ := rec.get(); len(r) > 0 {
					break
				}
				time.Sleep(time.Millisecond)
			}
			client.Abort()
			h.Abort()
			if err := h.Close(ctx); err != nil { // waits for every call, so the callbacks have run
				t.Errorf("Close after Abort = %v", err)
			}
			reasons, frees := rec.get()
			if len(reasons) != len(tc.want) || len(reasons) == 1 && reasons[0] != tc.want[0] {
				t.Errorf("cancel callbacks %v, want %v", reasons, tc.want)
			}
			if frees != 1 {
				t.Errorf("free-state callbacks %d, want 1", frees)
			}
		})
	}
}
