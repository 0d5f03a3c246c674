package binxml

import (
	"encoding/base64"
	"fmt"
	"strings"
	"time"

	"github.com/wwsgo/wws/soap/infoset"
)

// The shared record table: one case per [MC-NBFX] record form the Writer
// produces (elements 2.2.1, attributes and declarations 2.2.2, every text
// record in its even and odd form 2.2.3, arrays 2.2.3.31), as plain msbin1
// (no session table). The writer test encodes each case and compares bytes;
// a reader test decodes wantBinary and compares its rendering with wantXML.
//
// wantXML conventions (renderXML): no self-closing tags; an element's
// ordinary attributes come first, then its namespace declarations (the
// order of the binary records); text is rendered as XmlConvert does
// (infoset.Text.AppendTo); & < > are escaped in text, & < " in attributes;
// an Array record renders as its repeated elements.
//
// Not producible by the writer, so absent: StartListText/EndListText
// (A4–A7) and BoolText (B4/B5) outside arrays. Session (odd) ids are the
// same records with odd ids; the §7.2/§7.3 tests cover them. A "" string
// as element content writes nothing (as WCF), so EmptyText's odd form A9
// comes from empty bytes.
type recordCase struct {
	name       string
	nodes      []*infoset.Node        // the document, or nil when write is set
	write      func(w infoset.Writer) // the calls writing it; arrays use w.(arrayWriter)
	wantBinary []byte                 // msbin1 records, no string table
	wantXML    string                 // rendering of the document, see above
}

// build returns the function that writes the case's document.
func (c recordCase) build() func(w infoset.Writer) {
	if c.write != nil {
		return c.write
	}
	return func(w infoset.Writer) {
		for _, n := range c.nodes {
			infoset.WriteNode(w, n)
		}
	}
}

const (
	nsSoap = "http://www.w3.org/2003/05/soap-envelope"
	nsWSA  = "http://www.w3.org/2005/08/addressing"
	nsAnon = "http://www.w3.org/2005/08/addressing/anonymous"
)

// testGUID is the spec's example GUID 33221100-5544-7766-8899-aabbccddeeff.
var testGUID = [16]byte{0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF}

const testGUIDHex = "00 11 22 33 44 55 66 77 88 99 AA BB CC DD EE FF"

var testTime = time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)

func elem(prefix, local, ns string, more ...func(w infoset.Writer)) func(w infoset.Writer) {
	return func(w infoset.Writer) {
		w.StartElement(prefix, local, ns)
		for _, m := range more {
			m(w)
		}
		w.EndElement()
	}
}

func attr(prefix, local, ns string, v infoset.Text) func(w infoset.Writer) {
	return func(w infoset.Writer) { w.Attr(prefix, local, ns, v) }
}

func xmlns(prefix, ns string) func(w infoset.Writer) {
	return func(w infoset.Writer) { w.Xmlns(prefix, ns) }
}

func text(v infoset.Text) func(w infoset.Writer) {
	return func(w infoset.Writer) { w.Text(v) }
}

func array(prefix, local, ns string, values any) func(w infoset.Writer) {
	return func(w infoset.Writer) { w.(arrayWriter).WriteArray(prefix, local, ns, values) }
}

// textSpec is one text value and its record (even type + payload).
type textSpec struct {
	name    string
	value   infoset.Text
	rec     byte
	payload []byte
	xml     string
}

func seq(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i)
	}
	return b
}

func utf16le(s string) []byte { return appendUTF16(nil, []byte(s)) }

