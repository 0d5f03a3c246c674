package metadata

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func ordersDocs(t testing.TB) []Document {
	t.Helper()
	var docs []Document
	for _, n := range []string{"service.wsdl", "wsdl0.wsdl", "xsd0.xsd", "xsd1.xsd", "xsd2.xsd", "xsd3.xsd", "xsd4.xsd"} {
		b, err := os.ReadFile(filepath.Join(ordersMetadata, n))
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, Document{Name: n, Data: b})
	}
	return docs
}

func TestImportOrdersModel(t *testing.T) {
	d, err := ReadDocuments(ordersDocs(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	const dc = "http://schemas.datacontract.org/2004/07/Contoso.Orders"
	order := d.Schema.Types[QName{dc, "Order"}]
	if order == nil || len(order.Members) != 16 || order.Members[0].Name != "Big" || order.Members[0].Namespace != dc {
		t.Fatalf("Order = %+v", order)
	}
	if rush := d.Schema.Types[QName{dc, "RushOrder"}]; rush == nil || rush.Base != (QName{dc, "Order"}) {
		t.Errorf("RushOrder = %+v", rush)
	}
	if f := d.Schema.Types[QName{dc, "Options"}]; f == nil || f.Kind != KindFlags || strings.Join(f.Enum, ",") != "None,Gift,Express" {
		t.Errorf("Options = %+v", f)
	}
	if kv := d.Schema.Types[QName{NamespaceArrays, "ArrayOfKeyValueOfstringint"}]; kv == nil || !kv.IsDictionary {
		t.Errorf("dictionary = %+v", kv)
	}
	if len(d.Services) != 1 || len(d.Services[0].Ports) != 3 {
		t.Fatalf("services %+v", d.Services)
	}
	tcp := d.Services[0].Ports[2].Binding
	if !tcp.IsTCP() || !tcp.BinaryEncoding || !tcp.Addressing || tcp.SOAP != SOAP12 {
		t.Errorf("net.tcp binding %+v", tcp)
	}
	if p := d.Schema.Types[QName{dc, "Person"}]; p == nil || !p.IsReference {
		t.Errorf("Person = %+v; want IsReference", p)
	}
	if pt := d.PortTypes[0]; len(pt.Operations) != 12 || pt.Operations[0].Output.Action != "http://contoso.com/orders/2024/IOrderService/PingResponse" {
		t.Errorf("portType %+v", pt)
	}
}

// TestImportBadMetadata: malformed or hostile metadata gives an error
// naming the document (and the element), never a panic.
func TestImportBadMetadata(t *testing.T) {
	wsdlHead := `<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:tns="urn:t" targetNamespace="urn:t">`
	for name, tc := range map[string]struct{ doc, want string }{
		"dtd":           {`<!DOCTYPE x [<!ENTITY e "e">]><x/>`, "DTDs are not allowed"},
		"not xml":       {`<wsdl:definitions`, "doc.wsdl"},
		"html":          {`<html/>`, "not a WSDL 1.1"},
		"undef msg":     {wsdlHead + `<wsdl:portType name="P"><wsdl:operation name="O"><wsdl:input message="tns:M"/></wsdl:operation></wsdl:portType></wsdl:definitions>`, "message {urn:t}M is not defined"},
		"bad prefix":    {wsdlHead + `<wsdl:message name="M"><wsdl:part name="p" element="q:E"/></wsdl:message><wsdl:portType name="P"><wsdl:operation name="O"><wsdl:input message="tns:M"/></wsdl:operation></wsdl:portType></wsdl:definitions>`, `undeclared prefix "q"`},
		"rpc part":      {wsdlHead + `<wsdl:message name="M"><wsdl:part name="p" type="tns:T"/></wsdl:message><wsdl:portType name="P"><wsdl:operation name="O"><wsdl:input message="tns:M"/></wsdl:operation></wsdl:portType></wsdl:definitions>`, "rpc-style"},
		"bad occurs":    {wsdlHead + `<wsdl:types><xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t"><xs:complexType name="T"><xs:sequence><xs:element name="a" maxOccurs="-3"/></xs:sequence></xs:complexType></xs:schema></wsdl:types></wsdl:definitions>`, "maxOccurs"},
		"undef binding": {wsdlHead + `<wsdl:service name="S"><wsdl:port name="p" binding="tns:B"/></wsdl:service></wsdl:definitions>`, "binding {urn:t}B is not defined"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ReadDocuments([]Document{{Name: "doc.wsdl", Data: []byte(tc.doc)}}, nil)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "doc.wsdl") {
				t.Errorf("err = %v; want it to name doc.wsdl and say %q", err, tc.want)
			}
		})
	}
}

