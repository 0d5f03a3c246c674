package soap

import (
	"bytes"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/beevik/etree"
	"github.com/google/go-cmp/cmp"
	"github.com/wwsgo/wws/soap/infoset"
	"github.com/wwsgo/wws/soap/internal/binxml"
	"github.com/wwsgo/wws/soap/xmltext"
)

// The Go side of testdata/dcs/dcs.cs, tagged as the generator emits them.
// holder.xml and holder.bin are what Mono's DataContractSerializer writes
// for the sample in dcs.cs (text and XmlDictionaryWriter.CreateBinaryWriter):
// regenerate with `mcs -r:System.Runtime.Serialization -r:System.Xml
// dcs.cs && mono dcs.exe` in that directory.
const (
	nsOrders = "http://contoso.com/orders"
	nsRush   = "http://contoso.com/rush"
)

type dcsStatus string

const (
	dcsStatusNew     dcsStatus = "New"
	dcsStatusShipped dcsStatus = "Shipped"
)

type dcsPerm string

type dcsLine struct {
	XMLName struct{} `xml:"http://contoso.com/orders Line"`
	Qty     int32    `xml:"http://contoso.com/orders Qty"`
	Sku     *string  `xml:"http://contoso.com/orders Sku"`
}

type dcsCust struct {
	XMLName struct{} `xml:"http://contoso.com/orders Cust"`
	Name    *string  `xml:"http://contoso.com/orders Name"`
}

type dcsOrder struct {
	XMLName struct{} `xml:"http://contoso.com/orders Order"`
	Polymorphic
	ID     int32            `xml:"http://contoso.com/orders Id"`
	Lines  []*dcsLine       `xml:"http://contoso.com/orders Lines>Line" soap:"itemns=http://contoso.com/orders"`
	Empty  []*dcsLine       `xml:"http://contoso.com/orders Empty>Line"` // items in Line's namespace
	Null   []*dcsLine       `xml:"http://contoso.com/orders Null>Line" soap:"itemns=http://contoso.com/orders"`
	Tags   []string         `xml:"http://contoso.com/orders Tags>string" soap:"itemns=http://schemas.microsoft.com/2003/10/Serialization/Arrays"`
	Counts map[string]int32 `xml:"http://contoso.com/orders Counts>KeyValueOfstringint" soap:"itemns=http://schemas.microsoft.com/2003/10/Serialization/Arrays"`
	Maybe  *int32           `xml:"http://contoso.com/orders Maybe"`
	Nope   *int32           `xml:"http://contoso.com/orders Nope"`
	St     dcsStatus        `xml:"http://contoso.com/orders St"`
	P      []dcsPerm        `xml:"http://contoso.com/orders P,list"`
	G      GUID             `xml:"http://contoso.com/orders G"`
	D      Decimal          `xml:"http://contoso.com/orders D"`
	T      time.Duration    `xml:"http://contoso.com/orders T"`
	C      Char             `xml:"http://contoso.com/orders C"`
	O      DateTimeOffset   `xml:"http://contoso.com/orders O"`
	A      *dcsCust         `xml:"http://contoso.com/orders A"`
	B      *dcsCust         `xml:"http://contoso.com/orders B"`
	Nil    *dcsLine         `xml:"http://contoso.com/orders Nil"`
	Bytes  []byte           `xml:"http://contoso.com/orders Bytes"`
}

type dcsRush struct {
	XMLName struct{} `xml:"http://contoso.com/rush Rush"`
	dcsOrder
	Priority int32 `xml:"http://contoso.com/rush Priority"`
}

type dcsHolder struct {
	XMLName struct{}  `xml:"http://contoso.com/orders Holder"`
	Ord     *dcsOrder `xml:"http://contoso.com/orders Ord"`
}

func init() {
	if err := RegisterKnownType(dcsRush{}); err != nil {
		panic(err)
	}
}

func ptr[T any](v T) *T { return &v }

// wantHolder is the value of the sample in dcs.cs; its derived order is
// reachable from the base pointer.
func wantHolder() (*dcsHolder, *dcsRush) {
	cust := &dcsCust{Name: ptr("ann")}
	r := &dcsRush{Priority: 9}
	r.dcsOrder = dcsOrder{
		ID: 7, Lines: []*dcsLine{{Qty: 1, Sku: ptr("a")}}, Empty: []*dcsLine{},
		Tags: []string{"x", "y"}, Counts: map[string]int32{"k": 3}, Maybe: ptr[int32](5),
		St: dcsStatusShipped, P: []dcsPerm{"Read", "Write"},
		G: mustParseGUID("01234567-89ab-cdef-0123-456789abcdef"), D: MustParseDecimal("1.50"),
		T: -(time.Hour + 2*time.Minute + 3500*time.Millisecond), C: 'A',
		O: DateTimeOffset{DateTime: time.Date(2024, 1, 2, 1, 34, 5, 0, time.UTC), OffsetMinutes: 90},
		A: cust, B: cust, Bytes: []byte{1, 2},
	}
	return &dcsHolder{Ord: AsBase[dcsOrder](r)}, r
}

