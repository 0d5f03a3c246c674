package binxml

import (
	"strings"
	"testing"
	"unsafe"
)

// TestFastStaticID checks the writer's static table against StaticID for
// every dictionary string and for strings near them.
func TestFastStaticID(t *testing.T) {
	probes := []string{"", "x", "envelope", "Envelope ", "http://www.w3.org/2005/08/addressing/", strings.Repeat("a", 300)}
	for i := range StaticDictionaryLen {
		s, _ := StaticString(uint32(2 * i))
		probes = append(probes, s, s+"x", strings.ToUpper(s))
	}
	for _, s := range probes {
		gotID, gotOK := fastStaticID(staticTable, s)
		wantID, wantOK := StaticID(s)
		if gotID != wantID || gotOK != wantOK {
			t.Errorf("fastStaticID(%q) = %#x, %v; want %#x, %v", s, gotID, gotOK, wantID, wantOK)
		}
	}
}

// TestIDCache checks that the writer's id cache gives the ids a fresh
// lookup gives: after the session drops abandoned strings, with another
// session, and for a string whose bytes are overwritten after use.
func TestIDCache(t *testing.T) {
	write := func(w *Writer, s *WriteSession, names ...string) []byte {
		t.Helper()
		w.Reset(nil, s)
		w.StartElement("", "root", "")
		for _, n := range names {
			w.StartElement("", n, "")
			w.EndElement()
		}
		w.EndElement()
		b, err := w.Finish()
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	fresh := func(s *WriteSession, names ...string) []byte {
		return write(NewWriter(nil, nil), s, names...)
	}

	// Abandoned strings are dropped and their ids reused.
	s1, s2 := NewWriteSession(DefaultMaxSessionSize), NewWriteSession(DefaultMaxSessionSize)
	w := NewWriter(nil, s1)
	w.StartElement("", "x", "")
	w.Abandon()
	got := write(w, s1, "y", "x", "Envelope")
	want := fresh(s2, "y", "x", "Envelope")
	if string(got) != string(want) {
		t.Errorf("after Abandon: % x, want % x", got, want)
	}
	// Another session.
	s3, s4 := NewWriteSession(DefaultMaxSessionSize), NewWriteSession(DefaultMaxSessionSize)
	got, want = write(w, s3, "x", "y"), fresh(s4, "x", "y")
	if string(got) != string(want) {
		t.Errorf("other session: % x, want % x", got, want)
	}
	// A name in a reused buffer.
	buf := []byte("aaa")
	name := unsafe.String(&buf[0], len(buf))
	s5, s6 := NewWriteSession(DefaultMaxSessionSize), NewWriteSession(DefaultMaxSessionSize)
	write(w, s5, name)
	fresh(s6, "aaa")
	copy(buf, "bbb")
	got, want = write(w, s5, name), fresh(s6, "bbb")
	if string(got) != string(want) {
		t.Errorf("reused buffer: % x, want % x", got, want)
	}
	// Without a session, only static ids.
	got, want = write(w, nil, "Envelope", "x"), fresh(nil, "Envelope", "x")
	if string(got) != string(want) {
		t.Errorf("no session: % x, want % x", got, want)
	}
}
