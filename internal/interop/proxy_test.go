package interop

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/wwsgo/wws/internal/monotest"
	"github.com/wwsgo/wws/servicemodel"
	"github.com/wwsgo/wws/servicemodel/calculator"
	"github.com/wwsgo/wws/soap"
)

// Quotas a 60,000-byte Blob needs (as WCF needs them raised too): the
// message, the byte array and, in text, its base64 characters.
const blobMessageSize = 1 << 20

var blobQuotas = soap.ReaderQuotas{MaxArrayLength: 1 << 20, MaxStringContentLength: 1 << 20}

// goBindings returns the Go binding matching each binding of the Mono peers.
func goBinding(name string) servicemodel.Binding {
	switch name {
	case monotest.NetTCP:
		b := servicemodel.NewNetTCPBinding()
		b.MaxReceivedMessageSize, b.ReaderQuotas = blobMessageSize, blobQuotas
		return b
	case monotest.SOAP12:
		b := servicemodel.NewWSHTTPBinding()
		b.MaxReceivedMessageSize, b.ReaderQuotas = blobMessageSize, blobQuotas
		return b
	default:
		b := servicemodel.NewBasicHTTPBinding()
		b.MaxReceivedMessageSize, b.ReaderQuotas = blobMessageSize, blobQuotas
		return b
	}
}

// TestGoProxyMonoHost: a Go ServiceProxy runs every Calculator operation
// against a Mono WCF host, over net.tcp and both HTTP bindings.
func TestGoProxyMonoHost(t *testing.T) {
	monotest.Require(t)
	eps := monotest.AllEndpoints(t)
	monotest.StartHost(t, eps...)
	for _, ep := range eps {
		t.Run(ep.Binding, func(t *testing.T) { runAllOperations(t, goBinding(ep.Binding), ep.Address) })
	}
}

