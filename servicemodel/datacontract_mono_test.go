package servicemodel_test

// Interop of DataContract shapes and typed faults with Mono's WCF, both
// ways. Mono's client, compiled from the original C# contract
// (testdata/datacontract: OrderContract.cs, OrderClient.cs), calls a Go
// host of the same contract over net.tcp, SOAP 1.2 and SOAP 1.1, gets a derived
// order (KnownType) with every member kind, echoes it back, and catches
// FaultException<OrderFault>. A Go proxy calls Mono's host of it
// (OrderHost.cs) over net.tcp the same way.

import (
	"bufio"
	"context"
	"errors"
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

// buildOrderProgram compiles testdata/datacontract/name.cs with the
// contract into a temporary directory and returns the executable's path.
func buildOrderProgram(t *testing.T, name string) string {
	t.Helper()
	monotest.Require(t)
	dir := filepath.Join("testdata", "datacontract")
	exe := filepath.Join(t.TempDir(), name+".exe")
	if out, err := exec.Command("mcs", "-nologo", "-r:System.ServiceModel", "-r:System.Runtime.Serialization",
		"-out:"+exe, filepath.Join(dir, name+".cs"), filepath.Join(dir, "OrderContract.cs")).CombinedOutput(); err != nil {
		t.Fatalf("mcs: %v\n%s", err, out)
	}
	return exe
}

func TestDataContractMonoClient(t *testing.T) {
	exe := buildOrderProgram(t, "OrderClient")
	echoed := make(chan *order, 2)
	contract := orderContract(t, echoed)
	for _, tc := range []struct {
		name, address string
		binding       servicemodel.Binding
	}{
		{"nettcp", fmt.Sprintf("net.tcp://127.0.0.1:%d/orders", monotest.FreePort(t)), servicemodel.NewNetTCPBinding()},
		{"soap12", fmt.Sprintf("http://127.0.0.1:%d/orders", monotest.FreePort(t)), servicemodel.NewWSHTTPBinding()},
		{"soap11", fmt.Sprintf("http://127.0.0.1:%d/orders", monotest.FreePort(t)), servicemodel.NewBasicHTTPBinding()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, err := servicemodel.NewHost(&servicemodel.HostOptions{},
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

func TestDataContractGoClientMonoHost(t *testing.T) {
	exe := buildOrderProgram(t, "OrderHost")
	address := fmt.Sprintf("net.tcp://127.0.0.1:%d/orders", monotest.FreePort(t))
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	host := exec.CommandContext(ctx, "mono", exe, address)
	stdin, err := host.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := host.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := host.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		stdin.Close() // the host closes at the end of its input
		host.Wait()
	}()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || strings.TrimSpace(line) != "READY" {
		t.Fatalf("OrderHost: %q, %v", line, err)
	}

	p, err := servicemodel.NewServiceProxy(servicemodel.NewNetTCPBinding(), orderContract(t, nil), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Open(ctx, address); err != nil {
		t.Fatal(err)
	}
	defer p.Close(ctx)
	var got getOrderResponse
	if err := p.Call(ctx, "GetOrder", &getOrder{ID: 7}, &got); err != nil {
		t.Fatal(err)
	}
	o := got.Result
	if o == nil {
		t.Fatal("GetOrder returned nil")
	}
	r, ok := o.Derived().(*rushOrder)
	if !ok || r.Priority != 9 || o.ID != 7 || len(o.Lines) != 1 || *o.Lines[0].Sku != "a" || o.Lines[0].Qty != 2 ||
		strings.Join(o.Tags, ",") != "x,y" || o.Counts["k"] != 3 || o.Maybe != nil || o.St != "Shipped" ||
		fmt.Sprint(o.P) != "[Read Write]" || o.G.String() != "01234567-89ab-cdef-0123-456789abcdef" ||
		o.D.String() != "12345.6700" || o.T != -(time.Hour+2*time.Minute+3500*time.Millisecond) || o.C != 'A' ||
		o.O.OffsetMinutes != 90 || !o.O.Time().Equal(time.Date(2024, 1, 2, 3, 4, 5, 0, time.FixedZone("", 90*60))) ||
		len(o.Bytes) != 2 {
		t.Errorf("GetOrder: %+v, derived %+v", o, o.Derived())
	}
	var echoed echoOrderResponse
	if err := p.Call(ctx, "Echo", &echoOrder{O: o}, &echoed); err != nil {
		t.Fatal(err)
	}
	if e, ok := echoed.Result.Derived().(*rushOrder); !ok || e.Priority != 9 || e.D.String() != "12345.6700" {
		t.Errorf("Echo: %+v", echoed.Result)
	}
	reason := "now"
	err = p.Call(ctx, "CancelOrder", &cancelOrder{ID: 1, Reason: &reason}, &cancelOrderResponse{})
	d, ok := soap.DetailAs[monoOrderFault](err)
	if !ok || d.Code != 42 || d.Why == nil || *d.Why != "cannot cancel now" {
		t.Errorf("CancelOrder: err %v, detail %+v", err, d)
	}
	// .NET's action is http://contoso.com/orders/2024/IOrderService/…;
	// Mono's drops the slash between namespace and contract name.
	var f *soap.Fault
	if errors.As(err, &f) && !strings.HasSuffix(f.Action, "IOrderService/CancelOrderOrderFaultFault") {
		t.Errorf("CancelOrder: fault action %q", f.Action)
	}
}
