package metadata

// XmlSerializer-style metadata (testdata/wsdl/xmlser/inventory.wsdl, an
// asmx-shaped WSDL): the golden package internal/genxmlser, and a round
// trip of its types through the codec and through a host of its contract.

import (
	"context"
	"testing"
)

const xmlserMetadata = "../../testdata/wsdl/xmlser/inventory.wsdl"

func TestGenerateXmlSerializerGolden(t *testing.T) {
	d, err := Import(context.Background(), xmlserMetadata, nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Generate(d, GenOptions{Package: "inventory", Source: "testdata/wsdl/xmlser/inventory.wsdl"})
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "internal/genxmlser/inventory.go", got)
}
