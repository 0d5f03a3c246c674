package binxml

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wwsgo/wws/soap/infoset"
)

// leafEvents reads r as readEvents does, but takes every leaf element it
// can with NextLeaf, reporting it as the three nodes Next would have.
func leafEvents(r *Reader) (out []event, leaves int, err error) {
	for {
		if r.NextLeaf() {
			leaves++
			d := r.Depth()
			out = append(out,
				event{Kind: infoset.StartElement, Name: r.Name(), Depth: d},
				event{Kind: infoset.CharData, Text: r.Text().String(), TextKind: r.Text().Kind(), Depth: d},
				event{Kind: infoset.EndElement, Name: r.Name(), Depth: d})
			if len(r.Attrs()) != 0 || r.Name() != (infoset.Name{}) && r.Name().Local == "" {
				return out, leaves, fmt.Errorf("leaf with attributes or no name")
			}
			continue
		}
		k, err := r.Next()
		if err != nil {
			return out, leaves, err
		}
		if k == infoset.EOF {
			return out, leaves, nil
		}
		out = append(out, eventAt(r, k))
	}
}

// checkLeaves compares reading doc with and without NextLeaf: the same
// nodes, then the same error (or none). It returns the leaves taken.
func checkLeaves(t *testing.T, doc []byte, s *ReadSession, q Quotas) int {
	t.Helper()
	want, werr := readEvents(NewReader(doc, s, q))
	got, leaves, gerr := leafEvents(NewReader(doc, s, q))
	if fmt.Sprint(werr) != fmt.Sprint(gerr) {
		t.Fatalf("% x: error %v, with NextLeaf %v", doc, werr, gerr)
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("% x: events (-Next +NextLeaf):\n%s", doc, d)
	}
	return leaves
}

// leafQuotas are tight quotas around what the leaves of the seeds need.
var leafQuotas = []Quotas{
	{},
	{MaxDepth: 2}, {MaxDepth: 3},
	{MaxBytesPerRead: 2}, {MaxBytesPerRead: 3},
	{MaxStringContentLength: 2},
	{MaxArrayLength: 2},
	{MaxNameTableCharCount: 1}, {MaxNameTableCharCount: 3},
}

// TestNextLeafMatchesNext checks NextLeaf against Next on the record cases
// and captured envelopes, and on every one-byte change of a body with
// leaves of each kind.
func TestNextLeafMatchesNext(t *testing.T) {
	s := fuzzSession(t)
	leaves := 0
	for _, c := range allRecordCases() {
		for _, q := range leafQuotas {
			leaves += checkLeaves(t, c.doc, c.sess(t), q)
		}
	}
	for _, e := range captureEnvelopes(t) {
		leaves += checkLeaves(t, e.doc, s, Quotas{})
	}
	// <Add xmlns="http://tempuri.org/"><a>2</a><b>3</b><p:c xmlns:p="x">
	// <p:d>abc</p:d></p:c><e>tex</e><f/></Add>
	body := bin(0x42, 0x0B, 0x0A, 0x0B, // Add-like element and xmlns, by session ids
		0x42, 0x01, 0x89, 0x02, // <a>2</a>
		0x42, 0x03, 0x8D, 0x03, 0x00, 0x00, 0x00, // <b>3</b> as Int32
		0x6D, 0x01, byte('c'), 0x09, 0x01, byte('p'), 0x01, byte('x'), // <p:c xmlns:p="x">
		0x6D, 0x01, byte('d'), 0x99, 0x03, raw("abc"), 0x01, // <p:d>abc</p:d></p:c>
		0x40, 0x01, raw("e"), 0xB7, 0x06, raw("t\x00e\x00x\x00"), // <e> UTF-16 </e>
		0x40, 0x01, raw("f"), 0x01, 0x01) // <f/></Add>
	for _, q := range leafQuotas {
		if n := checkLeaves(t, body, s, q); q == (Quotas{}) && n != 4 {
			t.Errorf("NextLeaf took %d leaves of the body, want 4", n)
		}
		b := append([]byte(nil), body...)
		for i := range b {
			old := b[i]
			for _, v := range []byte{0x00, 0x01, 0x04, 0x09, 0x40, 0x42, 0x5F, 0x80, 0x89, 0x99, 0xA5, 0xA7, 0xBD, 0xFF, old + 1, old - 1} {
				b[i] = v
				checkLeaves(t, b, s, q)
			}
			b[i] = old
		}
		for i := range body {
			checkLeaves(t, body[:i], s, q)
		}
	}
	if leaves == 0 {
		t.Error("NextLeaf took no leaf of the seeds")
	}
}
