package soap

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// orderFault is a FaultContract detail type with a nested contract, a
// list and a derived value where its base is declared.
type orderFault struct {
	XMLName struct{}  `xml:"http://contoso.com/orders OrderFault"`
	Code    int32     `xml:"Code"`
	Lines   []string  `xml:"Lines>string" soap:"itemns=http://schemas.microsoft.com/2003/10/Serialization/Arrays"`
	Order   *dcsOrder `xml:"Order"`
}

// TestDetailFaultRoundTrip sends a typed fault through every encoding and
// message version and reads its detail back as the Go value.
func TestDetailFaultRoundTrip(t *testing.T) {
	r := &dcsRush{Priority: 4}
	r.ID = 11
	sent := &orderFault{Code: 7, Lines: []string{"a", "b"}, Order: AsBase[dcsOrder](r)}
	f, err := DetailFault("http://tempuri.org/IOrderService/CancelOrderOrderFaultFault", "cannot cancel", sent)
	if err != nil {
		t.Fatal(err)
	}
	if !f.Code.IsSender() || f.Reason() != "cannot cancel" {
		t.Errorf("code %v reason %q", f.Code.String(), f.Reason())
	}
	for _, ct := range []string{"application/soap+xml; charset=utf-8", "text/xml; charset=utf-8", "application/soap+msbin1", "application/soap+msbinsession1"} {
		e, ok := LookupEncoding(ct)
		if !ok {
			t.Fatalf("no encoding %s", ct)
		}
		enc := e.NewEncoder()
		for range 2 { // the session encoder's second message uses its table
			b, err := enc.WriteMessage(nil, NewFaultMessage(e.MessageVersion(), f.ForVersion(e.MessageVersion())))
			if err != nil {
				t.Fatal(err)
			}
			m, err := enc.ReadMessage(b)
			if err != nil {
				t.Fatal(err)
			}
			got, err := m.Fault()
			if err != nil {
				t.Fatal(err)
			}
			if e.MessageVersion().Envelope == EnvelopeSoap12 && got.Action != f.Action {
				t.Errorf("%s: action %q", ct, got.Action)
			}
			if n, ok := got.DetailName(); !ok || n.Local != "OrderFault" || n.Space != nsOrders {
				t.Errorf("%s: DetailName = %v, %v", ct, n, ok)
			}
			d, ok := DetailAs[orderFault](fmt.Errorf("call: %w", got))
			if !ok {
				t.Fatalf("%s: DetailAs failed: %v", ct, got.DecodeDetail(new(orderFault)))
			}
			if d.Code != 7 || strings.Join(d.Lines, ",") != "a,b" || d.Order == nil || d.Order.ID != 11 {
				t.Errorf("%s: detail %+v", ct, d)
			}
			if dr, ok := d.Order.Derived().(*dcsRush); !ok || dr.Priority != 4 {
				t.Errorf("%s: derived order %+v", ct, d.Order.Derived())
			}
			if _, ok := DetailAs[dcsLine](got); ok {
				t.Errorf("%s: DetailAs of another contract succeeded", ct)
			}
		}
	}
	if _, ok := DetailAs[orderFault](errors.New("not a fault")); ok {
		t.Error("DetailAs of a plain error")
	}
	if err := SenderFault("x").DecodeDetail(new(orderFault)); !errors.Is(err, ErrNoDetail) {
		t.Errorf("DecodeDetail without detail = %v", err)
	}
	if _, err := DetailFault("", "x", 42); !errors.Is(err, ErrUnsupportedType) {
		t.Errorf("DetailFault(int) = %v", err)
	}
	if got := FaultAction("http://tempuri.org/IOrderService/CancelOrder", "OrderFault"); got != "http://tempuri.org/IOrderService/CancelOrderOrderFaultFault" {
		t.Errorf("FaultAction = %s", got)
	}
}

// monoOrderFault is the detail type of testdata/dcs/fault.cs.
type monoOrderFault struct {
	XMLName struct{} `xml:"http://contoso.com/orders OrderFault"`
	Amount  Decimal  `xml:"Amount"`
	Code    int32    `xml:"Code"`
	Lines   []string `xml:"Lines>string" soap:"itemns=http://schemas.microsoft.com/2003/10/Serialization/Arrays"`
	Ref     GUID     `xml:"Ref"`
	Why     *string  `xml:"Why"`
}

// TestDetailFaultFromWCF reads the fault message WCF (Mono) sends for a
// FaultException<OrderFault>, text and binary, and decodes its detail.
func TestDetailFaultFromWCF(t *testing.T) {
	for _, tc := range []struct{ file, ct string }{
		{"fault.xml", "application/soap+xml; charset=utf-8"},
		{"fault.bin", "application/soap+msbin1"},
	} {
		e, _ := LookupEncoding(tc.ct)
		m, err := e.NewEncoder().ReadMessage(readGolden(t, tc.file))
		if err != nil {
			t.Fatalf("%s: %v", tc.file, err)
		}
		f, err := m.Fault()
		if err != nil {
			t.Fatalf("%s: %v", tc.file, err)
		}
		if f.Action != "http://tempuri.org/IOrderService/CancelOrderOrderFaultFault" || !f.Code.IsSender() || f.Reason() != "order is shipped" {
			t.Errorf("%s: action %q code %s reason %q", tc.file, f.Action, f.Code.String(), f.Reason())
		}
		d, ok := DetailAs[monoOrderFault](f)
		if !ok {
			t.Fatalf("%s: DetailAs: %v", tc.file, f.DecodeDetail(new(monoOrderFault)))
		}
		if d.Code != 42 || d.Amount.String() != "12.50" || d.Ref.String() != "01234567-89ab-cdef-0123-456789abcdef" ||
			strings.Join(d.Lines, ",") != "a,b" || d.Why != nil {
			t.Errorf("%s: detail %+v", tc.file, d)
		}
	}
}
