package soap

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wwsgo/wws/soap/infoset"
	"github.com/wwsgo/wws/soap/internal/binxml"
)

// runSink has only members that a leaf run may record: scalars of every
// kind, a pointer and bytes.
type runSink struct {
	XMLName struct{}  `xml:"urn:sink RunSink"`
	Name    string    `xml:"name"`
	Ok      bool      `xml:"ok"`
	N       int16     `xml:"n"`
	U       uint32    `xml:"u"`
	F       float64   `xml:"f"`
	When    time.Time `xml:"when"`
	Data    []byte    `xml:"data"`
	Opt     *int32    `xml:"opt"`
}

// runSeed is a session-encoded body: the string table its writer sent and
// the binary XML document after it.
type runSeed struct {
	table, doc []byte
	typ        reflect.Type
}

// runSeeds are session-encoded bodies of the Calculator types and of
// types with every kind of member, as one session's writer sends them.
func runSeeds(t testing.TB) []runSeed {
	opt := int32(-7)
	text := "hi"
	ws := binxml.NewWriteSession(binxml.DefaultMaxSessionSize)
	w := binxml.NewWriter(nil, ws)
	var out []runSeed
	for _, v := range append([]any{
		&AddRequest{A: 2, B: 3},
		&AddResponse{AddResult: 5},
		&AddRequest{A: -300000, B: 1 << 30},
		&EchoRequest{Text: &text},
		&runSink{Name: "n", Ok: true, N: -2, U: 70000, F: 1.5, When: time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC),
			Data: []byte{1, 2}, Opt: &opt},
		&kitchenSink{Name: "k", Items: []string{"x", "y"}, Inner: inner{Unit: "m"}},
	}, extSeedValues(true)...) {
		w.Reset(nil, ws)
		if err := Encode(w, v); err != nil {
			t.Fatal(err)
		}
		b, err := w.Finish()
		if err != nil {
			t.Fatal(err)
		}
		size, n, err := binxml.ReadMB31(b)
		if err != nil {
			t.Fatal(err)
		}
		end := n + int(size)
		out = append(out, runSeed{table: b[:end], doc: b[end:], typ: reflect.TypeOf(v).Elem()})
	}
	return out
}

// runSession returns a read session holding the strings of every seed.
func runSession(t testing.TB, seeds []runSeed) *binxml.ReadSession {
	rs := binxml.NewReadSession(0)
	for _, s := range seeds {
		if _, err := rs.ReadTable(s.table); err != nil {
			t.Fatal(err)
		}
	}
	return rs
}

// decodeRunBoth decodes doc into a new value of typ with a reader that
// has first decoded every seed (so that it remembers their leaf runs), and
// with the node-by-node path, and describes each outcome: the value, the
// error and the nodes left in the reader.
// With wrap, doc is read inside an element of its own, one level deeper
// than the seeds were.
func decodeRunBoth(t testing.TB, seeds []runSeed, doc []byte, typ reflect.Type, q binxml.Quotas, wrap bool) (run, plain string) {
	rs := runSession(t, seeds)
	nr := warmReader(rs, seeds, q)
	if wrap {
		doc = append(append([]byte{0x40, 0x01, 'w'}, doc...), 0x01)
	}
	nr.Reset(doc, rs)
	return describeDecode(nr, typ, wrap), describeDecode(plainReader{binxml.NewReader(doc, runSession(t, seeds), q)}, typ, wrap)
}

// warmReader returns a reader on session rs that has decoded every seed
// twice, so that it remembers their leaf runs.
func warmReader(rs *binxml.ReadSession, seeds []runSeed, q binxml.Quotas) *binxml.Reader {
	nr := binxml.NewReader(nil, rs, q)
	for range 2 {
		for _, s := range seeds {
			nr.Reset(s.doc, rs)
			if _, err := nr.Next(); err == nil {
				_ = Decode(nr, reflect.New(s.typ).Interface())
			}
		}
	}
	return nr
}

