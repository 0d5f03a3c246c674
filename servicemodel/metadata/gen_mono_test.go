package metadata_test

// The generated IOrderService client (internal/genorders, from the saved
// metadata of testdata/mono/orders) against the live Mono service, over
// each endpoint its WSDL names: SOAP 1.1, SOAP 1.2 + WS-Addressing, and
// net.tcp: every operation, the i:type of a RushOrder both ways, a shared
// IsReference Person (z:Id/z:Ref), and CancelOrder's FaultException<
// OrderFault> read as a typed detail (through genfaults). The live ?wsdl,
// read with its wsdl0/xsd imports, must generate the same package
// (endpoint addresses aside).

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wwsgo/wws/internal/monotest"
	"github.com/wwsgo/wws/servicemodel/metadata"
	faults "github.com/wwsgo/wws/servicemodel/metadata/internal/genfaults"
	orders "github.com/wwsgo/wws/servicemodel/metadata/internal/genorders"
	"github.com/wwsgo/wws/soap"
)

// startOrdersHost compiles and starts testdata/mono/orders, returning its
// HTTP base and net.tcp address.
func startOrdersHost(t *testing.T) (httpBase, tcpAddr string) {
	t.Helper()
	monotest.Require(t)
	exe := filepath.Join(t.TempDir(), "OrdersHost.exe")
	src := "../../testdata/mono"
	out, err := exec.Command("mcs", "-nologo", "-warnaserror", "-debug", "-out:"+exe,
		"-r:System.ServiceModel", "-r:System.Runtime.Serialization",
		filepath.Join(src, "orders", "Orders.cs"), filepath.Join(src, "orders", "OrdersHost.cs"),
		filepath.Join(src, "FaultHandler.cs")).CombinedOutput()
	if err != nil {
		t.Fatalf("mcs: %v\n%s", err, out)
	}
	httpBase = fmt.Sprintf("http://127.0.0.1:%d/orders", monotest.FreePort(t))
	tcpAddr = fmt.Sprintf("net.tcp://127.0.0.1:%d/orders", monotest.FreePort(t))
	cmd := exec.Command("mono", "--debug", exe, httpBase, tcpAddr)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	cmd.WaitDelay = 5 * time.Second
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	t.Cleanup(func() {
		stdin.Close()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			cmd.Process.Kill()
			<-done
		}
		if t.Failed() {
			t.Logf("OrdersHost stderr:\n%s", stderr.String())
		}
	})
	ready := make(chan error, 1)
	go func() {
		defer close(done)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if line := sc.Text(); line == "READY" {
				ready <- nil
			} else if strings.HasPrefix(line, "FAIL") {
				ready <- errors.New(line)
			}
		}
		ready <- io.EOF
		cmd.Wait()
	}()
	select {
	case err := <-ready:
		if err != nil {
			t.Fatalf("OrdersHost: %v\n%s", err, stderr.String())
		}
	case <-time.After(60 * time.Second):
		t.Fatal("OrdersHost did not print READY in 60 s")
	}
	return httpBase, tcpAddr
}