// TestImportBounds: depth, count, size and origin of imports are bounded.
func TestImportBounds(t *testing.T) {
	// Each document imports the next: an endless chain.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := len(r.URL.Query().Get("d"))
		fmt.Fprintf(w, `<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" targetNamespace="urn:%d"><wsdl:import namespace="urn:%d" location="?d=%s"/></wsdl:definitions>`,
			n, n+1, strings.Repeat("x", n+1))
	}))
	defer srv.Close()
	ctx := context.Background()
	if _, err := Import(ctx, srv.URL+"/?d=", &ImportOptions{MaxDepth: 3}); !errors.Is(err, ErrMetadataLimit) || !strings.Contains(err.Error(), "MaxDepth") {
		t.Errorf("depth: %v", err)
	}
	if _, err := Import(ctx, srv.URL+"/?d=", &ImportOptions{MaxDocuments: 4}); !errors.Is(err, ErrMetadataLimit) {
		t.Errorf("count: %v", err)
	}
	if _, err := Import(ctx, srv.URL+"/?d=", &ImportOptions{MaxBytes: 500}); !errors.Is(err, ErrMetadataLimit) {
		t.Errorf("size: %v", err)
	}
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" targetNamespace="urn:a"><wsdl:import namespace="urn:b" location="http://example.invalid/x.wsdl"/></wsdl:definitions>`)
	}))
	defer other.Close()
	if _, err := Import(ctx, other.URL+"/?wsdl", nil); !errors.Is(err, ErrMetadataOrigin) {
		t.Errorf("origin: %v", err)
	}
	// A saved directory never fetches URLs.
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.wsdl"), []byte(`<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" targetNamespace="urn:a"><wsdl:import namespace="urn:b" location="`+srv.URL+`/?d=x"/></wsdl:definitions>`), 0o644)
	if _, err := Import(ctx, dir, nil); !errors.Is(err, ErrMetadataOrigin) {
		t.Errorf("directory fetching a URL: %v", err)
	}
}

// FuzzReadDocuments feeds the reader and the generator documents mutated
// from real WSDL: Mono's IOrderService parts, the Go host's Calculator and
// the asmx-shaped inventory WSDL.
func FuzzReadDocuments(f *testing.F) {
	docs := ordersDocs(f)
	for _, d := range docs {
		f.Add(d.Data, []byte(nil))
	}
	f.Add(docs[1].Data, docs[4].Data)
	calc, err := os.ReadFile("../../testdata/wsdl/calculator.wsdl")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(calc, []byte(nil))
	// An asmx-shaped (XmlSerializer) WSDL: choice, any, mixed, simpleContent.
	inv, err := os.ReadFile(xmlserMetadata)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(inv, []byte(nil))
	// The Go host's own DataContract set (TestSetGolden's files): the
	// single WSDL alone, the service's WSDL with the contract's it imports,
	// and the contract's with each of its ?xsd parts.
	set := map[string][]byte{}
	names, err := filepath.Glob("../../testdata/http/orders/*")
	if err != nil || len(names) == 0 {
		f.Fatalf("testdata/http/orders: %v (run go test -run TestSetGolden -update)", err)
	}
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			f.Fatal(err)
		}
		set[filepath.Base(n)] = data
	}
	f.Add(set["single.wsdl"], []byte(nil))
	f.Add(set["service.wsdl"], set["wsdl0.wsdl"])
	for _, n := range names {
		if strings.HasSuffix(n, ".xsd") {
			f.Add(set["wsdl0.wsdl"], set[filepath.Base(n)])
		}
	}
	f.Fuzz(func(t *testing.T, a, b []byte) {
		in := []Document{{Name: "a.wsdl", Data: a}}
		if len(b) > 0 {
			in = append(in, Document{Name: "b.xsd", Data: b})
		}
		d, err := ReadDocuments(in, nil)
		if err != nil {
			var me *MetadataError
			if !errors.As(err, &me) && !errors.Is(err, ErrMetadataOrigin) && !errors.Is(err, ErrMetadataLimit) {
				t.Fatalf("error without a document: %v", err)
			}
			return
		}
		Generate(d, GenOptions{Package: "p"}) // must not panic; errors are fine
	})
}
