package binxml

import (
	"bytes"
	"math"
	"math/rand"
	"strings"
	"testing"
	"time"

	"github.com/wwsgo/wws/soap/infoset"
)

// Property test: random documents (fixed seed) encode without error or
// panic, deterministically, with and without a session; a second message
// on the session sends an empty string table and the same records.

var (
	propLocals = []string{"Envelope", "Body", "t", "v", "doc", "Echo", "text", "x", "type", "Id",
		"日本", strings.Repeat("long", 40)}
	propNS = []string{"", nsSoap, nsWSA, "urn:a", "http://tempuri.org/", "urn:日本"}
	propPx = []string{"", "s", "a", "p", "pre", "z"}
)

type propGen struct{ r *rand.Rand }

func (g propGen) pick(s []string) string { return s[g.r.Intn(len(s))] }

func (g propGen) text() infoset.Text {
	r := g.r
	switch r.Intn(16) {
	case 0:
		return infoset.Int(r.Int63() >> r.Intn(64) * int64(1-2*r.Intn(2)))
	case 1:
		return infoset.Float64(r.NormFloat64() * math.Pow(10, float64(r.Intn(40)-20)))
	case 2:
		return infoset.Float32(float32(r.Intn(1000)) / 8)
	case 3:
		return infoset.Bool(r.Intn(2) == 0)
	case 4:
		return infoset.Bytes(make([]byte, r.Intn(300)))
	case 5:
		return infoset.DictString(g.pick(propNS))
	case 6:
		return infoset.QName(g.pick(propPx), g.pick(propLocals))
	case 7:
		return infoset.DateTime(time.Unix(r.Int63n(1<<33), 0))
	case 8:
		return infoset.Duration(time.Duration(r.Int63()))
	case 9:
		var b [16]byte
		r.Read(b[:])
		return infoset.GUID(b)
	case 10:
		return infoset.DecimalText(infoset.Decimal{Lo: r.Uint64(), Hi: r.Uint32(), Scale: uint8(r.Intn(29))})
	case 11:
		return infoset.Uint64(r.Uint64())
	case 12:
		return infoset.Float64(math.Inf(1 - 2*r.Intn(2)))
	}
	return infoset.String(strings.Repeat(g.pick(propLocals), r.Intn(5)))
}

// element writes a random element of at most depth levels; prefixes are
// never rebound within one element, so the document is always valid.
func (g propGen) element(w infoset.Writer, depth int) {
	r := g.r
	prefix, ns := g.pick(propPx), g.pick(propNS)
	if ns == "" && prefix != "" {
		ns = "urn:a"
	}
	w.StartElement(prefix, g.pick(propLocals), ns)
	used := map[string]bool{prefix: true}
	for range r.Intn(3) {
		p := g.pick(propPx)
		if p == "" || !used[p] {
			used[p] = true
			w.Attr(p, g.pick(propLocals), "urn:attr-"+p, g.text())
		}
	}
	for range r.Intn(4) {
		switch {
		case depth > 0 && r.Intn(2) == 0:
			g.element(w, depth-1)
		case r.Intn(8) == 0:
			w.Comment("c")
		case r.Intn(8) == 0:
			w.(*Writer).WriteArray(g.pick(propPx[:2]), g.pick(propLocals), nsSoap, []int32{1, 2})
		default:
			w.Text(g.text())
		}
	}
	w.EndElement()
}

func TestWriterRandomDocuments(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for i := range 300 {
		seed := r.Int63()
		doc := func(w infoset.Writer) { propGen{rand.New(rand.NewSource(seed))}.element(w, 4) }
		a, errA := encode(doc, nil)
		b, errB := encode(doc, nil)
		if errA != nil || errB != nil {
			t.Fatalf("doc %d (seed %d): %v / %v", i, seed, errA, errB)
		}
		if !bytes.Equal(a, b) {
			t.Fatalf("doc %d: not deterministic: %s", i, hexDiff(a, b))
		}
		s := NewWriteSession(1 + r.Intn(3000))
		first, err := encode(doc, s)
		if err != nil {
			t.Fatalf("doc %d session: %v", i, err)
		}
		second, err := encode(doc, s)
		if err != nil {
			t.Fatalf("doc %d second: %v", i, err)
		}
		if second[0] != 0 {
			t.Fatalf("doc %d: second message table size %#x, want 0", i, second[0])
		}
		if s.Size() > s.MaxBytes() {
			t.Fatalf("doc %d: session %d bytes over quota %d", i, s.Size(), s.MaxBytes())
		}
		// Both messages hold the same records: ids are assigned at first use.
		size, n, err := ReadMB31(first)
		if err != nil || n == 0 || int(size) > len(first)-n {
			t.Fatalf("doc %d: bad table header % X", i, first[:min(5, len(first))])
		}
		if !bytes.Equal(first[n+int(size):], second[1:]) {
			t.Fatalf("doc %d: records differ between messages: %s", i, hexDiff(first[n+int(size):], second[1:]))
		}
	}
}
