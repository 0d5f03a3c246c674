package binxml

import (
	"testing"

	"github.com/wwsgo/wws/soap/infoset"
)

// sessionTable encodes strs as an [MC-NBFSE] string table.
func sessionTable(strs ...string) []byte {
	var body []byte
	for _, s := range strs {
		body = append(append(body, byte(len(s))), s...)
	}
	return append([]byte{byte(len(body))}, body...)
}

// TestMemosFollowSession checks that a remembered start tag and a
// remembered leaf run, whose tags name session strings, are not read once
// the session is poisoned or reset to other strings, nor with another
// session.
func TestMemosFollowSession(t *testing.T) {
	// <Add xmlns="ns"><a>2</a></Add>, every name a session string.
	doc := []byte{0x42, 0x01, 0x0A, 0x03, 0x42, 0x05, 0x89, 0x02, 0x01}
	for _, change := range []string{"none", "poisoned", "reset", "other session"} {
		s := NewReadSession(0)
		if _, err := s.ReadTable(sessionTable("Add", "ns", "a")); err != nil {
			t.Fatal(err)
		}
		r := NewReader(doc, s, Quotas{})
		if k, err := r.Next(); err != nil || k != infoset.StartElement {
			t.Fatalf("Next = %v, %v", k, err)
		}
		r.RememberStart()
		key := new(int)
		r.RecordLeaves(key)
		if !r.NextLeaf() {
			t.Fatal("NextLeaf = false")
		}
		r.MarkLeaf(0)
		if k, err := r.Next(); err != nil || k != infoset.EndElement {
			t.Fatalf("Next = %v, %v", k, err)
		}
		switch change {
		case "poisoned":
			if _, err := s.ReadTable([]byte{0x05, 0x01}); err == nil {
				t.Fatal("a truncated table was accepted")
			}
		case "reset":
			s.Reset()
			_, _ = s.ReadTable(sessionTable("Sub", "ns", "b"))
		case "other session":
			s = NewReadSession(0)
			_, _ = s.ReadTable(sessionTable("Add", "ns", "a"))
		}
		r.Reset(doc, s)
		// Another session with the same strings resolves the tag's ids
		// alike; the run is kept for its own session only.
		want := change == "none" || change == "other session"
		if got := r.NextRemembered(); got != want {
			t.Errorf("%s: NextRemembered = %v, want %v", change, got, want)
		}
		if !want {
			if _, err := r.Next(); err != nil {
				continue // a poisoned session: the general path fails
			}
		}
		if _, _, got := r.PeekLeaves(key); got != (change == "none") {
			t.Errorf("%s: PeekLeaves = %v", change, got)
		}
	}
}
