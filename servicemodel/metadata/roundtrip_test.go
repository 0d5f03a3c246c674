package metadata

// Test 4d: the client generated from the Go host's own WSDL
// (internal/genroundtrip) calls the host of the original types
// (internal/genfaults) over each HTTP binding, and every value arrives as
// sent, both ways.

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/wwsgo/wws/servicemodel"
	orders "github.com/wwsgo/wws/servicemodel/metadata/internal/genfaults"
	rt "github.com/wwsgo/wws/servicemodel/metadata/internal/genroundtrip"
	"github.com/wwsgo/wws/soap"
)

// rtSampleOrder is sampleOrder in the regenerated types.
func rtSampleOrder(id int32) *rt.Order {
	prio := int32(3)
	return &rt.Order{
		Big:       1 << 40,
		Counts:    map[string]int32{"apples": 2, "pears": 5},
		Customer:  "Ada",
		Id:        id,
		Key:       sampleKey,
		Lines:     []rt.OrderLine{{Price: soap.MustParseDecimal("19.99"), Quantity: 2, Sku: "A-1"}, {Price: soap.MustParseDecimal("0.5"), Quantity: 10, Sku: "B-2"}},
		Paid:      true,
		Placed:    samplePlaced,
		Priority:  &prio,
		ShipTo:    &rt.Address{City: "Springfield", Street: "742 Evergreen Terrace"},
		Signature: []byte{0xde, 0xad, 0xbe, 0xef},
		Status:    rt.OrderStatusShipped,
		Tags:      []string{"gift", "fragile"},
		Total:     soap.MustParseDecimal("44.98"),
		Weight:    2.5,
		Window:    90 * time.Minute,
	}
}

// rtSampleTeam is sampleTeam in the regenerated types.
func rtSampleTeam() *rt.Team {
	ada := &rt.Person{Name: "Ada", Initial: 'A', Since: soap.NewDateTimeOffset(time.Date(2024, 5, 1, 10, 30, 0, 0, time.FixedZone("", 2*3600)))}
	grace := &rt.Person{Name: "Grace", Initial: 'É', Since: soap.NewDateTimeOffset(time.Date(2020, 1, 2, 3, 4, 5, 0, time.FixedZone("", -330*60)))}
	return &rt.Team{Lead: ada, Members: []*rt.Person{ada, grace}}
}

// cmpOpts compare data contracts: decimals by value, the Polymorphic
// bookkeeping left out (Derived is compared on its own).
var cmpOpts = cmp.Options{
	cmp.Comparer(func(a, b soap.Decimal) bool { return a.String() == b.String() }),
	cmpopts.IgnoreUnexported(soap.Polymorphic{}),
}

