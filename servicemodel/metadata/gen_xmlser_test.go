package metadata

// XmlSerializer-style metadata (testdata/wsdl/xmlser/inventory.wsdl, an
// asmx-shaped WSDL): the golden package internal/genxmlser, and round
// trips of its types through the codec and through a host of its
// contract.

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/beevik/etree"
	"github.com/google/go-cmp/cmp"

	"github.com/wwsgo/wws/servicemodel"
	inventory "github.com/wwsgo/wws/servicemodel/metadata/internal/genxmlser"
	"github.com/wwsgo/wws/soap"
	"github.com/wwsgo/wws/soap/xmltext"
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
	for _, want := range []string{
		// The choice: optional alternatives, a comment, omitempty.
		"// xs:choice: set one of Card, Cash, Voucher; the others stay nil (not written).",
		"Voucher *string     `xml:\"http://contoso.com/inventory/ Voucher,omitempty\"`",
		"Warning []string `xml:\"http://contoso.com/inventory/ Warning,omitempty\"`",
		// xs:any and an XmlElement parameter's mixed content.
		"Any []*etree.Element `xml:\",any\"`",
		"Text string `xml:\",chardata\"`",
		// simpleContent, attributes.
		"Value    soap.Decimal `xml:\",chardata\"`",
		"Priority Priority         `xml:\"priority,attr\"`",
		"Expires string `xml:\"expires,attr\"`",
		"Annotate(ctx context.Context, orderId int32, annotation *Annotation) ([]*etree.Element, error)",
		// No wsaw:Action: the soapAction asmx dispatches on.
		`servicemodel.Op("PlaceOrder", opPlaceOrder).WithAction("http://contoso.com/inventory/PlaceOrder", `,
	} {
		if !strings.Contains(string(got), want) {
			t.Errorf("generated code lacks %q", want)
		}
	}
}

// TestImportXmlSerializerSchema: the model of the asmx schema's
// constructs.
func TestImportXmlSerializerSchema(t *testing.T) {
	d, err := Import(context.Background(), xmlserMetadata, nil)
	if err != nil {
		t.Fatal(err)
	}
	const ns = "http://contoso.com/inventory/"
	po := d.Schema.Types[QName{ns, "PurchaseOrder"}]
	var got []string
	for _, m := range po.Members {
		got = append(got, fmt.Sprintf("%s choice=%d any=%v occurs=%d..%d", m.Name, m.Choice, m.Any, m.MinOccurs, m.MaxOccurs))
	}
	want := []string{
		"Customer choice=0 any=false occurs=0..1",
		"Line choice=0 any=false occurs=0..-1",
		"Card choice=1 any=false occurs=0..1",
		"Cash choice=1 any=false occurs=0..1",
		"Voucher choice=1 any=false occurs=0..1",
		"Notes choice=0 any=false occurs=0..1",
		" choice=0 any=true occurs=0..-1",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("PurchaseOrder members (-want +got):\n%s", diff)
	}
	if !po.AnyAttribute || len(po.Attributes) != 3 || po.Unsupported != "" {
		t.Errorf("PurchaseOrder: anyAttribute %v, %d attributes, unsupported %q", po.AnyAttribute, len(po.Attributes), po.Unsupported)
	}
	if m := d.Schema.Types[QName{ns, "Money"}]; m.Text != (QName{nsXSD, "decimal"}) || len(m.Attributes) != 1 {
		t.Errorf("Money: text %v, attributes %d", m.Text, len(m.Attributes))
	}
	if n := d.Schema.Types[QName{ns, "Notes"}]; !n.Mixed {
		t.Error("Notes is not mixed")
	}
	r := d.Schema.Types[QName{ns, "Receipt"}]
	if len(r.Members) != 3 || r.Members[1].Choice == 0 || r.Members[1].Choice != r.Members[2].Choice || !r.Members[2].Repeated() {
		t.Errorf("Receipt: a repeated choice of Warning and Error, got %+v", r.Members)
	}
}