// describeDecode decodes the document of r into a new value of typ and
// describes the value, the error and the nodes left in r.
// With wrap, the element to decode is the child of the root.
func describeDecode(r infoset.Reader, typ reflect.Type, wrap bool) string {
	if _, err := r.Next(); err != nil {
		return "error: " + err.Error()
	}
	if wrap {
		if _, err := r.Next(); err != nil {
			return "error: " + err.Error()
		}
	}
	v := reflect.New(typ)
	err := Decode(r, v.Interface())
	return fmt.Sprintf("%s\nerror: %v\n%s", cmp.Diff(nil, v.Interface(), cmp.Exporter(func(reflect.Type) bool { return true })), err, drain(r))
}

// runQuotas are the default quotas and ones around what the seeds need.
var runQuotas = []binxml.Quotas{
	{}, {MaxDepth: 1}, {MaxDepth: 2}, {MaxDepth: 3}, {MaxDepth: 4}, {MaxBytesPerRead: 2}, {MaxBytesPerRead: 3},
	{MaxStringContentLength: 1}, {MaxArrayLength: 1},
}

// TestLeafRunMatchesGeneralPath checks that Decode by remembered leaf runs
// gives the values, errors and reader positions of the node-by-node path,
// on the seeds and on every one-byte change and truncation of them, into
// every seed type.
func TestLeafRunMatchesGeneralPath(t *testing.T) {
	seeds := runSeeds(t)
	for _, q := range runQuotas {
		wraps := []bool{false}
		if q.MaxDepth != 0 || q == (binxml.Quotas{}) {
			wraps = append(wraps, true)
		}
		for _, seed := range seeds {
			types := []reflect.Type{seed.typ}
			if q == (binxml.Quotas{}) {
				types = append(types, reflect.TypeFor[AddRequest](), reflect.TypeFor[AddResponse]())
			}
			for _, typ := range types {
				check := func(b []byte) {
					t.Helper()
					for _, wrap := range wraps {
						if r, p := decodeRunBoth(t, seeds, b, typ, q, wrap); r != p {
							t.Fatalf("%v, quotas %+v, wrap %v, % x:\nrun: %s\nplain: %s", typ, q, wrap, b, r, p)
						}
					}
				}
				check(seed.doc)
				forEachMutation(seed.doc, []byte{0x00, 0x01, 0x40, 0x42, 0x44, 0x80, 0x83, 0x85, 0x89, 0x8B, 0x8D, 0x99, 0xA7, 0xB5}, []int{1, -1}, check)
				for n := range len(seed.doc) {
					check(seed.doc[:n])
				}
			}
		}
	}
}

// TestLeafRunTaken checks that the seeds without slice members are read
// by their runs once the reader has seen them.
func TestLeafRunTaken(t *testing.T) {
	seeds := runSeeds(t)
	rs := runSession(t, seeds)
	nr := warmReader(rs, seeds, binxml.Quotas{})
	for _, s := range seeds {
		nr.Reset(s.doc, rs)
		if _, err := nr.Next(); err != nil {
			t.Fatal(err)
		}
		st := structOf(mustPlan(t, s.typ))
		_, _, ok := nr.PeekLeaves(st)
		if want := s.typ != reflect.TypeFor[kitchenSink]() && !extNotLeaves[s.typ]; ok != want {
			t.Errorf("%v: PeekLeaves = %v, want %v", s.typ, ok, want)
		}
	}
}

// TestLeafRunSession checks that a run is not read with another session,
// or with its session reset to other strings.
func TestLeafRunSession(t *testing.T) {
	seeds := runSeeds(t)
	add := seeds[0]
	for _, change := range []string{"other session", "reset"} {
		rs := runSession(t, seeds)
		nr := warmReader(rs, seeds, binxml.Quotas{})
		// The same ids as other strings: the Add element's a and b
		// become c and d.
		other := binxml.NewReadSession(0)
		if change == "reset" {
			rs.Reset()
			other = rs
		}
		var tb []byte
		for _, s := range []string{"Add", "http://tempuri.org/", "c", "d"} {
			tb = append(append(tb, byte(len(s))), s...)
		}
		if _, err := other.ReadTable(append([]byte{byte(len(tb))}, tb...)); err != nil {
			t.Fatal(err)
		}
		nr.Reset(add.doc, other)
		got := describeDecode(nr, add.typ, false)
		plainSess := binxml.NewReadSession(0)
		_, _ = plainSess.ReadTable(append([]byte{byte(len(tb))}, tb...))
		want := describeDecode(plainReader{binxml.NewReader(add.doc, plainSess, binxml.Quotas{})}, add.typ, false)
		if got != want {
			t.Errorf("%s:\nrun: %s\nplain: %s", change, got, want)
		}
	}
}

