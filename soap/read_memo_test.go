package soap

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/wwsgo/wws/internal/capture"
	"github.com/wwsgo/wws/soap/internal/binxml"
)

// readMemoBoth reads the session-encoded message first and then b on one
// session, with quotas q: once on one reader with the patterns (so that
// the body element's start tag, the Header and the whole start of first
// are remembered, and b's may be read by them), once with the general
// path only. It describes how b reads
// each time.
func readMemoBoth(first, b []byte, q binxml.Quotas) (withMemo, general string) {
	read := func(memo bool) string {
		rs := binxml.NewReadSession(0)
		n, err := rs.ReadTable(first)
		if err != nil {
			return "first table: " + err.Error()
		}
		r := binxml.NewReader(first[n:], rs, q)
		var hm *headerMemo
		if memo {
			// Twice, so that the second time keeps the envelope's start
			// (keepEnvelope), the body element's tag being remembered.
			hm = new(headerMemo)
			readEnvelopeTo(new(Message), r, ReadOptions{Version: Soap12WSAddressing10}, true, hm)
			r.Reset(first[n:], rs)
			readEnvelopeTo(new(Message), r, ReadOptions{Version: Soap12WSAddressing10}, true, hm)
		}
		if n, err = rs.ReadTable(b); err != nil {
			return "table: " + err.Error()
		}
		r.Reset(b[n:], rs)
		m := new(Message)
		err = readEnvelopeTo(m, r, ReadOptions{Version: Soap12WSAddressing10}, memo, hm)
		if err != nil {
			return "error: " + err.Error()
		}
		return describeMessage(m) + fmt.Sprintf("attrs %v depth %d\n", r.Attrs(), r.Depth()) + drain(r)
	}
	return read(true), read(false)
}