// TestImportUnmappedGroupsKeptRaw: what the model does not map (a
// sequence in a choice, a group reference) becomes the raw field, an
// attribute group a comment, and the operation still generates.
func TestImportUnmappedGroupsKeptRaw(t *testing.T) {
	doc, err := os.ReadFile(xmlserMetadata)
	if err != nil {
		t.Fatal(err)
	}
	wsdl := strings.NewReplacer(
		`<s:element minOccurs="0" maxOccurs="1" name="Voucher" type="s:string" />`,
		`<s:sequence><s:element name="VoucherCode" type="s:string" /><s:element name="Pin" type="s:string" /></s:sequence>`,
		`<s:element minOccurs="0" maxOccurs="1" name="Notes" type="tns:Notes" />`,
		`<s:group ref="tns:Audit" />`,
		`<s:attribute name="sku" type="s:string" />`,
		`<s:attributeGroup ref="tns:Tracking" />`,
	).Replace(string(doc))
	d, err := ReadDocuments([]Document{{Name: "inventory.wsdl", Data: []byte(wsdl)}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Generate(d, GenOptions{Package: "inventory"})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"// xs:choice: set one of Card, Cash; the others stay nil (not written).",
		"// Any keeps, as XML, the child elements no other field takes: the elements of a nested or repeated xs:sequence, which is not mapped; the elements of xs:group tns:Audit, which is not mapped; the elements of an xs:any wildcard.",
		"PlaceOrder(ctx context.Context, order *PurchaseOrder) (*Receipt, error)",
		"// The attributes of xs:attributeGroup tns:Tracking are not mapped: add ,attr fields for them by hand\n// or read the body as XML.\ntype OrderLine struct {",
	} {
		if !strings.Contains(string(got), want) {
			t.Errorf("generated code lacks %q", want)
		}
	}
	if n := strings.Count(string(got), "`xml:\",any\"`"); n != 3 { // PurchaseOrder, Annotation, annotateResponse
		t.Errorf("%d ,any fields; want 3 (one per struct)", n)
	}
}

// asmxOrder is a PurchaseOrder as an asmx client sends it: the Cash
// alternative of the choice, an extension element of another namespace
// (xs:any ##other), attributes, simpleContent Money.
const asmxOrder = `<order xmlns="http://contoso.com/inventory/" id="7" priority="Rush" placed="2026-12-05T10:30:00Z">` +
	`<Customer>Ada</Customer>` +
	`<Line sku="A-1"><Quantity>2</Quantity><Price currency="EUR">19.99</Price></Line>` +
	`<Line sku="B-2"><Quantity>10</Quantity></Line>` +
	`<Cash currency="EUR">44.98</Cash>` +
	`<Notes>Ship before noon<em>please</em></Notes>` +
	`<gift:Wrap xmlns:gift="urn:contoso:gift" style="red"><gift:Card>Happy birthday</gift:Card></gift:Wrap>` +
	`</order>`

func asmxOrderValue(t *testing.T) *inventory.PurchaseOrder {
	return &inventory.PurchaseOrder{
		Id: 7, Priority: inventory.PriorityRush, Placed: time.Date(2026, 12, 5, 10, 30, 0, 0, time.UTC),
		Customer: "Ada",
		Line: []inventory.OrderLine{
			{Sku: "A-1", Quantity: 2, Price: &inventory.Money{Value: soap.MustParseDecimal("19.99"), Currency: "EUR"}},
			{Sku: "B-2", Quantity: 10},
		},
		Cash:  &inventory.Money{Value: soap.MustParseDecimal("44.98"), Currency: "EUR"},
		Notes: &inventory.Notes{Text: "Ship before noon", Em: []string{"please"}},
		Any:   []*etree.Element{parseElement(t, `<gift:Wrap xmlns:gift="urn:contoso:gift" style="red"><gift:Card>Happy birthday</gift:Card></gift:Wrap>`)},
	}
}

var xmlserCmp = cmp.Options{
	cmp.Comparer(func(a, b soap.Decimal) bool { return a.String() == b.String() }),
	cmp.Comparer(func(a, b *etree.Element) bool { return xmlDiff(a, b) == "" }),
}

// TestXmlSerializerCodecRoundTrip: an asmx client's order decodes into the
// generated PurchaseOrder — the choice's alternative set, the others nil,
// the extension element kept — and encodes back to equivalent XML.
func TestXmlSerializerCodecRoundTrip(t *testing.T) {
	r, err := xmltext.NewReader([]byte(asmxOrder), xmltext.Quotas{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Next(); err != nil {
		t.Fatal(err)
	}
	var got inventory.PurchaseOrder
	if err := soap.Decode(r, &got); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(asmxOrderValue(t), &got, xmlserCmp); diff != "" {
		t.Fatalf("decoded (-want +got):\n%s", diff)
	}
	w := xmltext.NewWriter(nil)
	if err := soap.Encode(w, &got); err != nil {
		t.Fatal(err)
	}
	out, err := w.Finish()
	if err != nil {
		t.Fatal(err)
	}
	// PurchaseOrder has no XMLName (it is a member's type): compare the
	// element's content.
	back := parseElement(t, string(out))
	back.Tag, back.Space = "order", ""
	back.CreateAttr("xmlns", "http://contoso.com/inventory/")
	if d := xmlDiff(parseElement(t, asmxOrder), back); d != "" {
		t.Errorf("encoded %s\ndiffers from the asmx order: %s", out, d)
	}
}

type inventoryService struct{}

func (inventoryService) PlaceOrder(ctx context.Context, o *inventory.PurchaseOrder) (*inventory.Receipt, error) {
	r := &inventory.Receipt{Number: o.Id * 100}
	switch {
	case o.Card != nil:
		r.Warning = append(r.Warning, "card "+o.Card.Number)
	case o.Cash != nil:
		r.Warning = append(r.Warning, "cash "+o.Cash.Value.String()+" "+o.Cash.Currency)
	case o.Voucher != nil:
		r.Warning = append(r.Warning, "voucher "+*o.Voucher)
	default:
		r.Error = append(r.Error, "no payment")
	}
	for _, e := range o.Any {
		r.Warning = append(r.Warning, "extension {"+e.NamespaceURI()+"}"+e.Tag)
	}
	return r, nil
}

func (inventoryService) Annotate(ctx context.Context, id int32, a *inventory.Annotation) ([]*etree.Element, error) {
	out := []*etree.Element{}
	if a != nil {
		out = append(out, a.Any...)
	}
	seen := etree.NewElement("seen")
	seen.CreateAttr("xmlns", "urn:seen")
	seen.SetText(fmt.Sprintf("%d: %s", id, a.Text))
	return append(out, seen), nil
}

// TestXmlSerializerHostRoundTrip hosts the generated contract over
// BasicHttpBinding (the asmx SOAP 1.1 port) and calls it with the
// generated client: each choice alternative arrives as chosen, extension
// elements and an XmlElement parameter's content both ways.
func TestXmlSerializerHostRoundTrip(t *testing.T) {
	base := freeBase(t)
	h, err := servicemodel.NewHost(nil, &servicemodel.Endpoint{Address: base + "asmx", Binding: servicemodel.NewBasicHTTPBinding(),
		Contract: inventory.NewInventoryServiceSoapContract(inventoryService{})})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := h.Open(ctx); err != nil {
		t.Fatal(err)
	}
	defer h.Abort()
	c, err := inventory.DialInventoryServiceSoap(ctx, servicemodel.NewBasicHTTPBinding(), base+"asmx", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Abort()
	voucher := "SPRING"
	for _, tc := range []struct {
		name  string
		order *inventory.PurchaseOrder
		want  *inventory.Receipt
	}{
		{"cash", asmxOrderValue(t), &inventory.Receipt{Number: 700, Warning: []string{"cash 44.98 EUR", "extension {urn:contoso:gift}Wrap"}}},
		{"card", &inventory.PurchaseOrder{Id: 8, Card: &inventory.CreditCard{Holder: "Bo", Number: "4111", Expires: "2027-03"}},
			&inventory.Receipt{Number: 800, Warning: []string{"card 4111"}}},
		{"voucher", &inventory.PurchaseOrder{Id: 9, Voucher: &voucher}, &inventory.Receipt{Number: 900, Warning: []string{"voucher SPRING"}}},
		{"none", &inventory.PurchaseOrder{Id: 1}, &inventory.Receipt{Number: 100, Error: []string{"no payment"}}},
	} {
		got, err := c.PlaceOrder(ctx, tc.order)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if diff := cmp.Diff(tc.want, got, xmlserCmp); diff != "" {
			t.Errorf("%s: receipt (-want +got):\n%s", tc.name, diff)
		}
	}
	note := parseElement(t, `<x:note xmlns:x="urn:x" level="1">check <x:b>twice</x:b></x:note>`)
	got, err := c.Annotate(ctx, 7, &inventory.Annotation{Text: "see below", Any: []*etree.Element{note}})
	if err != nil {
		t.Fatal(err)
	}
	want := []*etree.Element{note, parseElement(t, `<seen xmlns="urn:seen">7: see below</seen>`)}
	if diff := cmp.Diff(want, got, xmlserCmp); diff != "" {
		t.Errorf("Annotate (-want +got):\n%s", diff)
	}
	if err := c.Close(ctx); err != nil {
		t.Error(err)
	}
}

func parseElement(t *testing.T, s string) *etree.Element {
	t.Helper()
	d := etree.NewDocument()
	if err := d.ReadFromString(s); err != nil {
		t.Fatal(err)
	}
	return d.Root()
}

// xmlDiff compares two elements as XML: names by namespace, attributes
// (not namespace declarations) as a set, text and child elements in
// order; "" when equivalent.
func xmlDiff(a, b *etree.Element) string {
	if a == nil || b == nil {
		if a == b {
			return ""
		}
		return "one element is nil"
	}
	if a.NamespaceURI() != b.NamespaceURI() || a.Tag != b.Tag {
		return fmt.Sprintf("element {%s}%s vs {%s}%s", a.NamespaceURI(), a.Tag, b.NamespaceURI(), b.Tag)
	}
	attrs := func(e *etree.Element) []string {
		var s []string
		for _, at := range e.Attr {
			if at.Space == "xmlns" || (at.Space == "" && at.Key == "xmlns") {
				continue
			}
			s = append(s, "{"+at.NamespaceURI()+"}"+at.Key+"="+at.Value)
		}
		slices.Sort(s)
		return s
	}
	if x, y := attrs(a), attrs(b); !slices.Equal(x, y) {
		return fmt.Sprintf("%s: attributes %v vs %v", a.Tag, x, y)
	}
	if a.Text() != b.Text() {
		return fmt.Sprintf("%s: text %q vs %q", a.Tag, a.Text(), b.Text())
	}
	ac, bc := a.ChildElements(), b.ChildElements()
	if len(ac) != len(bc) {
		return fmt.Sprintf("%s: %d vs %d children", a.Tag, len(ac), len(bc))
	}
	for i := range ac {
		if d := xmlDiff(ac[i], bc[i]); d != "" {
			return a.Tag + "/" + d
		}
		if ac[i].Tail() != bc[i].Tail() {
			return fmt.Sprintf("%s: text after %s %q vs %q", a.Tag, ac[i].Tag, ac[i].Tail(), bc[i].Tail())
		}
	}
	return ""
}
