package soap_test

import (
	"errors"
	"fmt"

	"github.com/wwsgo/wws/soap"
	"github.com/wwsgo/wws/soap/xmltext"
)

// The tag forms of DataContract shapes: a contract hierarchy (Order and
// its KnownType RushOrder), a wrapped list, a dictionary, a nullable, an
// enum, a [Flags] enum, a Guid and a decimal.
type Order struct {
	XMLName struct{} `xml:"http://contoso.com/orders Order"`
	soap.Polymorphic
	ID     int32            `xml:"Id"`
	Tags   []string         `xml:"Tags>string" soap:"itemns=http://schemas.microsoft.com/2003/10/Serialization/Arrays"`
	Counts map[string]int32 `xml:"Counts>KeyValueOfstringint" soap:"itemns=http://schemas.microsoft.com/2003/10/Serialization/Arrays"`
	Note   *string          `xml:"Note"`
	Status OrderStatus      `xml:"Status"`
	Perms  []Perm           `xml:"Perms,list"`
	Ref    soap.GUID        `xml:"Ref"`
	Total  soap.Decimal     `xml:"Total"`
}

type OrderStatus string

const OrderStatusShipped OrderStatus = "Shipped"

type Perm string

type RushOrder struct {
	XMLName struct{} `xml:"http://contoso.com/rush RushOrder"`
	Order
	Priority int32 `xml:"Priority"`
}

func init() {
	if err := soap.RegisterKnownType(RushOrder{}); err != nil {
		panic(err)
	}
}

// A derived contract sent where its base is declared, and read back: the
// base pointer with its members, the derived value behind it.
func ExampleAsBase() {
	ref, _ := soap.ParseGUID("01234567-89ab-cdef-0123-456789abcdef")
	rush := &RushOrder{Priority: 1}
	rush.Order = Order{ID: 7, Tags: []string{"gift"}, Counts: map[string]int32{"box": 2}, Status: OrderStatusShipped,
		Perms: []Perm{"Read", "Write"}, Ref: ref, Total: soap.MustParseDecimal("10.50")}
	w := xmltext.NewWriter(nil)
	if err := soap.Encode(w, soap.AsBase[Order](rush)); err != nil {
		panic(err)
	}
	doc, _ := w.Finish()
	fmt.Printf("%s\n", doc)

	r, _ := xmltext.NewReader(doc, xmltext.Quotas{})
	r.Next()
	var o Order
	if err := soap.Decode(r, &o); err != nil {
		panic(err)
	}
	d := o.Derived().(*RushOrder)
	fmt.Println(o.ID, o.Total, o.Note == nil, d.Priority)
	// Output:
	// <Order xmlns="http://contoso.com/orders" xmlns:t="http://contoso.com/rush" xmlns:i="http://www.w3.org/2001/XMLSchema-instance" i:type="t:RushOrder"><Id>7</Id><Tags><string xmlns="http://schemas.microsoft.com/2003/10/Serialization/Arrays">gift</string></Tags><Counts><KeyValueOfstringint xmlns="http://schemas.microsoft.com/2003/10/Serialization/Arrays"><Key>box</Key><Value>2</Value></KeyValueOfstringint></Counts><Note i:nil="true"/><Status>Shipped</Status><Perms>Read Write</Perms><Ref>01234567-89ab-cdef-0123-456789abcdef</Ref><Total>10.50</Total><Priority xmlns="http://contoso.com/rush">1</Priority></Order>
	// 7 10.50 true 1
}

type OrderFault struct {
	XMLName struct{} `xml:"http://contoso.com/orders OrderFault"`
	Reason  string   `xml:"Reason"`
}

// A typed fault: the service returns it, the client gets its detail back.
func ExampleDetailAs() {
	f, err := soap.DetailFault(soap.FaultAction("http://tempuri.org/IOrderService/CancelOrder", "OrderFault"),
		"cannot cancel", &OrderFault{Reason: "shipped"})
	if err != nil {
		panic(err)
	}
	var callErr error = fmt.Errorf("CancelOrder: %w", f)
	if d, ok := soap.DetailAs[OrderFault](callErr); ok {
		fmt.Println(f.Action, d.Reason, errors.Is(callErr, f))
	}
	// Output: http://tempuri.org/IOrderService/CancelOrderOrderFaultFault shipped true
}
