package monotest

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestTailBufferBounded(t *testing.T) {
	var b tailBuffer
	chunk := strings.Repeat("x", 1000) + "\n"
	for range 1000 {
		b.Write([]byte(chunk))
	}
	b.Write([]byte("END"))
	got := b.String()
	if !strings.HasPrefix(got, "[…]") || !strings.HasSuffix(got, "END") {
		t.Errorf("tail = %.20q…%q, want a marked tail ending in END", got, got[len(got)-10:])
	}
	if n := len(got) - len("[…]"); n != maxCapture {
		t.Errorf("kept %d bytes, want %d", n, maxCapture)
	}
}

func TestLineWriter(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"lines", "READY\nOK add 5\n", []string{"READY", "OK add 5"}},
		{"crlf", "READY\r\nCLOSED\r\n", []string{"READY", "CLOSED"}},
		{"unterminated", "READY\nCLOS", []string{"READY", "CLOS"}},
		{"empty line", "\n\nx\n", []string{"", "", "x"}},
	}
	for _, tt := range tests {
		for _, step := range []int{1, 3, len(tt.in)} {
			var got []string
			w := &lineWriter{fn: func(l string) { got = append(got, l) }}
			for i := 0; i < len(tt.in); i += step {
				w.Write([]byte(tt.in[i:min(i+step, len(tt.in))]))
			}
			w.Close()
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("%s in writes of %d bytes (-want +got):\n%s", tt.name, step, d)
			}
		}
	}
}

func TestLineWriterCutsLongLines(t *testing.T) {
	var got []string
	w := &lineWriter{fn: func(l string) { got = append(got, l) }}
	w.Write([]byte(strings.Repeat("y", 2*maxCapture+5)))
	w.Close()
	lens := make([]int, len(got))
	for i, l := range got {
		lens[i] = len(l)
	}
	if d := cmp.Diff([]int{maxCapture, maxCapture, 5}, lens); d != "" {
		t.Errorf("line lengths (-want +got):\n%s", d)
	}
}
