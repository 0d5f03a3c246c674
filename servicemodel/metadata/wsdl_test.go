package metadata

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/beevik/etree"
	"github.com/google/go-cmp/cmp"

	"github.com/wwsgo/wws/servicemodel"
	"github.com/wwsgo/wws/servicemodel/calculator"
	"github.com/wwsgo/wws/soap"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/")

// calcWSDL is the WSDL of the Calculator at wshost's default HTTP endpoints.
func calcWSDL(t testing.TB) []byte {
	t.Helper()
	doc, err := WSDL(calculator.Contract(), "",
		Endpoint{Address: "http://127.0.0.1:8080/calculator", Binding: servicemodel.NewWSHTTPBinding()},
		Endpoint{Address: "http://127.0.0.1:8080/calculator/basic", Binding: servicemodel.NewBasicHTTPBinding()},
		Endpoint{Address: "http://127.0.0.1:8080/calculator/binary", Binding: servicemodel.NewBinaryHTTPBinding()})
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestWSDLGolden compares the Calculator's WSDL with testdata/http/calculator.wsdl
// (refresh with -update).
func TestWSDLGolden(t *testing.T) {
	got := calcWSDL(t)
	path := filepath.Join("..", "..", "testdata", "http", "calculator.wsdl")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("WSDL differs from %s (-want +got):\n%s", path, diff)
	}
}

// TestWSDLShape checks the parts of the document svcutil relies on.
func TestWSDLShape(t *testing.T) {
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(calcWSDL(t)); err != nil {
		t.Fatalf("WSDL is not well-formed: %v", err)
	}
	q := func(path string) []string {
		var out []string
		for _, e := range doc.FindElements(path) {
			out = append(out, e.Tag+" "+attrs(e))
		}
		return out
	}
	tests := []struct {
		path string
		want []string
	}{
		{"//wsdl:message[@name='ICalculator_Add_InputMessage']/wsdl:part", []string{"part element=tns:Add name=parameters"}},
		{"//wsdl:message[@name='ICalculator_Notify_OutputMessage']", nil},
		{"//xs:element[@name='Add']//xs:element", []string{"element minOccurs=0 name=a type=xs:int", "element minOccurs=0 name=b type=xs:int"}},
		{"//xs:element[@name='Echo']//xs:element", []string{"element minOccurs=0 name=text nillable=true type=xs:string"}},
		{"//xs:element[@name='BlobResponse']//xs:element", []string{"element minOccurs=0 name=BlobResult nillable=true type=xs:base64Binary"}},
		{"//xs:element[@name='NotifyCount']/xs:complexType/xs:sequence/*", nil},
		{"//wsdl:portType[@name='ICalculator']/wsdl:operation[@name='Add']/*", []string{
			"input message=tns:ICalculator_Add_InputMessage wsaw:Action=http://tempuri.org/ICalculator/Add",
			"output message=tns:ICalculator_Add_OutputMessage wsaw:Action=http://tempuri.org/ICalculator/AddResponse"}},
		{"//wsdl:portType/wsdl:operation[@name='Notify']/*", []string{"input message=tns:ICalculator_Notify_InputMessage wsaw:Action=http://tempuri.org/ICalculator/Notify"}},
		{"//wsdl:binding[@name='BasicHttpBinding_ICalculator']/wsdl:operation[@name='Echo']/soap:operation", []string{"operation soapAction=http://tempuri.org/ICalculator/Echo style=document"}},
		{"//wsdl:binding[@name='WSHttpBinding_ICalculator']/*[1]", []string{"PolicyReference URI=#WSHttpBinding_ICalculator_policy"}},
		{"//wsdl:binding[@name='WSHttpBinding_ICalculator']/soap12:binding", []string{"binding transport=http://schemas.xmlsoap.org/soap/http"}},
		{"//wsp:Policy[@wsu:Id='WSHttpBinding_ICalculator_policy']//wsp:All/*", []string{"UsingAddressing "}},
		{"//wsp:Policy[@wsu:Id='CustomBinding_ICalculator_policy']//wsp:All/*", []string{"BinaryEncoding ", "UsingAddressing "}},
		{"//wsdl:service[@name='CalculatorService']/wsdl:port", []string{
			"port binding=tns:WSHttpBinding_ICalculator name=WSHttpBinding_ICalculator",
			"port binding=tns:BasicHttpBinding_ICalculator name=BasicHttpBinding_ICalculator",
			"port binding=tns:CustomBinding_ICalculator name=CustomBinding_ICalculator"}},
		{"//wsdl:port[@name='BasicHttpBinding_ICalculator']/soap:address", []string{"address location=http://127.0.0.1:8080/calculator/basic"}},
		{"//wsdl:port[@name='WSHttpBinding_ICalculator']/wsa10:EndpointReference/wsa10:Address", []string{"Address "}},
	}
	for _, tc := range tests {
		if diff := cmp.Diff(tc.want, q(tc.path)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.path, diff)
		}
	}
}

