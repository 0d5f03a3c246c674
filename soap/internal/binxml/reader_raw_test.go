package binxml

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wwsgo/wws/soap/infoset"
)

var exportAll = cmp.Exporter(func(reflect.Type) bool { return true })

// TestNextRawLendsAttrs checks that the declarations NextRaw reports as
// Attrs are the same as Next reports, and that reading on (another start
// tag with attributes, NextLeaf, a leaf run, Reset) never writes through
// them into the RawStart.
func TestNextRawLendsAttrs(t *testing.T) {
	// <s:E xmlns:s="…" xmlns:a="…"> by static ids, then <x b="1" c="2"/>,
	// <a:Action>3</a:Action> and the end.
	tag := RawTag{
		Bytes: []byte{0x56, 0x02, 0x0B, 0x01, 's', 0x04, 0x0B, 0x01, 'a', 0x06},
		Decls: []RawDecl{{Prefix: "s", NS: staticStrings[2]}, {Prefix: "a", NS: staticStrings[3]}},
	}
	start := NewRawStart(&tag, infoset.Name{Prefix: "s", Local: staticStrings[1], Space: staticStrings[2]})
	want := append([]infoset.Attr(nil), start.attrs...)
	rest := []byte{0x40, 0x01, 'x', 0x04, 0x01, 'b', 0x82, 0x04, 0x01, 'c', 0x88, 0x02, 0x01, 0x44, 0x0A, 0x89, 0x03, 0x01}
	doc := append(append([]byte(nil), tag.Bytes...), rest...)
	general := NewReader(doc, nil, Quotas{})
	if k, err := general.Next(); err != nil || k != infoset.StartElement {
		t.Fatalf("Next = %v, %v", k, err)
	}
	r := NewReader(nil, nil, Quotas{})
	for i := range 3 {
		r.Reset(doc, nil)
		if !r.NextRaw(start) {
			t.Fatal("NextRaw = false")
		}
		if d := cmp.Diff(general.Attrs(), r.Attrs(), exportAll); d != "" {
			t.Fatalf("round %d: Attrs after NextRaw (-Next +NextRaw):\n%s", i, d)
		}
		if k, err := r.Next(); err != nil || k != infoset.StartElement || len(r.Attrs()) != 2 {
			t.Fatalf("Next = %v, %v, %d attrs", k, err, len(r.Attrs()))
		}
		_, _ = r.Next()
		key := new(int)
		r.RecordLeaves(key)
		if !r.NextLeaf() {
			t.Fatal("NextLeaf = false")
		}
		for {
			if k, err := r.Next(); err != nil || k == infoset.EOF {
				break
			}
		}
		if d := cmp.Diff(want, start.attrs, exportAll); d != "" {
			t.Fatalf("round %d: the RawStart's attrs changed:\n%s", i, d)
		}
	}
}

// TestRawStartsWith holds the word comparisons of RawStart.startsWith to
// bytes.HasPrefix, for tags of every length around their 8- and 16-byte
// limits, anywhere in documents that differ from them in any one byte, or
// are short.
func TestRawStartsWith(t *testing.T) {
	for n := 1; n <= 18; n++ {
		tag := make([]byte, n)
		for i := range tag {
			tag[i] = byte(0x40 + i)
		}
		s := &RawStart{tag: &RawTag{Bytes: tag}}
		s.prepare()
		for before := 0; before <= 9; before++ {
			for extra := 0; extra <= 17; extra++ {
				doc := append(append(make([]byte, before), tag...), make([]byte, extra)...)
				for i := range doc {
					for _, d := range []byte{0, 1, 0x80} {
						old := doc[i]
						doc[i] += d
						if got, want := s.startsWith(doc, before), bytes.HasPrefix(doc[before:], tag); got != want {
							t.Fatalf("tag % x, document % x at %d: startsWith %v, want %v", tag, doc, before, got, want)
						}
						doc[i] = old
					}
				}
			}
		}
	}
}