// memoSeeds are pairs of session-encoded messages read one after the other
// on a session: the Calculator request and reply each written twice on one
// session (the second time without new strings), the request then the
// reply, a prefixed body element, and consecutive messages of the captured
// session.
func memoSeeds(t testing.TB) [][2][]byte {
	var out [][2][]byte
	twice := func(ms ...*Message) [][]byte {
		enc := NewBinaryEncoding(true, EncodingOptions{}).NewEncoder()
		var bs [][]byte
		for _, m := range ms {
			b, err := enc.WriteMessage(nil, m)
			if err != nil {
				t.Fatal(err)
			}
			bs = append(bs, b)
		}
		return bs
	}
	prefixed := NewMessage(Soap12WSAddressing10, addAction, &struct {
		XMLName struct{} `xml:"http://tempuri.org/ Add"`
		A       int      `xml:"a"`
	}{A: 1})
	for _, ms := range [][]*Message{
		{addRequestMessage(t), addRequestMessage(t)},
		{addReplyMessage(t), addReplyMessage(t)},
		{addRequestMessage(t), addReplyMessage(t)},
		{prefixed, prefixed},
	} {
		bs := twice(ms...)
		out = append(out, [2][]byte{bs[0], bs[1]})
	}
	chunks, err := capture.ParseFile(filepath.Join("..", "testdata", "vectors", "nettcp_session.hex.log"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range capture.Streams(chunks) {
		envs := envelopes(&testing.T{}, s.Data)
		for i := 1; i < len(envs) && i < 4; i++ {
			out = append(out, [2][]byte{envs[i-1], envs[i]})
		}
	}
	return out
}

// memoCheck returns a check that reading first and then b gives the same
// with the memos as with the general reader, under quotas q.
func memoCheck(t *testing.T, first []byte, q binxml.Quotas) func(b []byte) {
	return func(b []byte) {
		t.Helper()
		if p, g := readMemoBoth(first, b, q); p != g {
			t.Fatalf("quotas %+v, % x then % x:\nmemo: %s\ngeneral: %s", q, first, b, p, g)
		}
	}
}

// TestBodyMemoMatchesGeneralPath checks that reading the body element by
// the remembered start tag gives what the general reader gives, on the
// seeds and on every one-byte change of the second message.
func TestBodyMemoMatchesGeneralPath(t *testing.T) {
	hits := 0
	for _, seed := range memoSeeds(t) {
		first, second := seed[0], seed[1]
		for _, q := range patternQuotas {
			check := memoCheck(t, first, q)
			check(second)
			forEachMutation(second, []byte{0x00, 0x01, 0x02, 0x08, 0x09, 0x0A, 0x0B, 0x40, 0x41, 0x42, 0x43, 0x44, 0x56, 0x80, 0x99}, []int{1, -1, 2, -2}, check)
			check(second[:len(second)-1])
		}
		// The memo must actually be taken for the warm Calculator messages.
		rs := binxml.NewReadSession(0)
		n, _ := rs.ReadTable(first)
		r := binxml.NewReader(first[n:], rs, binxml.Quotas{})
		if _, err := readEnvelope(r, ReadOptions{}, true); err != nil {
			continue
		}
		n, _ = rs.ReadTable(second)
		r.Reset(second[n:], rs)
		if r.NextRaw(envelopeStart) && readHeaderPattern(r, &Message{}, nil) && r.NextRaw(bodyStart) && r.NextRemembered() {
			hits++
		}
	}
	if hits < 3 {
		t.Errorf("the memo read %d seeds, want at least the Add request, reply and prefixed body", hits)
	}
}

// FuzzBodyMemo compares the remembered body start tag with the general
// reader on arbitrary pairs of session-encoded messages.
func FuzzBodyMemo(f *testing.F) {
	for _, s := range memoSeeds(f) {
		f.Add(s[0], s[1], uint8(0))
	}
	f.Fuzz(func(t *testing.T, first, b []byte, qi uint8) {
		q := patternQuotas[int(qi)%len(patternQuotas)]
		if p, g := readMemoBoth(first, b, q); p != g {
			t.Fatalf("quotas %+v:\nmemo: %s\ngeneral: %s", q, p, g)
		}
	})
}

// TestHeaderMemoMatchesGeneralPath checks that reading a Header by the one
// read before (headerMemo) gives what the general reader gives, on the
// seeds and on every one-byte change of the second message, with the
// record types and ids of the pattern among the changes.
func TestHeaderMemoMatchesGeneralPath(t *testing.T) {
	hits, envHits := 0, 0
	for _, seed := range memoSeeds(t) {
		first, second := seed[0], seed[1]
		for _, q := range patternQuotas {
			check := memoCheck(t, first, q)
			forEachMutation(second, []byte{0x00, 0x01, 0x03, 0x1E, 0x1A, 0x2C, 0x2A, 0x44, 0x56, 0x82, 0x99, 0xAB, 0xAD, 0xFF}, []int{1, -1}, check)
			for i := range second {
				check(second[:i])
			}
		}
		// The memo must actually be taken for the warm Calculator messages.
		var hm headerMemo
		rs := binxml.NewReadSession(0)
		n, _ := rs.ReadTable(first)
		r := binxml.NewReader(first[n:], rs, binxml.Quotas{})
		if err := readEnvelopeTo(new(Message), r, ReadOptions{}, true, &hm); err != nil {
			continue
		}
		n, _ = rs.ReadTable(second)
		r.Reset(second[n:], rs)
		if r.NextRaw(envelopeStart) && hm.read(r, new(Message)) {
			hits++
		}
		// The whole start of the message, once read by its parts.
		r.Reset(second[n:], rs)
		if err := readEnvelopeTo(new(Message), r, ReadOptions{}, true, &hm); err != nil {
			t.Fatal(err)
		}
		r.Reset(second[n:], rs)
		var viaMemo, general Message
		if hm.readEnvelope(r, r, &viaMemo, ReadOptions{}) {
			envHits++
			got := describeMessage(&viaMemo) + drain(r)
			r.Reset(second[n:], rs)
			if err := readEnvelopeTo(&general, r, ReadOptions{}, false, nil); err != nil {
				t.Fatal(err)
			}
			if want := describeMessage(&general) + drain(r); got != want {
				t.Errorf("% x by the envelope memo:\n%s\nwant:\n%s", second, got, want)
			}
		}
		// Not once the session's ids may name other strings.
		rs.Reset()
		n, _ = rs.ReadTable(second)
		r.Reset(second[n:], rs)
		if r.NextRaw(envelopeStart) && hm.read(r, new(Message)) {
			t.Errorf("the header memo read % x after a session reset", second)
		}
		r.Reset(second[n:], rs)
		if hm.readEnvelope(r, r, new(Message), ReadOptions{}) {
			t.Errorf("the envelope memo read % x after a session reset", second)
		}
	}
	if envHits < 3 {
		t.Errorf("the envelope memo read %d seeds, want at least the Add request, reply and prefixed body", envHits)
	}
	if hits < 3 {
		t.Errorf("the header memo read %d seeds, want at least the Add request, reply and prefixed body", hits)
	}
}
