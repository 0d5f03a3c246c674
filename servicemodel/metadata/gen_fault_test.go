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
	return patchedOrders(t, "wsdl0.wsdl", [][2]string{
		{`<wsdl:portType name="IOrderService">`, `<wsdl:message name="IOrderService_CancelOrder_AddressFault_FaultMessage"><wsdl:part name="detail" element="q1:Address" xmlns:q1="http://schemas.datacontract.org/2004/07/Contoso.Orders" /></wsdl:message><wsdl:portType name="IOrderService">`},
		{`message="tns:IOrderService_CancelOrder_OutputMessage" />`, `message="tns:IOrderService_CancelOrder_OutputMessage" /><wsdl:fault wsaw:Action="http://contoso.com/orders/2024/IOrderService/CancelOrderAddressFault" name="AddressFault" message="tns:IOrderService_CancelOrder_AddressFault_FaultMessage" />`},
	})
}

// patchedOrders is the saved Mono IOrderService metadata with file's text
// changed by replacements (old, new; each old must occur).
func patchedOrders(t *testing.T, file string, replacements [][2]string) []Document {
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
		if filepath.Base(n) == file {
			s := string(data)
			for _, r := range replacements {
				if !strings.Contains(s, r[0]) {
					t.Fatalf("%s lacks %q", file, r[0])
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

// TestGenerateSerializationTypes: char and System.DateTimeOffset members
// (not in the Mono service) map to soap.Char and soap.DateTimeOffset, and
// no Go type is declared for DateTimeOffset.
func TestGenerateSerializationTypes(t *testing.T) {
	docs := patchedOrders(t, "xsd2.xsd", [][2]string{{
		`<xs:element minOccurs="0" name="Street" nillable="true" type="xs:string" />`,
		`<xs:element minOccurs="0" name="Street" nillable="true" type="xs:string" /><xs:element minOccurs="0" name="Initial" type="ser:char" /><xs:element minOccurs="0" name="Stamp" type="q9:DateTimeOffset" xmlns:q9="http://schemas.datacontract.org/2004/07/System" /><xs:element minOccurs="0" name="Seen" nillable="true" type="q9:DateTimeOffset" xmlns:q9="http://schemas.datacontract.org/2004/07/System" />`,
	}})
	d, err := ReadDocuments(docs, nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Generate(d, GenOptions{Package: "orders"})
	if err != nil {
		t.Fatal(err)
	}
	flat := strings.Join(strings.Fields(string(got)), " ")
	for _, want := range []string{
		"Initial soap.Char `xml:\"http://schemas.datacontract.org/2004/07/Contoso.Orders Initial\"`",
		"Stamp soap.DateTimeOffset `xml:\"http://schemas.datacontract.org/2004/07/Contoso.Orders Stamp\"`",
		"Seen *soap.DateTimeOffset `xml:\"http://schemas.datacontract.org/2004/07/Contoso.Orders Seen\"`",
		"\"github.com/wwsgo/wws/soap\"",
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("generated code lacks %q", want)
		}
	}
	if strings.Contains(flat, "type DateTimeOffset") {
		t.Error("DateTimeOffset declared")
	}
}
