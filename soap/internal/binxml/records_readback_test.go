package binxml

import (
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wwsgo/wws/soap/infoset"
)

// TestRecordTableReadBack is the reading direction of the shared record
// table: every byte sequence the writer test expects decodes to the same
// infoset as the calls that wrote it.
func TestRecordTableReadBack(t *testing.T) {
	for _, c := range recordCases {
		want, ok := treeOf(c)
		if !ok || len(want) != 1 || want[0].Kind != infoset.StartElement {
			// Arrays: TestRecordTableArraysReadBack. Top-level text is not a
			// document, which is all the reader accepts (tested in reader tests).
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			got, err := infoset.ReadNodes(NewReader(c.wantBinary, nil, bigQuotas))
			if err != nil {
				t.Fatalf("read %d bytes: %v", len(c.wantBinary), err)
			}
			normalize(want)
			normalize(got)
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("decoded infoset (-written +read):\n%s", d)
			}
		})
	}
}

// TestRecordTableArraysReadBack checks the array cases: the reader reports
// an Array record as its repeated elements, one typed value each.
func TestRecordTableArraysReadBack(t *testing.T) {
	n := 0
	for _, c := range recordCases {
		if _, ok := treeOf(c); ok {
			continue
		}
		n++
		var w Writer
		w.Reset(nil, nil)
		c.build()(&w)
		b, err := w.Finish()
		if err != nil {
			t.Fatalf("%s: write: %v", c.name, err)
		}
		direct, err := infoset.ReadNodes(NewReader(wrapRoot(c.wantBinary), nil, bigQuotas))
		if err != nil {
			t.Fatalf("%s: read: %v", c.name, err)
		}
		again, err := infoset.ReadNodes(NewReader(wrapRoot(b), nil, bigQuotas))
		if err != nil || len(direct) == 0 {
			t.Fatalf("%s: read back: %v (%d nodes)", c.name, err, len(direct))
		}
		if d := cmp.Diff(direct, again); d != "" {
			t.Errorf("%s: (-want +got):\n%s", c.name, d)
		}
	}
	if n == 0 {
		t.Fatal("no array cases in the table")
	}
}

var bigQuotas = Quotas{MaxStringContentLength: 1 << 20, MaxArrayLength: 1 << 20, MaxBytesPerRead: 1 << 20}

// wrapRoot puts records inside <r>…</r>: an Array record repeats its
// element, so it cannot itself be a document's root.
func wrapRoot(b []byte) []byte {
	out := append([]byte{recShortElement, 1, 'r'}, b...)
	return append(out, recEndElement)
}

// treeOf returns the infoset the case's writer calls describe, or false
// when the calls need the binary writer's array extension.
func treeOf(c recordCase) (nodes []*infoset.Node, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	var tw infoset.TreeWriter
	c.build()(&tw)
	return tw.Nodes(), tw.Err() == nil
}

// normalize orders attributes (the binary form writes declarations after
// attributes, the tree writer before) so infosets compare as sets.
func normalize(ns []*infoset.Node) {
	for _, n := range ns {
		kept := n.Children[:0]
		for _, c := range n.Children {
			if c.Kind != infoset.CharData || c.Text != "" { // "" content writes no record
				kept = append(kept, c)
			}
		}
		n.Children = kept
		if len(kept) == 0 {
			n.Children = nil
		}
		sort.SliceStable(n.Attrs, func(i, j int) bool {
			a, b := n.Attrs[i].Name, n.Attrs[j].Name
			if a.Space != b.Space {
				return a.Space < b.Space
			}
			return a.Prefix+":"+a.Local < b.Prefix+":"+b.Local
		})
		normalize(n.Children)
	}
}
