package metadata

// Golden tests of Generate: the packages under internal/ are the
// generator's output for the saved Mono IOrderService metadata (genorders;
// genfaults with a FaultContract added) and for the Go host's own
// Calculator WSDL; go vet ./... and the build check them, and
// these tests check that they are what the generator writes today. Run
// with -update to rewrite them.

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wwsgo/wws/servicemodel"
	"github.com/wwsgo/wws/servicemodel/calculator"
)

func checkGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run %s -update)", err, t.Name())
	}
	if string(got) != string(want) {
		t.Errorf("Generate output differs from %s (run go test -run %s -update and review the diff)", path, t.Name())
	}
}

const ordersMetadata = "../../testdata/wsdl/orders"

func TestGenerateOrdersGolden(t *testing.T) {
	for _, src := range []string{ordersMetadata, filepath.Join(ordersMetadata, "service.wsdl")} {
		d, err := Import(context.Background(), src, nil)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Generate(d, GenOptions{Package: "orders", Source: "testdata/wsdl/orders"})
		if err != nil {
			t.Fatal(err)
		}
		checkGolden(t, "internal/genorders/orders.go", got)
		for _, want := range []string{
			"func DialOrderService(ctx context.Context, binding servicemodel.Binding, address string, opts *servicemodel.ProxyOptions) (*OrderServiceClient, error)",
			"GetOrder(ctx context.Context, id int32) (*Order, error)",
			"CancelOrder(ctx context.Context, id int32, reason string) error",
			"func NewOrderServiceContract(impl OrderService) *servicemodel.Contract",
			"OrderStatusShipped   OrderStatus = \"Shipped\"",
			"Window    time.Duration",
			"Priority  *int32",
			"Signature []byte",
			"return servicemodel.NewNetTCPBinding()",
		} {
			if !strings.Contains(string(got), want) {
				t.Errorf("generated code lacks %q", want)
			}
		}
	}
}

// TestGenerateCalculatorGolden generates from the WSDL the Go host serves
// for the built-in Calculator, at a SOAP 1.2 and a SOAP 1.1 endpoint.
func TestGenerateCalculatorGolden(t *testing.T) {
	wsdl, err := WSDL(calculator.ClientContract(), "",
		Endpoint{Address: "http://127.0.0.1:8809/calculator/soap12", Binding: servicemodel.NewWSHTTPBinding()},
		Endpoint{Address: "http://127.0.0.1:8809/calculator/soap11", Binding: servicemodel.NewBasicHTTPBinding()})
	if err != nil {
		t.Fatal(err)
	}
	if *update { // the fuzz target's seed
		if err := os.WriteFile("../../testdata/wsdl/calculator.wsdl", wsdl, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	d, err := ReadDocuments([]Document{{Name: "calculator.wsdl", Data: wsdl}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Generate(d, GenOptions{Package: "calc", Source: "the Go host's Calculator ?wsdl"})
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "internal/gencalc/calc.go", got)
}