func mustParseGUID(s string) GUID {
	g, err := ParseGUID(s)
	if err != nil {
		panic(err)
	}
	return g
}

// holderOpts compares holders with their derived values and ignores
// the Polymorphic back pointers (compared by checkHolder).
var holderOpts = cmp.Options{cmp.AllowUnexported(dcsRush{}), cmp.Comparer(func(a, b Polymorphic) bool { return true }),
	cmp.Comparer(func(a, b Decimal) bool { return a.String() == b.String() })}

func checkHolder(t *testing.T, got *dcsHolder) {
	t.Helper()
	want, wantRush := wantHolder()
	if got.Ord == nil {
		t.Fatal("Ord is nil")
	}
	r, ok := got.Ord.Derived().(*dcsRush)
	if !ok {
		t.Fatalf("Ord.Derived() = %T, want *dcsRush", got.Ord.Derived())
	}
	if &r.dcsOrder != got.Ord {
		t.Error("Ord does not point into its derived value")
	}
	if diff := cmp.Diff(wantRush, r, holderOpts); diff != "" {
		t.Errorf("derived (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, got, holderOpts); diff != "" {
		t.Errorf("holder (-want +got):\n%s", diff)
	}
	if got.Ord.A != got.Ord.B {
		t.Error("z:Ref did not give the z:Id object: A != B")
	}
	if got.Ord.Null != nil || got.Ord.Empty == nil || got.Ord.Nope != nil || got.Ord.Nil != nil {
		t.Errorf("nil/empty: Null %v, Empty %v, Nope %v, Nil %v", got.Ord.Null, got.Ord.Empty, got.Ord.Nope, got.Ord.Nil)
	}
}

func readGolden(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/dcs/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// decodeText decodes the root element of the text XML doc into v.
func decodeText(t testing.TB, doc []byte, v any) error {
	t.Helper()
	r, err := xmltext.NewReader(doc, xmltext.Quotas{})
	if err != nil {
		t.Fatal(err)
	}
	if k, err := r.Next(); err != nil || k != infoset.StartElement {
		t.Fatalf("first node %v %v", k, err)
	}
	return Decode(r, v)
}

// decodeBinary decodes the root element of the binary XML doc into v.
func decodeBinary(t testing.TB, doc []byte, v any) error {
	t.Helper()
	r := binxml.NewReader(doc, nil, binxml.Quotas{})
	if k, err := r.Next(); err != nil || k != infoset.StartElement {
		t.Fatalf("first node %v %v", k, err)
	}
	return Decode(r, v)
}

func encodeText(t testing.TB, v any) []byte {
	t.Helper()
	w := xmltext.NewWriter(nil)
	if err := Encode(w, v); err != nil {
		t.Fatal(err)
	}
	b, err := w.Finish()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func encodeBinary(t testing.TB, v any) []byte {
	t.Helper()
	w := binxml.NewWriter(nil, nil)
	if err := Encode(w, v); err != nil {
		t.Fatal(err)
	}
	b, err := w.Finish()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDataContractGoldenDecode(t *testing.T) {
	for _, tc := range []struct {
		file   string
		decode func(testing.TB, []byte, any) error
	}{{"holder.xml", decodeText}, {"holder.bin", decodeBinary}} {
		t.Run(tc.file, func(t *testing.T) {
			var h dcsHolder
			if err := tc.decode(t, readGolden(t, tc.file), &h); err != nil {
				t.Fatal(err)
			}
			checkHolder(t, &h)
		})
	}
}

// TestDataContractEncodeShape holds what Encode writes to what
// DataContractSerializer wrote for the same value: the same elements, in
// the same order and namespaces, with the same texts, i:nil and i:type
// (z:Id/z:Ref aside: Encode writes a shared object twice).
func TestDataContractEncodeShape(t *testing.T) {
	h, _ := wantHolder()
	got := shape(t, encodeText(t, h))
	want := shape(t, readGolden(t, "holder.xml"))
	// DataContractSerializer orders the members of Line alphabetically,
	// as dcsLine declares them; B is z:Ref to A, which Encode writes again.
	want = strings.Replace(want, "  B{http://contoso.com/orders} z:Ref\n", "  B{http://contoso.com/orders}\n    Name{http://contoso.com/orders} \"ann\"\n", 1)
	want = strings.Replace(want, "  A{http://contoso.com/orders} z:Id\n", "  A{http://contoso.com/orders}\n", 1)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("shape (-DataContractSerializer +Encode):\n%s", diff)
	}
	for _, enc := range []func(testing.TB, any) []byte{encodeText, encodeBinary} {
		doc := enc(t, h)
		var back dcsHolder
		dec := decodeText
		if doc[0] != '<' {
			dec = decodeBinary
		}
		if err := dec(t, doc, &back); err != nil {
			t.Fatalf("decode %q: %v", doc, err)
		}
		back.Ord.B = back.Ord.A // the one shared object, written twice
		checkHolder(t, &back)
	}
}

// shape renders the elements of a text XML document one a line: depth,
// name, i:nil, i:type resolved, z:Id/z:Ref, and text.
func shape(t *testing.T, doc []byte) string {
	t.Helper()
	r, err := xmltext.NewReader(doc, xmltext.Quotas{})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	var text []byte
	for {
		k, err := r.Next()
		if err != nil {
			t.Fatal(err)
		}
		switch k {
		case infoset.EOF:
			return b.String()
		case infoset.StartElement:
			if len(text) > 0 {
				b.WriteString(" \"" + string(text) + "\"")
			}
			text = text[:0]
			b.WriteString("\n" + strings.Repeat(" ", r.Depth()) + r.Name().Local + "{" + r.Name().Space + "}")
			if isNil(r) {
				b.WriteString(" nil")
			}
			if n, ok, _ := xsiType(r); ok {
				b.WriteString(" type=" + n.Local + "{" + n.Space + "}")
			}
			if id, ref := refAttrs(r); id != "" {
				b.WriteString(" z:Id")
			} else if ref != "" {
				b.WriteString(" z:Ref")
			}
		case infoset.CharData:
			text = r.Text().AppendTo(text)
		case infoset.EndElement:
			if len(text) > 0 {
				b.WriteString(" \"" + string(text) + "\"")
			}
			text = text[:0]
		}
	}
}

func TestGUIDText(t *testing.T) {
	const s = "01234567-89ab-cdef-0123-456789abcdef"
	g := mustParseGUID(s)
	if g[0] != 0x01 || g[15] != 0xef || g.String() != s {
		t.Fatalf("ParseGUID(%s) = % x, String %s", s, g[:], g)
	}
	for _, in := range []string{"{" + s + "}", "(" + s + ")", strings.ReplaceAll(s, "-", ""), strings.ToUpper(s)} {
		if h, err := ParseGUID(in); err != nil || h != g {
			t.Errorf("ParseGUID(%s) = %v, %v", in, h, err)
		}
	}
	for _, in := range []string{"", "x", s[:35], s + "0", "{" + s, "0123456789abcdef0123456789abcdeg"} {
		if _, err := ParseGUID(in); !errors.Is(err, ErrSyntax) {
			t.Errorf("ParseGUID(%q) err = %v, want ErrSyntax", in, err)
		}
	}
	// The binary record holds Guid.ToByteArray's order.
	wire := infoset.GUID(g.wire())
	if wire.String() != s {
		t.Errorf("Guid record renders %s", wire)
	}
}

func TestDecimalText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"1.50", "1.50"}, {"+1.5", "1.5"}, {"-0001.5", "-1.5"}, {".5", "0.5"}, {"5.", "5"},
		{"0", "0"}, {"-0.00", "0.00"}, {"-0", "0"}, {"12345678901234567890123456789012345.000001", "12345678901234567890123456789012345.000001"},
		{"79228162514264337593543950335", "79228162514264337593543950335"},
	} {
		d, err := ParseDecimal(tc.in)
		if err != nil || d.String() != tc.want {
			t.Errorf("ParseDecimal(%q) = %s, %v; want %s", tc.in, d, err, tc.want)
		}
	}
	for _, in := range []string{"", "-", ".", "1e5", "1.2.3", " 1", "0x10", "1,5", "+-1"} {
		if _, err := ParseDecimal(in); !errors.Is(err, ErrSyntax) {
			t.Errorf("ParseDecimal(%q) err = %v, want ErrSyntax", in, err)
		}
	}
	if (Decimal{}).String() != "0" || !MustParseDecimal("0.000").IsZero() || MustParseDecimal("0.001").IsZero() {
		t.Error("zero value")
	}
	// Within System.Decimal: a Decimal record; beyond it: characters.
	if k := MustParseDecimal("-1.50").text().Kind(); k != infoset.TextDecimal {
		t.Errorf("1.50 is written as %v", k)
	}
	if k := MustParseDecimal("79228162514264337593543950336").text().Kind(); k != infoset.TextChars {
		t.Errorf("2^96 is written as %v", k)
	}
}