func mustPlan(t testing.TB, typ reflect.Type) *valuePlan {
	var last recentPlans
	p, err := planFor(typ, &last)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// FuzzLeafRunDecode compares Decode by remembered leaf runs with the
// node-by-node path on arbitrary session-encoded bodies, decoded into the
// Calculator request and reply types and the others of the seeds.
func FuzzLeafRunDecode(f *testing.F) {
	seeds := runSeeds(f)
	for i, s := range seeds {
		f.Add(s.doc, uint8(i), uint8(0))
	}
	f.Fuzz(func(t *testing.T, doc []byte, ti, qi uint8) {
		typ := seeds[int(ti)%len(seeds)].typ
		q := runQuotas[int(qi)%len(runQuotas)]
		if r, p := decodeRunBoth(t, seeds, doc, typ, q, qi&0x80 != 0); r != p {
			t.Fatalf("%v, quotas %+v:\nrun: %s\nplain: %s", typ, q, r, p)
		}
	})
}

// decodeMessageBoth reads the session-encoded messages msgs in turn and
// decodes each body into a new value of typ: with a session encoder (its
// header patterns, remembered body tag and leaf runs warming up on the
// first messages), and with a general reader walking every node. It
// describes the last message of each: the message, the value, the error
// and the nodes left in the reader.
func decodeMessageBoth(msgs [][]byte, typ reflect.Type) (fast, general string) {
	describe := func(m *Message, err error, r func() infoset.Reader) string {
		if err != nil {
			return "error: " + err.Error()
		}
		v := reflect.New(typ)
		err = m.DecodeBody(v.Interface())
		return fmt.Sprintf("%s%s\nerror: %v\n%s", describeMessage(m),
			cmp.Diff(nil, v.Interface(), cmp.Exporter(func(reflect.Type) bool { return true })), err, drain(r()))
	}
	opts := ReadOptions{Version: Soap12WSAddressing10}
	enc := NewBinaryEncoding(true, EncodingOptions{}).NewEncoder()
	for i, b := range msgs {
		m, err := enc.ReadMessage(b)
		d := describe(m, err, func() infoset.Reader { return m.r })
		if i == len(msgs)-1 {
			fast = d
		}
	}
	rs := binxml.NewReadSession(0)
	q := EncodingOptions{}.Quotas.nbfx()
	for _, b := range msgs {
		var m *Message
		var r infoset.Reader
		err := opts.CheckSize(int64(len(b)))
		if err == nil {
			var n int
			if n, err = rs.ReadTable(b); err == nil {
				r = plainReader{binxml.NewReader(b[n:], rs, q)}
				m, err = readEnvelope(r, opts, false)
			}
		}
		general = describe(m, err, func() infoset.Reader { return r })
	}
	return fast, general
}

// TestDecodeMessageMatchesGeneralPath checks that reading and decoding the
// Calculator request and reply after the same message warmed the encoder
// gives what a general reader gives, on every one-byte change and
// truncation of the last message.
func TestDecodeMessageMatchesGeneralPath(t *testing.T) {
	for _, c := range []struct {
		m   *Message
		typ reflect.Type
	}{
		{addRequestMessage(t), reflect.TypeFor[AddRequest]()},
		{addReplyMessage(t), reflect.TypeFor[AddResponse]()},
	} {
		w := NewBinaryEncoding(true, EncodingOptions{}).NewEncoder()
		first, err := w.WriteMessage(nil, c.m)
		if err != nil {
			t.Fatal(err)
		}
		warm, _ := w.WriteMessage(nil, c.m)
		check := func(b []byte) {
			t.Helper()
			if f, g := decodeMessageBoth([][]byte{first, warm, b}, c.typ); f != g {
				t.Fatalf("%v, % x:\nfast: %s\ngeneral: %s", c.typ, b, f, g)
			}
		}
		check(warm)
		forEachMutation(warm, []byte{0x00, 0x01, 0x02, 0x1E, 0x42, 0x44, 0x56, 0x80, 0x82, 0x89, 0x8B, 0x99, 0xAB, 0xAD}, []int{1, -1}, check)
		for n := range len(warm) {
			check(warm[:n])
		}
	}
}

// FuzzDecodeBinaryMessage compares a session encoder's ReadMessage and
// DecodeBody, warmed by two messages, with a general reader on a third,
// decoding into the Calculator request and reply types.
func FuzzDecodeBinaryMessage(f *testing.F) {
	seeds := patternSeeds(f)
	for i, s := range seeds {
		f.Add(s, s, seeds[(i+1)%len(seeds)], false)
		f.Add(s, s, s, true)
	}
	f.Fuzz(func(t *testing.T, a, b, c []byte, reply bool) {
		typ := reflect.TypeFor[AddRequest]()
		if reply {
			typ = reflect.TypeFor[AddResponse]()
		}
		if fast, general := decodeMessageBoth([][]byte{a, b, c}, typ); fast != general {
			t.Fatalf("%v:\nfast: %s\ngeneral: %s", typ, fast, general)
		}
	})
}

// TestLeafRunEntryMatchesGeneralPath checks Decode's entry into leaf runs
// (leafRunEntry) against the node-by-node path when the root start tag of
// a seed carries attributes: i:nil true or false, or another one, so that
// the content is still the remembered run.
func TestLeafRunEntryMatchesGeneralPath(t *testing.T) {
	const xsi = "http://www.w3.org/2001/XMLSchema-instance"
	xmlnsI := append([]byte{0x09, 0x01, 'i', byte(len(xsi))}, xsi...) // xmlns:i="…"
	attrs := map[string][]byte{
		"nil true":  append(append([]byte(nil), xmlnsI...), 0x26+'i'-'a', 3, 'n', 'i', 'l', 0x86),
		"nil false": append(append([]byte(nil), xmlnsI...), 0x26+'i'-'a', 3, 'n', 'i', 'l', 0x84),
		"nil as 1":  append(append([]byte(nil), xmlnsI...), 0x26+'i'-'a', 3, 'n', 'i', 'l', 0x82),
		"other":     {0x04, 1, 'x', 0x86}, // x="true"
	}
	seeds := runSeeds(t)
	taken := 0
	for _, seed := range seeds {
		r := binxml.NewReader(seed.doc, runSession(t, seeds), binxml.Quotas{})
		if _, err := r.Next(); err != nil {
			t.Fatal(err)
		}
		end := int(r.Offset())
		for what, a := range attrs {
			doc := append(append(append([]byte(nil), seed.doc[:end]...), a...), seed.doc[end:]...)
			for _, typ := range []reflect.Type{seed.typ, reflect.TypeFor[AddRequest](), reflect.TypeFor[AddResponse]()} {
				for _, q := range runQuotas {
					run, plain := decodeRunBoth(t, seeds, doc, typ, q, false)
					if run != plain {
						t.Fatalf("%s on %v, quotas %+v, % x:\nrun: %s\nplain: %s", what, typ, q, doc, run, plain)
					}
					if typ == seed.typ && q == (binxml.Quotas{}) && !strings.Contains(run, "error: <nil>") {
						t.Fatalf("%s on %v, % x: %s", what, typ, doc, run)
					}
				}
			}
		}
		// Without attributes the entry takes the run.
		nr := warmReader(runSession(t, seeds), seeds, binxml.Quotas{})
		nr.Reset(seed.doc, runSession(t, seeds))
		if _, err := nr.Next(); err != nil {
			t.Fatal(err)
		}
		p, err := decodePlan(reflect.PointerTo(seed.typ))
		if err != nil {
			t.Fatal(err)
		}
		if leafRunEntry(nr, p) {
			taken++
		}
	}
	if taken < 2 {
		t.Errorf("leafRunEntry took %d seeds, want at least AddRequest and AddResponse", taken)
	}
}
