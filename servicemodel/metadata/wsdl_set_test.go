package metadata

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/beevik/etree"
	"github.com/google/go-cmp/cmp"

	"github.com/wwsgo/wws/servicemodel"
	orders "github.com/wwsgo/wws/servicemodel/metadata/internal/genfaults"
)

// ordersBase is where the golden Orders set says the Go host serves it.
const ordersBase = "http://127.0.0.1:8080/orders"

// ordersEndpoints are the Go host's Orders endpoints of the golden set.
func ordersEndpoints(base string) []Endpoint {
	return []Endpoint{
		{Address: base + "/soap11", Binding: servicemodel.NewBasicHTTPBinding()},
		{Address: base + "/soap12", Binding: servicemodel.NewWSHTTPBinding()},
		{Address: "net.tcp://127.0.0.1:8808/orders", Binding: servicemodel.NewNetTCPBinding()},
	}
}

// ordersSet is the metadata set of the Orders contract (the golden
// genfaults package's: every DataContract shape, a hierarchy and a
// FaultContract), its parts located at base.
func ordersSet(t testing.TB, base string) *servicemodel.MetadataSet {
	t.Helper()
	set, err := Set(orders.NewOrderServiceContract(nil), "", base, ordersEndpoints(ordersBase)...)
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// setFile is the golden file name of a set's document.
func setFile(d servicemodel.MetadataDocument) string {
	switch {
	case d.Name == "wsdl":
		return "service.wsdl"
	case strings.HasPrefix(d.Name, "wsdl="):
		return strings.TrimPrefix(d.Name, "wsdl=") + ".wsdl"
	}
	return strings.TrimPrefix(d.Name, "xsd=") + ".xsd"
}

// TestSetGolden compares the Orders set with testdata/http/orders (refresh
// with -update and review the diff): what ?wsdl and its ?xsd=xsdN parts
// serve, and ?singleWsdl.
func TestSetGolden(t *testing.T) {
	set := ordersSet(t, ordersBase)
	dir := filepath.Join("..", "..", "testdata", "http", "orders")
	files := map[string][]byte{"single.wsdl": set.SingleWSDL}
	for _, d := range set.Documents {
		files[setFile(d)] = d.Data
	}
	if *update {
		if err := os.RemoveAll(dir); err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for n, data := range files {
			if err := os.WriteFile(filepath.Join(dir, n), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	saved, err := filepath.Glob(filepath.Join(dir, "*"))
	if err != nil {
		t.Fatal(err)
	}
	if len(saved) != len(files) {
		t.Errorf("%s holds %d files; the set has %d (run with -update)", dir, len(saved), len(files))
	}
	for n, got := range files {
		want, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			t.Fatalf("%v (run with -update)", err)
		}
		if diff := cmp.Diff(string(want), string(got)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", n, diff)
		}
	}
}

// TestSetShape checks what WCF's tools rely on in the Orders set: one
// schema per namespace in the parts, located at ?xsd=xsdN (and without a
// location in a set for WS-MetadataExchange); DataContract types, the
// IsReference Person with ser:Id and ser:Ref, System's DateTimeOffset; the
// fault message, its portType and binding faults with the fault action.
func TestSetShape(t *testing.T) {
	set := ordersSet(t, ordersBase)
	var parts []string
	for _, d := range set.Documents {
		parts = append(parts, d.Name+" "+d.Dialect+" "+d.Identifier)
	}
	if diff := cmp.Diff([]string{
		"wsdl http://schemas.xmlsoap.org/wsdl/ http://tempuri.org/",
		"wsdl=wsdl0 http://schemas.xmlsoap.org/wsdl/ http://contoso.com/orders/2024",
		"xsd=xsd0 http://www.w3.org/2001/XMLSchema http://contoso.com/orders/2024",
		"xsd=xsd1 http://www.w3.org/2001/XMLSchema http://schemas.microsoft.com/2003/10/Serialization/",
		"xsd=xsd2 http://www.w3.org/2001/XMLSchema http://schemas.datacontract.org/2004/07/Contoso.Orders",
		"xsd=xsd3 http://www.w3.org/2001/XMLSchema http://schemas.microsoft.com/2003/10/Serialization/Arrays",
		"xsd=xsd4 http://www.w3.org/2001/XMLSchema http://schemas.datacontract.org/2004/07/System",
	}, parts); diff != "" {
		t.Errorf("documents (-want +got):\n%s", diff)
	}
	doc := func(data []byte) *etree.Document {
		d := etree.NewDocument()
		if err := d.ReadFromBytes(data); err != nil {
			t.Fatalf("not well-formed: %v", err)
		}
		return d
	}
	q := func(d *etree.Document, path string) []string {
		var out []string
		for _, e := range d.FindElements(path) {
			out = append(out, e.Tag+" "+attrs(e))
		}
		return out
	}
	root, wsdl, dc, arrays, ser, system := doc(set.Documents[0].Data), doc(set.Documents[1].Data), doc(set.Documents[4].Data), doc(set.Documents[5].Data), doc(set.Documents[3].Data), doc(set.Documents[6].Data)
	single := doc(set.SingleWSDL)
	tests := []struct {
		d    *etree.Document
		path string
		want []string
	}{
		{wsdl, "//wsdl:types/xs:schema/xs:import[1]", []string{"import namespace=http://contoso.com/orders/2024 schemaLocation=" + ordersBase + "?xsd=xsd0"}},
		{wsdl, "//wsdl:message[@name='IOrderService_CancelOrder_OrderFaultFault_FaultMessage']/wsdl:part", []string{"part element=q1:OrderFault name=detail"}},
		{wsdl, "//wsdl:portType/wsdl:operation[@name='CancelOrder']/wsdl:fault", []string{
			"fault message=tns:IOrderService_CancelOrder_OrderFaultFault_FaultMessage name=OrderFaultFault wsaw:Action=http://contoso.com/orders/2024/IOrderService/CancelOrderOrderFaultFault"}},
		{wsdl, "//wsdl:portType/wsdl:operation/wsdl:fault", []string{ // CancelOrder's alone
			"fault message=tns:IOrderService_CancelOrder_OrderFaultFault_FaultMessage name=OrderFaultFault wsaw:Action=http://contoso.com/orders/2024/IOrderService/CancelOrderOrderFaultFault"}},
		{root, "/wsdl:definitions/wsdl:import", []string{"import location=" + ordersBase + "?wsdl=wsdl0 namespace=http://contoso.com/orders/2024"}},
		{root, "/wsdl:definitions/wsdl:binding", []string{
			"binding name=BasicHttpBinding_IOrderService type=i0:IOrderService",
			"binding name=WSHttpBinding_IOrderService type=i0:IOrderService",
			"binding name=NetTcpBinding_IOrderService type=i0:IOrderService"}},
		{root, "/wsdl:definitions/wsdl:portType", nil},
		{wsdl, "/wsdl:definitions/wsdl:binding", nil},
		{root, "//wsdl:binding[@name='BasicHttpBinding_IOrderService']/wsdl:operation[@name='CancelOrder']/wsdl:fault/*", []string{"fault name=OrderFaultFault namespace= use=literal"}},
		{root, "//wsdl:binding[@name='NetTcpBinding_IOrderService']/soap12:binding", []string{"binding transport=http://schemas.microsoft.com/soap/tcp"}},
		{root, "//wsp:Policy[@wsu:Id='NetTcpBinding_IOrderService_policy']//wsp:All/*", []string{"BinaryEncoding ", "UsingAddressing "}},
		{dc, "/xs:schema/xs:import", []string{ // no location: Mono's importer would load a part twice
			"import namespace=http://schemas.microsoft.com/2003/10/Serialization/Arrays",
			"import namespace=http://schemas.microsoft.com/2003/10/Serialization/",
			"import namespace=http://schemas.datacontract.org/2004/07/System"}},
		{dc, "//xs:complexType[@name='Order']/xs:sequence/xs:element[@name='Lines']", []string{"element minOccurs=0 name=Lines nillable=true type=tns:ArrayOfOrderLine"}},
		{dc, "//xs:complexType[@name='Order']/xs:sequence/xs:element[@name='Tags']", []string{"element minOccurs=0 name=Tags nillable=true type=q1:ArrayOfstring"}},
		{dc, "//xs:complexType[@name='Order']/xs:sequence/xs:element[@name='Key']", []string{"element minOccurs=0 name=Key type=ser:guid"}},
		{dc, "//xs:complexType[@name='Order']/xs:sequence/xs:element[@name='Window']", []string{"element minOccurs=0 name=Window type=ser:duration"}},
		{dc, "//xs:complexType[@name='Order']/xs:sequence/xs:element[@name='Priority']", []string{"element minOccurs=0 name=Priority nillable=true type=xs:int"}},
		{dc, "//xs:complexType[@name='RushOrder']/xs:complexContent/xs:extension", []string{"extension base=tns:Order"}},
		{dc, "//xs:simpleType[@name='OrderStatus']/xs:restriction/xs:enumeration", []string{"enumeration value=New", "enumeration value=Shipped", "enumeration value=Cancelled"}},
		{dc, "//xs:simpleType[@name='Options']/xs:list/xs:simpleType/xs:restriction", []string{"restriction base=xs:string"}},
		{dc, "/xs:schema/xs:element[@name='Address']", []string{"element name=Address nillable=true type=tns:Address"}},
		{dc, "//xs:complexType[@name='OrderFault']/xs:sequence/xs:element", []string{
			"element minOccurs=0 name=Code type=xs:int",
			"element minOccurs=0 name=Message nillable=true type=xs:string"}},
		{dc, "/xs:schema/xs:element[@name='OrderFault']", []string{"element name=OrderFault nillable=true type=tns:OrderFault"}},
		{dc, "//xs:complexType[@name='Team']/xs:sequence/xs:element", []string{
			"element minOccurs=0 name=Lead nillable=true type=tns:Person",
			"element minOccurs=0 name=Members nillable=true type=tns:ArrayOfPerson"}},
		// IsReference: Person has ser:Id and ser:Ref (z:Id, z:Ref), no base.
		{dc, "//xs:complexType[@name='Person']/*", []string{"sequence ", "attribute ref=ser:Id", "attribute ref=ser:Ref"}},
		{dc, "//xs:complexType[@name='Person']/xs:sequence/xs:element", []string{
			"element minOccurs=0 name=Initial type=ser:char",
			"element minOccurs=0 name=Name nillable=true type=xs:string",
			"element minOccurs=0 name=Since type=q2:DateTimeOffset"}},
		{dc, "//xs:complexType[@name='ArrayOfPerson']//xs:element", []string{"element maxOccurs=unbounded minOccurs=0 name=Person nillable=true type=tns:Person"}},
		{system, "//xs:complexType[@name='DateTimeOffset']/xs:sequence/xs:element", []string{
			"element name=DateTime type=xs:dateTime",
			"element name=OffsetMinutes type=xs:short"}},
		{arrays, "//xs:complexType[@name='ArrayOfKeyValueOfstringint']/xs:annotation/xs:appinfo/*", []string{"IsDictionary xmlns=http://schemas.microsoft.com/2003/10/Serialization/"}},
		{arrays, "//xs:complexType[@name='ArrayOfstring']//xs:element", []string{"element maxOccurs=unbounded minOccurs=0 name=string nillable=true type=xs:string"}},
		{ser, "/xs:schema/xs:simpleType", []string{"simpleType name=char", "simpleType name=duration", "simpleType name=guid"}},
		{ser, "/xs:schema/xs:attribute[@name='Id']", []string{"attribute name=Id type=xs:ID"}},
		{ser, "/xs:schema/xs:attribute[@name='Ref']", []string{"attribute name=Ref type=xs:IDREF"}},
		{single, "//wsdl:types/xs:schema", []string{
			"schema elementFormDefault=qualified targetNamespace=http://contoso.com/orders/2024 xmlns:q1=http://schemas.datacontract.org/2004/07/Contoso.Orders xmlns:q2=http://schemas.microsoft.com/2003/10/Serialization/Arrays xmlns:ser=http://schemas.microsoft.com/2003/10/Serialization/ xmlns:tns=http://contoso.com/orders/2024 xmlns:xs=http://www.w3.org/2001/XMLSchema",
			"schema attributeFormDefault=qualified elementFormDefault=qualified targetNamespace=http://schemas.microsoft.com/2003/10/Serialization/ xmlns:tns=http://schemas.microsoft.com/2003/10/Serialization/ xmlns:xs=http://www.w3.org/2001/XMLSchema",
			"schema elementFormDefault=qualified targetNamespace=http://schemas.datacontract.org/2004/07/Contoso.Orders xmlns:q1=http://schemas.microsoft.com/2003/10/Serialization/Arrays xmlns:q2=http://schemas.datacontract.org/2004/07/System xmlns:ser=http://schemas.microsoft.com/2003/10/Serialization/ xmlns:tns=http://schemas.datacontract.org/2004/07/Contoso.Orders xmlns:xs=http://www.w3.org/2001/XMLSchema",
			"schema elementFormDefault=qualified targetNamespace=http://schemas.microsoft.com/2003/10/Serialization/Arrays xmlns:tns=http://schemas.microsoft.com/2003/10/Serialization/Arrays xmlns:xs=http://www.w3.org/2001/XMLSchema",
			"schema elementFormDefault=qualified targetNamespace=http://schemas.datacontract.org/2004/07/System xmlns:tns=http://schemas.datacontract.org/2004/07/System xmlns:xs=http://www.w3.org/2001/XMLSchema",
		}},
		{single, "//xs:import[@schemaLocation]", nil},
	}
	for _, tc := range tests {
		if diff := cmp.Diff(tc.want, q(tc.d, tc.path)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.path, diff)
		}
	}
	// A set for WS-MetadataExchange (no base) locates nothing.
	for _, d := range ordersSet(t, "").Documents {
		if strings.Contains(string(d.Data), "?xsd=") || strings.Contains(string(d.Data), "?wsdl=") {
			t.Errorf("%s of a set without base has a location", d.Name)
		}
	}
}

// TestGenerateRoundTripGolden generates Go from the Go host's own Orders
// set (its ?wsdl and ?xsd parts, as wsproxy gen reads them) into
// internal/genroundtrip, and checks that its data contracts, server
// interface and client are the originals' (internal/genfaults): the
// declarations are the same text, only the header and the endpoints differ.
func TestGenerateRoundTripGolden(t *testing.T) {
	set := ordersSet(t, ordersBase)
	var docs []Document
	for _, d := range set.Documents {
		docs = append(docs, Document{Name: ordersBase + "?" + d.Name, Data: d.Data})
	}
	d, err := ReadDocuments(docs, nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Generate(d, GenOptions{Package: "roundtrip", Source: "the Go host's Orders ?wsdl (internal/genfaults' contract)"})
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "internal/genroundtrip/roundtrip.go", got)
	orig, err := os.ReadFile("internal/genfaults/faults.go")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(declarations(string(orig)), declarations(string(got))); diff != "" {
		t.Errorf("the round trip changes declarations (-genfaults +genroundtrip):\n%s", diff)
	}
}

// declarations is a generated package without its header (through the
// imports) and its endpoint list.
func declarations(src string) string {
	_, body, _ := strings.Cut(src, "\n)\n")
	body, _, _ = strings.Cut(body, "// Endpoint is a port")
	return body
}

// TestImportServedSet: Import follows the Go host's ?wsdl to ?wsdl=wsdl0
// and the ?xsd=xsdN parts over HTTP, as wsproxy gen does, and the package
// generated from what it read declares the originals (internal/genfaults).
func TestImportServedSet(t *testing.T) {
	base := freeBase(t)
	openOrdersHost(t, base, nil)
	d, err := Import(context.Background(), base+"soap11?wsdl", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.PortTypes) != 1 || len(d.PortTypes[0].Operations) != 12 {
		t.Fatalf("imported %d portTypes; want IOrderService with 12 operations", len(d.PortTypes))
	}
	got, err := Generate(d, GenOptions{Package: "roundtrip"})
	if err != nil {
		t.Fatal(err)
	}
	orig, err := os.ReadFile("internal/genfaults/faults.go")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(declarations(string(orig)), declarations(string(got))); diff != "" {
		t.Errorf("generated from the served ?wsdl (-genfaults +got):\n%s", diff)
	}
	if !strings.Contains(string(got), base+"soap11") {
		t.Errorf("the generated endpoints lack %s", base+"soap11")
	}
}