var textSpecs = []textSpec{
	{"Zero/int", infoset.Int(0), recZeroText, nil, "0"},
	{"Zero/chars", infoset.String("0"), recZeroText, nil, "0"},
	{"One/int", infoset.Int(1), recOneText, nil, "1"},
	{"One/chars", infoset.String("1"), recOneText, nil, "1"},
	{"False", infoset.Bool(false), recFalseText, nil, "false"},
	{"True", infoset.Bool(true), recTrueText, nil, "true"},
	{"Int8", infoset.Int(-2), recInt8Text, cat("FE"), "-2"},
	{"Int16", infoset.Int(300), recInt16Text, cat("2C 01"), "300"},
	{"Int32", infoset.Int(70000), recInt32Text, cat("70 11 01 00"), "70000"},
	{"Int64", infoset.Int(1 << 40), recInt64Text, cat("00 00 00 00 00 01 00 00"), "1099511627776"},
	{"UInt64", infoset.Uint64(1 << 63), recUInt64Text, cat("00 00 00 00 00 00 00 80"), "9223372036854775808"},
	{"Float/from double", infoset.Float64(1.5), recFloatText, cat("00 00 C0 3F"), "1.5"},
	{"Float/float32", infoset.Float32(-0.25), recFloatText, cat("00 00 80 BE"), "-0.25"},
	{"Int8/integral float", infoset.Float32(2), recInt8Text, cat("02"), "2"},
	{"Int8/integral double", infoset.Float64(-3), recInt8Text, cat("FD"), "-3"},
	{"Double", infoset.Float64(0.1), recDoubleText, cat("9A 99 99 99 99 99 B9 3F"), "0.1"},
	{"Decimal", infoset.DecimalText(infoset.Decimal{Lo: 5123456, Scale: 6}), recDecimalText,
		cat("00 00 06 00 00 00 00 00 80 2D 4E 00 00 00 00 00"), "5.123456"},
	{"DateTime", infoset.DateTime(testTime), recDateTimeText, cat("80 00 3B 6D 30 8F D7 48"), "2020-01-02T03:04:05Z"},
	{"Chars8", infoset.String("hi"), recChars8Text, cat("02", txt("hi")), "hi"},
	{"Chars8/escaped", infoset.String(`a<&"b`), recChars8Text, cat("05", txt(`a<&"b`)), `a<&"b`},
	{"Chars16", infoset.String(strings.Repeat("x", 300)), recChars16Text,
		cat("2C 01", txt(strings.Repeat("x", 300))), strings.Repeat("x", 300)},
	{"Chars32", infoset.String(strings.Repeat("x", 70000)), recChars32Text,
		cat("70 11 01 00", txt(strings.Repeat("x", 70000))), strings.Repeat("x", 70000)},
	{"Bytes8", infoset.Bytes([]byte{1, 2, 3}), recBytes8Text, cat("03 01 02 03"), "AQID"},
	{"Bytes16", infoset.Bytes(seq(300)), recBytes16Text, cat("2C 01", seq(300)),
		base64.StdEncoding.EncodeToString(seq(300))},
	{"Bytes32", infoset.Bytes(seq(70000)), recBytes32Text, cat("70 11 01 00", seq(70000)),
		base64.StdEncoding.EncodeToString(seq(70000))},
	{"Empty/bytes", infoset.Bytes(nil), recEmptyText, nil, ""},
	{"Dictionary", infoset.DictString("Envelope"), recDictionaryText, cat("02"), "Envelope"},
	{"Dictionary/multibyte id", infoset.DictString("http://schemas.xmlsoap.org/soap/envelope/"),
		recDictionaryText, cat("C2 07"), "http://schemas.xmlsoap.org/soap/envelope/"},
	{"Chars8/dictionary miss", infoset.DictString("zz"), recChars8Text, cat("02", txt("zz")), "zz"},
	{"UniqueId", infoset.UniqueID(testGUID), recUniqueIDText, cat(testGUIDHex),
		"urn:uuid:33221100-5544-7766-8899-aabbccddeeff"},
	{"TimeSpan", infoset.Duration(90 * time.Second), recTimeSpanText, cat("00 E9 A4 35 00 00 00 00"), "PT1M30S"},
	{"Guid", infoset.GUID(testGUID), recGUIDText, cat(testGUIDHex), "33221100-5544-7766-8899-aabbccddeeff"},
	{"UnicodeChars8", infoset.String("日本"), recUnicodeChars8Text, cat("04 E5 65 2C 67"), "日本"},
	{"UnicodeChars16", infoset.String(strings.Repeat("日", 200)), recUnicodeChars16Text,
		cat("90 01", utf16le(strings.Repeat("日", 200))), strings.Repeat("日", 200)},
	{"UnicodeChars32", infoset.String(strings.Repeat("日", 40000)), recUnicodeChars32Text,
		cat("80 38 01 00", utf16le(strings.Repeat("日", 40000))), strings.Repeat("日", 40000)},
	{"Chars8/one 3-byte char", infoset.String("日"), recChars8Text, cat("03 E6 97 A5"), "日"},
	{"QNameDictionary", infoset.QName("s", "Envelope"), recQNameDictionaryText, cat("12 02"), "s:Envelope"},
	{"Chars8/qname long prefix", infoset.QName("pre", "Envelope"), recChars8Text,
		cat("0C", txt("pre:Envelope")), "pre:Envelope"},
	{"Dictionary/qname no prefix", infoset.QName("", "Body"), recDictionaryText, cat("0E"), "Body"},
}

