package binxml

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

// Each validation rule of the reader gets a case: the document must fail
// with the given sentinel, from a slice and from a one-byte stream.
func TestInvalid(t *testing.T) {
	e := bin("40", str("e")) // an open root element
	cases := []struct {
		name string
		doc  []byte
		sess []string
		want error
		text string
	}{
		{"record 00", bin("00"), nil, ErrMalformed, "offset 0: unknown record 0x00"},
		{"record 00 in content", bin(e, "00"), nil, ErrMalformed, "offset 3: unknown record 0x00"},
		{"attribute at top level", bin("04", str("a"), "98 00"), nil, ErrMalformed, "outside a start tag"},
		{"attribute after content", bin(e, "98", str("x"), "04", str("a"), "98 00 01"), nil, ErrMalformed, "outside a start tag"},
		{"attribute without value", bin(e, "04", str("a"), "01"), nil, ErrMalformed, "attribute value"},
		{"attribute with odd text", bin(e, "04", str("a"), "99", str("x")), nil, ErrMalformed, "attribute value"},
		{"attribute with EndList", bin(e, "04", str("a"), "A6 01"), nil, ErrMalformed, "attribute value"},
		{"attribute with element", bin(e, "04", str("a"), "40", str("f"), "01 01"), nil, ErrMalformed, "attribute value"},
		{"attribute list ending element", bin(e, "04", str("a"), "A4 80 A7"), nil, ErrMalformed, "ends its element"},
		{"attribute named xmlns", bin(e, "04", str("xmlns"), "98 00 01"), nil, ErrMalformed, "declares a namespace"},
		{"attribute prefixed xmlns", bin(e, "05", str("xmlns"), str("p"), "98 00 01"), nil, ErrMalformed, "declares a namespace"},
		{"declaring xmlns", bin(e, "09", str("xmlns"), str("urn:x"), "01"), nil, ErrMalformed, "cannot be declared"},
		{"rebinding xml", bin(e, "09", str("xml"), str("urn:x"), "01"), nil, ErrMalformed, "cannot be declared"},
		{"EndElement at start", bin("01"), nil, ErrMalformed, "no open element"},
		{"EndElement too many", bin(e, "01 01"), nil, ErrMalformed, "after the root element"},
		{"missing EndElement", bin(e, "40", str("f"), "01"), nil, io.ErrUnexpectedEOF, "unexpected end"},
		{"second root", bin(e, "01", e, "01"), nil, ErrMalformed, "offset 4: record 0x40 after the root element"},
		{"comment after root", bin(e, "01 02", str("c")), nil, ErrMalformed, "after the root element"},
		{"text after root", bin(e, "01 98", str("c")), nil, ErrMalformed, "after the root element"},
		{"text before root", bin("98", str("c"), e, "01"), nil, ErrMalformed, "outside the root element"},
		{"odd text at top level", bin("99", str("c")), nil, ErrMalformed, "outside the root element"},
		{"Chars32 negative", bin(e, "9C FFFFFFFF"), nil, ErrMalformed, "negative length"},
		{"Bytes32 negative", bin(e, "A2 00000080"), nil, ErrMalformed, "negative length"},
		{"UnicodeChars32 negative", bin(e, "BA FEFFFFFF"), nil, ErrMalformed, "negative length"},
		{"Chars16 beyond input", bin(e, "9A 0010 41"), nil, io.ErrUnexpectedEOF, "record 0x9A"},
		{"Bytes32 beyond input", bin(e, "A2 00010000 41"), nil, io.ErrUnexpectedEOF, "record 0xA2"},
		{"undeclared element prefix", bin("44 02 01"), nil, ErrMalformed, `prefix "a" is not declared`},
		{"undeclared attribute prefix", bin(e, "0C 00 86 01"), nil, ErrMalformed, `prefix "a" is not declared`},
		{"prefix declared on a sibling", bin(e, "40", str("f"), "09", str("p"), str("urn:p"), "01 6D", str("g"), "01 01"), nil, ErrMalformed, `prefix "p" is not declared`},
		{"odd id without session", bin("42 01 01"), nil, ErrUnknownID, "without a session"},
		{"odd id not in session", bin("42 03 01"), []string{"x"}, ErrUnknownID, "not defined"},
		{"static id past the table", bin("42 CE 07 01"), nil, ErrUnknownID, "out of range"},
		{"dictionary text id unknown", bin(e, "AB 05"), []string{"x"}, ErrUnknownID, "not defined"},
		{"MB31 too long", bin("42 FF FF FF FF 7F 01"), nil, ErrMalformed, "MultiByteInt31"},
		{"empty local name", bin("40 00 01"), nil, ErrMalformed, "empty local name"},
		{"array without element", bin(e, "03 98 00"), nil, ErrMalformed, "array element record expected"},
		{"array without 01", bin(e, "03", e, "8D 01 00000000 01"), nil, ErrMalformed, "EndElement expected"},
		{"array of Chars", bin(e, "03", e, "01 99 01 00 01"), nil, ErrMalformed, "invalid array item type 0x99"},
		{"array of even Int32", bin(e, "03", e, "01 8C 01 00000000 01"), nil, ErrMalformed, "invalid array item type 0x8C"},
		{"empty array", bin(e, "03", e, "01 8D 00 01"), nil, ErrMalformed, "empty array"},
		{"array short of items", bin(e, "03", e, "01 8D 02 00000000 01"), nil, io.ErrUnexpectedEOF, "unexpected end"},
		{"array repeating the root", bin("03", e, "01 B5 02 00 01"), nil, ErrMalformed, "repeats the root"},
		{"array of bad bools", bin(e, "03", e, "01 B5 01 02 01"), nil, ErrMalformed, "boolean byte"},
		{"StartList with end", bin(e, "A5"), nil, ErrMalformed, "0xA5"},
		{"EndList alone", bin(e, "A6 01"), nil, ErrMalformed, "EndList without StartList"},
		{"nested list", bin(e, "A4 A4 A6 A6 01"), nil, ErrMalformed, "list item 0xA4"},
		{"odd item in list", bin(e, "A4 81 A6 01"), nil, ErrMalformed, "list item 0x81"},
		{"element in list", bin(e, "A4 40", str("f"), "A6 01"), nil, ErrMalformed, "list item 0x40"},
		{"Bool 2", bin(e, "B5 02"), nil, ErrMalformed, "boolean byte 0x02"},
		{"Decimal scale 29", bin(e, "95 00001D00 00000000 0100000000000000"), nil, ErrMalformed, "invalid Decimal"},
		{"Decimal sign 01", bin(e, "95 00000001 00000000 0100000000000000"), nil, ErrMalformed, "invalid Decimal"},
		{"DateTime past year 9999", bin(e, "97 00C0FF2BCA2BCA2B"), nil, ErrMalformed, "DateTime ticks"},
		{"UnicodeChars odd length", bin(e, "B7 03 610062"), nil, ErrMalformed, "odd UTF-16"},
		{"QName prefix 26", bin(e, "BD 1A 02"), nil, ErrMalformed, "QName prefix"},
	}
	for b := 0x78; b <= 0x7F; b++ {
		cases = append(cases, struct {
			name string
			doc  []byte
			sess []string
			want error
			text string
		}{fmt.Sprintf("unused %02X", b), bin(e, b, "01"), nil, ErrMalformed, fmt.Sprintf("unknown record 0x%02X", b)})
	}
	for b := 0xBE; b <= 0xFF; b++ {
		cases = append(cases, struct {
			name string
			doc  []byte
			sess []string
			want error
			text string
		}{fmt.Sprintf("unused %02X", b), bin(e, b, "01"), nil, ErrMalformed, fmt.Sprintf("offset 3: unknown record 0x%02X", b)})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var s *ReadSession
			if c.sess != nil {
				s = session(t, c.sess...)
			}
			_, err := readEvents(NewReader(c.doc, s, Quotas{}))
			if !errors.Is(err, c.want) || !strings.Contains(fmt.Sprint(err), c.text) || !strings.HasPrefix(fmt.Sprint(err), "nbfx: offset ") {
				t.Errorf("read % X: got error %v, want %v containing %q", c.doc, err, c.want, c.text)
			}
			if _, serr := oneByteEvents(c.doc, s, Quotas{}); !errors.Is(serr, c.want) {
				t.Errorf("streamed % X: got error %v, want %v", c.doc, serr, c.want)
			}
		})
	}
}

