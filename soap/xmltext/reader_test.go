package xmltext

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wwsgo/wws/soap/infoset"
)

const (
	nsS = "http://www.w3.org/2003/05/soap-envelope"
	nsT = "http://tempuri.org/"
)

// readerCases are valid documents and the trees they read as. They also
// seed the truncation, round-trip and fuzz tests.
var readerCases = []struct {
	name string
	doc  string
	want []*infoset.Node
}{
	{"empty element", `<a/>`, []*infoset.Node{el("", "a", "", nil)}},
	{"start and end", `<a></a>`, []*infoset.Node{el("", "a", "", nil)}},
	{"utf8 bom and declaration", "\ufeff<?xml version=\"1.0\" encoding=\"utf-8\"?><a>x</a>",
		[]*infoset.Node{el("", "a", "", nil, txt("x"))}},
	{"declaration single quotes standalone", "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<a/>\n",
		[]*infoset.Node{el("", "a", "", nil)}},
	{"declaration version only", `<?xml version="1.1"?><a/>`, []*infoset.Node{el("", "a", "", nil)}},
	{"predefined entities", `<a>&lt;&gt;&amp;&apos;&quot;</a>`, []*infoset.Node{el("", "a", "", nil, txt(`<>&'"`))}},
	{"character references", `<a>&#65;&#x42;&#x1F600;&#0000000068;</a>`,
		[]*infoset.Node{el("", "a", "", nil, txt("AB\U0001F600D"))}},
	{"cdata", `<a>x<![CDATA[<b>&amp;]]]]>y</a>`, []*infoset.Node{el("", "a", "", nil, txt("x<b>&amp;]]y"))}},
	{"empty cdata", `<a><![CDATA[]]></a>`, []*infoset.Node{el("", "a", "", nil)}},
	{"comments everywhere", `<!--c1--><a><!--c2--></a><!--c3-->`,
		[]*infoset.Node{comment("c1"), el("", "a", "", nil, comment("c2")), comment("c3")}},
	{"processing instructions skipped", "<?pi data?><a><?x?>t<?y \r\n?></a><?z?>",
		[]*infoset.Node{el("", "a", "", nil, txt("t"))}},
	{"whitespace kept in content", "<a> <b/>\t</a>",
		[]*infoset.Node{el("", "a", "", nil, txt(" "), el("", "b", "", nil), txt("\t"))}},
	{"line endings", "<a>1\r\n2\r3\n4\r</a>", []*infoset.Node{el("", "a", "", nil, txt("1\n2\n3\n4\n"))}},
	{"line endings in cdata and comment", "<a><![CDATA[1\r\n2\r]]><!--3\r\n4\r--></a>",
		[]*infoset.Node{el("", "a", "", nil, txt("1\n2\n"), comment("3\n4\n"))}},
	{"attribute normalisation", "<a x=\"&#9;a\tb\r\nc\rd\ne&#10;f&#13;\" y='&lt;&amp;\"'/>",
		[]*infoset.Node{el("", "a", "", attrs(at("", "x", "", "\ta b c d e\nf\r"), at("", "y", "", `<&"`)))}},
	{"attribute quotes and spacing", `<a x = "'" y='"' ></a >`,
		[]*infoset.Node{el("", "a", "", attrs(at("", "x", "", "'"), at("", "y", "", `"`)))}},
	{"gt in text", `<a>a>b]c]]</a>`, []*infoset.Node{el("", "a", "", nil, txt("a>b]c]]"))}},
	{"default namespace", `<a xmlns="urn:a"><b/></a>`,
		[]*infoset.Node{el("", "a", "urn:a", attrs(xmlns("", "urn:a")), el("", "b", "urn:a", nil))}},
	{"prefixes and attributes", `<s:E xmlns:s="` + nsS + `" xmlns:t="urn:t" t:x="1" y="2" xml:lang="en"><s:B s:mustUnderstand="1"/></s:E>`,
		[]*infoset.Node{el("s", "E", nsS,
			attrs(xmlns("s", nsS), xmlns("t", "urn:t"), at("t", "x", "urn:t", "1"), at("", "y", "", "2"),
				at("xml", "lang", infoset.XMLNamespace, "en")),
			el("s", "B", nsS, attrs(at("s", "mustUnderstand", nsS, "1"))))}},
	{"redeclaration and scope", `<p:a xmlns:p="u1"><p:b xmlns:p="u2"><p:c/></p:b><p:d/></p:a>`,
		[]*infoset.Node{el("p", "a", "u1", attrs(xmlns("p", "u1")),
			el("p", "b", "u2", attrs(xmlns("p", "u2")), el("p", "c", "u2", nil)),
			el("p", "d", "u1", nil))}},
	{"undeclare default", `<a xmlns="urn:a"><b xmlns=""><c/></b><d/></a>`,
		[]*infoset.Node{el("", "a", "urn:a", attrs(xmlns("", "urn:a")),
			el("", "b", "", attrs(xmlns("", "")), el("", "c", "", nil)), el("", "d", "urn:a", nil))}},
	{"declaration after use on same element", `<p:a q:x="1" xmlns:q="urn:q" xmlns:p="urn:p"/>`,
		[]*infoset.Node{el("p", "a", "urn:p", attrs(at("q", "x", "urn:q", "1"), xmlns("q", "urn:q"), xmlns("p", "urn:p")))}},
	{"escaped namespace uri", `<a xmlns="urn:a&amp;b"/>`,
		[]*infoset.Node{el("", "a", "urn:a&b", attrs(xmlns("", "urn:a&b")))}},
	{"non-ascii names and text", `<ü:Größe xmlns:ü="urn:ü" ü:é="ç">日本語</ü:Größe>`,
		[]*infoset.Node{el("ü", "Größe", "urn:ü", attrs(xmlns("ü", "urn:ü"), at("ü", "é", "urn:ü", "ç")), txt("日本語"))}},
	{"names with digits dots dashes", `<a.b-c_1 x-y.z="1"/>`,
		[]*infoset.Node{el("", "a.b-c_1", "", attrs(at("", "x-y.z", "", "1")))}},
	{"notifycount mono style", `<NotifyCount xmlns="` + nsT + `" />`,
		[]*infoset.Node{el("", "NotifyCount", nsT, attrs(xmlns("", nsT)))}},
}

