package binxml

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// fuzzSession is the session FuzzReader uses for odd ids.
func fuzzSession(t testing.TB) *ReadSession {
	return session(t, "a", "b", "text", "reason", "size", "http://tempuri.org/", "Add")
}

// FuzzReader reads arbitrary bytes with and without a session: it must
// never panic, and a []byte read and a one-byte-at-a-time stream read must
// agree (same events on success, both failing otherwise), and reading with
// NextLeaf must give the same events and error as Next.
func FuzzReader(f *testing.F) {
	for _, e := range captureEnvelopes(f) {
		f.Add(e.doc, true)
	}
	for _, c := range allRecordCases() {
		f.Add(c.doc, c.session != nil)
	}
	f.Add(specExample74, false)
	f.Fuzz(func(t *testing.T, doc []byte, withSession bool) {
		var s *ReadSession
		if withSession {
			s = fuzzSession(t)
		}
		q := Quotas{MaxDepth: 16, MaxStringContentLength: 1024, MaxArrayLength: 256,
			MaxNameTableCharCount: 1024, MaxBytesPerRead: 512}
		checkLeaves(t, doc, s, q) // NextLeaf reads as Next does
		want, err := readEvents(NewReader(doc, s, q))
		got, serr := oneByteEvents(doc, s, q)
		if (err == nil) != (serr == nil) {
			t.Fatalf("slice error %v, stream error %v", err, serr)
		}
		if err != nil {
			return
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Fatalf("events (-slice +stream):\n%s", d)
		}
		if _, err := DecodeXML(doc, s, q, true); err != nil {
			t.Fatalf("DecodeXML failed after a successful read: %v", err)
		}
	})
}
