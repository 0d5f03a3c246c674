package metadata

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// faultsWSDL is the saved Mono IOrderService metadata with a FaultContract
// added to CancelOrder (Mono's WSDL export has no fault messages): detail
// Address, as WCF exports [FaultContract(typeof(Address))].
func faultsWSDL(t *testing.T) []Document {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(ordersMetadata, "*"))
	if err != nil || len(names) == 0 {
		t.Fatalf("saved metadata: %v", err)
	}
	var docs []Document
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		if filepath.Base(n) == "wsdl0.wsdl" {
			s := string(data)
			for _, r := range [][2]string{
				{`<wsdl:portType name="IOrderService">`, `<wsdl:message name="IOrderService_CancelOrder_AddressFault_FaultMessage"><wsdl:part name="detail" element="q1:Address" xmlns:q1="http://schemas.datacontract.org/2004/07/Contoso.Orders" /></wsdl:message><wsdl:portType name="IOrderService">`},
				{`message="tns:IOrderService_CancelOrder_OutputMessage" />`, `message="tns:IOrderService_CancelOrder_OutputMessage" /><wsdl:fault wsaw:Action="http://contoso.com/orders/2024/IOrderService/CancelOrderAddressFault" name="AddressFault" message="tns:IOrderService_CancelOrder_AddressFault_FaultMessage" />`},
			} {
				if !strings.Contains(s, r[0]) {
					t.Fatalf("wsdl0.wsdl lacks %q", r[0])
				}
				s = strings.Replace(s, r[0], r[1], 1)
			}
			data = []byte(s)
		}
		docs = append(docs, Document{Name: n, Data: data})
	}
	return docs
}

// TestGenerateFaultsGolden: a wsdl:fault's detail type gets New<T>Fault and
// As<T>Fault, and names its detail element; internal/genfaults is the
// output, and genfaults_test.go round-trips a fault through them.
func TestGenerateFaultsGolden(t *testing.T) {
	d, err := ReadDocuments(faultsWSDL(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(d.PortTypes[0].Operations[len(d.PortTypes[0].Operations)-1].Faults); n != 1 {
		t.Fatalf("CancelOrder has %d faults; want 1", n)
	}
	got, err := Generate(d, GenOptions{Package: "faults", Source: "testdata/wsdl/orders with a FaultContract on CancelOrder"})
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "internal/genfaults/faults.go", got)
	for _, want := range []string{
		"func NewAddressFault(reason string, detail *Address) error {",
		"func AsAddressFault(err error) (*Address, bool) { return soap.DetailAs[Address](err) }",
		"XMLName struct{} `xml:\"http://schemas.datacontract.org/2004/07/Contoso.Orders Address\"` // the fault detail element",
	} {
		if !strings.Contains(string(got), want) {
			t.Errorf("generated code lacks %q", want)
		}
	}
	// Without the fault message, no fault helpers.
	d, err = Import(t.Context(), ordersMetadata, nil)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := Generate(d, GenOptions{Package: "orders"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(plain), "AddressFault") {
		t.Error("helpers generated without a wsdl:fault")
	}
}