// scalars has one member of each scalar type this file adds.
type scalars struct {
	XMLName struct{}       `xml:"urn:s S"`
	G       GUID           `xml:"g"`
	D       Decimal        `xml:"d"`
	Big     Decimal        `xml:"big"`
	T       time.Duration  `xml:"t"`
	C       Char           `xml:"c"`
	O       DateTimeOffset `xml:"o"`
	P       []dcsPerm      `xml:"p,list"`
	N       []int32        `xml:"n,list"`
	GP      *GUID          `xml:"gp"`
	DP      *Decimal       `xml:"dp"`
}

func TestScalarsRoundTrip(t *testing.T) {
	in := &scalars{
		G: mustParseGUID("ffeeddcc-bbaa-9988-7766-554433221100"), D: MustParseDecimal("-12.340"),
		Big: MustParseDecimal("123456789012345678901234567890.5"), T: 36*time.Hour + 100*time.Nanosecond,
		C: 0x263a, O: NewDateTimeOffset(time.Date(2024, 5, 6, 7, 8, 9, 0, time.FixedZone("", -150*60))),
		P: []dcsPerm{}, N: []int32{1, -2, 3}, GP: ptr(GUID{}), DP: ptr(MustParseDecimal("0.0")),
	}
	text := string(encodeText(t, in))
	for _, want := range []string{"<g>ffeeddcc-bbaa-9988-7766-554433221100</g>", "<d>-12.340</d>",
		"<big>123456789012345678901234567890.5</big>", "<t>P1DT12H0.0000001S</t>", "<c>9786</c>",
		`<o><DateTime xmlns="http://schemas.datacontract.org/2004/07/System">2024-05-06T09:38:09Z</DateTime><OffsetMinutes xmlns="http://schemas.datacontract.org/2004/07/System">-150</OffsetMinutes></o>`, "<p/>", "<n>1 -2 3</n>",
		"<gp>00000000-0000-0000-0000-000000000000</gp>", "<dp>0.0</dp>"} {
		if !strings.Contains(text, want) {
			t.Errorf("text %s\nlacks %s", text, want)
		}
	}
	if got := in.O.Time().Format(time.RFC3339); got != "2024-05-06T07:08:09-02:30" {
		t.Errorf("DateTimeOffset.Time = %s", got)
	}
	bin := encodeBinary(t, in)
	// The binary form holds the native records: GuidText, DecimalText,
	// TimeSpanText (with EndElement: the odd record).
	for _, rec := range []byte{0xb1, 0x95, 0xaf} {
		if !bytes.Contains(bin, []byte{rec}) {
			t.Errorf("binary lacks record %#x: % x", rec, bin)
		}
	}
	for name, doc := range map[string][]byte{"text": []byte(text), "binary": bin} {
		var out scalars
		dec := decodeText
		if name == "binary" {
			dec = decodeBinary
		}
		if err := dec(t, doc, &out); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		in2 := *in
		in2.T = in.T.Truncate(100)
		if diff := cmp.Diff(&in2, &out, holderOpts, cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })); diff != "" {
			t.Errorf("%s (-want +got):\n%s", name, diff)
		}
	}
}

