package soap_test

import (
	"fmt"

	"github.com/wwsgo/wws/soap"
	"github.com/wwsgo/wws/soap/infoset"
)

type Add struct {
	XMLName struct{} `xml:"http://tempuri.org/ Add"`
	A       int32    `xml:"a"`
	B       int32    `xml:"b"`
}

// A request written and read back through the in-memory tree encoding.
func Example() {
	m := soap.NewMessage(soap.Soap12WSAddressing10, "http://tempuri.org/ICalculator/Add", &Add{A: 2, B: 3})
	m.MessageID = soap.NewMessageID()
	m.ReplyTo = &soap.EndpointReference{Address: soap.Addressing10.Anonymous()}
	m.To = "net.tcp://127.0.0.1:8808/calculator"
	var w infoset.TreeWriter
	if err := soap.WriteEnvelope(&w, m); err != nil {
		panic(err)
	}

	got, err := soap.ReadEnvelope(infoset.NewTreeReader(w.Nodes()...), soap.ReadOptions{Version: soap.Soap12WSAddressing10})
	if err != nil {
		panic(err)
	}
	var req Add
	if err := got.DecodeBody(&req); err != nil {
		panic(err)
	}
	fmt.Println(got.Action, got.BodyName().Local, req.A+req.B)
	// Output: http://tempuri.org/ICalculator/Add Add 5
}

// A fault is an error; a service turns one into a fault message.
func ExampleActionNotSupportedFault() {
	f := soap.ActionNotSupportedFault("urn:unknown")
	m := soap.NewFaultMessage(soap.Soap12WSAddressing10, f)
	fmt.Println(m.Action)
	fmt.Println(f.Code.String())
	// Output:
	// http://www.w3.org/2005/08/addressing/fault
	// Sender/ActionNotSupported
}

// A reader of many messages reads them all into one Message: over a
// binary session the second request costs no allocation for its message.
func ExampleReadMessageTo() {
	sender := soap.NewBinaryEncoding(true, soap.EncodingOptions{}).NewEncoder()
	receiver := soap.NewBinaryEncoding(true, soap.EncodingOptions{}).NewEncoder()
	var m soap.Message // reused for every message read
	for i := int32(1); i <= 2; i++ {
		req := soap.NewMessage(soap.Soap12WSAddressing10, "http://tempuri.org/ICalculator/Add", &Add{A: i, B: 10})
		req.To = "net.tcp://127.0.0.1:8808/calculator"
		b, err := sender.WriteMessage(nil, req)
		if err != nil {
			panic(err)
		}
		if err := soap.ReadMessageTo(receiver, &m, b); err != nil {
			panic(err)
		}
		var add Add
		if err := m.DecodeBody(&add); err != nil {
			panic(err)
		}
		fmt.Println(m.To, add.A+add.B)
	}
	// Output:
	// net.tcp://127.0.0.1:8808/calculator 11
	// net.tcp://127.0.0.1:8808/calculator 12
}