// attrs renders e's attributes sorted, as "prefix:key=value" ("wsdl:" dropped).
func attrs(e *etree.Element) string {
	var parts []string
	for _, a := range e.Attr {
		k := a.Key
		if a.Space != "" && a.Space != "wsdl" {
			k = a.Space + ":" + k
		}
		parts = append(parts, k+"="+a.Value)
	}
	slices.Sort(parts)
	return strings.Join(parts, " ")
}

type wsdlInner struct {
	When  time.Time     `xml:"when"`
	Span  time.Duration `xml:"span"`
	Ratio float64       `xml:"ratio"`
}

type wsdlKinds struct {
	XMLName struct{}   `xml:"urn:kinds Kinds"`
	ID      int64      `xml:"id,attr"`
	Ok      bool       `xml:"ok"`
	U8      uint8      `xml:"u8"`
	F32     float32    `xml:"f32"`
	Inner   wsdlInner  `xml:"inner"`
	Ptr     *int32     `xml:"ptr"`
	List    []string   `xml:"item"`
	Skipped string     `xml:"-"`
	hidden  int        //nolint:unused
	Nested  *wsdlInner `xml:"nested"`
}

type wsdlRecursive struct {
	Next *wsdlRecursive
}

type wsdlBad struct {
	C chan int
}

// TestWSDLSchemaTypes maps each Go kind to its XSD type.
func TestWSDLSchemaTypes(t *testing.T) {
	x := newExporter()
	if err := x.wrapper(reflect.TypeFor[wsdlKinds](), "Kinds", "urn:kinds"); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range x.schema("urn:kinds").root.FindElements("//xs:element") { // etree: breadth first
		got = append(got, attrs(e))
	}
	for _, e := range x.schema("urn:kinds").root.FindElements("//xs:attribute") {
		got = append(got, "attr "+attrs(e))
	}
	want := []string{
		"name=Kinds",
		"name=wsdlInner nillable=true type=tns:wsdlInner",
		"minOccurs=0 name=when type=xs:dateTime",
		"minOccurs=0 name=span type=ser:duration",
		"minOccurs=0 name=ratio type=xs:double",
		"minOccurs=0 name=ok type=xs:boolean",
		"minOccurs=0 name=u8 type=xs:unsignedByte",
		"minOccurs=0 name=f32 type=xs:float",
		"minOccurs=0 name=inner type=tns:wsdlInner",
		"minOccurs=0 name=ptr nillable=true type=xs:int",
		"maxOccurs=unbounded minOccurs=0 name=item nillable=true type=xs:string",
		"minOccurs=0 name=nested nillable=true type=tns:wsdlInner",
		"attr name=id type=xs:long",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("schema (-want +got):\n%s", diff)
	}
	// A recursive struct is a named type that refers to itself.
	x = newExporter()
	if err := x.wrapper(reflect.TypeFor[wsdlRecursive](), "R", "urn:r"); err != nil {
		t.Fatal(err)
	}
	if got := x.schema("urn:r").root.FindElements("//xs:complexType[@name='wsdlRecursive']//xs:element[@type='tns:wsdlRecursive']"); len(got) != 1 {
		t.Errorf("wsdlRecursive's Next: %d elements of its own type; want 1", len(got))
	}
	for _, typ := range []reflect.Type{reflect.TypeFor[wsdlBad](), reflect.TypeFor[int]()} {
		err := newExporter().wrapper(typ, "X", "urn:x")
		if !errors.Is(err, ErrUnsupportedType) {
			t.Errorf("%v: error %v; want ErrUnsupportedType", typ, err)
		}
	}
}

