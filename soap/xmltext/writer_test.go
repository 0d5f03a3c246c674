package xmltext

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wwsgo/wws/soap/infoset"
)

func TestWriter(t *testing.T) {
	guid := [16]byte{0x3a, 0x4a, 0x48, 0x03, 0x5a, 0x5e, 0xab, 0x4e, 0x9a, 0xe6, 0x79, 0x1a, 0x48, 0x71, 0xbd, 0x5a}
	cases := []struct {
		name  string
		opts  WriterOptions
		write func(w *Writer)
		want  string
	}{
		{"self-closing", WriterOptions{}, func(w *Writer) {
			w.StartElement("", "NotifyCount", nsT)
			w.EndElement()
		}, `<NotifyCount xmlns="http://tempuri.org/"/>`},
		{"text escaping", WriterOptions{}, func(w *Writer) {
			w.StartElement("", "a", "")
			w.Text(infoset.String("a&b<c>d\re\"f'\tg\nh]]>"))
			w.EndElement()
		}, "<a>a&amp;b&lt;c&gt;d&#xD;e\"f'\tg\nh]]&gt;</a>"},
		{"attribute escaping", WriterOptions{}, func(w *Writer) {
			w.StartElement("", "a", "")
			w.Attr("", "x", "", infoset.String("a&b<c>d\re\"f'\tg\nh"))
			w.EndElement()
		}, `<a x="a&amp;b&lt;c>d&#xD;e&quot;f'&#x9;g&#xA;h"/>`},
		{"escaping byte-held text", WriterOptions{}, func(w *Writer) {
			w.StartElement("", "a", "")
			w.Text(infoset.CharsBytes([]byte("1<2")))
			w.EndElement()
		}, `<a>1&lt;2</a>`},
		{"prefix declared once", WriterOptions{}, func(w *Writer) {
			w.StartElement("s", "Envelope", nsS)
			w.Xmlns("a", "urn:a")
			w.StartElement("s", "Body", nsS)
			w.StartElement("a", "X", "urn:a")
			w.EndElement()
			w.EndElement()
			w.EndElement()
		}, `<s:Envelope xmlns:s="` + nsS + `" xmlns:a="urn:a"><s:Body><a:X/></s:Body></s:Envelope>`},
		{"default namespace inherited", WriterOptions{}, func(w *Writer) {
			w.StartElement("", "Add", nsT)
			w.StartElement("", "a", nsT)
			w.Text(infoset.Int(2))
			w.EndElement()
			w.StartElement("", "n", "")
			w.EndElement()
			w.EndElement()
		}, `<Add xmlns="http://tempuri.org/"><a>2</a><n xmlns=""/></Add>`},
		{"prefix rebound in child", WriterOptions{}, func(w *Writer) {
			w.StartElement("p", "a", "u1")
			w.StartElement("p", "b", "u2")
			w.EndElement()
			w.StartElement("p", "c", "u1")
			w.EndElement()
			w.EndElement()
		}, `<p:a xmlns:p="u1"><p:b xmlns:p="u2"/><p:c/></p:a>`},
		{"attribute prefixes", WriterOptions{}, func(w *Writer) {
			w.StartElement("a", "Action", "urn:a")
			w.Attr("s", "mustUnderstand", nsS, infoset.Int(1))
			w.Attr("xml", "lang", infoset.XMLNamespace, infoset.String("en-US"))
			w.Attr("", "plain", "", infoset.Bool(true))
			w.Attr("", "q", "urn:a", infoset.String("v"))
			w.EndElement()
		}, `<a:Action xmlns:a="urn:a" xmlns:s="` + nsS + `" s:mustUnderstand="1" xml:lang="en-US" plain="true" a:q="v"/>`},
		{"unprefixed attribute in a namespace", WriterOptions{}, func(w *Writer) {
			w.StartElement("", "e", "")
			w.Attr("", "q", "urn:q", infoset.String("v"))
			w.EndElement()
		}, `<e xmlns:d1p1="urn:q" d1p1:q="v"/>`},
		{"attribute prefix clashing with element prefix", WriterOptions{}, func(w *Writer) {
			w.StartElement("p", "e", "urn:1")
			w.Attr("p", "q", "urn:2", infoset.String("v"))
			w.EndElement()
		}, `<p:e xmlns:p="urn:1" xmlns:d1p1="urn:2" d1p1:q="v"/>`},
		{"typed values", WriterOptions{}, func(w *Writer) {
			w.StartElement("", "v", "")
			for _, v := range []infoset.Text{infoset.Int(-5), infoset.Bool(false), infoset.Float64(1.5),
				infoset.Float64(1e20), infoset.Bytes([]byte{0, 1, 2, 3}), infoset.UniqueID(guid),
				infoset.QName("s", "Sender"), infoset.TimeSpan(36000000000)} {
				w.StartElement("", "x", "")
				w.Text(v)
				w.EndElement()
			}
			w.EndElement()
		}, `<v><x>-5</x><x>false</x><x>1.5</x><x>1E+20</x><x>AAECAw==</x>` +
			`<x>urn:uuid:03484a3a-5e5a-4eab-9ae6-791a4871bd5a</x><x>s:Sender</x><x>PT1H</x></v>`},
		{"comment", WriterOptions{}, func(w *Writer) {
			w.Comment(" top ")
			w.StartElement("", "a", "")
			w.Comment("in")
			w.EndElement()
		}, `<!-- top --><a><!--in--></a>`},
		{"declaration and BOM", WriterOptions{BOM: true, Declaration: true}, func(w *Writer) {
			w.StartElement("", "a", "")
			w.EndElement()
		}, "\ufeff<?xml version=\"1.0\" encoding=\"utf-8\"?><a/>"},
		{"indent", WriterOptions{Indent: "  "}, func(w *Writer) {
			w.StartElement("", "a", "")
			w.StartElement("", "b", "")
			w.Text(infoset.String("t"))
			w.StartElement("", "i", "")
			w.EndElement()
			w.EndElement()
			w.StartElement("", "c", "")
			w.StartElement("", "d", "")
			w.EndElement()
			w.EndElement()
			w.EndElement()
		}, "<a>\n  <b>t<i/></b>\n  <c>\n    <d/>\n  </c>\n</a>"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := NewWriter([]byte("keep:"))
			w.SetOptions(tc.opts)
			tc.write(w)
			got, err := w.Finish()
			if err != nil {
				t.Fatalf("Finish: got error %v, want none", err)
			}
			if want := "keep:" + tc.want; string(got) != want {
				t.Errorf("got  %q\nwant %q", got, want)
			}
			if _, err := readTree(got[len("keep:"):], Quotas{}); err != nil {
				t.Errorf("output %q does not read back: %v", got, err)
			}
		})
	}
}