// textCases puts each text record in an attribute (even form) and as the
// only content of an element (odd form).
func textCases() []recordCase {
	var cs []recordCase
	for _, t := range textSpecs {
		xmlAttr := strings.NewReplacer("&", "&amp;", "<", "&lt;", `"`, "&quot;").Replace(t.xml)
		xmlText := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(t.xml)
		cs = append(cs,
			recordCase{
				name:       fmt.Sprintf("text/%s/even %02X", t.name, t.rec),
				write:      elem("", "v", "", attr("", "x", "", t.value)),
				wantBinary: cat("40 01 76 04 01 78", t.rec, t.payload, "01"),
				wantXML:    `<v x="` + xmlAttr + `"></v>`,
			},
			recordCase{
				name:       fmt.Sprintf("text/%s/odd %02X", t.name, t.rec+1),
				write:      elem("", "v", "", text(t.value)),
				wantBinary: cat("40 01 76", t.rec+1, t.payload),
				wantXML:    `<v>` + xmlText + `</v>`,
			})
	}
	return cs
}

var structureCases = []recordCase{
	// Elements, [MC-NBFX] 2.2.1.
	{name: "element/ShortElement 40", nodes: []*infoset.Node{infoset.Elem("", "doc", "")},
		wantBinary: cat("40", name("doc"), "01"), wantXML: `<doc></doc>`},
	{name: "element/Element 41", write: elem("pre", "doc", "urn:x"),
		wantBinary: cat("41", name("pre"), name("doc"), "09", name("pre"), name("urn:x"), "01"),
		wantXML:    `<pre:doc xmlns:pre="urn:x"></pre:doc>`},
	{name: "element/ShortDictionaryElement 42", nodes: []*infoset.Node{infoset.Elem("", "Envelope", "")},
		wantBinary: cat("42 02 01"), wantXML: `<Envelope></Envelope>`},
	{name: "element/DictionaryElement 43", write: elem("env", "Envelope", nsSoap),
		wantBinary: cat("43", name("env"), "02 0B", name("env"), "04 01"),
		wantXML:    `<env:Envelope xmlns:env="` + nsSoap + `"></env:Envelope>`},
	{name: "element/PrefixDictionaryElementA 44", write: elem("a", "Action", nsWSA),
		wantBinary: cat("44 0A 0B 01 61 06 01"), wantXML: `<a:Action xmlns:a="` + nsWSA + `"></a:Action>`},
	{name: "element/PrefixDictionaryElementS 56", nodes: []*infoset.Node{infoset.Elem("s", "Body", nsSoap)},
		wantBinary: cat("56 0E 0B 01 73 04 01"), wantXML: `<s:Body xmlns:s="` + nsSoap + `"></s:Body>`},
	{name: "element/PrefixDictionaryElementZ 5D", write: elem("z", "Body", "urn:z"),
		wantBinary: cat("5D 0E 09 01 7A", name("urn:z"), "01"), wantXML: `<z:Body xmlns:z="urn:z"></z:Body>`},
	{name: "element/PrefixElementA 5E", write: elem("a", "doc", "urn:a"),
		wantBinary: cat("5E", name("doc"), "09 01 61", name("urn:a"), "01"), wantXML: `<a:doc xmlns:a="urn:a"></a:doc>`},
	{name: "element/PrefixElementZ 77", write: elem("z", "doc", "urn:z"),
		wantBinary: cat("77", name("doc"), "09 01 7A", name("urn:z"), "01"), wantXML: `<z:doc xmlns:z="urn:z"></z:doc>`},
	{name: "element/nested EndElement 01",
		nodes:      []*infoset.Node{infoset.Elem("", "doc", "", infoset.Elem("", "in", ""), infoset.Elem("", "in", ""))},
		wantBinary: cat("40", name("doc"), "40", name("in"), "01 40", name("in"), "01 01"),
		wantXML:    `<doc><in></in><in></in></doc>`},

	// Namespace declarations, [MC-NBFX] 2.2.2.
	{name: "xmlns/ShortXmlnsAttribute 08", write: elem("", "doc", "urn:x"),
		wantBinary: cat("40", name("doc"), "08", name("urn:x"), "01"), wantXML: `<doc xmlns="urn:x"></doc>`},
	{name: "xmlns/ShortDictionaryXmlnsAttribute 0A", write: elem("", "Body", nsSoap),
		wantBinary: cat("42 0E 0A 04 01"), wantXML: `<Body xmlns="` + nsSoap + `"></Body>`},
	{name: "xmlns/XmlnsAttribute 09", write: elem("", "doc", "", xmlns("pre", "urn:p")),
		wantBinary: cat("40", name("doc"), "09", name("pre"), name("urn:p"), "01"), wantXML: `<doc xmlns:pre="urn:p"></doc>`},
	{name: "xmlns/DictionaryXmlnsAttribute 0B", write: elem("", "doc", "", xmlns("s", nsSoap)),
		wantBinary: cat("40", name("doc"), "0B 01 73 04 01"), wantXML: `<doc xmlns:s="` + nsSoap + `"></doc>`},
	{name: "xmlns/undeclare default (static empty string A2)",
		nodes:      []*infoset.Node{infoset.Elem("", "doc", "urn:x", infoset.Elem("", "in", ""))},
		wantBinary: cat("40", name("doc"), "08", name("urn:x"), "40", name("in"), "0A A2 01 01 01"),
		wantXML:    `<doc xmlns="urn:x"><in xmlns=""></in></doc>`},
	{name: "xmlns/binding in scope is not repeated",
		write:      elem("s", "Envelope", nsSoap, xmlns("s", nsSoap), elem("s", "Body", nsSoap, xmlns("s", nsSoap))),
		wantBinary: cat("56 02 0B 01 73 04 56 0E 01 01"),
		wantXML:    `<s:Envelope xmlns:s="` + nsSoap + `"><s:Body></s:Body></s:Envelope>`},

	// Attributes, [MC-NBFX] 2.2.2.
	{name: "attr/ShortAttribute 04", write: elem("", "doc", "", attr("", "id", "", infoset.String("v"))),
		wantBinary: cat("40", name("doc"), "04", name("id"), "98 01 76 01"), wantXML: `<doc id="v"></doc>`},
	{name: "attr/Attribute 05", write: elem("", "doc", "", attr("pre", "id", "urn:p", infoset.String("v"))),
		wantBinary: cat("40", name("doc"), "05", name("pre"), name("id"), "98 01 76 09", name("pre"), name("urn:p"), "01"),
		wantXML:    `<doc pre:id="v" xmlns:pre="urn:p"></doc>`},
	{name: "attr/Attribute 05 xml:lang", write: elem("", "doc", "", attr("xml", "lang", infoset.XMLNamespace, infoset.String("en"))),
		wantBinary: cat("40", name("doc"), "05", name("xml"), name("lang"), "98 02", txt("en"), "01"),
		wantXML:    `<doc xml:lang="en"></doc>`},
	{name: "attr/ShortDictionaryAttribute 06", write: elem("", "doc", "", attr("", "type", "", infoset.String("v"))),
		wantBinary: cat("40", name("doc"), "06 F8 06 98 01 76 01"), wantXML: `<doc type="v"></doc>`},
	{name: "attr/DictionaryAttribute 07", write: elem("", "doc", "", attr("env", "mustUnderstand", nsSoap, infoset.String("1"))),
		wantBinary: cat("40", name("doc"), "07", name("env"), "00 82 0B", name("env"), "04 01"),
		wantXML:    `<doc env:mustUnderstand="1" xmlns:env="` + nsSoap + `"></doc>`},
	{name: "attr/PrefixDictionaryAttributeA 0C", write: elem("", "doc", "", attr("a", "Action", nsWSA, infoset.String("v"))),
		wantBinary: cat("40", name("doc"), "0C 0A 98 01 76 0B 01 61 06 01"),
		wantXML:    `<doc a:Action="v" xmlns:a="` + nsWSA + `"></doc>`},
	{name: "attr/PrefixDictionaryAttributeS 1E", write: elem("", "doc", "", attr("s", "mustUnderstand", nsSoap, infoset.String("1"))),
		wantBinary: cat("40", name("doc"), "1E 00 82 0B 01 73 04 01"),
		wantXML:    `<doc s:mustUnderstand="1" xmlns:s="` + nsSoap + `"></doc>`},
	{name: "attr/PrefixDictionaryAttributeZ 25", write: elem("", "doc", "", attr("z", "Id", "urn:z", infoset.String("v"))),
		wantBinary: cat("40", name("doc"), "25 1C 98 01 76 09 01 7A", name("urn:z"), "01"),
		wantXML:    `<doc z:Id="v" xmlns:z="urn:z"></doc>`},
	{name: "attr/PrefixAttributeA 26", write: elem("", "doc", "", attr("a", "id", "urn:a", infoset.String("v"))),
		wantBinary: cat("40", name("doc"), "26", name("id"), "98 01 76 09 01 61", name("urn:a"), "01"),
		wantXML:    `<doc a:id="v" xmlns:a="urn:a"></doc>`},
	{name: "attr/PrefixAttributeZ 3F", write: elem("", "doc", "", attr("z", "id", "urn:z", infoset.String("v"))),
		wantBinary: cat("40", name("doc"), "3F", name("id"), "98 01 76 09 01 7A", name("urn:z"), "01"),
		wantXML:    `<doc z:id="v" xmlns:z="urn:z"></doc>`},
	{name: "attr/declarations follow attributes", write: elem("p", "doc", "urn:p", attr("q", "id", "urn:q", infoset.String("v"))),
		wantBinary: cat("6D", name("doc"), "36", name("id"), "98 01 76 09 01 70", name("urn:p"), "09 01 71", name("urn:q"), "01"),
		wantXML:    `<p:doc q:id="v" xmlns:p="urn:p" xmlns:q="urn:q"></p:doc>`},
	{name: "attr/EmptyText A8 for an empty string", write: elem("", "v", "", attr("", "x", "", infoset.String(""))),
		wantBinary: cat("40 01 76 04 01 78 A8 01"), wantXML: `<v x=""></v>`},

	// Text placement, [MC-NBFX] 2.2.3.
	{name: "text/empty string in content writes nothing", write: elem("", "v", "", text(infoset.String(""))),
		wantBinary: cat("40 01 76 01"), wantXML: `<v></v>`},
	{name: "text/even before a child", write: elem("", "v", "", text(infoset.String("hi")), elem("", "w", "")),
		wantBinary: cat("40 01 76 98 02", txt("hi"), "40 01 77 01 01"), wantXML: `<v>hi<w></w></v>`},
	{name: "text/only the last text folds", write: elem("", "v", "", text(infoset.String("a")), text(infoset.String("b"))),
		wantBinary: cat("40 01 76 98 01 61 99 01 62"), wantXML: `<v>ab</v>`},
	{name: "text/top level", write: text(infoset.String("hi")),
		wantBinary: cat("98 02", txt("hi")), wantXML: `hi`},
	{name: "comment/Comment 02", nodes: []*infoset.Node{{Kind: infoset.StartElement, Name: infoset.Name{Local: "v"},
		Children: []*infoset.Node{{Kind: infoset.Comment, Text: "c"}}}},
		wantBinary: cat("40 01 76 02 01 63 01"), wantXML: `<v><!--c--></v>`},
	{name: "comment/after text", write: elem("", "v", "", text(infoset.String("hi")), func(w infoset.Writer) { w.Comment("c") }),
		wantBinary: cat("40 01 76 98 02", txt("hi"), "02 01 63 01"), wantXML: `<v>hi<!--c--></v>`},
}

