package infoset_test

import (
	"fmt"
	"time"

	"github.com/wwsgo/wws/soap/infoset"
)

// Typed text values render the way System.Xml.XmlConvert does, so a value
// read from .NET Binary XML prints as WCF's text encoding would write it.
func ExampleText() {
	fmt.Println(infoset.Float64(1e15))
	fmt.Println(infoset.DateTime(time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)))
	fmt.Println(infoset.Duration(90 * time.Minute))
	fmt.Println(infoset.UniqueID([16]byte{0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF}))
	// Output:
	// 1E+15
	// 2020-01-02T03:04:05Z
	// PT1H30M
	// urn:uuid:33221100-5544-7766-8899-aabbccddeeff
}

// A TreeWriter records what a Writer is given; unbound prefixes are
// declared on the element that uses them.
func ExampleTreeWriter() {
	var w infoset.TreeWriter
	w.StartElement("s", "Body", "http://www.w3.org/2003/05/soap-envelope")
	w.StartElement("", "Add", "http://tempuri.org/")
	w.Text(infoset.Int(5))
	w.EndElement()
	w.EndElement()
	body := w.Nodes()[0]
	fmt.Println(body.Name, body.Attrs[0].Name, body.Children[0].Name.Space, body.Children[0].Children[0].Text)
	// Output: s:Body xmlns:s http://tempuri.org/ 5
}