func TestReaderTrees(t *testing.T) {
	for _, tc := range readerCases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := readTree([]byte(tc.doc), Quotas{})
			if err != nil {
				t.Fatalf("read %q: got error %v, want none", tc.doc, err)
			}
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("read %q: tree mismatch (-want +got):\n%s", tc.doc, d)
			}
		})
	}
}

// event is one node as a Reader reports it.
type event struct {
	Kind  infoset.Kind
	Name  string
	Text  string
	Depth int
}

func events(t *testing.T, doc string) []event {
	t.Helper()
	r, err := NewReader([]byte(doc), Quotas{})
	if err != nil {
		t.Fatalf("NewReader: %v", err)
	}
	var out []event
	for {
		k, err := r.Next()
		if err != nil {
			t.Fatalf("Next after %v: %v", out, err)
		}
		e := event{Kind: k, Depth: r.Depth()}
		switch k {
		case infoset.StartElement, infoset.EndElement:
			e.Name = r.Name().String()
		case infoset.CharData, infoset.Comment:
			e.Text = r.Text().String()
		}
		out = append(out, e)
		if k == infoset.EOF {
			return out
		}
	}
}

func TestReaderEvents(t *testing.T) {
	doc := "<!--top--><a><b/>t&amp;<![CDATA[c]]><!--x--><c>\r\n</c></a>"
	want := []event{
		{infoset.Comment, "", "top", 0},
		{infoset.StartElement, "a", "", 1},
		{infoset.StartElement, "b", "", 2},
		{infoset.EndElement, "b", "", 2},
		{infoset.CharData, "", "t&", 1},
		{infoset.CharData, "", "c", 1},
		{infoset.Comment, "", "x", 1},
		{infoset.StartElement, "c", "", 2},
		{infoset.CharData, "", "\n", 2},
		{infoset.EndElement, "c", "", 2},
		{infoset.EndElement, "a", "", 1},
		{infoset.EOF, "", "", 0},
	}
	if d := cmp.Diff(want, events(t, doc)); d != "" {
		t.Errorf("events of %q (-want +got):\n%s", doc, d)
	}
}

