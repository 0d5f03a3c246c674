package proxyproto

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzHeader feeds arbitrary connection starts to the header parser: it
// must never panic, never measure a header over the limit, and parse what
// it measured to a v1 or v2 header or fail with ErrInvalidHeader. Seeds: HAProxy's own v1 and v2 headers (testdata) and
// hand-built ones from the spec.
func FuzzHeader(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "haproxy-*.bin"))
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("PROXY TCP4 192.0.2.7 198.51.100.1 56324 8808\r\n\x00\x01"))
	f.Add([]byte("PROXY TCP6 2001:db8::7 2001:db8::1 56324 8808\r\n"))
	f.Add([]byte("PROXY UNKNOWN\r\n"))
	f.Add(v2Header("192.0.2.7", "198.51.100.1", 1, 2, []byte{1, 0, 2, 'h', '2'}))
	f.Fuzz(func(t *testing.T, data []byte) {
		n, err := need(data, DefaultMaxHeaderSize)
		if err != nil || n == 0 || n > len(data) {
			return
		}
		if n > DefaultMaxHeaderSize {
			t.Fatalf("need %d over the limit", n)
		}
		h, err := parse(data[:n])
		switch {
		case err != nil && !errors.Is(err, ErrInvalidHeader):
			t.Fatalf("error %v is not ErrInvalidHeader", err)
		case err == nil && h.version != 1 && h.version != 2:
			t.Fatalf("version %d", h.version)
		}
	})
}