// TestStickyError: after an error, Next keeps failing.
func TestStickyError(t *testing.T) {
	r := NewReader(bin("00"), nil, Quotas{})
	_, err1 := r.Next()
	_, err2 := r.Next()
	if err1 == nil || err2 != err1 {
		t.Errorf("got %v then %v, want the same error twice", err1, err2)
	}
}

// failingReader returns data, then a non-EOF error.
type failingReader struct {
	data []byte
	err  error
}

func (f *failingReader) Read(p []byte) (int, error) {
	if len(f.data) == 0 {
		return 0, f.err
	}
	n := copy(p, f.data)
	f.data = f.data[n:]
	return n, nil
}

// TestStreamSourceError: a source error is reported, wrapped.
func TestStreamSourceError(t *testing.T) {
	boom := errors.New("boom")
	_, err := readEvents(NewStreamReader(&failingReader{data: bin("40", str("e"), "98 05 61"), err: boom}, nil, Quotas{}))
	if !errors.Is(err, boom) {
		t.Errorf("got %v, want an error wrapping %v", err, boom)
	}
	_, err = readEvents(NewStreamReader(&failingReader{data: bin("40", str("e")), err: boom}, nil, Quotas{}))
	if !errors.Is(err, boom) {
		t.Errorf("after a start tag: got %v, want an error wrapping %v", err, boom)
	}
}
