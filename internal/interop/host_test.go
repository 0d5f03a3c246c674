package interop

import (
	"context"
	"testing"
	"time"

	"github.com/wwsgo/wws/internal/monotest"
	"github.com/wwsgo/wws/servicemodel"
	"github.com/wwsgo/wws/servicemodel/calculator"
	"github.com/wwsgo/wws/servicemodel/metadata"
)

// startGoHost opens a servicemodel host with the built-in Calculator on the
// given endpoints and closes it when the test ends.
func startGoHost(t *testing.T, eps ...*servicemodel.Endpoint) *servicemodel.Host {
	t.Helper()
	h, err := servicemodel.NewHost(&servicemodel.HostOptions{Metadata: metadata.HTTPGet}, eps...)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := h.Open(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := h.Close(ctx); err != nil {
			t.Errorf("host Close: %v", err)
		}
	})
	return h
}

// TestMonoClientGoHostNetTCP: a Mono WCF client runs every Calculator
// operation against the Go host over net.tcp — Fail arriving as a
// FaultException with the exact reason, Notify one-way then NotifyCount,
// Blob of 60,000 bytes checked, and a client-side timeout on Delay leaving
// the host healthy (the client's next channel still works).
func TestMonoClientGoHostNetTCP(t *testing.T) {
	monotest.Require(t)
	ep := monotest.NewEndpoint(t, monotest.NetTCP)
	startGoHost(t, &servicemodel.Endpoint{Address: ep.Address, Binding: servicemodel.NewNetTCPBinding(),
		Contract: calculator.Contract(), MaxConcurrency: 4})
	res, err := monotest.RunClient(t, monotest.NetTCP, ep.Address)
	if err != nil {
		t.Fatalf("Mono client against the Go host: %v\nops: %+v", err, res.Ops)
	}
	for _, op := range monotest.AllOps() {
		r, ok := res.Op(op)
		if !ok || !r.OK {
			t.Errorf("op %s: %+v", op, r)
			continue
		}
		t.Logf("%s: %s", op, r.Detail)
	}
}