func TestReaderScopeAtEndElement(t *testing.T) {
	r, err := NewReader([]byte(`<p:a xmlns:p="u1"><p:b xmlns:p="u2"/></p:a>`), Quotas{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"u1", "u2", "u2", "u1"}
	for i := 0; ; i++ {
		k, err := r.Next()
		if err != nil {
			t.Fatal(err)
		}
		if k == infoset.EOF {
			if i != len(want) {
				t.Fatalf("got %d nodes, want %d", i, len(want))
			}
			return
		}
		if got, _ := r.LookupNamespace("p"); got != want[i] {
			t.Errorf("node %d (%v %s): LookupNamespace(p) = %q, want %q", i, k, r.Name(), got, want[i])
		}
	}
}

func TestReaderAfterEOF(t *testing.T) {
	r, _ := NewReader([]byte("<a/>"), Quotas{})
	for range 3 {
		r.Next()
	}
	for i := range 2 {
		if k, err := r.Next(); k != infoset.EOF || err != nil {
			t.Errorf("Next #%d after EOF = %v, %v; want EOF, nil", i, k, err)
		}
	}
}

func TestReaderUTF16(t *testing.T) {
	const doc = "<?xml version=\"1.0\" encoding=\"utf-16\"?><a x=\"é\">日本 \U0001F600</a>"
	want := []*infoset.Node{el("", "a", "", attrs(at("", "x", "", "é")), txt("日本 \U0001F600"))}
	cases := []struct {
		name string
		doc  []byte
	}{
		{"LE with BOM", utf16Doc(doc, false, true)},
		{"BE with BOM", utf16Doc(doc, true, true)},
		{"LE without BOM", utf16Doc(doc, false, false)},
		{"BE without BOM", utf16Doc(doc, true, false)},
		{"LE no declaration", utf16Doc(`<a x="é">日本 `+"\U0001F600</a>", false, true)},
	}
	for _, tc := range cases {
		got, err := readTree(tc.doc, Quotas{})
		if err != nil {
			t.Errorf("%s: got error %v, want none", tc.name, err)
			continue
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("%s: tree mismatch (-want +got):\n%s", tc.name, d)
		}
	}
}

// errorCases break one well-formedness, namespace or encoding rule each.
var errorCases = []struct {
	name string
	doc  string
	eof  bool   // the error must wrap io.ErrUnexpectedEOF
	msg  string // a substring of the error text
}{
	{"empty", "", true, "no root element"},
	{"only whitespace", " \n", true, "no root element"},
	{"unclosed root", "<a>", true, "inside <a>"},
	{"text before root", "x<a/>", false, "outside the root"},
	{"text after root", "<a/>x", false, "outside the root"},
	{"two roots", "<a/><b/>", false, "after the root"},
	{"mismatched end tag", "<a></b>", false, "does not match"},
	{"end tag at top", "</a>", false, "outside the root"},
	{"invalid name start", "<1a/>", false, "expected a name"},
	{"two colons", "<a:b:c xmlns:a='u'/>", false, "qualified name"},
	{"empty prefix", "<:a/>", false, "qualified name"},
	{"empty local", "<a: xmlns:a='u'/>", false, "qualified name"},
	{"unknown element prefix", "<p:a/>", false, `unknown namespace prefix "p"`},
	{"unknown attribute prefix", `<a p:x="1"/>`, false, `unknown namespace prefix "p"`},
	{"xmlns element prefix", `<xmlns:a/>`, false, "unknown namespace prefix"},
	{"duplicate attribute", `<a x="1" x="2"/>`, false, "duplicate attribute"},
	{"duplicate expanded attribute", `<a xmlns:p="u" xmlns:q="u" p:x="1" q:x="2"/>`, false, "duplicate attribute"},
	{"duplicate declaration", `<a xmlns:p="u" xmlns:p="u"/>`, false, "duplicate attribute"},
	{"unquoted attribute", `<a x=1/>`, false, "not quoted"},
	{"attribute without value", `<a x/>`, false, "expected \"=\""},
	{"no space between attributes", `<a x="1"y="2"/>`, false, "white space"},
	{"lt in attribute", `<a x="<"/>`, false, "'<' in an attribute value"},
	{"bad empty-element end", `<a/ >`, false, "expected '/>'"},
	{"bare ampersand", `<a>& b</a>`, false, "malformed reference"},
	{"undefined entity", `<a>&nbsp;</a>`, false, "undefined entity"},
	{"char ref to NUL", `<a>&#0;</a>`, false, "invalid character reference"},
	{"char ref to surrogate", `<a>&#xD800;</a>`, false, "invalid character reference"},
	{"char ref too large", `<a>&#x110000;</a>`, false, "invalid character reference"},
	{"char ref to FFFE", `<a x="&#xFFFE;"/>`, false, "invalid character reference"},
	{"char ref without digits", `<a>&#;</a>`, false, "invalid character reference"},
	{"char ref bad hex", `<a>&#xg;</a>`, false, "invalid character reference"},
	{"char ref upper X", `<a>&#X41;</a>`, false, "invalid character reference"},
	{"reference too long", `<a>&#x` + strings.Repeat("0", 70) + `41;</a>`, false, "malformed reference"},
	{"cdata end in text", `<a>]]></a>`, false, "']]>'"},
	{"control character", "<a>\x01</a>", false, "invalid character"},
	{"control character in attribute", "<a x='\x1f'/>", false, "invalid character"},
	{"invalid utf-8", "<a>\xff</a>", false, "invalid UTF-8"},
	{"invalid utf-8 in a name", "<a><\xb0/></a>", false, "invalid UTF-8"},
	{"utf-8 FFFF", "<a>\uffff</a>", false, "invalid character"},
	{"doctype", `<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>`, false, "DTD is not allowed"},
	{"declaration not at start", ` <?xml version="1.0"?><a/>`, false, "not at the start"},
	{"declaration without version", `<?xml encoding="utf-8"?><a/>`, false, "without version"},
	{"declaration bad version", `<?xml version="2.0"?><a/>`, false, "invalid version"},
	{"declaration bad standalone", `<?xml version="1.0" standalone="maybe"?><a/>`, false, "invalid standalone"},
	{"declaration garbage", `<?xml version="1.0" foo="bar"?><a/>`, false, "malformed XML declaration"},
	{"unsupported encoding", `<?xml version="1.0" encoding="iso-8859-1"?><a/>`, false, "unsupported encoding"},
	{"encoding mismatch", `<?xml version="1.0" encoding="utf-16"?><a/>`, false, "does not match"},
	{"double hyphen in comment", `<a><!-- a -- b --></a>`, false, "'--' in a comment"},
	{"cdata outside root", `<![CDATA[x]]><a/>`, false, "CDATA section outside"},
	{"unknown bang markup", `<a><!foo></a>`, false, "after '<!'"},
	{"pi target with colon", `<?a:b?><a/>`, false, "colon"},
	{"pi without space", `<?pi+?><a/>`, false, "white space after the target"},
	{"undeclare prefix", `<a xmlns:p=""/>`, false, "empty namespace"},
	{"rebind xml prefix", `<a xmlns:xml="urn:x"/>`, false, "xml prefix"},
	{"bind xml namespace", `<a xmlns:p="http://www.w3.org/XML/1998/namespace"/>`, false, "xml prefix"},
	{"declare xmlns prefix", `<a xmlns:xmlns="urn:x"/>`, false, "xmlns prefix cannot"},
	{"bind xmlns namespace", `<a xmlns="http://www.w3.org/2000/xmlns/"/>`, false, "xmlns namespace"},
	{"utf-16 odd length", string(utf16Doc("<a/>", false, true)) + "\x00", true, "odd number"},
	{"utf-16 lone low surrogate", string(utf16Doc("<a>", false, true)) + "\x00\xdc" + string(utf16Doc("</a>", false, false)), false, "unpaired"},
	{"utf-16 high surrogate then char", string(utf16Doc("<a>", false, true)) + "\x00\xd8a\x00" + string(utf16Doc("</a>", false, false)), false, "unpaired"},
}

func TestReaderErrors(t *testing.T) {
	for _, tc := range errorCases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := readTree([]byte(tc.doc), Quotas{})
			if err == nil {
				t.Fatalf("read %q: got no error, want one containing %q", tc.doc, tc.msg)
			}
			if !errors.Is(err, ErrSyntax) {
				t.Errorf("read %q: error %v does not wrap ErrSyntax", tc.doc, err)
			}
			if got := errors.Is(err, io.ErrUnexpectedEOF); got != tc.eof {
				t.Errorf("read %q: errors.Is(err, io.ErrUnexpectedEOF) = %v, want %v (err %v)", tc.doc, got, tc.eof, err)
			}
			if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("read %q: error %q does not contain %q", tc.doc, err, tc.msg)
			}
		})
	}
}

