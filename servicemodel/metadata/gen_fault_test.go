package metadata

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// faultsWSDL is the saved Mono IOrderService metadata with what .NET's
// exporter adds for CancelOrder's [FaultContract(typeof(OrderFault))] and
// Mono's leaves out: the OrderFault data contract in the schema and the
// fault message, its detail the element OrderFault.
func faultsWSDL(t *testing.T) []Document {
	t.Helper()
	return patchedOrders(t, map[string][][2]string{
		"wsdl0.wsdl": {
			{`<wsdl:portType name="IOrderService">`, `<wsdl:message name="IOrderService_CancelOrder_OrderFaultFault_FaultMessage"><wsdl:part name="detail" element="q1:OrderFault" xmlns:q1="http://schemas.datacontract.org/2004/07/Contoso.Orders" /></wsdl:message><wsdl:portType name="IOrderService">`},
			{`message="tns:IOrderService_CancelOrder_OutputMessage" />`, `message="tns:IOrderService_CancelOrder_OutputMessage" /><wsdl:fault wsaw:Action="http://contoso.com/orders/2024/IOrderService/CancelOrderOrderFaultFault" name="OrderFaultFault" message="tns:IOrderService_CancelOrder_OrderFaultFault_FaultMessage" />`},
		},
		// After the types of the operations before CancelOrder, as WCF's
		// exporter writes an operation's fault details after its bodies'.
		"xsd2.xsd": {
			{`<xs:complexType name="Team">`, `<xs:complexType name="OrderFault">
    <xs:sequence>
      <xs:element minOccurs="0" name="Code" type="xs:int" />
      <xs:element minOccurs="0" name="Message" nillable="true" type="xs:string" />
    </xs:sequence>
  </xs:complexType>
  <xs:element name="OrderFault" nillable="true" type="tns:OrderFault" />
  <xs:complexType name="Team">`},
		},
	})
}

// patchedOrders is the saved Mono IOrderService metadata with the text of
// the files named changed by their replacements (old, new; each old must
// occur).
func patchedOrders(t *testing.T, patches map[string][][2]string) []Document {
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
		if rs, ok := patches[filepath.Base(n)]; ok {
			s := string(data)
			for _, r := range rs {
				if !strings.Contains(s, r[0]) {
					t.Fatalf("%s lacks %q", n, r[0])
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
	for _, op := range d.PortTypes[0].Operations {
		if n := len(op.Faults); (op.Name == "CancelOrder") != (n == 1) || n > 1 {
			t.Errorf("%s has %d faults; want 1 for CancelOrder alone", op.Name, n)
		}
	}
	got, err := Generate(d, GenOptions{Package: "faults", Source: "testdata/wsdl/orders with a FaultContract on CancelOrder"})
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "internal/genfaults/faults.go", got)
	for _, want := range []string{
		"func NewOrderFaultFault(reason string, detail *OrderFault) error {",
		"func AsOrderFaultFault(err error) (*OrderFault, bool) { return soap.DetailAs[OrderFault](err) }",
		"XMLName struct{} `xml:\"http://schemas.datacontract.org/2004/07/Contoso.Orders OrderFault\"` // the fault detail element",
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
	if strings.Contains(string(plain), "OrderFault") {
		t.Error("helpers generated without a wsdl:fault")
	}
}

// TestGenerateSerializationTypes: char and System.DateTimeOffset members
// (Person's Initial and Since) map to soap.Char and soap.DateTimeOffset, a
// nullable DateTimeOffset to a pointer, and no Go type is declared for
// DateTimeOffset.
func TestGenerateSerializationTypes(t *testing.T) {
	docs := patchedOrders(t, map[string][][2]string{"xsd2.xsd": {{
		`<xs:element minOccurs="0" name="Name" nillable="true" type="xs:string" />`,
		`<xs:element minOccurs="0" name="Name" nillable="true" type="xs:string" /><xs:element minOccurs="0" name="Seen" nillable="true" type="q9:DateTimeOffset" xmlns:q9="http://schemas.datacontract.org/2004/07/System" />`,
	}}})
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
		"Since soap.DateTimeOffset `xml:\"http://schemas.datacontract.org/2004/07/Contoso.Orders Since\"`",
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
