package binxml

import (
	"bytes"
	"testing"

	"github.com/wwsgo/wws/soap/infoset"
)

func TestWriterRecordTable(t *testing.T) {
	for _, c := range recordCases {
		t.Run(c.name, func(t *testing.T) {
			got, err := encode(c.build(), nil)
			if err != nil {
				t.Fatalf("Finish: %v", err)
			}
			if !bytes.Equal(got, c.wantBinary) {
				t.Errorf("bytes differ: %s", hexDiff(got, c.wantBinary))
			}
		})
	}
}

// TestRecordTableXML checks each case's wantXML against the tree a
// TreeWriter builds from the same calls, so the XML the reader's test
// compares with is the document the writer was given.
func TestRecordTableXML(t *testing.T) {
	for _, c := range recordCases {
		t.Run(c.name, func(t *testing.T) {
			var tw treeArrayWriter
			c.build()(&tw)
			if err := tw.Err(); err != nil {
				t.Fatalf("TreeWriter: %v", err)
			}
			if got := renderXML(tw.Nodes()); got != c.wantXML {
				t.Errorf("XML:\n got %.300s\nwant %.300s", got, c.wantXML)
			}
		})
	}
}

// TestWriterAppends checks that the message is appended to dst, leaving
// what dst held untouched, with and without a session.
func TestWriterAppends(t *testing.T) {
	prefix := []byte{0xEE, 0xEF}
	for _, s := range []*WriteSession{nil, NewWriteSession(DefaultMaxSessionSize)} {
		w := NewWriter(append([]byte(nil), prefix...), s)
		elem("", "doc", "urn:x", text(infoset.String("hi")))(w)
		got, err := w.Finish()
		if err != nil {
			t.Fatalf("Finish: %v", err)
		}
		want := cat(prefix, "40", name("doc"), "08", name("urn:x"), "99 02", txt("hi"))
		if s != nil {
			want = cat(prefix, "0A", name("doc"), name("urn:x"), "42 01 0A 03 99 02", txt("hi"))
		}
		if !bytes.Equal(got, want) {
			t.Errorf("session %v: %s", s != nil, hexDiff(got, want))
		}
	}
}

// TestWriterReuse checks that a reused Writer produces the same bytes.
func TestWriterReuse(t *testing.T) {
	w := NewWriter(nil, nil)
	var prev []byte
	for i := range 3 {
		w.Reset(nil, nil)
		for _, c := range recordCases[:20] {
			c.build()(w)
		}
		got, err := w.Finish()
		if err != nil {
			t.Fatalf("round %d: %v", i, err)
		}
		if prev != nil && !bytes.Equal(got, prev) {
			t.Fatalf("round %d differs: %s", i, hexDiff(got, prev))
		}
		prev = got
	}
}

// TestNameFilter checks SetNameFilter: names outside the accepted
// namespaces are inline.
func TestNameFilter(t *testing.T) {
	w := NewWriter(nil, NewWriteSession(DefaultMaxSessionSize))
	w.SetNameFilter(func(ns string) bool { return ns != "" })
	elem("s", "Body", nsSoap, elem("", "t", "", attr("", "type", "", infoset.Int(1))), elem("", "Echo", "urn:e"))(w)
	got, err := w.Finish()
	if err != nil {
		t.Fatal(err)
	}
	want := cat("0B", name("Echo"), name("urn:e"), // session strings of the accepted namespace
		"56 0E 0B 01 73 04",
		"40 01 74 04", name("type"), "82 01", // "t" and "type" are static but in ns "": inline
		"42 01 0A 03 01 01")
	if !bytes.Equal(got, want) {
		t.Errorf("%s", hexDiff(got, want))
	}
}
