package metadata

// The Orders service the Go host serves in the ecosystem and round-trip
// tests: the golden genfaults package's server interface, implemented with
// fixed values that exercise every DataContract shape.

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wwsgo/wws/servicemodel"
	orders "github.com/wwsgo/wws/servicemodel/metadata/internal/genfaults"
	"github.com/wwsgo/wws/soap"
)

var (
	samplePlaced   = time.Date(2024, 5, 17, 9, 30, 0, 0, time.UTC)
	sampleDeadline = time.Date(2024, 5, 18, 12, 0, 0, 0, time.UTC)
	sampleKey      = soap.GUID{0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0x10, 0x32, 0x54, 0x76, 0x98, 0xba, 0xdc, 0xfe}
)

func sampleOrder(id int32) *orders.Order {
	prio := int32(3)
	return &orders.Order{
		Big:       1 << 40,
		Counts:    map[string]int32{"apples": 2, "pears": 5},
		Customer:  "Ada",
		Id:        id,
		Key:       sampleKey,
		Lines:     []orders.OrderLine{{Price: soap.MustParseDecimal("19.99"), Quantity: 2, Sku: "A-1"}, {Price: soap.MustParseDecimal("0.5"), Quantity: 10, Sku: "B-2"}},
		Paid:      true,
		Placed:    samplePlaced,
		Priority:  &prio,
		ShipTo:    &orders.Address{City: "Springfield", Street: "742 Evergreen Terrace"},
		Signature: []byte{0xde, 0xad, 0xbe, 0xef},
		Status:    orders.OrderStatusShipped,
		Tags:      []string{"gift", "fragile"},
		Total:     soap.MustParseDecimal("44.98"),
		Weight:    2.5,
		Window:    90 * time.Minute,
	}
}

// sampleTeam is what GetTeam answers: its lead is its first member, one
// *Person (IsReference: sent once with z:Id, then as z:Ref); the members'
// Initial is a char (É outside ASCII) and Since a DateTimeOffset whose
// offsets (+02:00, -05:30) must survive the wire.
func sampleTeam() *orders.Team {
	ada := &orders.Person{Name: "Ada", Initial: 'A', Since: soap.NewDateTimeOffset(time.Date(2024, 5, 1, 10, 30, 0, 0, time.FixedZone("", 2*3600)))}
	grace := &orders.Person{Name: "Grace", Initial: 'É', Since: soap.NewDateTimeOffset(time.Date(2020, 1, 2, 3, 4, 5, 0, time.FixedZone("", -330*60)))}
	return &orders.Team{Lead: ada, Members: []*orders.Person{ada, grace}}
}

// sampleTeamDescription is DescribeTeam's answer for sampleTeam (or an
// equal team whose lead is its first member).
const sampleTeamDescription = "Ada|Ada:A:2024-05-01T10:30:00.0000000+02:00,Grace:É:2020-01-02T03:04:05.0000000-05:30|shared=true"

// ordersService implements orders.OrderService; it keeps the orders
// CountLines receives.
type ordersService struct {
	mu       sync.Mutex
	received []*orders.Order
}

func (s *ordersService) Ping(ctx context.Context, v int32) (int32, error) { return v + 1, nil }

func (s *ordersService) GetOrder(ctx context.Context, id int32) (*orders.Order, error) {
	return sampleOrder(id), nil
}

func (s *ordersService) GetRushOrder(ctx context.Context, id int32) (*orders.Order, error) {
	return soap.AsBase[orders.Order](&orders.RushOrder{Order: *sampleOrder(id), Deadline: sampleDeadline}), nil
}

func (s *ordersService) CountLines(ctx context.Context, o *orders.Order) (int32, error) {
	s.mu.Lock()
	s.received = append(s.received, o)
	s.mu.Unlock()
	if o == nil {
		return -1, nil
	}
	return int32(len(o.Lines)), nil
}

func (s *ordersService) Customers(ctx context.Context) ([]string, error) {
	return []string{"Ada", "Grace"}, nil
}

func (s *ordersService) Describe(ctx context.Context, customer string, priority int32, status orders.OrderStatus) (string, error) {
	return fmt.Sprintf("%s/%d/%s", customer, priority, status), nil
}

func (s *ordersService) NewKey(ctx context.Context, seed soap.GUID) (soap.GUID, error) {
	slices.Reverse(seed[:])
	return seed, nil
}

func (s *ordersService) Totals(ctx context.Context) (map[string]int32, error) {
	return map[string]int32{"Ada": 7, "Grace": 11}, nil
}

func (s *ordersService) Combine(ctx context.Context, a, b []orders.Options) ([]orders.Options, error) {
	out := slices.Clone(a)
	for _, o := range b {
		if !slices.Contains(out, o) {
			out = append(out, o)
		}
	}
	return out, nil
}

// CancelOrder refuses a negative id with the typed fault (detail
// OrderFault: the id as Code, the reason as Message).
func (s *ordersService) CancelOrder(ctx context.Context, id int32, reason string) error {
	if id < 0 {
		return orders.NewOrderFaultFault(fmt.Sprintf("cannot cancel %d", id), &orders.OrderFault{Code: id, Message: reason})
	}
	return nil
}

func (s *ordersService) GetTeam(ctx context.Context) (*orders.Team, error) { return sampleTeam(), nil }

// DescribeTeam echoes the team it received, as testdata/mono/orders'
// Orders.cs does: "lead|name:initial:since,…|shared=…", each Since in
// .NET's round-trip ("o") format, shared whether the lead is one of the
// members (the same *Person: a z:Ref resolved to its z:Id).
func (s *ordersService) DescribeTeam(ctx context.Context, team *orders.Team) (string, error) {
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
	return fmt.Sprintf("%s|%s|shared=%t", lead, strings.Join(parts, ","), shared), nil
}

// openOrdersHost hosts the Orders service with HTTP GET metadata at
// base+"soap11" (BasicHttpBinding), base+"soap12" (WSHttpBinding) and
// base+"binary"; svc nil gets a fresh ordersService.
func openOrdersHost(t *testing.T, base string, svc *ordersService) *ordersService {
	t.Helper()
	if svc == nil {
		svc = &ordersService{}
	}
	c := orders.NewOrderServiceContract(svc)
	h, err := servicemodel.NewHost(&servicemodel.HostOptions{Metadata: HTTPGet},
		&servicemodel.Endpoint{Address: base + "soap11", Binding: servicemodel.NewBasicHTTPBinding(), Contract: c},
		&servicemodel.Endpoint{Address: base + "soap12", Binding: servicemodel.NewWSHTTPBinding(), Contract: c},
		&servicemodel.Endpoint{Address: base + "binary", Binding: servicemodel.NewBinaryHTTPBinding(), Contract: c})
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
	return svc
}

// useKnown registers v's type as the one an i:type of its contract names.
// soap's known-type registry is keyed by contract name alone, and this test
// binary links three generated packages of the same contracts (genorders,
// genfaults, genroundtrip), each registering its RushOrder in init: a test
// that decodes a RushOrder registers its own first (the last registration
// wins).
func useKnown(t *testing.T, v any) {
	t.Helper()
	if err := soap.RegisterKnownType(v); err != nil {
		t.Fatal(err)
	}
}
