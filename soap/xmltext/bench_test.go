package xmltext

import (
	"testing"

	"github.com/wwsgo/wws/soap/infoset"
)

// addRequest is the SOAP 1.2 Add request body of the HTTP capture.
func addRequest(tb testing.TB) []byte {
	tb.Helper()
	for _, b := range captureBodies(tb) {
		if b.name == "soap12_http-1" {
			return b.body
		}
	}
	tb.Fatal("soap12_http-1 not in the capture")
	return nil
}

// walk reads every node of r, touching names, attributes and text.
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
			n += len(r.Text().RawBytes())
		}
	}
}

func BenchmarkReadAddRequest(b *testing.B) {
	doc := addRequest(b)
	r, err := NewReader(doc, Quotas{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(doc)))
	for b.Loop() {
		r.Reset(doc)
		if _, err := walk(r); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWriteAddRequest(b *testing.B) {
	nodes, err := readTree(addRequest(b), Quotas{})
	if err != nil {
		b.Fatal(err)
	}
	w := NewWriter(nil)
	buf := make([]byte, 0, 1024)
	b.ReportAllocs()
	var n int
	for b.Loop() {
		w.Reset(buf[:0])
		for _, nd := range nodes {
			infoset.WriteNode(w, nd)
		}
		out, err := w.Finish()
		if err != nil {
			b.Fatal(err)
		}
		n = len(out)
	}
	b.SetBytes(int64(n))
}

// TestAllocs guards the hot paths: reading the Add request with a reused
// Reader and writing it with a reused Writer allocate nothing.
func TestAllocs(t *testing.T) {
	doc := addRequest(t)
	r, _ := NewReader(doc, Quotas{})
	if got := testing.AllocsPerRun(50, func() {
		r.Reset(doc)
		if _, err := walk(r); err != nil {
			t.Fatal(err)
		}
	}); got != 0 {
		t.Errorf("reading the Add request: %v allocs per run, want 0", got)
	}
	nodes, err := readTree(doc, Quotas{})
	if err != nil {
		t.Fatal(err)
	}
	w, buf := NewWriter(nil), make([]byte, 0, 1024)
	if got := testing.AllocsPerRun(50, func() {
		w.Reset(buf[:0])
		for _, nd := range nodes {
			infoset.WriteNode(w, nd)
		}
		if _, err := w.Finish(); err != nil {
			t.Fatal(err)
		}
	}); got != 0 {
		t.Errorf("writing the Add request: %v allocs per run, want 0", got)
	}
}