func TestReaderErrorPosition(t *testing.T) {
	cases := []struct {
		doc       string
		line, col int
	}{
		{"<a>\n  <b></c></a>", 2, 6},
		{"<a>\r\n\r\n<p:b/></a>", 3, 2},
		{"<é>日本&bad;</é>", 1, 6},
	}
	for _, tc := range cases {
		_, err := readTree([]byte(tc.doc), Quotas{})
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("read %q: got %v, want an *Error", tc.doc, err)
			continue
		}
		if e.Line != tc.line || e.Col != tc.col {
			t.Errorf("read %q: error at %d:%d, want %d:%d (%v)", tc.doc, e.Line, e.Col, tc.line, tc.col, err)
		}
	}
}

// TestReaderTruncated cuts every valid document short before the end of its
// root element: each prefix must fail, never succeed or panic.
func TestReaderTruncated(t *testing.T) {
	for _, doc := range validDocs(t) {
		end := rootEnd(t, doc)
		for n := 0; n < end; n++ {
			if _, err := readTree(doc[:n], Quotas{}); err == nil {
				t.Errorf("read %q (first %d of %d bytes): got no error, want one", doc[:n], n, len(doc))
			}
		}
	}
}

// validDocs are the valid table documents, in UTF-8 and UTF-16, and the
// HTTP bodies of the captures.
func validDocs(t testing.TB) [][]byte {
	var out [][]byte
	for _, tc := range readerCases {
		out = append(out, []byte(tc.doc))
	}
	out = append(out, utf16Doc(`<a x="é">日本 `+"\U0001F600</a>", false, true), utf16Doc(`<a x="é"/>`, true, false))
	for _, b := range captureBodies(t) {
		out = append(out, b.body)
	}
	return out
}

// TestReaderReuse reads every valid document, and every error document in
// between, with one Reader: Reset must leave nothing behind.
func TestReaderReuse(t *testing.T) {
	r, err := NewReader(nil, Quotas{MaxNameTableCharCount: 200})
	if err != nil {
		t.Fatal(err)
	}
	for i, doc := range validDocs(t) {
		want, err := readTree(doc, Quotas{MaxNameTableCharCount: 200})
		if err != nil {
			t.Fatalf("fresh read of %q: %v", doc, err)
		}
		bad := errorCases[i%len(errorCases)].doc
		if r.Reset([]byte(bad)) == nil {
			if _, err := infoset.ReadNodes(r); err == nil {
				t.Fatalf("reused Reader accepted %q", bad)
			}
		}
		if err := r.Reset(doc); err != nil {
			t.Fatalf("Reset(%q): %v", doc, err)
		}
		got, err := infoset.ReadNodes(r)
		if err != nil {
			t.Fatalf("reused read of %q: %v", doc, err)
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("reused Reader read %q differently (-fresh +reused):\n%s", doc, d)
		}
	}
}
