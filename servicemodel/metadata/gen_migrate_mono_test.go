package metadata_test

// Migration (issue 11, 4b): IOrderService moved to Go. The generated
// server interface (internal/genfaults: the Mono metadata with the fault
// message .NET exports for CancelOrder's FaultContract) is implemented in
// Go, as testdata/mono/orders' OrderService is in C#, and hosted on
// net.tcp, SOAP 1.2 and SOAP 1.1 endpoints. A Mono client compiled from the
// original C# contract (Orders.cs, not from any WSDL) calls every
// operation and checks the answers on the C# side: a RushOrder both ways,
// FaultException<OrderFault> with its detail, z:Id/z:Ref both ways.

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wwsgo/wws/internal/monotest"
	"github.com/wwsgo/wws/servicemodel"
	orders "github.com/wwsgo/wws/servicemodel/metadata/internal/genfaults"
	"github.com/wwsgo/wws/soap"
)

// orderService is OrderService (Orders.cs) in Go. It records the
// RushOrder deadlines CountLines receives, for the test.
type orderService struct {
	mu        sync.Mutex
	deadlines []time.Time
}

var keyOne = func() soap.GUID {
	g, err := soap.ParseGUID("6f9619ff-8b86-d011-b42d-00c04fc964ff")
	if err != nil {
		panic(err)
	}
	return g
}()

func (*orderService) Ping(ctx context.Context, value int32) (int32, error) { return value + 1, nil }

func (*orderService) GetOrder(ctx context.Context, id int32) (*orders.Order, error) {
	o := &orders.Order{}
	fill(o, id)
	return o, nil
}

func (*orderService) GetRushOrder(ctx context.Context, id int32) (*orders.Order, error) {
	r := &orders.RushOrder{Deadline: time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)}
	fill(&r.Order, id)
	return soap.AsBase[orders.Order](r), nil // sent as a RushOrder (i:type)
}

func fill(o *orders.Order, id int32) {
	o.Id = id
	o.Key = keyOne
	o.Customer = "Ada"
	o.Placed = time.Date(2024, 5, 1, 10, 30, 0, 0, time.UTC)
	o.Window = 90 * time.Minute
	o.Status = orders.OrderStatusShipped
	o.Lines = []orders.OrderLine{
		{Sku: "A-1", Quantity: 2, Price: soap.MustParseDecimal("9.95")},
		{Sku: "B-2", Quantity: 1, Price: soap.MustParseDecimal("100.5")},
	}
	o.Tags = []string{"red", "blue"}
	o.Counts = map[string]int32{"x": 1}
	if id == 1 {
		p := int32(7)
		o.Priority = &p
	}
	o.Signature = []byte{1, 2, 3}
	o.ShipTo = &orders.Address{Street: "1 Main St", City: "Springfield"}
	o.Total = soap.MustParseDecimal("120.40")
	o.Big = 1 << 40
	o.Weight = 2.5
	o.Paid = true
}

func (s *orderService) CountLines(ctx context.Context, order *orders.Order) (int32, error) {
	if order == nil {
		return -1, nil
	}
	if r, ok := order.Derived().(*orders.RushOrder); ok {
		s.mu.Lock()
		s.deadlines = append(s.deadlines, r.Deadline)
		s.mu.Unlock()
	}
	var n int32
	for _, l := range order.Lines {
		n += l.Quantity
	}
	return n*1000 + order.Id, nil
}

func (*orderService) Customers(ctx context.Context) ([]string, error) {
	return []string{"Ada", "Grace", "Linus"}, nil
}

func (*orderService) Describe(ctx context.Context, customer string, priority int32, status orders.OrderStatus) (string, error) {
	return fmt.Sprintf("%s/%d/%s", customer, priority, status), nil
}

func (*orderService) NewKey(ctx context.Context, seed soap.GUID) (soap.GUID, error) {
	if seed == keyOne {
		return keyOne, nil
	}
	return soap.GUID{}, nil
}

func (*orderService) Totals(ctx context.Context) (map[string]int32, error) {
	return map[string]int32{"Ada": 3, "Grace": 5}, nil
}

func (*orderService) Combine(ctx context.Context, a, b []orders.Options) ([]orders.Options, error) {
	var f []orders.Options
	for _, o := range []orders.Options{orders.OptionsGift, orders.OptionsExpress} {
		if slices.Contains(a, o) || slices.Contains(b, o) {
			f = append(f, o)
		}
	}
	if f == nil {
		f = []orders.Options{orders.OptionsNone}
	}
	return f, nil
}

func (*orderService) CancelOrder(ctx context.Context, id int32, reason string) error {
	return orders.NewOrderFaultFault("cannot cancel", &orders.OrderFault{Code: id, Message: reason})
}

func (*orderService) GetTeam(ctx context.Context) (*orders.Team, error) {
	ada := &orders.Person{Name: "Ada", Initial: 'A', Since: soap.NewDateTimeOffset(time.Date(2024, 5, 1, 10, 30, 0, 0, time.FixedZone("", 2*3600)))}
	grace := &orders.Person{Name: "Grace", Initial: 'É', Since: soap.NewDateTimeOffset(time.Date(2020, 1, 2, 3, 4, 5, 0, time.FixedZone("", -330*60)))}
	return &orders.Team{Lead: ada, Members: []*orders.Person{ada, grace}}, nil
}