var arrayCases = []recordCase{
	{name: "array/Bool B5", write: array("", "v", "", []bool{true, false}),
		wantBinary: cat("03 40 01 76 01 B5 02 01 00"), wantXML: `<v>true</v><v>false</v>`},
	{name: "array/Int16 8B", write: array("", "v", "", []int16{1, -1}),
		wantBinary: cat("03 40 01 76 01 8B 02 01 00 FF FF"), wantXML: `<v>1</v><v>-1</v>`},
	{name: "array/Int32 8D", write: array("", "v", "", []int32{1, 300}),
		wantBinary: cat("03 40 01 76 01 8D 02 01 00 00 00 2C 01 00 00"), wantXML: `<v>1</v><v>300</v>`},
	{name: "array/Int64 8F", write: array("", "v", "", []int64{1 << 40}),
		wantBinary: cat("03 40 01 76 01 8F 01 00 00 00 00 00 01 00 00"), wantXML: `<v>1099511627776</v>`},
	{name: "array/Float 91", write: array("", "v", "", []float32{1.5}),
		wantBinary: cat("03 40 01 76 01 91 01 00 00 C0 3F"), wantXML: `<v>1.5</v>`},
	{name: "array/Double 93", write: array("", "v", "", []float64{0.1}),
		wantBinary: cat("03 40 01 76 01 93 01 9A 99 99 99 99 99 B9 3F"), wantXML: `<v>0.1</v>`},
	{name: "array/Decimal 95", write: array("", "v", "", []infoset.Decimal{{Lo: 5123456, Scale: 6}}),
		wantBinary: cat("03 40 01 76 01 95 01 00 00 06 00 00 00 00 00 80 2D 4E 00 00 00 00 00"), wantXML: `<v>5.123456</v>`},
	{name: "array/DateTime 97", write: array("", "v", "", []time.Time{testTime}),
		wantBinary: cat("03 40 01 76 01 97 01 80 00 3B 6D 30 8F D7 48"), wantXML: `<v>2020-01-02T03:04:05Z</v>`},
	{name: "array/TimeSpan AF", write: array("", "v", "", []time.Duration{90 * time.Second}),
		wantBinary: cat("03 40 01 76 01 AF 01 00 E9 A4 35 00 00 00 00"), wantXML: `<v>PT1M30S</v>`},
	{name: "array/Guid B1", write: array("", "v", "", [][16]byte{testGUID}),
		wantBinary: cat("03 40 01 76 01 B1 01", testGUIDHex), wantXML: `<v>33221100-5544-7766-8899-aabbccddeeff</v>`},
	{name: "array/dictionary element with declaration", write: array("s", "Body", nsSoap, []int32{7}),
		wantBinary: cat("03 56 0E 0B 01 73 04 01 8D 01 07 00 00 00"),
		wantXML:    `<s:Body xmlns:s="` + nsSoap + `">7</s:Body>`},
	{name: "array/inside an element, empty array writes nothing",
		write:      elem("", "doc", "", array("", "v", "", []int32{7}), array("", "v", "", []int32{})),
		wantBinary: cat("40", name("doc"), "03 40 01 76 01 8D 01 07 00 00 00 01"), wantXML: `<doc><v>7</v></doc>`},
}

// recordCases is every case of the shared table.
var recordCases = func() []recordCase {
	cs := append([]recordCase(nil), structureCases...)
	cs = append(cs, textCases()...)
	return append(cs, arrayCases...)
}()
