package xmltext

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// FuzzReader feeds arbitrary bytes to the Reader. It must never panic; a
// document it accepts, written by the Writer and read again, must give the
// same tree. Seeds: every HTTP body of the captures and the table documents.
func FuzzReader(f *testing.F) {
	for _, doc := range validDocs(f) {
		f.Add(doc)
	}
	for _, tc := range errorCases {
		f.Add([]byte(tc.doc))
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		first, err := readTree(doc, Quotas{})
		if err != nil {
			return
		}
		out, err := writeTree(first)
		if err != nil {
			t.Fatalf("write tree of %q: %v", doc, err)
		}
		second, err := readTree(out, Quotas{})
		if err != nil {
			t.Fatalf("re-read %q (written from %q): %v", out, doc, err)
		}
		if d := cmp.Diff(normalize(first), normalize(second)); d != "" {
			t.Fatalf("round trip of %q via %q changed the tree (-first +second):\n%s", doc, out, d)
		}
	})
}
