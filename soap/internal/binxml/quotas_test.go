package binxml

import (
	"errors"
	"strings"
	"testing"
)

func TestDefaultQuotas(t *testing.T) {
	want := Quotas{MaxDepth: 32, MaxStringContentLength: 8192, MaxArrayLength: 16384,
		MaxNameTableCharCount: 16384, MaxBytesPerRead: 4096, MaxSessionSize: 2048}
	if got := DefaultQuotas(); got != want {
		t.Errorf("DefaultQuotas() = %+v, want %+v", got, want)
	}
	if got := (Quotas{MaxDepth: 5}).withDefaults(); got.MaxDepth != 5 || got.MaxArrayLength != 16384 {
		t.Errorf("withDefaults kept %+v, want MaxDepth 5 and defaults elsewhere", got)
	}
}

// nested returns n nested elements.
func nested(n int) []byte {
	var b []byte
	for i := 0; i < n; i++ {
		b = bin(b, "40", str("e"))
	}
	for i := 0; i < n; i++ {
		b = append(b, 1)
	}
	return b
}

func chars16(n int) []byte {
	return bin("40", str("e"), "9B", byte(n), byte(n>>8), raw(strings.Repeat("x", n)))
}

func arrayOf(n int) []byte {
	b := bin("40", str("w"), "03 40", str("i"), "01 B5", AppendMB31(nil, uint32(n)))
	return bin(b, make([]byte, n), "01")
}

// names returns a root holding children with distinct names of 5 bytes,
// each used twice, totalling n name bytes (n a multiple of 5, minus the
// root's 1-byte name).
func names(k int) []byte {
	b := bin("40", str("r"))
	for i := 0; i < k; i++ {
		nm := str(strings.Repeat(string(rune('a'+i)), 5))
		b = bin(b, "40", nm, "01 40", nm, "01")
	}
	return bin(b, "01")
}

// startTag returns a root start tag of exactly n bytes (8 <= n < 263).
func startTag(n int) []byte {
	return bin("40", str("e"), "04", str("a"), "98", byte(n-8), raw(strings.Repeat("v", n-8)), "01")
}

// Each quota: just under passes, just over fails with ErrQuotaExceeded
// naming the quota and its limit.
func TestQuotas(t *testing.T) {
	cases := []struct {
		name        string
		q           Quotas
		under, over []byte
		text        string
	}{
		{"MaxDepth", Quotas{MaxDepth: 4}, nested(4), nested(5), "quota exceeded: MaxDepth (4)"},
		{"MaxDepth default", Quotas{}, nested(32), nested(33), "quota exceeded: MaxDepth (32)"},
		{"MaxStringContentLength", Quotas{MaxStringContentLength: 300}, chars16(300), chars16(301), "quota exceeded: MaxStringContentLength (300)"},
		{"MaxStringContentLength default", Quotas{}, chars16(8192), chars16(8193), "quota exceeded: MaxStringContentLength (8192)"},
		{"MaxStringContentLength comment", Quotas{MaxStringContentLength: 3},
			bin("02", str("abc"), "40", str("e"), "01"), bin("02", str("abcd"), "40", str("e"), "01"), "MaxStringContentLength (3)"},
		{"MaxStringContentLength list", Quotas{MaxStringContentLength: 3},
			bin("40", str("e"), "A4 80 80 A7"), bin("40", str("e"), "A4 80 82 80 A7"), "MaxStringContentLength (3)"},
		{"MaxArrayLength", Quotas{MaxArrayLength: 200}, arrayOf(200), arrayOf(201), "quota exceeded: MaxArrayLength (200)"},
		{"MaxNameTableCharCount", Quotas{MaxNameTableCharCount: 21}, names(4), names(5), "quota exceeded: MaxNameTableCharCount (21)"},
		{"MaxBytesPerRead", Quotas{MaxBytesPerRead: 100}, startTag(100), startTag(101), "quota exceeded: MaxBytesPerRead (100)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, err := readEvents(NewReader(c.under, nil, c.q)); err != nil {
				t.Errorf("just under: %v", err)
			}
			if _, err := oneByteEvents(c.under, nil, c.q); err != nil {
				t.Errorf("just under, streamed: %v", err)
			}
			for _, stream := range []bool{false, true} {
				var err error
				if stream {
					_, err = oneByteEvents(c.over, nil, c.q)
				} else {
					_, err = readEvents(NewReader(c.over, nil, c.q))
				}
				if !errors.Is(err, ErrQuotaExceeded) || !strings.Contains(err.Error(), c.text) {
					t.Errorf("just over (stream %v): got %v, want ErrQuotaExceeded with %q", stream, err, c.text)
				}
			}
		})
	}
}

// TestNameTableAcrossReset: the quota counts one document's names, so a
// reused Reader keeps reading documents that each fit.
func TestNameTableAcrossReset(t *testing.T) {
	r := NewReader(nil, nil, Quotas{MaxNameTableCharCount: 21})
	for i := 0; i < 5; i++ {
		r.Reset(names(4), nil)
		if _, err := readEvents(r); err != nil {
			t.Fatalf("document %d: %v", i, err)
		}
	}
}

func TestMaxSessionSize(t *testing.T) {
	s := NewReadSession(10)
	if _, err := s.ReadTable(bin("09", str("abcdefgh"))); err != nil { // 9 bytes
		t.Fatalf("9 of 10 bytes: %v", err)
	}
	if _, err := s.ReadTable(bin("01", str(""))); err != nil { // 10 of 10
		t.Fatalf("10 of 10 bytes: %v", err)
	}
	_, err := s.ReadTable(bin("01", str("")))
	if !errors.Is(err, ErrQuotaExceeded) || !strings.Contains(err.Error(), "quota exceeded: MaxSessionSize (10)") {
		t.Errorf("11 of 10 bytes: got %v, want ErrQuotaExceeded naming MaxSessionSize (10)", err)
	}
	s2 := NewReadSession(0)
	big := bin(AppendMB31(nil, 2049), make([]byte, 2049))
	if _, err := s2.ReadTable(big); !errors.Is(err, ErrQuotaExceeded) || !strings.Contains(err.Error(), "MaxSessionSize (2048)") {
		t.Errorf("2049-byte table: got %v, want MaxSessionSize (2048)", err)
	}
}
