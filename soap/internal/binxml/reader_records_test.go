package binxml

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wwsgo/wws/soap/infoset"
)

const (
	soap12NS = "http://www.w3.org/2003/05/soap-envelope"
	wsaNS    = "http://www.w3.org/2005/08/addressing"
)

// E is an element node with attributes.
func E(prefix, local, ns string, attrs []infoset.NodeAttr, kids ...*infoset.Node) *infoset.Node {
	n := infoset.Elem(prefix, local, ns, kids...)
	n.Attrs = attrs
	return n
}

// A lists attributes: name parts and value, four strings each.
func A(parts ...string) []infoset.NodeAttr {
	var out []infoset.NodeAttr
	for i := 0; i+3 < len(parts); i += 4 {
		out = append(out, infoset.NodeAttr{Name: infoset.Name{Prefix: parts[i], Local: parts[i+1], Space: parts[i+2]}, Value: parts[i+3]})
	}
	return out
}

func T(s string) *infoset.Node { return infoset.TextNode(s) }

func C(s string) *infoset.Node { return &infoset.Node{Kind: infoset.Comment, Text: s} }

// readCase is one document: its bytes, session strings, and what it
// must decode to.
type readCase struct {
	name    string
	doc     []byte
	session []string
	want    []*infoset.Node
	xml     string
}

func (c readCase) sess(t testing.TB) *ReadSession {
	if c.session == nil {
		return nil
	}
	return session(t, c.session...)
}

