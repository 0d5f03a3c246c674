package servicemodel_test

// Interop of DataContract shapes and typed faults with Mono's WCF: Mono's
// client, compiled from the original C# contract
// (testdata/datacontract/OrderClient.cs), calls a Go host of the same
// contract over net.tcp and SOAP 1.1, gets a derived order (KnownType) with
// every member kind, echoes it back, and catches FaultException<OrderFault>.

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wwsgo/wws/internal/monotest"
	"github.com/wwsgo/wws/servicemodel"
	"github.com/wwsgo/wws/soap"
)

const orderNS = "http://contoso.com/orders/2024"

type orderStatus string
type orderPerm string

type orderLine struct {
	XMLName struct{} `xml:"http://contoso.com/orders Line"`
	Qty     int32    `xml:"Qty"`
	Sku     *string  `xml:"Sku"`
}

type order struct {
	XMLName struct{} `xml:"http://contoso.com/orders Order"`
	soap.Polymorphic
	ID     int32               `xml:"Id"`
	Lines  []*orderLine        `xml:"Lines>Line"`
	Tags   []string            `xml:"Tags>string" soap:"itemns=http://schemas.microsoft.com/2003/10/Serialization/Arrays"`
	Counts map[string]int32    `xml:"Counts>KeyValueOfstringint" soap:"itemns=http://schemas.microsoft.com/2003/10/Serialization/Arrays"`
	Maybe  *int32              `xml:"Maybe"`
	St     orderStatus         `xml:"St"`
	P      []orderPerm         `xml:"P,list"`
	G      soap.GUID           `xml:"G"`
	D      soap.Decimal        `xml:"D"`
	T      time.Duration       `xml:"T"`
	C      soap.Char           `xml:"C"`
	O      soap.DateTimeOffset `xml:"O"`
	Bytes  []byte              `xml:"Bytes"`
}

type rushOrder struct {
	XMLName struct{} `xml:"http://contoso.com/rush Rush"`
	order
	Priority int32 `xml:"Priority"`
}

type monoOrderFault struct {
	XMLName struct{} `xml:"http://contoso.com/orders OrderFault"`
	Code    int32    `xml:"Code"`
	Why     *string  `xml:"Why"`
}

type getOrder struct {
	XMLName struct{} `xml:"http://contoso.com/orders/2024 GetOrder"`
	ID      int32    `xml:"id"`
}

type getOrderResponse struct {
	XMLName struct{} `xml:"http://contoso.com/orders/2024 GetOrderResponse"`
	Result  *order   `xml:"GetOrderResult"`
}

type echoOrder struct {
	XMLName struct{} `xml:"http://contoso.com/orders/2024 Echo"`
	O       *order   `xml:"o"`
}

type echoOrderResponse struct {
	XMLName struct{} `xml:"http://contoso.com/orders/2024 EchoResponse"`
	Result  *order   `xml:"EchoResult"`
}

type cancelOrder struct {
	XMLName struct{} `xml:"http://contoso.com/orders/2024 CancelOrder"`
	ID      int32    `xml:"id"`
	Reason  *string  `xml:"reason"`
}

type cancelOrderResponse struct {
	XMLName struct{} `xml:"http://contoso.com/orders/2024 CancelOrderResponse"`
}

func orderContract(t *testing.T, echoed chan<- *order) *servicemodel.Contract {
	if err := soap.RegisterKnownType(rushOrder{}); err != nil {
		t.Fatal(err)
	}
	g, err := soap.ParseGUID("01234567-89ab-cdef-0123-456789abcdef")
	if err != nil {
		t.Fatal(err)
	}
	c, err := servicemodel.NewContract("IOrderService", orderNS,
		servicemodel.Op("GetOrder", func(_ context.Context, r *getOrder) (*getOrderResponse, error) {
			sku := "a"
			rush := &rushOrder{Priority: 9}
			rush.order = order{ID: r.ID, Lines: []*orderLine{{Qty: 2, Sku: &sku}}, Tags: []string{"x", "y"},
				Counts: map[string]int32{"k": 3}, St: "Shipped", P: []orderPerm{"Read", "Write"},
				G: g, D: soap.MustParseDecimal("12345.6700"), T: -(time.Hour + 2*time.Minute + 3500*time.Millisecond), C: 'A',
				O:     soap.NewDateTimeOffset(time.Date(2024, 1, 2, 3, 4, 5, 0, time.FixedZone("", 90*60))),
				Bytes: []byte{1, 2}}
			return &getOrderResponse{Result: soap.AsBase[order](rush)}, nil
		}),
		servicemodel.Op("Echo", func(_ context.Context, r *echoOrder) (*echoOrderResponse, error) {
			select {
			case echoed <- r.O:
			default:
			}
			return &echoOrderResponse{Result: r.O}, nil
		}),
		servicemodel.Op("CancelOrder", func(_ context.Context, r *cancelOrder) (*cancelOrderResponse, error) {
			why := "cannot cancel " + *r.Reason
			f, err := soap.DetailFault("", "order is shipped", &monoOrderFault{Code: 42, Why: &why})
			if err != nil {
				return nil, err
			}
			return nil, f
		}),
	)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestDataContractMonoClient(t *testing.T) {
	monotest.Require(t)
	dir := t.TempDir()
	src, err := filepath.Abs(filepath.Join("testdata", "datacontract", "OrderClient.cs"))
	if err != nil {
		t.Fatal(err)
	}
	exe := filepath.Join(dir, "OrderClient.exe")
	if out, err := exec.Command("mcs", "-nologo", "-r:System.ServiceModel", "-r:System.Runtime.Serialization",
		"-out:"+exe, src).CombinedOutput(); err != nil {
		t.Fatalf("mcs: %v\n%s", err, out)
	}
	echoed := make(chan *order, 2)
	contract := orderContract(t, echoed)
	for _, tc := range []struct {
		name, address string
		binding       servicemodel.Binding
	}{
		{"nettcp", fmt.Sprintf("net.tcp://127.0.0.1:%d/orders", monotest.FreePort(t)), servicemodel.NewNetTCPBinding()},
		{"soap11", fmt.Sprintf("http://127.0.0.1:%d/orders", monotest.FreePort(t)), servicemodel.NewBasicHTTPBinding()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, err := servicemodel.NewHost(servicemodel.HostOptions{},
				&servicemodel.Endpoint{Address: tc.address, Binding: tc.binding, Contract: contract})
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			if err := h.Open(ctx); err != nil {
				t.Fatal(err)
			}
			defer h.Close(ctx)
			out, err := exec.CommandContext(ctx, "mono", exe, tc.address, tc.name).CombinedOutput()
			t.Logf("OrderClient:\n%s", out)
			if err != nil || !strings.Contains(string(out), "ALL OK") {
				t.Fatalf("OrderClient: %v", err)
			}
			select {
			case o := <-echoed:
				r, ok := o.Derived().(*rushOrder)
				if !ok || r.Priority != 9 || o.D.String() != "12345.6700" || o.O.OffsetMinutes != 90 || len(o.Tags) != 2 {
					t.Errorf("echoed order: %+v, derived %+v", o, o.Derived())
				}
			default:
				t.Error("Echo did not run")
			}
		})
	}
}
