package faults_test

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/wwsgo/wws/internal/monotest"
	"github.com/wwsgo/wws/servicemodel"
	faults "github.com/wwsgo/wws/servicemodel/metadata/internal/genfaults"
	"github.com/wwsgo/wws/soap"
)

// service implements CancelOrder only (the embedded nil interface is never
// called for the others).
type service struct{ faults.OrderService }

func (service) CancelOrder(ctx context.Context, id int32, reason string) error {
	return faults.NewOrderFaultFault("cannot cancel "+strconv.Itoa(int(id)), &faults.OrderFault{Code: id, Message: reason})
}

// TestTypedFaultRoundTrip hosts the generated server interface and calls it
// with the generated client: the service's New<T>Fault reaches the client
// as a fault with the detail element and the fault contract's action, and
// As<T>Fault decodes the detail.
func TestTypedFaultRoundTrip(t *testing.T) {
	addr := "http://127.0.0.1:" + strconv.Itoa(monotest.FreePort(t)) + "/orders"
	h, err := servicemodel.NewHost(nil, &servicemodel.Endpoint{Address: addr,
		Binding: servicemodel.NewWSHTTPBinding(), Contract: faults.NewOrderServiceContract(service{})})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := h.Open(ctx); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := h.Close(ctx); err != nil {
			t.Errorf("host Close: %v", err)
		}
	}()
	c, err := faults.DialOrderService(ctx, servicemodel.NewWSHTTPBinding(), addr, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Abort()
	err = c.CancelOrder(ctx, 9, "late")
	a, ok := faults.AsOrderFaultFault(err)
	if !ok || a.Code != 9 || a.Message != "late" {
		t.Fatalf("AsOrderFaultFault(%v) = %+v, %v; want the OrderFault detail", err, a, ok)
	}
	var f *soap.Fault
	if !errors.As(err, &f) || f.Reason() != "cannot cancel 9" {
		t.Errorf("fault %v; want reason \"cannot cancel 9\"", err)
	} else if want := "http://contoso.com/orders/2024/IOrderService/CancelOrderOrderFaultFault"; f.Action != want {
		t.Errorf("fault action %q; want %q", f.Action, want)
	}
	if _, ok := faults.AsOrderFaultFault(errors.New("plain")); ok {
		t.Error("AsOrderFaultFault of a plain error reported a detail")
	}
	if err := c.Close(ctx); err != nil {
		t.Errorf("client Close: %v", err)
	}
}