// structuralCases cover the element, attribute, comment and array records.
func structuralCases() []readCase {
	cs := []readCase{
		{"40 ShortElement", bin("40", str("abc"), "01"), nil,
			[]*infoset.Node{E("", "abc", "", nil)}, `<abc/>`},
		{"41 Element + 09 Xmlns", bin("41", str("p"), str("abc"), "09", str("p"), str("urn:x"), "01"), nil,
			[]*infoset.Node{E("p", "abc", "urn:x", A("xmlns", "p", infoset.XMLNSNamespace, "urn:x"))},
			`<p:abc xmlns:p="urn:x"/>`},
		{"42 ShortDictionaryElement", bin("42 02 01"), nil,
			[]*infoset.Node{E("", "Envelope", "", nil)}, `<Envelope/>`},
		{"42 session element", bin("42 01 01"), []string{"Add"},
			[]*infoset.Node{E("", "Add", "", nil)}, `<Add/>`},
		{"43 DictionaryElement + 0B DictionaryXmlns", bin("43", str("s"), "02 0B", str("s"), "04 01"), nil,
			[]*infoset.Node{E("s", "Envelope", soap12NS, A("xmlns", "s", infoset.XMLNSNamespace, soap12NS))},
			`<s:Envelope xmlns:s="` + soap12NS + `"/>`},
		{"04 ShortAttribute", bin("40", str("e"), "04", str("a"), "98", str("x"), "01"), nil,
			[]*infoset.Node{E("", "e", "", A("", "a", "", "x"))}, `<e a="x"/>`},
		{"05 Attribute xml:lang", bin("40", str("e"), "05", str("xml"), str("lang"), "98", str("en-US"), "01"), nil,
			[]*infoset.Node{E("", "e", "", A("xml", "lang", infoset.XMLNamespace, "en-US"))}, `<e xml:lang="en-US"/>`},
		{"06 ShortDictionaryAttribute", bin("40", str("e"), "06 00 86 01"), nil,
			[]*infoset.Node{E("", "e", "", A("", "mustUnderstand", "", "true"))}, `<e mustUnderstand="true"/>`},
		{"07 DictionaryAttribute before its xmlns", bin("40", str("e"), "07", str("p"), "00 82 09", str("p"), str("urn:x"), "01"), nil,
			[]*infoset.Node{E("", "e", "", A("p", "mustUnderstand", "urn:x", "1", "xmlns", "p", infoset.XMLNSNamespace, "urn:x"))},
			`<e p:mustUnderstand="1" xmlns:p="urn:x"/>`},
		{"08 ShortXmlnsAttribute", bin("40", str("e"), "08", str("urn:x"), "01"), nil,
			[]*infoset.Node{E("", "e", "urn:x", A("", "xmlns", infoset.XMLNSNamespace, "urn:x"))}, `<e xmlns="urn:x"/>`},
		{"0A ShortDictionaryXmlnsAttribute", bin("40", str("e"), "0A 04 40", str("f"), "01 01"), nil,
			[]*infoset.Node{E("", "e", soap12NS, A("", "xmlns", infoset.XMLNSNamespace, soap12NS), E("", "f", soap12NS, nil))},
			`<e xmlns="` + soap12NS + `"><f/></e>`},
		{"02 Comment before root and inside", bin("02", str("hey"), "40", str("e"), "02", str("a<b"), "01"), nil,
			[]*infoset.Node{C("hey"), E("", "e", "", nil, C("a<b"))}, `<!--hey--><e><!--a<b--></e>`},
		{"01 EndElement nesting", bin("40", str("a"), "40", str("b"), "40", str("c"), "01 01 40", str("d"), "01 01"), nil,
			[]*infoset.Node{E("", "a", "", nil, E("", "b", "", nil, E("", "c", "", nil)), E("", "d", "", nil))},
			`<a><b><c/></b><d/></a>`},
		{"A4 list in attribute", bin("40", str("e"), "04", str("l"), "A4 88 07 98", str("x"), "A8 86 A6 01"), nil,
			[]*infoset.Node{E("", "e", "", A("", "l", "", "7 x  true"))}, `<e l="7 x  true"/>`},
		{"A4 list with A7", bin("40", str("e"), "A4 82 80 A7"), nil,
			[]*infoset.Node{E("", "e", "", nil, T("1 0"))}, `<e>1 0</e>`},
		{"A4 empty list", bin("40", str("e"), "A4 A6 01"), nil,
			[]*infoset.Node{E("", "e", "", nil, T(""))}, `<e></e>`},
		{"A4 list of UnicodeChars", bin("40", str("e"), "A4 B6 02 6800 B6 04 6900 6A00 A7"), nil,
			[]*infoset.Node{E("", "e", "", nil, T("h ij"))}, `<e>h ij</e>`},
		{"adjacent Bytes records join", bin("40", str("e"), "9E 02 0001 9F 01 02"), nil,
			[]*infoset.Node{E("", "e", "", nil, T("AAEC"))}, `<e>AAEC</e>`},
		{"escaping", bin("40", str("e"), "04", str("a"), "98", str("<\"&'\t"), "98", str("a<b>&c\r"), "99 01 01"), nil,
			[]*infoset.Node{E("", "e", "", A("", "a", "", "<\"&'\t"), T("a<b>&c\r\x01"))},
			`<e a="&lt;&quot;&amp;'&#x9;">a&lt;b&gt;&amp;c&#xD;&#x1;</e>`},
	}
	for i := 0; i < 26; i++ {
		p := string(rune('a' + i))
		decl := bin("09", str(p), str("urn:"+p))
		xa := A("xmlns", p, infoset.XMLNSNamespace, "urn:"+p)
		cs = append(cs,
			readCase{fmt.Sprintf("%02X PrefixDictionaryElement %s", 0x44+i, p), bin(0x44+i, "02", decl, "01"), nil,
				[]*infoset.Node{E(p, "Envelope", "urn:"+p, xa)}, `<` + p + `:Envelope xmlns:` + p + `="urn:` + p + `"/>`},
			readCase{fmt.Sprintf("%02X PrefixElement %s", 0x5E+i, p), bin(0x5E+i, str("x"), decl, "01"), nil,
				[]*infoset.Node{E(p, "x", "urn:"+p, xa)}, `<` + p + `:x xmlns:` + p + `="urn:` + p + `"/>`},
			readCase{fmt.Sprintf("%02X PrefixDictionaryAttribute %s", 0x0C+i, p), bin("40", str("e"), decl, 0x0C+i, "0C 98", str("v"), "01"), nil,
				[]*infoset.Node{E("", "e", "", append(xa, A(p, "To", "urn:"+p, "v")...))}, `<e xmlns:` + p + `="urn:` + p + `" ` + p + `:To="v"/>`},
			readCase{fmt.Sprintf("%02X PrefixAttribute %s", 0x26+i, p), bin("40", str("e"), decl, 0x26+i, str("y"), "88 FF 01"), nil,
				[]*infoset.Node{E("", "e", "", append(xa, A(p, "y", "urn:"+p, "-1")...))}, `<e xmlns:` + p + `="urn:` + p + `" ` + p + `:y="-1"/>`},
		)
	}
	return append(cs, readArrayCases()...)
}

