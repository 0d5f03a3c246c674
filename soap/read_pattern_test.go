package soap

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wwsgo/wws/internal/capture"
	"github.com/wwsgo/wws/soap/infoset"
	"github.com/wwsgo/wws/soap/internal/binxml"
)

// readBoth reads the session-encoded message b with and without the header
// patterns, with quotas q, and describes each outcome.
func readBoth(b []byte, q binxml.Quotas) (withPattern, general string) {
	read := func(patterns bool) string {
		rs := binxml.NewReadSession(0)
		n, err := rs.ReadTable(b)
		if err != nil {
			return "table: " + err.Error()
		}
		r := binxml.NewReader(b[n:], rs, q)
		m, err := readEnvelope(r, ReadOptions{Version: Soap12WSAddressing10}, patterns)
		if err != nil {
			return "error: " + err.Error()
		}
		return describeMessage(m) + drain(r)
	}
	return read(true), read(false)
}

func describeMessage(m *Message) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "version %v action %q to %q id %v relates %v body %v state %v\n",
		m.Version, m.Action, m.To, m.MessageID, m.RelatesTo, m.bodyName, m.state)
	for _, e := range []*EndpointReference{m.ReplyTo, m.FaultTo, m.From} {
		if e == nil {
			sb.WriteString("epr nil\n")
			continue
		}
		fmt.Fprintf(&sb, "epr %q %d\n", e.Address, len(e.ReferenceParameters))
	}
	for _, h := range m.Headers {
		fmt.Fprintf(&sb, "header %v %v %v %q %d %d\n", h.Name, h.MustUnderstand, h.Relay, h.Role, len(h.Attrs), len(h.Content))
	}
	return sb.String()
}

// drain describes the nodes left in r, up to the end or the first error.
func drain(r infoset.Reader) string {
	var sb strings.Builder
	for {
		k, err := r.Next()
		if err != nil {
			return sb.String() + "error: " + err.Error()
		}
		fmt.Fprintf(&sb, "%v %v %d", k, r.Name(), r.Depth())
		if k == infoset.CharData {
			fmt.Fprintf(&sb, " %v %q", r.Text().Kind(), r.Text().String())
		}
		sb.WriteByte('\n')
		if k == infoset.EOF {
			return sb.String()
		}
	}
}

// patternSeeds are session-encoded messages (with their string tables):
// the Calculator request and reply, a message without a Header, and the
// captured session's requests.
func patternSeeds(t testing.TB) [][]byte {
	var out [][]byte
	noHeader := NewMessage(Soap12WSAddressing10, "", &AddResponse{AddResult: 5}) // Envelope and Body only
	for _, m := range []*Message{addRequestMessage(t), addReplyMessage(t), noHeader} {
		b, err := NewBinaryEncoding(true, EncodingOptions{}).NewEncoder().WriteMessage(nil, m)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	chunks, err := capture.ParseFile(filepath.Join("..", "testdata", "vectors", "nettcp_session.hex.log"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range capture.Streams(chunks) {
		out = append(out, envelopes(&testing.T{}, s.Data)...)
	}
	return out
}

// patternQuotas are the default quotas and ones just below and at what the
// pattern needs.
var patternQuotas = []binxml.Quotas{
	{},
	{MaxDepth: patDepth - 1},
	{MaxDepth: patDepth},
	{MaxBytesPerRead: patMaxTagBytes - 1},
	{MaxBytesPerRead: patMaxTagBytes},
	{MaxStringContentLength: 8},
	// Around what the Envelope and Body start tags need (NextRaw).
	{MaxDepth: 1},
	{MaxDepth: 2},
	{MaxBytesPerRead: len(soap12Tags[tagEnvelope].Bytes) - 1},
	{MaxBytesPerRead: len(soap12Tags[tagEnvelope].Bytes)},
	{MaxNameTableCharCount: 1},
	{MaxNameTableCharCount: 2},
}

// TestHeaderPatternMatchesGeneralPath checks that reading by the pattern
// gives what the general reader gives, on the seeds and on every one-byte
// change of them.
func TestHeaderPatternMatchesGeneralPath(t *testing.T) {
	hits, entryHits := 0, 0
	for _, seed := range patternSeeds(t) {
		for _, q := range patternQuotas {
			check := func(b []byte) {
				t.Helper()
				p, g := readBoth(b, q)
				if p != g {
					t.Fatalf("quotas %+v, % x:\npattern: %s\ngeneral: %s", q, b, p, g)
				}
			}
			check(seed)
			forEachMutation(seed, []byte{0x00, 0x01, 0x02, 0x1E, 0x44, 0x56, 0x80, 0x82, 0x99, 0xAB, 0xAD}, []int{1, -1}, check)
			check(seed[:len(seed)-1])
		}
		// The pattern must actually be taken for the seeds WCF writes.
		rs := binxml.NewReadSession(0)
		n, _ := rs.ReadTable(seed)
		r := binxml.NewReader(seed[n:], rs, binxml.Quotas{})
		if r.NextRaw(envelopeStart) && readHeaderPattern(r, &Message{}, nil) &&
			r.NextRaw(bodyStart) {
			hits++
		}
		// And the fast-path entry as a whole.
		r.Reset(seed[n:], rs)
		if readBinaryStart(new(Message), r, r, ReadOptions{}, nil) {
			entryHits++
		}
	}
	if hits < 2 {
		t.Errorf("the patterns read %d seeds, want at least the Add request and reply", hits)
	}
	if entryHits < hits {
		t.Errorf("readBinaryStart read %d seeds, the patterns %d", entryHits, hits)
	}
}

// FuzzHeaderPattern compares the pattern with the general reader on
// arbitrary session-encoded messages.
func FuzzHeaderPattern(f *testing.F) {
	for _, s := range patternSeeds(f) {
		f.Add(s, uint8(0))
	}
	f.Fuzz(func(t *testing.T, b []byte, qi uint8) {
		q := patternQuotas[int(qi)%len(patternQuotas)]
		if p, g := readBoth(b, q); p != g {
			t.Fatalf("quotas %+v:\npattern: %s\ngeneral: %s", q, p, g)
		}
	})
}