func TestGeneratedClientAgainstMono(t *testing.T) {
	httpBase, tcpAddr := startOrdersHost(t)
	// The test binary links other generated packages registering a
	// RushOrder of the same contract (useKnown in orders_service_test.go).
	if err := soap.RegisterKnownType(orders.RushOrder{}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	// The live ?wsdl, with its imports, generates the golden package.
	d, err := metadata.Import(ctx, httpBase+"?wsdl", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Documents) != 7 {
		t.Errorf("read %d documents %v; want ?wsdl, wsdl0 and xsd0–xsd4", len(d.Documents), d.Documents)
	}
	got, err := metadata.Generate(d, metadata.GenOptions{Package: "orders", Source: "testdata/wsdl/orders"})
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("internal/genorders/orders.go")
	if err != nil {
		t.Fatal(err)
	}
	hu, _ := url.Parse(httpBase)
	tu, _ := url.Parse(tcpAddr)
	live := strings.NewReplacer(hu.Host, "127.0.0.1:18951", tu.Host, "127.0.0.1:18952").Replace(string(got))
	if live != string(want) {
		t.Errorf("the live ?wsdl generates another package than the saved metadata")
	}

	for _, ep := range orders.Endpoints {
		addr := strings.NewReplacer("127.0.0.1:18951", hu.Host, "127.0.0.1:18952", tu.Host).Replace(ep.Address)
		t.Run(ep.Name, func(t *testing.T) {
			if ep.NewBinding == nil {
				t.Fatalf("no binding: %s", ep.Unsupported)
			}
			c, err := orders.DialOrderService(ctx, ep.NewBinding(), addr, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Abort()
			// Mono's WSDL leaves out fault messages; genfaults, generated
			// from it with the fault message .NET exports, catches the
			// FaultException<OrderFault> as a typed detail. Its session is
			// opened beside the first: Mono's net.tcp listener at times
			// never answers a session opened after another one closed.
			fc, err := faults.DialOrderService(ctx, ep.NewBinding(), addr, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer fc.Abort()
			callOrders(t, ctx, c)
			t.Run("CancelOrderTyped", func(t *testing.T) {
				err := fc.CancelOrder(ctx, 9, "late")
				d, ok := faults.AsOrderFaultFault(err)
				if !ok || d.Code != 9 || d.Message != "late" {
					t.Errorf("AsOrderFaultFault(%v) = %+v, %v; want Code 9, Message \"late\"", err, d, ok)
				}
				var f *soap.Fault
				if errors.As(err, &f) && ep.Name != "BasicHttpBinding_IOrderService" {
					if want := "http://contoso.com/orders/2024/IOrderService/CancelOrderOrderFaultFault"; f.Action != want {
						t.Errorf("fault action %q; want %q", f.Action, want)
					}
				}
			})
			if err := c.Close(ctx); err != nil {
				t.Errorf("Close: %v", err)
			}
			if err := fc.Close(ctx); err != nil {
				t.Errorf("Close: %v", err)
			}
		})
	}
}

// callOrders runs every IOrderService operation and checks the answers
// OrderService (testdata/mono/orders/Orders.cs) gives.
func callOrders(t *testing.T, ctx context.Context, c *orders.OrderServiceClient) {
	t.Run("Ping", func(t *testing.T) {
		if n, err := c.Ping(ctx, 41); err != nil || n != 42 {
			t.Errorf("Ping(41) = %d, %v; want 42", n, err)
		}
	})
	checkOrder := func(t *testing.T, o *orders.Order, id int32) {
		t.Helper()
		if o == nil {
			t.Fatal("nil order")
		}
		if o.Id != id || o.Customer != "Ada" || o.Key.String() != "6f9619ff-8b86-d011-b42d-00c04fc964ff" ||
			o.Status != orders.OrderStatusShipped || o.Window != 90*time.Minute || o.Total.String() != "120.40" ||
			o.Big != 1<<40 || o.Weight != 2.5 || !o.Paid || string(o.Signature) != "\x01\x02\x03" {
			t.Errorf("order scalars: %+v", *o)
		}
		if !o.Placed.Equal(time.Date(2024, 5, 1, 10, 30, 0, 0, time.UTC)) {
			t.Errorf("Placed = %v", o.Placed)
		}
		if o.ShipTo == nil || o.ShipTo.City != "Springfield" || o.ShipTo.Street != "1 Main St" {
			t.Errorf("ShipTo = %+v", o.ShipTo)
		}
		if len(o.Lines) != 2 || o.Lines[1].Sku != "B-2" || o.Lines[1].Quantity != 1 || o.Lines[1].Price.String() != "100.5" {
			t.Errorf("Lines = %+v", o.Lines)
		}
		if strings.Join(o.Tags, ",") != "red,blue" {
			t.Errorf("Tags = %+v", o.Tags)
		}
		if len(o.Counts) != 1 || o.Counts["x"] != 1 {
			t.Errorf("Counts = %+v", o.Counts)
		}
		if id == 1 && (o.Priority == nil || *o.Priority != 7) || id != 1 && o.Priority != nil {
			t.Errorf("Priority = %v for id %d", o.Priority, id)
		}
	}
	t.Run("GetOrder", func(t *testing.T) {
		o, err := c.GetOrder(ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		checkOrder(t, o, 1)
	})
	t.Run("GetRushOrder", func(t *testing.T) {
		// A RushOrder where Order is declared: the base members are read.
		o, err := c.GetRushOrder(ctx, 2)
		if err != nil {
			t.Fatal(err)
		}
		checkOrder(t, o, 2)
		// The derived value is reachable, its own member filled.
		r, ok := o.Derived().(*orders.RushOrder)
		if !ok {
			t.Fatalf("Derived() = %T; want *orders.RushOrder", o.Derived())
		}
		if want := time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC); !r.Deadline.Equal(want) || &r.Order != o {
			t.Errorf("RushOrder.Deadline = %v (base shared: %v); want %v", r.Deadline, &r.Order == o, want)
		}
	})
	t.Run("CountLines", func(t *testing.T) {
		key, err := soap.ParseGUID("6f9619ff-8b86-d011-b42d-00c04fc964ff")
		if err != nil {
			t.Fatal(err)
		}
		o := &orders.Order{Id: 5, Key: key, Status: orders.OrderStatusNew, Total: soap.MustParseDecimal("1.5"),
			Lines: []orders.OrderLine{{Sku: "a", Quantity: 3, Price: soap.MustParseDecimal("1")}, {Sku: "b", Quantity: 4, Price: soap.MustParseDecimal("2")}}}
		if n, err := c.CountLines(ctx, o); err != nil || n != 7005 {
			t.Errorf("CountLines = %d, %v; want 7005", n, err)
		}
		// A RushOrder sent where Order is declared (i:type).
		rush := &orders.RushOrder{Order: *o, Deadline: time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)}
		rush.Id = 6
		if n, err := c.CountLines(ctx, soap.AsBase[orders.Order](rush)); err != nil || n != 7006 {
			t.Errorf("CountLines(RushOrder) = %d, %v; want 7006", n, err)
		}
		if n, err := c.CountLines(ctx, nil); err != nil || n != -1 {
			t.Errorf("CountLines(nil) = %d, %v; want -1 (i:nil)", n, err)
		}
	})
	t.Run("Customers", func(t *testing.T) {
		a, err := c.Customers(ctx)
		if err != nil || strings.Join(a, ",") != "Ada,Grace,Linus" {
			t.Errorf("Customers = %+v, %v", a, err)
		}
	})
	t.Run("Describe", func(t *testing.T) {
		if s, err := c.Describe(ctx, "Bob", 3, orders.OrderStatusCancelled); err != nil || s != "Bob/3/Cancelled" {
			t.Errorf("Describe = %q, %v", s, err)
		}
	})
	t.Run("NewKey", func(t *testing.T) {
		seed, err := soap.ParseGUID("6f9619ff-8b86-d011-b42d-00c04fc964ff")
		if err != nil {
			t.Fatal(err)
		}
		if k, err := c.NewKey(ctx, seed); err != nil || k != seed {
			t.Errorf("NewKey = %v, %v; want %v", k, err, seed)
		}
	})
	t.Run("Totals", func(t *testing.T) {
		m, err := c.Totals(ctx)
		if err != nil || len(m) != 2 || m["Grace"] != 5 {
			t.Errorf("Totals = %+v, %v", m, err)
		}
	})
	t.Run("Combine", func(t *testing.T) {
		f, err := c.Combine(ctx, []orders.Options{orders.OptionsGift}, []orders.Options{orders.OptionsExpress})
		if err != nil || !slices.Equal(f, []orders.Options{orders.OptionsGift, orders.OptionsExpress}) {
			t.Errorf("Combine = %q, %v; want [Gift Express]", f, err)
		}
	})
	t.Run("GetTeam", func(t *testing.T) {
		tm, err := c.GetTeam(ctx)
		if err != nil {
			t.Fatal(err)
		}
		// The lead is the first member: one Person, z:Id then z:Ref.
		if tm.Lead == nil || len(tm.Members) != 2 || tm.Members[0] != tm.Lead || tm.Members[1] == nil {
			t.Fatalf("team %+v; want the lead shared with Members[0]", tm)
		}
		ada, grace := tm.Lead, tm.Members[1]
		if ada.Name != "Ada" || ada.Initial != 'A' || grace.Name != "Grace" || grace.Initial != 'É' {
			t.Errorf("persons %+v %+v", ada, grace)
		}
		if want := time.Date(2024, 5, 1, 10, 30, 0, 0, time.FixedZone("", 2*3600)); !ada.Since.Time().Equal(want) || ada.Since.OffsetMinutes != 120 {
			t.Errorf("Ada.Since = %v; want %v", ada.Since, want)
		}
		if grace.Since.OffsetMinutes != -330 || grace.Since.Time().UTC() != time.Date(2020, 1, 2, 8, 34, 5, 0, time.UTC) {
			t.Errorf("Grace.Since = %v", grace.Since)
		}
	})
	t.Run("DescribeTeam", func(t *testing.T) {
		lin := &orders.Person{Name: "Linus", Initial: 'L', Since: soap.NewDateTimeOffset(time.Date(2021, 3, 4, 5, 6, 7, 0, time.FixedZone("", -5*3600)))}
		s, err := c.DescribeTeam(ctx, &orders.Team{Lead: lin, Members: []*orders.Person{lin}})
		// Written once with z:Id, then as z:Ref: the service sees one Person.
		if want := "Linus|Linus:L:2021-03-04T05:06:07.0000000-05:00|shared=True"; err != nil || s != want {
			t.Errorf("DescribeTeam = %q, %v; want %q", s, err, want)
		}
	})
	t.Run("CancelOrder", func(t *testing.T) {
		err := c.CancelOrder(ctx, 9, "late")
		var f *soap.Fault
		if !errors.As(err, &f) {
			t.Fatalf("CancelOrder = %v; want a fault", err)
		}
		if f.Reason() != "cannot cancel" {
			t.Errorf("fault reason %q; want \"cannot cancel\"", f.Reason())
		}
	})
}