func TestDurationText(t *testing.T) {
	for _, tc := range []struct {
		d    time.Duration
		text string
	}{
		{0, "PT0S"}, {time.Hour + 2*time.Minute + 3500*time.Millisecond, "PT1H2M3.5S"},
		{-(time.Hour + 2*time.Minute + 3500*time.Millisecond), "-PT1H2M3.5S"},
		{49 * time.Hour, "P2DT1H"}, {100 * time.Nanosecond, "PT0.0000001S"},
		{time.Duration(1<<63 - 1).Truncate(100), "P106751DT23H47M16.8547758S"},
	} {
		if got := infoset.Duration(tc.d).String(); got != tc.text {
			t.Errorf("%v: %s, want %s", tc.d, got, tc.text)
		}
		ticks, err := infoset.String(tc.text).TimeSpanTicks()
		if err != nil || time.Duration(ticks*100) != tc.d {
			t.Errorf("%s reads as %v, %v; want %v", tc.text, time.Duration(ticks*100), err, tc.d)
		}
	}
	for _, in := range []string{"P", "PT", "1H", "PT1X", "P1H", "PTH", "P-1D"} {
		if _, err := infoset.String(in).TimeSpanTicks(); err == nil {
			t.Errorf("%q reads as a duration", in)
		}
	}
}