func TestWriterErrors(t *testing.T) {
	cases := []struct {
		name  string
		write func(w *Writer)
		want  error
	}{
		{"end with none open", func(w *Writer) { w.EndElement() }, infoset.ErrUnbalanced},
		{"left open", func(w *Writer) { w.StartElement("", "a", "") }, infoset.ErrUnbalanced},
		{"attribute after content", func(w *Writer) {
			w.StartElement("", "a", "")
			w.Text(infoset.String("x"))
			w.Attr("", "b", "", infoset.String("1"))
		}, infoset.ErrUnbalanced},
		{"xmlns outside tag", func(w *Writer) { w.Xmlns("p", "u") }, infoset.ErrUnbalanced},
		{"invalid element name", func(w *Writer) { w.StartElement("", "1a", "") }, ErrInvalidName},
		{"invalid prefix", func(w *Writer) { w.StartElement("a:b", "c", "u") }, ErrInvalidName},
		{"invalid attribute name", func(w *Writer) {
			w.StartElement("", "a", "")
			w.Attr("", "x y", "", infoset.String(""))
		}, ErrInvalidName},
		{"control character", func(w *Writer) {
			w.StartElement("", "a", "")
			w.Text(infoset.String("\x01"))
		}, ErrInvalidChar},
		{"comment with double hyphen", func(w *Writer) { w.Comment("a--b") }, ErrInvalidChar},
		{"comment ending in hyphen", func(w *Writer) { w.Comment("a-") }, ErrInvalidChar},
		{"prefix to empty namespace", func(w *Writer) { w.StartElement("p", "a", "") }, ErrNamespace},
		{"rebinding the element's prefix", func(w *Writer) {
			w.StartElement("", "a", "")
			w.Xmlns("", "urn:x")
		}, ErrNamespace},
		{"xml prefix misused", func(w *Writer) {
			w.StartElement("", "a", "")
			w.Attr("xml", "lang", "urn:x", infoset.String("en"))
		}, ErrNamespace},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := NewWriter(nil)
			tc.write(w)
			_, err := w.Finish()
			if !errors.Is(err, tc.want) {
				t.Fatalf("Finish: got error %v, want %v", err, tc.want)
			}
			if !errors.Is(w.Err(), tc.want) {
				t.Errorf("Err() = %v, want %v", w.Err(), tc.want)
			}
			w.StartElement("", "later", "")
			if _, err2 := w.Finish(); !errors.Is(err2, tc.want) {
				t.Errorf("after the error, Finish = %v, want the first error kept", err2)
			}
		})
	}
}

// TestRoundTrip reads every valid document, writes its tree and reads that
// back: the trees must be equal (up to redundant declarations and
// attribute order, see normalize).
func TestRoundTrip(t *testing.T) {
	for _, doc := range validDocs(t) {
		checkRoundTrip(t, doc)
	}
}

func checkRoundTrip(t *testing.T, doc []byte) {
	t.Helper()
	first, err := readTree(doc, Quotas{})
	if err != nil {
		t.Fatalf("read %q: %v", doc, err)
	}
	out, err := writeTree(first)
	if err != nil {
		t.Fatalf("write tree of %q: %v", doc, err)
	}
	second, err := readTree(out, Quotas{})
	if err != nil {
		t.Fatalf("re-read %q (written from %q): %v", out, doc, err)
	}
	if d := cmp.Diff(normalize(first), normalize(second)); d != "" {
		t.Errorf("round trip of %q via %q changed the tree (-first +second):\n%s", doc, out, d)
	}
}

func TestWriterReset(t *testing.T) {
	w := NewWriter(nil)
	w.EndElement()
	w.Reset(nil)
	w.StartElement("", "a", "")
	w.EndElement()
	got, err := w.Finish()
	if err != nil || string(got) != "<a/>" {
		t.Errorf("after Reset: got %q, %v; want \"<a/>\", nil", got, err)
	}
}

func TestAppendIndented(t *testing.T) {
	src := "\ufeff<?xml version=\"1.0\"?><s:E xmlns:s=\"urn:s\"><!--c--><s:H>\n <a x=\"1&amp;\">t&lt;</a></s:H><s:B/></s:E>"
	want := "> <s:E xmlns:s=\"urn:s\">\n  <!--c-->\n  <s:H>\n    <a x=\"1&amp;\">t&lt;</a>\n  </s:H>\n  <s:B/>\n</s:E>\n"
	got, err := AppendIndented([]byte("> "), []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if _, err := AppendIndented(nil, []byte("<a>")); !errors.Is(err, ErrSyntax) {
		t.Errorf("AppendIndented(<a>): got %v, want ErrSyntax", err)
	}
	if !strings.Contains(want, "\n  <s:B/>") {
		t.Fatal("bad test")
	}
}
