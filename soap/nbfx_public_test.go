package soap

import (
	"bytes"
	"testing"

	"github.com/wwsgo/wws/soap/internal/binxml"
	"github.com/wwsgo/wws/soap/nbfx"
)

// TestPublicNbfxTakesFastPaths checks that soap sees through a public
// nbfx.Reader and nbfx.Writer to the codec inside (binxml.ReaderOf,
// WriterOf): a message written through one by the fast path has the bytes
// of the general path, and reading it through one takes the fast-path
// entry and reads what the general path reads.
func TestPublicNbfxTakesFastPaths(t *testing.T) {
	for _, m := range []*Message{addRequestMessage(t), addReplyMessage(t)} {
		write := func(patterns bool) []byte {
			w := nbfx.NewWriter(nil, nbfx.NewWriteSession(0))
			if binxml.WriterOf(w) == nil {
				t.Fatal("WriterOf(*nbfx.Writer) = nil")
			}
			if err := writeEnvelope(w, m, patterns); err != nil {
				t.Fatal(err)
			}
			b, err := w.Finish()
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
		b := write(true)
		if g := write(false); !bytes.Equal(b, g) {
			t.Fatalf("written by the fast path:\n% x\nby the general path:\n% x", b, g)
		}
		read := func(patterns bool) string {
			s := nbfx.NewReadSession(0)
			n, err := s.ReadTable(b)
			if err != nil {
				t.Fatal(err)
			}
			r := nbfx.NewReader(b[n:], s, nbfx.Quotas{})
			if patterns {
				br := binxml.ReaderOf(r)
				if br == nil || !readBinaryStart(new(Message), r, br, ReadOptions{}, nil) {
					t.Fatal("the fast-path entry did not read the start through *nbfx.Reader")
				}
				r.Reset(b[n:], s)
			}
			got, err := readEnvelope(r, ReadOptions{Version: Soap12WSAddressing10}, patterns)
			if err != nil {
				t.Fatal(err)
			}
			return describeMessage(got) + drain(r)
		}
		if p, g := read(true), read(false); p != g {
			t.Fatalf("read by the fast path:\n%s\nby the general path:\n%s", p, g)
		}
	}
}
