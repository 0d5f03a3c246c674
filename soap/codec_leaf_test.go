package soap

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wwsgo/wws/soap/infoset"
	"github.com/wwsgo/wws/soap/internal/binxml"
)

// plainReader hides binxml.Reader.NextLeaf, so Decode walks every node.
type plainReader struct{ infoset.Reader }

// leafSeeds are binary bodies (no session) of every kind the codec maps,
// with the value types to decode them into.
func leafSeeds(t testing.TB) (docs [][]byte, types []reflect.Type) {
	seven := int32(7)
	text := "hi"
	for _, v := range append([]any{
		&AddRequest{A: 2, B: -300000},
		&AddResponse{AddResult: 5},
		&EchoRequest{Text: &text},
		&BlobResponse{BlobResult: []byte{1, 2, 3}},
		&kitchenSink{
			ID: -9, Name: "n", Ok: true, U8: 255, U64: 1 << 63, F32: 1.5, F64: -2.25e-10,
			When: time.Date(2020, 1, 2, 3, 4, 5, 600, time.UTC), Wait: 90 * time.Second,
			Data: []byte{1, 2, 3}, OptSet: &seven, Items: []string{"x", "y"},
			Inner: inner{Unit: "kg", Value: 3.5}, InnerPtr: &inner{Unit: "m", Value: 1}, Other: "o",
		},
	}, extSeedValues(false)...) {
		w := binxml.NewWriter(nil, nil)
		if err := Encode(w, v); err != nil {
			t.Fatal(err)
		}
		b, err := w.Finish()
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, b)
		types = append(types, reflect.TypeOf(v).Elem())
	}
	return docs, types
}

// decodeLeafBoth decodes doc into a new value of typ with and without
// NextLeaf, and describes each outcome: the value, the error and the nodes
// left in the reader.
func decodeLeafBoth(doc []byte, typ reflect.Type, q binxml.Quotas) (leaf, plain string) {
	read := func(useLeaf bool) string {
		nr := binxml.NewReader(doc, nil, q)
		var r infoset.Reader = nr
		if !useLeaf {
			r = plainReader{nr}
		}
		if _, err := r.Next(); err != nil {
			return "error: " + err.Error()
		}
		v := reflect.New(typ)
		err := Decode(r, v.Interface())
		return fmt.Sprintf("%s\nerror: %v\n%s", cmp.Diff(nil, v.Interface(), cmp.Exporter(func(reflect.Type) bool { return true })), err, drain(r))
	}
	return read(true), read(false)
}

// TestLeafDecodeMatchesGeneralPath checks that Decode over NextLeaf gives
// the values, errors and reader positions of the node-by-node path, on the
// seeds and on every one-byte change of them.
func TestLeafDecodeMatchesGeneralPath(t *testing.T) {
	docs, types := leafSeeds(t)
	for i, doc := range docs {
		for _, q := range []binxml.Quotas{{}, {MaxDepth: 2}, {MaxStringContentLength: 1}, {MaxArrayLength: 2}} {
			check := func(b []byte) {
				t.Helper()
				if l, p := decodeLeafBoth(b, types[i], q); l != p {
					t.Fatalf("%v, quotas %+v, % x:\nleaf: %s\nplain: %s", types[i], q, b, l, p)
				}
			}
			check(doc)
			forEachMutation(doc, []byte{0x00, 0x01, 0x40, 0x42, 0x80, 0x85, 0x89, 0x99, 0xA9, 0xB5}, []int{1, -1}, check)
		}
	}
}

// FuzzLeafDecode compares Decode over NextLeaf with the node-by-node path
// on arbitrary binary bodies.
func FuzzLeafDecode(f *testing.F) {
	docs, types := leafSeeds(f)
	for i, d := range docs {
		f.Add(d, uint8(i))
	}
	f.Fuzz(func(t *testing.T, doc []byte, ti uint8) {
		typ := types[int(ti)%len(types)]
		if l, p := decodeLeafBoth(doc, typ, binxml.Quotas{}); l != p {
			t.Fatalf("%v:\nleaf: %s\nplain: %s", typ, l, p)
		}
	})
}