// DescribeTeam answers as Orders.cs does: the lead, each member with its
// DateTimeOffset in .NET's "o" format, and whether the lead is a member
// (one pointer: z:Ref).
func (*orderService) DescribeTeam(ctx context.Context, team *orders.Team) (string, error) {
	if team == nil {
		return "null", nil
	}
	var parts []string
	for _, p := range team.Members {
		if p == nil {
			parts = append(parts, "null")
			continue
		}
		parts = append(parts, fmt.Sprintf("%s:%s:%s", p.Name, p.Initial, p.Since.Time().Format("2006-01-02T15:04:05.0000000-07:00")))
	}
	lead := "null"
	if team.Lead != nil {
		lead = team.Lead.Name
	}
	shared := team.Lead != nil && slices.Contains(team.Members, team.Lead)
	return fmt.Sprintf("%s|%s|shared=%s", lead, strings.Join(parts, ","), map[bool]string{true: "True", false: "False"}[shared]), nil
}

// buildOrdersProgram compiles program (OrdersHost.cs or OrdersClient.cs)
// with the original contract, Orders.cs, and returns the executable.
func buildOrdersProgram(t *testing.T, program string, extra ...string) string {
	t.Helper()
	monotest.Require(t)
	exe := filepath.Join(t.TempDir(), strings.TrimSuffix(program, ".cs")+".exe")
	src := "../../testdata/mono"
	args := []string{"-nologo", "-warnaserror", "-debug", "-out:" + exe,
		"-r:System.ServiceModel", "-r:System.Runtime.Serialization",
		filepath.Join(src, "orders", "Orders.cs"), filepath.Join(src, "orders", program)}
	for _, e := range extra {
		args = append(args, filepath.Join(src, e))
	}
	if out, err := exec.Command("mcs", args...).CombinedOutput(); err != nil {
		t.Fatalf("mcs: %v\n%s", err, out)
	}
	return exe
}

func TestMigratedServiceWithMonoClient(t *testing.T) {
	client := buildOrdersProgram(t, "OrdersClient.cs")
	svc := &orderService{}
	contract := orders.NewOrderServiceContract(svc)
	httpBase := fmt.Sprintf("http://127.0.0.1:%d/orders", monotest.FreePort(t))
	endpoints := []struct {
		name, address string
		binding       servicemodel.Binding
	}{
		{"nettcp", fmt.Sprintf("net.tcp://127.0.0.1:%d/orders", monotest.FreePort(t)), servicemodel.NewNetTCPBinding()},
		{"soap12", httpBase + "/soap12", servicemodel.NewWSHTTPBinding()},
		{"soap11", httpBase + "/soap11", servicemodel.NewBasicHTTPBinding()},
	}
	var eps []*servicemodel.Endpoint
	for _, ep := range endpoints {
		eps = append(eps, &servicemodel.Endpoint{Address: ep.address, Binding: ep.binding, Contract: contract})
	}
	h, err := servicemodel.NewHost(nil, eps...)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if err := h.Open(ctx); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := h.Close(ctx); err != nil {
			t.Errorf("host Close: %v", err)
		}
	}()

	// What the C# client prints for each op, beyond OK: the answers it
	// checked, as the Go service gave them.
	want := map[string]string{
		"ping":         "42",
		"getorder":     "order 1 total=120.40 lines=2 priority=7",
		"getrush":      "RushOrder deadline=2024-06-01T12:00:00.0000000Z order 2 total=120.40 lines=2 priority=null",
		"countlines":   "rush=7005 null=-1",
		"customers":    "Ada,Grace,Linus",
		"describe":     "Bob/3/Cancelled",
		"newkey":       "6f9619ff-8b86-d011-b42d-00c04fc964ff",
		"totals":       "Ada=3,Grace=5",
		"combine":      "Gift, Express",
		"cancel":       "FaultException<OrderFault> code=9 message=late reason=cannot cancel",
		"getteam":      "Ada:A:2024-05-01T10:30:00.0000000+02:00 Grace:É:2020-01-02T03:04:05.0000000-05:30 shared=True",
		"describeteam": "Linus|Linus:L:2021-03-04T05:06:07.0000000-05:00|shared=True",
	}
	for _, ep := range endpoints {
		t.Run(ep.name, func(t *testing.T) {
			out, err := exec.CommandContext(ctx, "mono", "--debug", client, ep.name, ep.address).Output()
			var stderr string
			if ee, ok := err.(*exec.ExitError); ok {
				stderr = string(ee.Stderr)
			}
			seen := map[string]bool{}
			for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
				verdict, rest, _ := strings.Cut(line, " ")
				op, detail, _ := strings.Cut(rest, " ")
				seen[op] = true
				w, known := want[op]
				switch {
				case verdict != "OK":
					t.Errorf("%s", line)
				case !known:
					t.Errorf("unexpected op: %s", line)
				case detail != w:
					t.Errorf("%s: %q; want %q", op, detail, w)
				}
			}
			for op := range want {
				if !seen[op] {
					t.Errorf("op %s: no result", op)
				}
			}
			if err != nil {
				t.Errorf("OrdersClient: %v\n%s", err, stderr)
			}
		})
	}
	// CountLines received the client's RushOrder, where Order is declared,
	// as the derived value, on every binding.
	svc.mu.Lock()
	defer svc.mu.Unlock()
	if len(svc.deadlines) != len(endpoints) {
		t.Errorf("CountLines saw %d RushOrders; want %d", len(svc.deadlines), len(endpoints))
	}
	for _, d := range svc.deadlines {
		if !d.Equal(time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("RushOrder.Deadline = %v; want 2024-07-01", d)
		}
	}
}
