package binxml

import "testing"

// FuzzSessionTable feeds one session a sequence of message payloads cut
// from the input: it must never panic, ids must grow by one string per
// table entry, the quota must hold, and an error must poison the session.
func FuzzSessionTable(f *testing.F) {
	f.Add(bin("04", str("a"), str("b"), "00", "05", str("text")), uint16(0))
	f.Add(specExample72, uint16(100))
	f.Add(bin("0A", str("text"), str("size"), "80"), uint16(12))
	for _, e := range captureEnvelopes(f) {
		f.Add(e.payload[:len(e.payload)-len(e.doc)], uint16(0))
	}
	f.Fuzz(func(t *testing.T, data []byte, max uint16) {
		s := NewReadSession(int(max))
		for range 16 {
			before := s.Len()
			n, err := s.ReadTable(data)
			if err != nil {
				if s.Err() == nil {
					t.Fatal("error did not poison the session")
				}
				if _, err2 := s.ReadTable(bin("00")); err2 == nil {
					t.Fatal("poisoned session accepted a table")
				}
				return
			}
			if n <= 0 || n > len(data) {
				t.Fatalf("ReadTable used %d of %d bytes", n, len(data))
			}
			if s.used > s.max {
				t.Fatalf("session holds %d bytes, quota %d", s.used, s.max)
			}
			total := 0
			for k := before; k < s.Len(); k++ {
				v, ok := s.Lookup(uint32(2*k + 1))
				if !ok {
					t.Fatalf("id %d missing", 2*k+1)
				}
				total += len(v) + MB31Len(uint32(len(v)))
			}
			if total > n {
				t.Fatalf("%d bytes of strings from a %d-byte table", total, n)
			}
			data = data[n:]
		}
	})
}