// readArrayCases cover the Array record with each item type.
func readArrayCases() []readCase {
	items := []struct {
		typ       string
		a, b      string
		wantA, wB string
	}{
		{"B5", "01", "00", "true", "false"},
		{"8B", "2C01", "FFFF", "300", "-1"},
		{"8D", "00000080", "07000000", "-2147483648", "7"},
		{"8F", "FEFFFFFFFFFFFFFF", "0001000000000000", "-2", "256"},
		{"91", "0000C03F", "000020C0", "1.5", "-2.5"},
		{"93", "000000000000F83F", "9A9999999999B93F", "1.5", "0.1"},
		{"95", "0000060000000000802D4E0000000000", "0000008000000000FFFFFFFFFFFFFFFF", "5.123456", "-18446744073709551615"},
		{"97", "80003B6D308FD748", "0000000000000000", "2020-01-02T03:04:05Z", "0001-01-01T00:00:00"},
		{"AF", "0068C46108000000", "C0B4B3FFFFFFFFFF", "PT1H", "-PT0.5S"},
		{"B1", "00112233445566778899AABBCCDDEEFF", "00000000000000000000000000000000", "33221100-5544-7766-8899-aabbccddeeff", "00000000-0000-0000-0000-000000000000"},
	}
	var cs []readCase
	for _, it := range items {
		x := func(v string) *infoset.Node {
			return E("p", "i", "urn:p", A("xmlns", "p", infoset.XMLNSNamespace, "urn:p", "", "n", "", "k"), T(v))
		}
		cs = append(cs, readCase{"03 Array " + it.typ,
			bin("40", str("w"), "03 6D", str("i"), "09", str("p"), str("urn:p"), "04", str("n"), "98", str("k"), "01", it.typ, "02", it.a, it.b, "01"), nil,
			[]*infoset.Node{E("", "w", "", nil, x(it.wantA), x(it.wB))},
			`<w><p:i xmlns:p="urn:p" n="k">` + it.wantA + `</p:i><p:i xmlns:p="urn:p" n="k">` + it.wB + `</p:i></w>`})
	}
	return cs
}

// textCase is one text record payload and its rendering.
type textCase struct {
	rec     byte
	payload string
	want    string
	kind    infoset.TextKind
}

var readTextCases = []textCase{
	{0x80, "", "0", infoset.TextInt},
	{0x82, "", "1", infoset.TextInt},
	{0x84, "", "false", infoset.TextBool},
	{0x86, "", "true", infoset.TextBool},
	{0x88, "FE", "-2", infoset.TextInt},
	{0x8A, "2C01", "300", infoset.TextInt},
	{0x8C, "00000080", "-2147483648", infoset.TextInt},
	{0x8E, "FFFFFFFFFFFFFF7F", "9223372036854775807", infoset.TextInt},
	{0x90, "0000C03F", "1.5", infoset.TextFloat},
	{0x92, "9A9999999999B93F", "0.1", infoset.TextDouble},
	{0x94, "0000060000000000802D4E0000000000", "5.123456", infoset.TextDecimal},
	{0x96, "80003B6D308FD748", "2020-01-02T03:04:05Z", infoset.TextDateTime},
	{0x98, "05 68656C6C6F", "hello", infoset.TextChars},
	{0x9A, "0500 68656C6C6F", "hello", infoset.TextChars},
	{0x9C, "05000000 68656C6C6F", "hello", infoset.TextChars},
	{0x9E, "03 010203", "AQID", infoset.TextBytes},
	{0xA0, "0300 010203", "AQID", infoset.TextBytes},
	{0xA2, "03000000 010203", "AQID", infoset.TextBytes},
	{0xA4, "88 01 98 01 61 A6", "1 a", infoset.TextChars},
	{0xA8, "", "", infoset.TextChars},
	{0xAA, "02", "Envelope", infoset.TextChars},
	{0xAA, "03", "second", infoset.TextChars},
	{0xAC, "00112233445566778899AABBCCDDEEFF", "urn:uuid:33221100-5544-7766-8899-aabbccddeeff", infoset.TextUniqueID},
	{0xAE, "0068C46108000000", "PT1H", infoset.TextTimeSpan},
	{0xB0, "00112233445566778899AABBCCDDEEFF", "33221100-5544-7766-8899-aabbccddeeff", infoset.TextGUID},
	{0xB2, "FFFFFFFFFFFFFFFF", "18446744073709551615", infoset.TextUint64},
	{0xB4, "01", "true", infoset.TextBool},
	{0xB6, "06 68003D04F600", "hнö", infoset.TextChars},
	{0xB8, "0600 3DD800DE6900", "\U0001F600i", infoset.TextChars},
	{0xBA, "02000000 6900", "i", infoset.TextChars},
	{0xBC, "12 02", "s:Envelope", infoset.TextQName},
}