type wsdlSerialization struct {
	XMLName struct{}             `xml:"urn:s Serial"`
	Key     soap.GUID            `xml:"Key"`
	MaybeID *soap.GUID           `xml:"MaybeID"`
	Letter  soap.Char            `xml:"Letter"`
	Span    time.Duration        `xml:"Span"`
	At      soap.DateTimeOffset  `xml:"At"`
	MaybeAt *soap.DateTimeOffset `xml:"MaybeAt"`
	Amount  soap.Decimal         `xml:"Amount"`
	Raw     []byte               `xml:"Raw"`
	Plain   wsdlPlainString      `xml:"Plain"`
}

// wsdlPlainString is a named string type without Values: a string.
type wsdlPlainString string

// TestWSDLSerializationTypes maps soap's Serialization types to the
// Serialization namespace's (and System's DateTimeOffset), as WCF does.
func TestWSDLSerializationTypes(t *testing.T) {
	x := newExporter()
	if err := x.wrapper(reflect.TypeFor[wsdlSerialization](), "Serial", "urn:s"); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range x.schema("urn:s").root.FindElements("/xs:element/xs:complexType/xs:sequence/xs:element") {
		got = append(got, attrs(e))
	}
	want := []string{
		"minOccurs=0 name=Key type=ser:guid",
		"minOccurs=0 name=MaybeID nillable=true type=ser:guid",
		"minOccurs=0 name=Letter type=ser:char",
		"minOccurs=0 name=Span type=ser:duration",
		"minOccurs=0 name=At type=q1:DateTimeOffset",
		"minOccurs=0 name=MaybeAt nillable=true type=q1:DateTimeOffset",
		"minOccurs=0 name=Amount type=xs:decimal",
		"minOccurs=0 name=Raw nillable=true type=xs:base64Binary",
		"minOccurs=0 name=Plain nillable=true type=xs:string",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("members (-want +got):\n%s", diff)
	}
	sys := x.schema(nsSystem).root
	got = nil
	for _, e := range sys.FindElements("//xs:complexType[@name='DateTimeOffset']//xs:element") {
		got = append(got, attrs(e))
	}
	if diff := cmp.Diff([]string{"name=DateTime type=xs:dateTime", "name=OffsetMinutes type=xs:short"}, got); diff != "" {
		t.Errorf("DateTimeOffset (-want +got):\n%s", diff)
	}
	if len(sys.FindElements("//xs:complexType[@name='DateTimeOffset']")) != 1 {
		t.Error("DateTimeOffset declared more than once")
	}
}

type wsdlPoint struct {
	X int32 `xml:"X"`
}

type wsdlPointRequest struct {
	XMLName struct{}  `xml:"urn:p Move"`
	To      wsdlPoint `xml:"To"`
}

type wsdlPointElement struct { // a wrapper element named as the data contract
	XMLName struct{} `xml:"urn:p wsdlPoint"`
	Y       int32    `xml:"Y"`
}

type wsdlOtherMove struct {
	XMLName struct{} `xml:"urn:p Move"`
}

// TestWSDLWrapperNames: a wrapper element keeps its name when a data
// contract of the same name comes first (the contract's global element
// yields), and one element name for two wrapper types is an error.
func TestWSDLWrapperNames(t *testing.T) {
	x := newExporter()
	seen := map[reflect.Type]bool{}
	x.surveyWrapper(reflect.TypeFor[wsdlPointRequest](), "Move", "urn:p", seen)
	x.surveyWrapper(reflect.TypeFor[wsdlPointElement](), "wsdlPoint", "urn:p", seen)
	for _, w := range []struct {
		t     reflect.Type
		local string
	}{{reflect.TypeFor[wsdlPointRequest](), "Move"}, {reflect.TypeFor[wsdlPointElement](), "wsdlPoint"}} {
		if err := x.wrapper(w.t, w.local, "urn:p"); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	for _, e := range x.schema("urn:p").root.FindElements("/xs:element") {
		got = append(got, attrs(e))
	}
	if diff := cmp.Diff([]string{"name=Move", "name=wsdlPoint"}, got); diff != "" {
		t.Errorf("global elements (-want +got):\n%s", diff)
	}
	if n := len(x.schema("urn:p").root.FindElements("/xs:complexType[@name='wsdlPoint']")); n != 1 {
		t.Errorf("%d complexTypes wsdlPoint; want 1", n)
	}
	if err := x.wrapper(reflect.TypeFor[wsdlOtherMove](), "Move", "urn:p"); !errors.Is(err, ErrUnsupportedType) {
		t.Errorf("a second wrapper type named Move: error %v; want ErrUnsupportedType", err)
	}
}