// runAllOperations calls every Calculator operation through a proxy.
func runAllOperations(t *testing.T, b servicemodel.Binding, address string) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	p, err := servicemodel.NewServiceProxy(b, calculator.ClientContract(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Open(ctx, address); err != nil {
		t.Fatalf("Open %s: %v", address, err)
	}
	defer p.Abort()

	var sum calculator.AddResponse
	if err := p.Call(ctx, "Add", &calculator.AddRequest{A: 2, B: 3}, &sum); err != nil || sum.AddResult != 5 {
		t.Fatalf("Add(2,3) = %d, %v", sum.AddResult, err)
	}
	for _, text := range []string{"hello", "<&> ünïcödé"} {
		var echo calculator.EchoResponse
		if err := p.Call(ctx, "Echo", &calculator.EchoRequest{Text: &text}, &echo); err != nil || echo.EchoResult == nil || *echo.EchoResult != text {
			t.Errorf("Echo(%q) = %v, %v", text, echo.EchoResult, err)
		}
	}
	var delay calculator.DelayResponse
	if err := p.Call(ctx, "Delay", &calculator.DelayRequest{Milliseconds: 100}, &delay); err != nil || delay.DelayResult != 100 {
		t.Errorf("Delay(100) = %d, %v", delay.DelayResult, err)
	}
	err = p.Call(ctx, "Fail", &calculator.FailRequest{Reason: "boom"}, &calculator.FailResponse{})
	var f *soap.Fault
	if !errors.As(err, &f) || f.Reason() != "boom" || !errors.Is(err, servicemodel.ErrEndpointFaultReceived) {
		t.Errorf("Fail(boom): err = %v; want a fault with reason boom", err)
	}
	var before calculator.NotifyCountResponse
	if err := p.Call(ctx, "NotifyCount", &calculator.NotifyCountRequest{}, &before); err != nil {
		t.Fatalf("NotifyCount: %v", err)
	}
	if err := p.Call(ctx, "Notify", &calculator.NotifyRequest{Text: "ping"}, nil); err != nil {
		t.Errorf("Notify: %v", err)
	}
	var after calculator.NotifyCountResponse
	deadline := time.Now().Add(5 * time.Second) // one-way: the host may count it a little later
	for after.NotifyCountResult <= before.NotifyCountResult && time.Now().Before(deadline) {
		if err := p.Call(ctx, "NotifyCount", &calculator.NotifyCountRequest{}, &after); err != nil {
			t.Fatalf("NotifyCount: %v", err)
		}
	}
	if after.NotifyCountResult != before.NotifyCountResult+1 {
		t.Errorf("NotifyCount went from %d to %d after one Notify", before.NotifyCountResult, after.NotifyCountResult)
	}
	var blob calculator.BlobResponse
	if err := p.Call(ctx, "Blob", &calculator.BlobRequest{Size: 60000}, &blob); err != nil || len(blob.BlobResult) != 60000 {
		t.Fatalf("Blob(60000): %d bytes, %v", len(blob.BlobResult), err)
	}
	for i, c := range blob.BlobResult {
		if c != byte(i%251) {
			t.Fatalf("Blob byte %d = %d, want %d", i, c, i%251)
		}
	}
	// A client-side timeout on Delay leaves the host (and this proxy) healthy.
	short, cancelShort := context.WithTimeout(ctx, 500*time.Millisecond)
	err = p.Call(short, "Delay", &calculator.DelayRequest{Milliseconds: 3000}, &delay)
	cancelShort()
	if !errors.Is(err, servicemodel.ErrTimedOut) {
		t.Errorf("Delay(3000) with a 500 ms deadline: %v, want ErrTimedOut", err)
	}
	if err := p.Call(ctx, "Add", &calculator.AddRequest{A: 40, B: 2}, &sum); err != nil || sum.AddResult != 42 {
		t.Errorf("Add after the timeout = %d, %v", sum.AddResult, err)
	}
	if err := p.Close(ctx); err != nil {
		t.Errorf("Close: %v", err)
	}
}

// TestMonoClientGoHostHTTP: a Mono WCF client runs every operation against
// the Go host's two HTTP endpoints (SOAP 1.2 + WS-Addressing, and SOAP 1.1)
// sharing one port, and the Go proxy does too.
func TestMonoClientGoHostHTTP(t *testing.T) {
	monotest.Require(t)
	eps := monotest.AllEndpoints(t)[1:] // SOAP12 and SOAP11 on one port
	contract := calculator.Contract()
	startGoHost(t,
		&servicemodel.Endpoint{Address: eps[0].Address, Binding: goBinding(eps[0].Binding), Contract: contract, MaxConcurrency: 4},
		&servicemodel.Endpoint{Address: eps[1].Address, Binding: goBinding(eps[1].Binding), Contract: contract, MaxConcurrency: 4})
	for _, ep := range eps {
		t.Run(ep.Binding, func(t *testing.T) {
			res, err := monotest.RunClient(t, ep.Binding, ep.Address)
			if err != nil {
				t.Fatalf("Mono client: %v\nops: %+v", err, res.Ops)
			}
			for _, op := range monotest.AllOps() {
				if r, ok := res.Op(op); !ok || !r.OK {
					t.Errorf("op %s: %+v", op, r)
				}
			}
		})
		t.Run("goproxy-"+ep.Binding, func(t *testing.T) { runAllOperations(t, goBinding(ep.Binding), ep.Address) })
	}
}

// TestGoProxyGoHostNetTCP runs the same operations Go to Go over net.tcp.
func TestGoProxyGoHostNetTCP(t *testing.T) {
	ep := monotest.NewEndpoint(t, monotest.NetTCP)
	startGoHost(t, &servicemodel.Endpoint{Address: ep.Address, Binding: goBinding(ep.Binding),
		Contract: calculator.Contract(), MaxConcurrency: 4})
	runAllOperations(t, goBinding(ep.Binding), ep.Address)
}
