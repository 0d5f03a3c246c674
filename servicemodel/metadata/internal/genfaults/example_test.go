package faults_test

// The README's "Call an existing WCF service from Go", compiled: the same
// lines against this package, which is what `wsproxy gen -o orders` writes
// for IOrderService (testdata/mono/orders) with its FaultContract. The
// behaviour is tested against Mono by servicemodel/metadata's
// TestGeneratedClientAgainstMono (client) and
// TestMigratedServiceWithMonoClient (migration).

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/wwsgo/wws/servicemodel"
	"github.com/wwsgo/wws/servicemodel/metadata"
	orders "github.com/wwsgo/wws/servicemodel/metadata/internal/genfaults"
	"github.com/wwsgo/wws/soap"
)

// A Go client of the WCF service: Dial, then one method per operation.
func Example_client() {
	ctx := context.Background()
	c, err := orders.DialOrderService(ctx, servicemodel.NewNetTCPBinding(), "net.tcp://host/Orders.svc", nil)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close(ctx)
	o, err := c.GetOrder(ctx, 42) // *orders.Order: Lines []OrderLine, Total soap.Decimal, Counts map[string]int32…
	if err != nil {
		log.Fatal(err)
	}
	if r, ok := o.Derived().(*orders.RushOrder); ok { // the service sent a RushOrder (KnownType)
		fmt.Println("rush until", r.Deadline)
	}
	err = c.CancelOrder(ctx, 42, "late")
	if d, ok := orders.AsOrderFaultFault(err); ok { // FaultException<OrderFault>
		fmt.Println("refused:", d.Code, d.Message)
	}
}

// orderService is IOrderService moved to Go: one method per operation.
type orderService struct{}

func (orderService) GetOrder(ctx context.Context, id int32) (*orders.Order, error) {
	return &orders.Order{Id: id, Customer: "Ada", Total: soap.MustParseDecimal("120.40")}, nil
}

func (orderService) GetRushOrder(ctx context.Context, id int32) (*orders.Order, error) {
	r := &orders.RushOrder{Deadline: time.Now().Add(24 * time.Hour)}
	r.Id = id
	return soap.AsBase[orders.Order](r), nil // sent as a RushOrder where Order is declared
}

func (orderService) CancelOrder(ctx context.Context, id int32, reason string) error {
	return orders.NewOrderFaultFault("cannot cancel", &orders.OrderFault{Code: id, Message: reason})
}

func (orderService) Ping(ctx context.Context, value int32) (int32, error) { return value + 1, nil }
func (orderService) CountLines(ctx context.Context, order *orders.Order) (int32, error) {
	return int32(len(order.Lines)), nil
}
func (orderService) Customers(ctx context.Context) ([]string, error) { return []string{"Ada"}, nil }
func (orderService) Describe(ctx context.Context, customer string, priority int32, status orders.OrderStatus) (string, error) {
	return customer, nil
}
func (orderService) NewKey(ctx context.Context, seed soap.GUID) (soap.GUID, error) { return seed, nil }
func (orderService) Totals(ctx context.Context) (map[string]int32, error) {
	return map[string]int32{"Ada": 3}, nil
}
func (orderService) Combine(ctx context.Context, a, b []orders.Options) ([]orders.Options, error) {
	return append(a, b...), nil
}
func (orderService) GetTeam(ctx context.Context) (*orders.Team, error) { return &orders.Team{}, nil }
func (orderService) DescribeTeam(ctx context.Context, team *orders.Team) (string, error) {
	return "", nil
}

// The migration: implement the generated interface and host it where the
// WCF service was; its WCF clients keep calling, typed faults included.
func Example_migration() {
	ctx := context.Background()
	contract := orders.NewOrderServiceContract(orderService{})
	host, err := servicemodel.NewHost(&servicemodel.HostOptions{Metadata: metadata.HTTPGet},
		&servicemodel.Endpoint{Address: "net.tcp://0.0.0.0:808/Orders.svc",
			Binding: servicemodel.NewNetTCPBinding(), Contract: contract},
		&servicemodel.Endpoint{Address: "http://0.0.0.0:8080/Orders.svc",
			Binding: servicemodel.NewBasicHTTPBinding(), Contract: contract})
	if err != nil {
		log.Fatal(err)
	}
	if err := host.Open(ctx); err != nil {
		log.Fatal(err)
	}
	defer host.Close(ctx)
}