// TestCollectionsNilAndEmpty: a nil collection is i:nil, an empty one an
// empty wrapper, each read back as written, in both encodings.
func TestCollectionsNilAndEmpty(t *testing.T) {
	type coll struct {
		XMLName struct{}          `xml:"urn:c C"`
		S       []string          `xml:"s>string" soap:"itemns=urn:a"`
		M       map[int32]string  `xml:"m>KeyValueOfintstring" soap:"itemns=urn:a"`
		O       []int32           `xml:"o>int,omitempty"`
		P       []*dcsCust        `xml:"p>Cust"`
		Deep    map[string]*int32 `xml:"deep>kv"`
	}
	for _, in := range []coll{
		{},
		{S: []string{}, M: map[int32]string{}, P: []*dcsCust{}, Deep: map[string]*int32{}},
		{S: []string{"", "b"}, M: map[int32]string{10: "ten", -1: "minus", 2: ""}, O: []int32{4}, P: []*dcsCust{nil, {Name: ptr("x")}},
			Deep: map[string]*int32{"n": nil, "v": ptr[int32](1)}},
	} {
		text := encodeText(t, &in)
		if in.S == nil && !bytes.Contains(text, []byte(`<s xmlns:i="http://www.w3.org/2001/XMLSchema-instance" i:nil="true"/>`)) {
			t.Errorf("nil slice: %s", text)
		}
		if in.S != nil && len(in.S) == 0 && !bytes.Contains(text, []byte(`<s/>`)) {
			t.Errorf("empty slice: %s", text)
		}
		if len(in.M) == 3 && !bytes.Contains(text, []byte(`<a:KeyValueOfintstring><a:Key>-1</a:Key><a:Value>minus</a:Value></a:KeyValueOfintstring><a:KeyValueOfintstring><a:Key>2</a:Key><a:Value/></a:KeyValueOfintstring>`)) &&
			!bytes.Contains(text, []byte(`<KeyValueOfintstring xmlns="urn:a"><Key>-1</Key>`)) {
			t.Errorf("map not sorted or not in its item namespace: %s", text)
		}
		for _, enc := range []func(testing.TB, any) []byte{encodeText, encodeBinary} {
			doc := enc(t, &in)
			var out coll
			dec := decodeText
			if doc[0] != '<' {
				dec = decodeBinary
			}
			if err := dec(t, doc, &out); err != nil {
				t.Fatalf("%s: %v", doc, err)
			}
			if in.O != nil && len(in.O) == 0 {
				in.O = nil
			}
			if diff := cmp.Diff(in, out, holderOpts); diff != "" {
				t.Errorf("%q (-want +got):\n%s", doc, diff)
			}
			if (out.S == nil) != (in.S == nil) || (out.M == nil) != (in.M == nil) || (out.P == nil) != (in.P == nil) {
				t.Errorf("nil-ness lost: %q", doc)
			}
		}
	}
}

func TestCollectionErrors(t *testing.T) {
	type coll struct {
		XMLName struct{}         `xml:"urn:c C"`
		M       map[string]int32 `xml:"m>kv"`
	}
	for _, doc := range []string{
		`<C xmlns="urn:c"><m><kv><Key>a</Key><Value>1</Value></kv><kv><Key>a</Key><Value>2</Value></kv></m></C>`,
		`<C xmlns="urn:c"><m><kv><Value>1</Value></kv></m></C>`,
		`<C xmlns="urn:c"><m><kv><Key>a</Key><Value>x</Value></kv></m></C>`,
	} {
		var c coll
		if err := decodeText(t, []byte(doc), &c); !errors.Is(err, ErrDecode) {
			t.Errorf("%s: err = %v, want ErrDecode", doc, err)
		}
	}
	for _, v := range []any{
		&struct {
			M map[string]int `xml:"m"`
		}{},
		&struct {
			S string `xml:"s>x"`
		}{},
		&struct {
			S []string `xml:"s>"`
		}{},
		&struct {
			S []dcsLine `xml:"s,list"`
		}{},
		&struct {
			M map[dcsLine]int `xml:"m>kv"`
		}{},
		&struct {
			S [][]string `xml:"s>x"`
		}{},
	} {
		if err := Encode(&infoset.TreeWriter{}, v); !errors.Is(err, ErrUnsupportedType) {
			t.Errorf("Encode(%T) err = %v, want ErrUnsupportedType", v, err)
		}
	}
}

