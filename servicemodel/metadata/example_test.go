package metadata_test

import (
	"context"
	"fmt"
	"log"

	"github.com/beevik/etree"

	"github.com/wwsgo/wws/servicemodel"
	"github.com/wwsgo/wws/servicemodel/calculator"
	"github.com/wwsgo/wws/servicemodel/metadata"
	orders "github.com/wwsgo/wws/servicemodel/metadata/internal/genfaults"
)

// A host answers GET ?wsdl, its ?xsd=xsdN parts and ?singleWsdl on its
// HTTP endpoints when its options name a metadata writer (TestHTTPGet runs
// this).
func ExampleHTTPGet() {
	h, err := servicemodel.NewHost(&servicemodel.HostOptions{Metadata: metadata.HTTPGet},
		&servicemodel.Endpoint{Address: "http://127.0.0.1:8080/calculator",
			Binding: servicemodel.NewWSHTTPBinding(), Contract: calculator.Contract()})
	if err != nil {
		log.Fatal(err)
	}
	if err := h.Open(context.Background()); err != nil {
		log.Fatal(err)
	}
	defer h.Close(context.Background())
	// GET http://127.0.0.1:8080/calculator?wsdl now returns the WSDL.
}

// The WSDL of the Calculator at one SOAP 1.2 and one SOAP 1.1 endpoint:
// one wsdl:port per endpoint, its binding named as WCF names it.
func ExampleWSDL() {
	doc, err := metadata.WSDL(calculator.Contract(), "",
		metadata.Endpoint{Address: "http://127.0.0.1:8080/calculator", Binding: servicemodel.NewWSHTTPBinding()},
		metadata.Endpoint{Address: "http://127.0.0.1:8080/calculator/basic", Binding: servicemodel.NewBasicHTTPBinding()})
	if err != nil {
		log.Fatal(err)
	}
	d := etree.NewDocument()
	if err := d.ReadFromBytes(doc); err != nil {
		log.Fatal(err)
	}
	for _, port := range d.FindElements("//wsdl:service/wsdl:port") {
		fmt.Println(port.SelectAttrValue("name", ""))
	}
	// Output:
	// WSHttpBinding_ICalculator
	// BasicHttpBinding_ICalculator
}

// The metadata set of a DataContract service (the Orders contract of a
// generated package), as ?wsdl and its parts serve it, or as a
// WS-MetadataExchange response lists its sections: the service's WSDL,
// the contract's WSDL it imports, and one schema per namespace.
func ExampleSet() {
	set, err := metadata.Set(orders.NewOrderServiceContract(nil), "", "http://127.0.0.1:8080/orders",
		metadata.Endpoint{Address: "http://127.0.0.1:8080/orders", Binding: servicemodel.NewBasicHTTPBinding()})
	if err != nil {
		log.Fatal(err)
	}
	for _, d := range set.Documents {
		fmt.Printf("?%-10s %s\n", d.Name, d.Identifier)
	}
	// Output:
	// ?wsdl       http://tempuri.org/
	// ?wsdl=wsdl0 http://contoso.com/orders/2024
	// ?xsd=xsd0   http://contoso.com/orders/2024
	// ?xsd=xsd1   http://schemas.microsoft.com/2003/10/Serialization/
	// ?xsd=xsd2   http://schemas.datacontract.org/2004/07/Contoso.Orders
	// ?xsd=xsd3   http://schemas.microsoft.com/2003/10/Serialization/Arrays
	// ?xsd=xsd4   http://schemas.datacontract.org/2004/07/System
}
