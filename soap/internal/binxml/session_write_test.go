package binxml

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/wwsgo/wws/soap/infoset"
)

// longName is the i-th 100-byte element name (a 101-byte table entry).
func longName(i int) string { return fmt.Sprintf("n%03d", i) + strings.Repeat("x", 96) }

// writeLongNames writes <root><n000…/>…</root> with count long names,
// then a short new name.
func writeLongNames(count int) func(w infoset.Writer) {
	return func(w infoset.Writer) {
		w.StartElement("", "root", "")
		for i := range count {
			w.StartElement("", longName(i), "")
			w.EndElement()
		}
		w.StartElement("", "y", "")
		w.EndElement()
		w.EndElement()
	}
}

// TestSessionQuota: with the default 2048-byte quota, 20 names of 101 bytes
// fit (2020 + "root" 5 = 2025 bytes); the 21st does not, and from then on
// nothing is added, not even the short "y" that would still fit.
func TestSessionQuota(t *testing.T) {
	s := NewWriteSession(DefaultMaxSessionSize)
	first, err := encode(writeLongNames(22), s)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := s.Len(), 21; got != want {
		t.Errorf("Len = %d, want %d", got, want)
	}
	if got, want := s.Size(), 5+20*101; got != want {
		t.Errorf("Size = %d, want %d", got, want)
	}
	for _, str := range []string{longName(20), longName(21), "y"} {
		if _, ok := s.Lookup(str); ok {
			t.Errorf("%q is in the session; the quota should have stopped it", str[:4])
		}
	}
	wantTail := cat("40", name(longName(20)), "01 40", name(longName(21)), "01 40 01 79 01 01")
	if !bytes.HasSuffix(first, wantTail) {
		t.Errorf("names past the quota are not inline: tail % X", first[len(first)-len(wantTail):])
	}
	if got, want := first[:3], cat("E9 0F 04"); !bytes.Equal(got, want) { // table size 2025, "root"
		t.Errorf("table header % X, want % X", got, want)
	}

	// The next message reuses every id and sends an empty table.
	second, err := encode(writeLongNames(22), s)
	if err != nil {
		t.Fatal(err)
	}
	want := cat("00 42 01")
	for i := range 20 {
		want = append(AppendMB31(append(want, 0x42), uint32(2*i+3)), 0x01)
	}
	want = append(want, wantTail...)
	if !bytes.Equal(second, want) {
		t.Errorf("second message: %s", hexDiff(second, want))
	}
	for i := range 20 {
		if id, ok := s.Lookup(longName(i)); !ok || id != uint32(2*i+3) {
			t.Errorf("Lookup(name %d) = %d, %v; want %d", i, id, ok, 2*i+3)
		}
	}
}

// TestSessionQuotaTable covers the quota arithmetic around the limit.
func TestSessionQuotaTable(t *testing.T) {
	tests := []struct {
		max   int
		names []string
		want  []bool // added?
	}{
		{0, []string{"a1"}, []bool{false}},
		{3, []string{"ab"}, []bool{true}},
		{3, []string{"abc"}, []bool{false}},
		{5, []string{"ab", "cd", "e"}, []bool{true, false, false}},
		{6, []string{"ab", "cd", "cd"}, []bool{true, true, true}},
		{200, []string{strings.Repeat("x", 127), strings.Repeat("y", 71)}, []bool{true, true}},
		{200, []string{strings.Repeat("x", 127), strings.Repeat("y", 72)}, []bool{true, false}},
		{200, []string{strings.Repeat("x", 128)}, []bool{true}}, // 2-byte MB31 prefix: 130
		{-5, []string{"a1"}, []bool{false}},
	}
	for _, tt := range tests {
		s := NewWriteSession(tt.max)
		for i, str := range tt.names {
			if _, got := s.lookupOrAdd(str); got != tt.want[i] {
				t.Errorf("max %d, add #%d (%d bytes): added %v, want %v", tt.max, i, len(str), got, tt.want[i])
			}
		}
	}
}

// TestSessionAbandon: strings of a message that failed to encode, or that
// was abandoned or reset before Finish, are forgotten; ids stay in step.
func TestSessionAbandon(t *testing.T) {
	fail := func(w infoset.Writer) {
		w.StartElement("", "A", "")
		w.EndElement()
		w.EndElement() // unbalanced
	}
	unfinished := func(w infoset.Writer) { w.StartElement("", "A", "") }
	ab := func(w infoset.Writer) {
		w.StartElement("", "B", "")
		w.StartElement("", "A", "")
		w.EndElement()
		w.EndElement()
	}
	tests := []struct {
		name  string
		spoil func(s *WriteSession)
	}{
		{"Finish error", func(s *WriteSession) {
			if _, err := encode(fail, s); !errors.Is(err, infoset.ErrUnbalanced) {
				t.Errorf("Finish error = %v, want ErrUnbalanced", err)
			}
		}},
		{"Finish with open element", func(s *WriteSession) {
			if _, err := encode(unfinished, s); !errors.Is(err, ErrUnclosed) {
				t.Errorf("Finish error = %v, want ErrUnclosed", err)
			}
		}},
		{"Abandon", func(s *WriteSession) {
			w := NewWriter(nil, s)
			elem("", "A", "")(w)
			w.Abandon()
			if _, err := w.Finish(); !errors.Is(err, ErrFinished) {
				t.Errorf("Finish after Abandon = %v, want ErrFinished", err)
			}
		}},
		{"Reset before Finish", func(s *WriteSession) {
			w := NewWriter(nil, s)
			elem("", "A", "")(w)
			w.Reset(nil, s)
		}},
	}
	for _, tt := range tests {
		s := NewWriteSession(DefaultMaxSessionSize)
		tt.spoil(s)
		if s.Len() != 0 || s.Size() != 0 {
			t.Errorf("%s: session kept %d strings (%d bytes)", tt.name, s.Len(), s.Size())
		}
		if _, ok := s.Lookup("A"); ok {
			t.Errorf("%s: abandoned string still found", tt.name)
		}
		got, err := encode(ab, s)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		want := cat("04 01 42 01 41 42 01 42 03 01 01")
		if !bytes.Equal(got, want) {
			t.Errorf("%s: next message %s", tt.name, hexDiff(got, want))
		}
	}
}

// TestSessionAbandonKeepsCommitted: abandoning a message keeps what earlier
// messages committed, and the quota state they reached.
func TestSessionAbandonKeepsCommitted(t *testing.T) {
	s := NewWriteSession(8)
	if _, err := encode(elem("", "abc", ""), s); err != nil { // 4 bytes
		t.Fatal(err)
	}
	w := NewWriter(nil, s)
	elem("", "defghij", "")(w) // 8 bytes: does not fit, session full
	elem("", "de", "")(w)
	w.Abandon()
	got, err := encode(elem("", "de", ""), s) // fits again: 4+3 <= 8
	if err != nil {
		t.Fatal(err)
	}
	if want := cat("03 02", txt("de"), "42 03 01"); !bytes.Equal(got, want) {
		t.Errorf("%s", hexDiff(got, want))
	}
	if id, ok := s.Lookup("abc"); !ok || id != 1 {
		t.Errorf("committed string lost: %d %v", id, ok)
	}
}