// TestInheritance: a derived value sent where its base is declared
// carries i:type and its members after the base's, each in its own
// namespace; decoding gives the base pointer, its derived value
// reachable; an unknown i:type is an error.
func TestInheritance(t *testing.T) {
	r := &dcsRush{Priority: 2}
	r.ID = 1
	h := &dcsHolder{Ord: AsBase[dcsOrder](r)}
	text := string(encodeText(t, h))
	if !strings.Contains(text, `<Ord xmlns:t="http://contoso.com/rush" xmlns:i="http://www.w3.org/2001/XMLSchema-instance" i:type="t:Rush">`) {
		t.Errorf("no i:type: %s", text)
	}
	if !strings.Contains(text, `i:type="t:Rush"><Id>1</Id>`) || !strings.Contains(text, `<Priority xmlns="http://contoso.com/rush">2</Priority></Ord>`) {
		t.Errorf("members: %s", text)
	}
	// A copy of the base is not the derived value: written as the base.
	cp := *h.Ord
	h2 := &dcsHolder{Ord: &cp}
	if s := string(encodeText(t, h2)); strings.Contains(s, "type") || strings.Contains(s, "Priority") {
		t.Errorf("a copy of the base was written as its derived value: %s", s)
	}
	// The base alone, and the base's own name as i:type.
	for _, doc := range []string{
		`<Holder xmlns="http://contoso.com/orders"><Ord><Id>3</Id></Ord></Holder>`,
		`<Holder xmlns="http://contoso.com/orders" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><Ord i:type="Order"><Id>3</Id></Ord></Holder>`,
	} {
		var got dcsHolder
		if err := decodeText(t, []byte(doc), &got); err != nil {
			t.Fatal(err)
		}
		if got.Ord == nil || got.Ord.ID != 3 || got.Ord.Derived() != nil {
			t.Errorf("%s: %+v", doc, got.Ord)
		}
	}
	// Top-level Decode into the base: the base filled, the derived reachable.
	var top dcsOrder
	doc := `<Order xmlns="http://contoso.com/orders" xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns:r="http://contoso.com/rush" i:type="r:Rush"><Id>4</Id><r:Priority>5</r:Priority></Order>`
	if err := decodeText(t, []byte(doc), &top); err != nil {
		t.Fatal(err)
	}
	if d, ok := top.Derived().(*dcsRush); top.ID != 4 || !ok || d.Priority != 5 || d.ID != 4 {
		t.Errorf("top: %+v derived %+v", top, top.Derived())
	}
	for _, doc := range []string{
		`<Holder xmlns="http://contoso.com/orders" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><Ord i:type="Nope"><Id>3</Id></Ord></Holder>`,
		`<Holder xmlns="http://contoso.com/orders" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><Ord i:type="x:Rush"><Id>3</Id></Ord></Holder>`,
		`<Holder xmlns="http://contoso.com/orders" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><Ord i:type="Line"><Id>3</Id></Ord></Holder>`,
	} {
		var got dcsHolder
		if err := decodeText(t, []byte(doc), &got); !errors.Is(err, ErrDecode) {
			t.Errorf("%s: err = %v, want ErrDecode", doc, err)
		}
	}
	// A contract that does not take derived values (no Polymorphic) reads a
	// derived one as itself: its own members filled, the derived ones
	// skipped, whatever the i:type names.
	var plain struct {
		XMLName struct{} `xml:"http://contoso.com/orders Order"`
		ID      int32    `xml:"Id"`
	}
	if err := decodeText(t, []byte(doc), &plain); err != nil || plain.ID != 4 {
		t.Errorf("plain base: %+v, %v", plain, err)
	}
	if AsBase[dcsLine](r) != nil || AsBase[dcsOrder](nil) != nil {
		t.Error("AsBase of a type not embedded")
	}
	for _, v := range []any{dcsOrder{}, dcsLine{}, 3, struct{ dcsOrder }{}} {
		if err := RegisterKnownType(v); !errors.Is(err, ErrUnsupportedType) {
			t.Errorf("RegisterKnownType(%T) = %v, want ErrUnsupportedType", v, err)
		}
	}
}

// otherOrder and otherRush are the contracts Order and Rush as a second
// generated package declares them: one contract name, two Go types.
type otherOrder struct {
	XMLName struct{} `xml:"http://contoso.com/orders Order"`
	Polymorphic
	ID int32 `xml:"Id"`
}

type otherRush struct {
	XMLName struct{} `xml:"http://contoso.com/rush Rush"`
	otherOrder
	Priority int32 `xml:"http://contoso.com/rush Priority"`
}

// TestKnownTypeTwoPackages: two Go types registered for one contract (two
// packages generated from one service, both in a program) each decode
// where their own base is declared.
func TestKnownTypeTwoPackages(t *testing.T) {
	if err := RegisterKnownType(&otherRush{}); err != nil {
		t.Fatal(err)
	}
	if err := RegisterKnownType(otherRush{}); err != nil { // again: no second entry
		t.Fatal(err)
	}
	doc := `<Order xmlns="http://contoso.com/orders" xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns:r="http://contoso.com/rush" i:type="r:Rush"><Id>4</Id><r:Priority>5</r:Priority></Order>`
	var a dcsOrder
	if err := decodeText(t, []byte(doc), &a); err != nil {
		t.Fatal(err)
	}
	if d, ok := a.Derived().(*dcsRush); !ok || d.Priority != 5 || d.ID != 4 {
		t.Errorf("dcsOrder: derived %#v", a.Derived())
	}
	var b otherOrder
	if err := decodeText(t, []byte(doc), &b); err != nil {
		t.Fatal(err)
	}
	if d, ok := b.Derived().(*otherRush); !ok || d.Priority != 5 || d.ID != 4 {
		t.Errorf("otherOrder: derived %#v", b.Derived())
	}
	if l, _ := knownTypes.Load(infoset.Name{Local: "Rush", Space: "http://contoso.com/rush"}); len(l.([]reflect.Type)) != 2 {
		t.Errorf("registered %v; want dcsRush and otherRush once each", l)
	}
}

