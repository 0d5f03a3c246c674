package binxml

import (
	"errors"
	"io"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestReadTableAcrossMessages(t *testing.T) {
	s := NewReadSession(0)
	msgs := []struct {
		table []byte
		n     int
	}{
		{bin("04", str("a"), str("b"), "56"), 5},
		{bin("00 56"), 1},
		{bin("0A", str("text"), str("size"), "56"), 11},
		{bin("80 01", str(string(make([]byte, 127))), "56"), 130},
	}
	for i, m := range msgs {
		n, err := s.ReadTable(m.table)
		if err != nil || n != m.n {
			t.Fatalf("message %d: ReadTable = %d, %v; want %d, nil", i, n, err, m.n)
		}
	}
	var got []string
	for id := uint32(1); ; id += 2 {
		v, ok := s.Lookup(id)
		if !ok {
			break
		}
		got = append(got, v)
	}
	want := []string{"a", "b", "text", "size", string(make([]byte, 127))}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("strings by id (-want +got):\n%s", d)
	}
	if s.Len() != 5 {
		t.Errorf("Len = %d, want 5", s.Len())
	}
	if _, ok := s.Lookup(2); ok {
		t.Error("Lookup(2) found an even id")
	}
}

func TestReadTableErrors(t *testing.T) {
	cases := []struct {
		name  string
		table []byte
		want  error
	}{
		{"empty payload", nil, io.ErrUnexpectedEOF},
		{"size truncated", bin("80"), io.ErrUnexpectedEOF},
		{"size invalid", bin("FF FF FF FF 7F"), ErrMB31},
		{"table truncated", bin("05", str("ab")), io.ErrUnexpectedEOF},
		{"string overruns table", bin("02 05 61 62"), io.ErrUnexpectedEOF},
		{"string length truncated", bin("03 01 61 80"), io.ErrUnexpectedEOF},
		{"string length invalid", bin("05 FF FF FF FF 7F"), ErrMB31},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := NewReadSession(0)
			if _, err := s.ReadTable(c.table); !errors.Is(err, c.want) || !errors.Is(err, ErrSessionTable) {
				t.Errorf("ReadTable(% X): got %v, want ErrSessionTable and %v", c.table, err, c.want)
			}
			// poisoned: a good table fails too, and lookups find nothing
			if _, err := s.ReadTable(bin("00")); !errors.Is(err, ErrSessionTable) {
				t.Errorf("after an error: got %v, want ErrSessionTable", err)
			}
			if s.Err() == nil {
				t.Error("Err() = nil after an error")
			}
		})
	}
}

func TestReadSessionPoisonHidesStrings(t *testing.T) {
	s := session(t, "x")
	if _, err := s.ReadTable(bin("05")); err == nil {
		t.Fatal("truncated table accepted")
	}
	if _, ok := s.Lookup(1); ok {
		t.Error("poisoned session still resolves id 1")
	}
	s.Reset()
	if _, err := s.ReadTable(bin("02", str("y"))); err != nil {
		t.Fatalf("after Reset: %v", err)
	}
	if v, ok := s.Lookup(1); !ok || v != "y" {
		t.Errorf("after Reset Lookup(1) = %q, %v; want y, true", v, ok)
	}
}

func TestLookupDoesNotAllocate(t *testing.T) {
	s := session(t, "a", "bb", "ccc")
	allocs := testing.AllocsPerRun(100, func() { s.Lookup(5) })
	if allocs != 0 {
		t.Errorf("Lookup allocates %v times, want 0", allocs)
	}
}