// textRecordCases put every text record, in its even form (with 01) and
// its odd form (implicit end), inside an element.
func textRecordCases() []readCase {
	var cs []readCase
	for _, tc := range readTextCases {
		want := []*infoset.Node{E("", "v", "", nil, T(tc.want))} // empty text is a node too
		xml := `<v>` + tc.want + `</v>`
		even := bin("40", str("v"), tc.rec, tc.payload, "01")
		oddPayload := tc.payload
		oddRec := tc.rec + 1
		if tc.rec == recStartListText { // the odd form ends the list: A7
			oddRec, oddPayload = tc.rec, strings.TrimSuffix(tc.payload, "A6")+"A7"
		}
		odd := bin("40", str("v"), oddRec, oddPayload)
		sess := []string{"first", "second"}
		cs = append(cs,
			readCase{fmt.Sprintf("%02X even", tc.rec), even, sess, want, xml},
			readCase{fmt.Sprintf("%02X odd", oddRec), odd, sess, want, xml})
	}
	return cs
}

func allRecordCases() []readCase {
	return append(structuralCases(), textRecordCases()...)
}

func TestRecords(t *testing.T) {
	for _, c := range allRecordCases() {
		t.Run(c.name, func(t *testing.T) {
			got, err := infoset.ReadNodes(NewReader(c.doc, c.sess(t), Quotas{}))
			if err != nil {
				t.Fatalf("ReadNodes(% X): %v", c.doc, err)
			}
			if d := cmp.Diff(c.want, got); d != "" {
				t.Errorf("nodes of % X (-want +got):\n%s", c.doc, d)
			}
			x, err := DecodeXML(c.doc, c.sess(t), Quotas{}, false)
			if err != nil {
				t.Fatalf("DecodeXML: %v", err)
			}
			if string(x) != c.xml {
				t.Errorf("DecodeXML(% X):\n got %s\nwant %s", c.doc, x, c.xml)
			}
		})
	}
}

// TestTextKinds checks that typed records arrive as typed Text values.
func TestTextKinds(t *testing.T) {
	for _, tc := range readTextCases {
		doc := bin("40", str("v"), tc.rec, tc.payload, "01")
		evs, err := readEvents(NewReader(doc, session(t, "first", "second"), Quotas{}))
		if err != nil {
			t.Fatalf("%02X: %v", tc.rec, err)
		}
		if len(evs) != 3 || evs[1].Kind != infoset.CharData {
			t.Fatalf("%02X: got events %+v, want start, text, end", tc.rec, evs)
		}
		if evs[1].TextKind != tc.kind || evs[1].Text != tc.want {
			t.Errorf("%02X: got %v %q, want %v %q", tc.rec, evs[1].TextKind, evs[1].Text, tc.kind, tc.want)
		}
	}
}

// TestDepthAndNamespaces checks Depth and LookupNamespace at each node.
func TestDepthAndNamespaces(t *testing.T) {
	doc := bin("40", str("a"), "09", str("p"), str("urn:p"), "6D", str("b"), "99", str("t"), "01")
	r := NewReader(doc, nil, Quotas{})
	type step struct {
		kind  infoset.Kind
		depth int
		ns    string
	}
	want := []step{{infoset.StartElement, 1, "urn:p"}, {infoset.StartElement, 2, "urn:p"},
		{infoset.CharData, 2, "urn:p"}, {infoset.EndElement, 2, "urn:p"}, {infoset.EndElement, 1, "urn:p"}, {infoset.EOF, 0, ""}}
	for i, w := range want {
		k, err := r.Next()
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		ns, _ := r.LookupNamespace("p")
		if k != w.kind || r.Depth() != w.depth || ns != w.ns {
			t.Errorf("step %d: got %v depth %d p=%q, want %v depth %d p=%q", i, k, r.Depth(), ns, w.kind, w.depth, w.ns)
		}
	}
}