func TestReferences(t *testing.T) {
	type pair struct {
		XMLName struct{} `xml:"http://contoso.com/orders Pair"`
		A       *dcsCust `xml:"A"`
		B       *dcsCust `xml:"B"`
		C       dcsCust  `xml:"C"`
	}
	const z = ` xmlns:z="http://schemas.microsoft.com/2003/10/Serialization/" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"`
	var p pair
	doc := `<Pair xmlns="http://contoso.com/orders"` + z + `><A z:Id="i1"><Name>n</Name></A><B z:Ref="i1" i:nil="true"/><C z:Ref="i1"/></Pair>`
	if err := decodeText(t, []byte(doc), &p); err != nil {
		t.Fatal(err)
	}
	if p.A == nil || p.A != p.B || p.C.Name == nil || *p.C.Name != "n" {
		t.Errorf("refs: %+v", p)
	}
	for _, doc := range []string{
		`<Pair xmlns="http://contoso.com/orders"` + z + `><B z:Ref="i1"/></Pair>`,
		`<Pair xmlns="http://contoso.com/orders"` + z + `><A z:Id="i1"><Name>n</Name></A><B z:Ref="i2"/></Pair>`,
	} {
		if err := decodeText(t, []byte(doc), &p); !errors.Is(err, ErrDecode) {
			t.Errorf("%s: err = %v, want ErrDecode", doc, err)
		}
	}
	// A cycle decodes; encoding it is an error, not a stack overflow.
	type node struct {
		XMLName struct{} `xml:"urn:n Node"`
		Next    *node    `xml:"Next"`
	}
	var n node
	if err := decodeText(t, []byte(`<Node xmlns="urn:n"`+z+`><Next z:Id="i1"><Next z:Ref="i1"/></Next></Node>`), &n); err != nil {
		t.Fatal(err)
	}
	if n.Next == nil || n.Next.Next != n.Next {
		t.Fatalf("cycle: %+v", n)
	}
	if err := Encode(&infoset.TreeWriter{}, &n); !errors.Is(err, ErrQuotaExceeded) {
		t.Errorf("Encode(cycle) err = %v, want ErrQuotaExceeded", err)
	}
}

// TestExtendedFastPathsMatchGeneral holds the binary fast paths to the
// general path for the types this file adds: a body struct with a base,
// wrapped collections and lists, decoded twice from one session (the
// second time by a leaf run where one applies), and written by the binary
// encoder's tags and by Encode.
func TestExtendedFastPathsMatchGeneral(t *testing.T) {
	type flat struct {
		XMLName struct{}  `xml:"urn:f F"`
		N       int32     `xml:"n"`
		P       []dcsPerm `xml:"p,list"`
		S       []string  `xml:"s>string" soap:"itemns=urn:a"`
		D       Decimal   `xml:"d"`
		G       GUID      `xml:"g"`
	}
	r := &dcsRush{Priority: 3}
	r.ID, r.St = 8, dcsStatusNew
	cash := int32(7)
	values := []any{
		&flat{N: 1, P: []dcsPerm{"Read"}, S: []string{}, D: MustParseDecimal("2.5"), G: GUID{1}},
		&flat{N: 2, P: nil, S: nil},
		r,
		&anyHolder{Name: "a", Cash: &cash, Note: "n", Any: []*etree.Element{etree.NewElement("Extra")}},
	}
	for _, v := range values {
		typ := reflect.TypeOf(v).Elem()
		ws := binxml.NewWriteSession(binxml.DefaultMaxSessionSize)
		rs := binxml.NewReadSession(0)
		var tags bodyTags
		for range 3 {
			fast := binxml.NewWriter(nil, ws)
			fast.StartElement("s", "Body", "urn:body")
			if err := tags.encode(fast, v); err != nil {
				t.Fatal(err)
			}
			fast.EndElement()
			fb, err := fast.Finish()
			if err != nil {
				t.Fatal(err)
			}
			size, n, err := binxml.ReadMB31(fb)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := rs.ReadTable(fb[:n+int(size)]); err != nil {
				t.Fatal(err)
			}
			doc := fb[n+int(size):]
			br := binxml.NewReader(doc, rs, binxml.Quotas{})
			if _, err := br.Next(); err != nil {
				t.Fatal(err)
			}
			if _, err := br.Next(); err != nil {
				t.Fatal(err)
			}
			fastOut := reflect.New(typ)
			if err := Decode(br, fastOut.Interface()); err != nil {
				t.Fatal(err)
			}
			var tw infoset.TreeWriter
			if err := Encode(&tw, v); err != nil {
				t.Fatal(err)
			}
			general := reflect.New(typ)
			rr := infoset.NewTreeReader(tw.Nodes()...)
			rr.Next()
			if err := Decode(rr, general.Interface()); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(general.Interface(), fastOut.Interface(), holderOpts, elemOpts); diff != "" {
				t.Errorf("%T: fast path (-general +fast):\n%s", v, diff)
			}
		}
	}
}

// extFlat has a member of each collection and scalar kind added for
// DataContract fidelity, with no nesting: leaf runs meet all of them.
type extFlat struct {
	XMLName struct{}         `xml:"urn:f F"`
	N       int32            `xml:"n"`
	P       []dcsPerm        `xml:"p,list"`
	S       []string         `xml:"s>string" soap:"itemns=urn:a"`
	M       map[string]int32 `xml:"m>kv"`
	D       Decimal          `xml:"d"`
	G       GUID             `xml:"g"`
	C       Char             `xml:"c"`
	T       time.Duration    `xml:"t"`
}