func TestRoundTripClient(t *testing.T) {
	base := freeBase(t)
	svc := openOrdersHost(t, base, nil)
	bindings := map[string]servicemodel.Binding{
		"soap11": servicemodel.NewBasicHTTPBinding(),
		"soap12": servicemodel.NewWSHTTPBinding(),
		"binary": servicemodel.NewBinaryHTTPBinding(),
	}
	for path, b := range bindings {
		t.Run(path, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			c, err := rt.DialOrderService(ctx, b, base+path, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Abort()
			check := func(op string, want, got any, err error) {
				t.Helper()
				if err != nil {
					t.Errorf("%s: %v", op, err)
					return
				}
				if diff := cmp.Diff(want, got, cmpOpts); diff != "" {
					t.Errorf("%s (-want +got):\n%s", op, diff)
				}
			}
			n, err := c.Ping(ctx, 41)
			check("Ping", int32(42), n, err)
			o, err := c.GetOrder(ctx, 7)
			check("GetOrder", rtSampleOrder(7), o, err)
			// The side about to decode an i:type registers its RushOrder (useKnown).
			useKnown(t, rt.RushOrder{})
			o, err = c.GetRushOrder(ctx, 8)
			check("GetRushOrder", rtSampleOrder(8), o, err)
			if err == nil {
				want := &rt.RushOrder{Order: *rtSampleOrder(8), Deadline: sampleDeadline}
				check("GetRushOrder.Derived", want, o.Derived(), nil)
			}
			// Sent the other way: a plain Order and a RushOrder where Order is declared.
			svc.mu.Lock()
			svc.received = nil
			svc.mu.Unlock()
			n, err = c.CountLines(ctx, rtSampleOrder(9))
			check("CountLines", int32(2), n, err)
			useKnown(t, orders.RushOrder{})
			n, err = c.CountLines(ctx, soap.AsBase[rt.Order](&rt.RushOrder{Order: *rtSampleOrder(10), Deadline: sampleDeadline}))
			check("CountLines(RushOrder)", int32(2), n, err)
			svc.mu.Lock()
			received := svc.received
			svc.mu.Unlock()
			if len(received) == 2 {
				check("CountLines received", sampleOrder(9), received[0], nil)
				check("CountLines received RushOrder", &orders.RushOrder{Order: *sampleOrder(10), Deadline: sampleDeadline}, received[1].Derived(), nil)
			} else {
				t.Errorf("the service received %d orders; want 2", len(received))
			}
			names, err := c.Customers(ctx)
			check("Customers", []string{"Ada", "Grace"}, names, err)
			s, err := c.Describe(ctx, "Ada", 2, rt.OrderStatusCancelled)
			check("Describe", "Ada/2/Cancelled", s, err)
			k, err := c.NewKey(ctx, sampleKey)
			check("NewKey", soap.GUID{0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10, 0xef, 0xcd, 0xab, 0x89, 0x67, 0x45, 0x23, 0x01}, k, err)
			m, err := c.Totals(ctx)
			check("Totals", map[string]int32{"Ada": 7, "Grace": 11}, m, err)
			fl, err := c.Combine(ctx, []rt.Options{rt.OptionsGift}, []rt.Options{rt.OptionsExpress, rt.OptionsGift})
			check("Combine", []rt.Options{rt.OptionsGift, rt.OptionsExpress}, fl, err)
			check("CancelOrder", nil, nil, c.CancelOrder(ctx, 1, "ok"))
			err = c.CancelOrder(ctx, -1, "too late")
			if a, ok := rt.AsOrderFaultFault(err); !ok {
				t.Errorf("CancelOrder(-1): %v; want the OrderFault fault", err)
			} else {
				check("CancelOrder fault detail", &rt.OrderFault{Code: -1, Message: "too late"}, a, nil)
				var f *soap.Fault
				if errors.As(err, &f); f.Reason() != "cannot cancel -1" {
					t.Errorf("fault reason %q; want \"cannot cancel -1\"", f.Reason())
				}
				if path != "soap11" && f.Action != "http://contoso.com/orders/2024/IOrderService/CancelOrderOrderFaultFault" {
					t.Errorf("fault action %q", f.Action)
				}
			}
			// The shared Person both ways: the lead is Members[0], one
			// pointer after decoding (z:Id, then z:Ref).
			team, err := c.GetTeam(ctx)
			check("GetTeam", rtSampleTeam(), team, err)
			if err == nil && (len(team.Members) == 0 || team.Lead != team.Members[0]) {
				t.Errorf("GetTeam: the lead is not Members[0] (z:Ref unresolved): %+v", team)
			}
			s, err = c.DescribeTeam(ctx, rtSampleTeam())
			check("DescribeTeam", sampleTeamDescription, s, err)
			// An equal lead that is another object stays another object.
			unshared := rtSampleTeam()
			lead := *unshared.Lead
			unshared.Lead = &lead
			s, err = c.DescribeTeam(ctx, unshared)
			check("DescribeTeam(unshared)", strings.Replace(sampleTeamDescription, "shared=true", "shared=false", 1), s, err)
			if err := c.Close(ctx); err != nil {
				t.Errorf("Close: %v", err)
			}
		})
	}
}
