package binxml

import (
	"fmt"
	"testing"

	"github.com/wwsgo/wws/soap/infoset"
)

// leafCase is a leaf element written by Leaf or LeafRaw (raw != nil) in
// one of the writer states leafStates sets up.
type leafCase struct {
	state                int
	sess, filter         bool
	prefix, local, ns    string
	raw                  *RawTag
	ints                 bool // an integer value goes through LeafRawInt
	value                infoset.Text
	afterText, afterElem bool // what follows the leaf in its parent
}

const leafStates = 7

// writeLeafCase writes c with Leaf/LeafRaw (fast) or with StartElement or
// StartRaw, Text and EndElement, and describes the outcome.
func writeLeafCase(c leafCase, fast bool) string {
	var s *WriteSession
	if c.sess {
		s = NewWriteSession(0)
	}
	w := NewWriter(nil, s)
	if c.filter {
		w.SetNameFilter(func(ns string) bool { return ns != "urn:p" })
	}
	const tns = "http://tempuri.org/"
	switch c.state {
	case 0: // in an open start tag with a pending declaration
		w.StartElement("", "Root", tns)
	case 1: // after text
		w.StartElement("", "Root", tns)
		w.Text(infoset.String("x"))
	case 2: // a prefix bound
		w.StartElement("p", "Root", "urn:p")
		w.StartElement("p", "Inner", "urn:p")
	case 3: // the leaf is the root
	case 4: // after an error
		w.StartElement("", "Root", tns)
		w.Xmlns("xml", "urn:bad")
	case 5: // after an attribute
		w.StartElement("", "Root", tns)
		w.Attr("", "id", "", infoset.Int(7))
	case 6: // in a raw start tag with declarations
		w.StartRaw(&RawTag{Bytes: cat("56 02 0B 01", txt("s"), "04 0B 01", txt("a"), "0A"),
			Decls: []RawDecl{{"s", "http://www.w3.org/2003/05/soap-envelope"}, {"a", "http://www.w3.org/2005/08/addressing"}}})
	}
	n, nerr := c.value.Int64()
	switch {
	case c.raw != nil && fast && c.ints && nerr == nil && c.value.Kind() == infoset.TextInt:
		w.LeafRawInt(c.raw, n)
	case c.raw != nil && fast:
		w.LeafRaw(c.raw, c.value)
	case c.raw != nil:
		w.StartRaw(c.raw)
		w.Text(c.value)
		w.EndElement()
	case fast:
		w.Leaf(c.prefix, c.local, c.ns, c.value)
	default:
		w.StartElement(c.prefix, c.local, c.ns)
		w.Text(c.value)
		w.EndElement()
	}
	depth, err := w.Depth(), w.Err()
	if c.afterText {
		w.Text(infoset.Int(1))
	}
	if c.afterElem {
		w.StartElement("", "after", tns)
		w.EndElement()
	}
	for w.Depth() > 0 && w.Err() == nil {
		w.EndElement()
	}
	out, ferr := w.Finish()
	return fmt.Sprintf("depth %d err %v\n% x\nfinish %v", depth, err, out, ferr)
}

var leafValues = []infoset.Text{
	infoset.String(""), infoset.String("0"), infoset.String("1"), infoset.String("héllo"),
	infoset.DictString("http://tempuri.org/"), infoset.DictString("urn:not-static"), infoset.DictString(""),
	infoset.Int(0), infoset.Int(5), infoset.Int(-300), infoset.Int(1 << 40), infoset.Uint64(1 << 63),
	infoset.Bool(true), infoset.Float64(1.5), infoset.Bytes(nil), infoset.Bytes([]byte{1, 2, 3}),
}

var leafRawTags = []*RawTag{
	{Bytes: cat("56 02")},
	{Bytes: cat("44 0A 1E 00 82")},
	{Bytes: cat("40 01", txt("a"))},
	{Bytes: cat("42 04 0B 01", txt("q"), "06"), Decls: []RawDecl{{"q", "urn:q"}}},
}

// TestLeafMatchesGeneralPath holds Leaf, LeafRaw and LeafRawInt to the bytes, errors
// and state of the three calls they stand for.
func TestLeafMatchesGeneralPath(t *testing.T) {
	n := 0
	check := func(c leafCase) {
		t.Helper()
		n++
		if f, g := writeLeafCase(c, true), writeLeafCase(c, false); f != g {
			t.Fatalf("%+v:\nleaf:    %s\ngeneral: %s", c, f, g)
		}
	}
	for state := 0; state < leafStates; state++ {
		for _, sess := range []bool{false, true} {
			for _, v := range leafValues {
				for _, after := range [][2]bool{{false, false}, {true, false}, {false, true}} {
					base := leafCase{state: state, sess: sess, filter: state == 2 && after[0], value: v, afterText: after[0], afterElem: after[1]}
					for _, prefix := range []string{"", "p", "b", "xml", "xmlns", "pp"} {
						for _, local := range []string{"", "a", "Add", "Envelope"} {
							for _, ns := range []string{"", "http://tempuri.org/", "urn:p", "http://www.w3.org/2003/05/soap-envelope"} {
								c := base
								c.prefix, c.local, c.ns = prefix, local, ns
								check(c)
							}
						}
					}
					for _, raw := range leafRawTags {
						for _, ints := range []bool{false, true} {
							c := base
							c.raw, c.ints = raw, ints
							check(c)
						}
					}
				}
			}
		}
	}
	t.Logf("%d cases", n)
}

// FuzzWriterLeaf compares Leaf, LeafRaw and LeafRawInt with the general calls on
// arbitrary names and values.
func FuzzWriterLeaf(f *testing.F) {
	f.Add(uint8(0), "", "a", "http://tempuri.org/", uint8(0), "2", int64(2), uint8(0))
	f.Add(uint8(2), "p", "Add", "urn:p", uint8(1), "http://tempuri.org/", int64(-1), uint8(7))
	f.Add(uint8(6), "s", "x", "urn:s", uint8(2), "", int64(1<<40), uint8(0x10))
	f.Fuzz(func(t *testing.T, state uint8, prefix, local, ns string, kind uint8, s string, n int64, flags uint8) {
		var v infoset.Text
		switch kind % 5 {
		case 0:
			v = infoset.String(s)
		case 1:
			v = infoset.DictString(s)
		case 2:
			v = infoset.Int(n)
		case 3:
			v = infoset.Bytes([]byte(s))
		case 4:
			v = infoset.Float64(float64(n) / 4)
		}
		c := leafCase{state: int(state % leafStates), sess: flags&1 != 0, filter: flags&2 != 0,
			prefix: prefix, local: local, ns: ns, value: v, afterText: flags&4 != 0, afterElem: flags&8 != 0}
		if flags&0x10 != 0 {
			c.raw, c.ints = leafRawTags[int(flags>>5)%len(leafRawTags)], kind&0x80 != 0
		}
		if f, g := writeLeafCase(c, true), writeLeafCase(c, false); f != g {
			t.Fatalf("%+v:\nleaf:    %s\ngeneral: %s", c, f, g)
		}
	})
}