// leafScalars has the scalar members added for DataContract fidelity
// alone: a leaf run records it.
type leafScalars struct {
	XMLName struct{}      `xml:"urn:l L"`
	G       GUID          `xml:"g"`
	D       Decimal       `xml:"d"`
	C       Char          `xml:"c"`
	T       time.Duration `xml:"t"`
	S       dcsStatus     `xml:"s"`
}

// extNotLeaves are the types of extSeedValues that no leaf run records:
// they have a nested struct, a wrapped collection or a list.
var extNotLeaves = map[reflect.Type]bool{
	reflect.TypeFor[dcsHolder](): true, reflect.TypeFor[extFlat](): true, reflect.TypeFor[scalars](): true,
}

// extSeedValues are values of the types DataContract fidelity added, for
// the seeds of the decode fuzz targets: all of them for FuzzLeafDecode
// (codec_leaf_test.go) and FuzzDecodeDataContract, and the small ones
// (runs true) for FuzzLeafRunDecode (codec_leafrun_test.go), whose
// exhaustive test runs every mutation of every seed under many quotas.
func extSeedValues(runs bool) []any {
	small := []any{
		&extFlat{N: 1, P: []dcsPerm{"Read", "Write"}, S: []string{"a"}, M: map[string]int32{"k": 1},
			D: MustParseDecimal("-3.25"), G: GUID{1, 2}, C: 'z', T: time.Minute},
		&leafScalars{G: GUID{0xab}, D: MustParseDecimal("79228162514264337593543950335"), C: 1, T: -time.Second, S: dcsStatusNew},
		&leafScalars{D: MustParseDecimal("79228162514264337593543950336.5"), S: dcsStatusShipped},
	}
	if runs {
		return small
	}
	h, _ := wantHolder()
	return append(small, h, &extFlat{S: []string{}, M: nil},
		&scalars{G: GUID{9}, D: MustParseDecimal("1"), Big: MustParseDecimal("123456789012345678901234567890.5"), C: 'A'})
}

// FuzzDecodeDataContract decodes arbitrary text XML into the DataContract
// fidelity types, seeded with what DataContractSerializer writes: Decode
// must fail cleanly or give a value that Encode writes (a cyclic value,
// which z:Ref can make, being ErrQuotaExceeded) and that decodes again.
func FuzzDecodeDataContract(f *testing.F) {
	seed, err := os.ReadFile("testdata/dcs/holder.xml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed, uint8(0))
	for i, v := range extSeedValues(false) {
		f.Add(encodeText(f, v), uint8(i))
	}
	// The Mono service's GetTeam reply body: z:Id, then z:Ref to it.
	team, err := os.ReadFile("testdata/dcs/getteam_soap11.xml")
	if err != nil {
		f.Fatal(err)
	}
	_, body, _ := bytes.Cut(team, []byte("<s:Body>"))
	body, _, _ = bytes.Cut(body, []byte("</s:Body>"))
	f.Add(body, uint8(4))
	// References written by Encode: z:Id, z:Ref and a cycle.
	a := &refNode{Name: "a"}
	a.Next = &refNode{Name: "b", Next: a}
	f.Add(encodeText(f, &refPair{A: a, Items: []*refNode{a.Next, a}}), uint8(5))
	// An XmlSerializer-style choice and xs:any (anyHolder's ,any field).
	f.Add([]byte(anyHolderDoc), uint8(6))
	types := []reflect.Type{reflect.TypeFor[dcsHolder](), reflect.TypeFor[extFlat](), reflect.TypeFor[scalars](), reflect.TypeFor[leafScalars](), reflect.TypeFor[getTeamResponse](), reflect.TypeFor[refPair](), reflect.TypeFor[anyHolder]()}
	f.Fuzz(func(t *testing.T, doc []byte, ti uint8) {
		typ := types[int(ti)%len(types)]
		r, err := xmltext.NewReader(doc, xmltext.Quotas{})
		if err != nil {
			return
		}
		if k, err := r.Next(); err != nil || k != infoset.StartElement {
			return
		}
		v := reflect.New(typ)
		if Decode(r, v.Interface()) != nil {
			return
		}
		for _, w := range []infoset.Writer{xmltext.NewWriter(nil), binxml.NewWriter(nil, nil)} {
			err := Encode(w, v.Interface())
			if errors.Is(err, ErrQuotaExceeded) {
				continue
			}
			if err != nil {
				t.Fatalf("Encode of a decoded %v: %v", typ, err)
			}
		}
		back := encodeText(t, v.Interface())
		if err := decodeText(t, back, reflect.New(typ).Interface()); err != nil {
			t.Fatalf("%v: decoding %s again: %v", typ, back, err)
		}
	})
}
