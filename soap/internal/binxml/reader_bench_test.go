package binxml

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/wwsgo/wws/soap/infoset"
)

// walk reads r to EOF touching every value, as a consumer would.
func walk(r *Reader) (n int, err error) {
	for {
		k, err := r.Next()
		if err != nil || k == infoset.EOF {
			return n, err
		}
		switch k {
		case infoset.StartElement:
			n += len(r.Name().Local) + len(r.Attrs())
		case infoset.CharData:
			if r.Text().Kind() == infoset.TextChars {
				n += len(r.Text().RawBytes())
			}
		}
	}
}

func addRequest(tb testing.TB) envelope {
	for _, e := range captureEnvelopes(tb) {
		if e.name == "c2s-1" {
			return e
		}
	}
	tb.Fatal("no c2s-1 envelope")
	return envelope{}
}

func bytes32Doc(n int) []byte {
	doc := bin("40", str("e"), "A3")
	doc = binary.LittleEndian.AppendUint32(doc, uint32(n))
	return append(doc, make([]byte, n)...)
}

// TestWalkDoesNotAllocate guards the hot path: once a Reader has seen a
// message's inline names, reading it again allocates nothing.
func TestWalkDoesNotAllocate(t *testing.T) {
	e := addRequest(t)
	r := NewReader(e.doc, e.sess, Quotas{})
	if _, err := walk(r); err != nil {
		t.Fatal(err)
	}
	allocs := testing.AllocsPerRun(100, func() {
		r.Reset(e.doc, e.sess)
		if _, err := walk(r); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("walking the Add request allocates %v times, want 0", allocs)
	}
}

func BenchmarkReadAddRequest(b *testing.B) {
	e := addRequest(b)
	r := NewReader(e.doc, e.sess, Quotas{})
	b.SetBytes(int64(len(e.doc)))
	b.ReportAllocs()
	for b.Loop() {
		r.Reset(e.doc, e.sess)
		if _, err := walk(r); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadAddRequestStream(b *testing.B) {
	e := addRequest(b)
	br := bytes.NewReader(e.doc)
	r := NewStreamReader(br, e.sess, Quotas{})
	b.SetBytes(int64(len(e.doc)))
	b.ReportAllocs()
	for b.Loop() {
		br.Reset(e.doc)
		r.ResetStream(br, e.sess)
		if _, err := walk(r); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadBytes32MB(b *testing.B) {
	doc := bytes32Doc(1 << 20)
	q := Quotas{MaxArrayLength: 1<<20 + 1}
	r := NewReader(doc, nil, q)
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		r.Reset(doc, nil)
		if _, err := walk(r); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRenderAddRequest(b *testing.B) {
	e := addRequest(b)
	r := NewReader(e.doc, e.sess, Quotas{})
	var dst []byte
	b.SetBytes(int64(len(e.doc)))
	b.ReportAllocs()
	for b.Loop() {
		r.Reset(e.doc, e.sess)
		var err error
		if dst, err = AppendXML(dst[:0], r, false); err != nil {
			b.Fatal(err)
		}
	}
}
