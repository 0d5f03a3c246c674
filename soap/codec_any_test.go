package soap

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/beevik/etree"
	"github.com/google/go-cmp/cmp"
)

// anyHolder is an XmlSerializer-style type: a choice of two optional
// members (omitempty: the one not chosen is left out) and an xs:any
// extension point (Any) between Name and Note, in declaration order.
type anyHolder struct {
	XMLName struct{}         `xml:"urn:x Holder"`
	Name    string           `xml:"Name"`
	Card    *anyCard         `xml:"Card,omitempty"`
	Cash    *int32           `xml:"Cash,omitempty"`
	Any     []*etree.Element `xml:",any"`
	Note    string           `xml:"Note"`
	Kind    string           `xml:"kind,attr"`
}

type anyCard struct {
	Number string `xml:"Number"`
}

// elemOpts compares etree elements by their serialization, attributes
// (and namespace declarations) in name order.
var elemOpts = cmp.Comparer(func(a, b *etree.Element) bool { return elemString(a) == elemString(b) })

func elemString(e *etree.Element) string {
	if e == nil {
		return "<nil>"
	}
	c := e.Copy()
	sortAttrs(c)
	d := etree.NewDocument()
	d.SetRoot(c)
	s, _ := d.WriteToString()
	return s
}

func sortAttrs(e *etree.Element) {
	slices.SortFunc(e.Attr, func(a, b etree.Attr) int { return strings.Compare(a.FullKey(), b.FullKey()) })
	for _, c := range e.ChildElements() {
		sortAttrs(c)
	}
}

const anyHolderDoc = `<Holder xmlns="urn:x" kind="retail"><Name>Ada</Name><Cash>12</Cash>` +
	`<ext:Extra xmlns:ext="urn:ext" level="2"><ext:Deep>text <b xmlns="">bold</b> tail</ext:Deep></ext:Extra>` +
	`<Other>o</Other><Note>n</Note><Later>kept too</Later></Holder>`

// TestCodecAnyElements: the child elements no member takes are kept, in
// order and self-contained (their namespaces declared on them), by the
// ,any field, whichever encoding carries them; Encode writes them back
// where the field is declared, and the choice member not set is left out.
func TestCodecAnyElements(t *testing.T) {
	var got anyHolder
	if err := decodeText(t, []byte(anyHolderDoc), &got); err != nil {
		t.Fatal(err)
	}
	cash := int32(12)
	want := anyHolder{Name: "Ada", Cash: &cash, Note: "n", Kind: "retail", Any: []*etree.Element{
		mustElement(t, `<ext:Extra xmlns:ext="urn:ext" level="2"><ext:Deep>text <b xmlns="">bold</b> tail</ext:Deep></ext:Extra>`),
		mustElement(t, `<Other xmlns="urn:x">o</Other>`),
		mustElement(t, `<Later xmlns="urn:x">kept too</Later>`),
	}}
	if diff := cmp.Diff(want, got, elemOpts); diff != "" {
		t.Fatalf("decoded (-want +got):\n%s", diff)
	}
	if got.Any[0].NamespaceURI() != "urn:ext" || got.Any[0].FindElement("Deep") == nil {
		t.Errorf("Extra: namespace %q, children %v", got.Any[0].NamespaceURI(), got.Any[0].ChildElements())
	}
	text := string(encodeText(t, &got))
	// Kept elements declare what they use again (self-contained).
	wantText := `<Holder xmlns="urn:x" kind="retail"><Name>Ada</Name><Cash>12</Cash>` +
		`<ext:Extra xmlns:ext="urn:ext" level="2"><ext:Deep>text <b xmlns="">bold</b> tail</ext:Deep></ext:Extra>` +
		`<Other xmlns="urn:x">o</Other><Later xmlns="urn:x">kept too</Later><Note>n</Note></Holder>`
	if diff := cmp.Diff(renderXML(parseXML(t, wantText)), renderXML(parseXML(t, text))); diff != "" {
		t.Errorf("encoded (-want +got):\n%s", diff)
	}
	for name, back := range map[string]func() (anyHolder, error){
		"text": func() (v anyHolder, err error) { return v, decodeText(t, []byte(text), &v) },
		"binary": func() (v anyHolder, err error) {
			err = decodeBinary(t, encodeBinary(t, &got), &v)
			return v, err
		},
	} {
		again, err := back()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if diff := cmp.Diff(got, again, elemOpts); diff != "" {
			t.Errorf("%s round trip (-first +again):\n%s", name, diff)
		}
	}
	// The other alternative, and no extension elements.
	card := anyHolder{Name: "Bo", Card: &anyCard{Number: "4111"}, Note: "m"}
	var back anyHolder
	if err := decodeText(t, encodeText(t, &card), &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(card, back, elemOpts); diff != "" {
		t.Errorf("card round trip (-want +got):\n%s", diff)
	}
}

func mustElement(t *testing.T, s string) *etree.Element {
	t.Helper()
	d := etree.NewDocument()
	if err := d.ReadFromString(s); err != nil {
		t.Fatal(err)
	}
	return d.Root()
}

// TestCodecAnyElementsPlanErrors: only a []*etree.Element tagged ",any"
// alone keeps unknown elements, one per struct.
func TestCodecAnyElementsPlanErrors(t *testing.T) {
	type wrongType struct {
		Any []string `xml:",any"`
	}
	type named struct {
		Any []*etree.Element `xml:"Extra,any"`
	}
	type untagged struct {
		Any []*etree.Element
	}
	type two struct {
		A []*etree.Element `xml:",any"`
		B []*etree.Element `xml:",any"`
	}
	for _, v := range []any{&wrongType{}, &named{}, &untagged{}, &two{}} {
		if err := decodeText(t, []byte(`<x/>`), v); !errors.Is(err, ErrUnsupportedType) {
			t.Errorf("%T: error %v; want ErrUnsupportedType", v, err)
		}
	}
}
