package servicemodel_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/wwsgo/wws/nettcp"
	"github.com/wwsgo/wws/servicemodel"
	"github.com/wwsgo/wws/servicemodel/calculator"
)

// TestProxyMapsFramingFaults: a proxy opened on a path no endpoint serves
// gets the EndpointNotFound fault record and reports ErrEndpointNotFound.
func TestProxyMapsFramingFaults(t *testing.T) {
	ln, err := nettcp.Listen("tcp", "127.0.0.1:0", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	if err := ln.Handle("/calc", nettcp.EndpointConfig{}); err != nil {
		t.Fatal(err)
	}
	p, err := servicemodel.NewServiceProxy(servicemodel.NewNetTCPBinding(), calculator.ClientContract(), nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err = p.Open(ctx, "net.tcp://"+ln.Addr().String()+"/nothing-here")
	if !errors.Is(err, servicemodel.ErrEndpointNotFound) || !errors.Is(err, nettcp.ErrEndpointNotFound) {
		t.Fatalf("Open on an unknown path: %v; want ErrEndpointNotFound (and the framing error)", err)
	}
	var fe *nettcp.FaultError
	if !errors.As(err, &fe) {
		t.Errorf("the framing fault is not reachable with errors.As: %v", err)
	}
}
