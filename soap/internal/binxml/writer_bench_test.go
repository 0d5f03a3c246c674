package binxml

import (
	"bytes"
	"testing"

	"github.com/wwsgo/wws/soap/infoset"
)

// warmEcho returns a Writer, a session that has sent the Echo request once,
// and a buffer, ready to encode the request again.
func warmEcho(tb testing.TB) (*Writer, *WriteSession, []byte) {
	s := NewWriteSession(DefaultMaxSessionSize)
	w := NewWriter(nil, s)
	writeEchoRequest(w)
	buf, err := w.Finish()
	if err != nil {
		tb.Fatal(err)
	}
	return w, s, buf[:0]
}

// TestEchoWarmNoAllocs guards the hot path: a warm session's request
// encodes without allocating.
func TestEchoWarmNoAllocs(t *testing.T) {
	w, s, buf := warmEcho(t)
	var out []byte
	allocs := testing.AllocsPerRun(100, func() {
		w.Reset(buf[:0], s)
		writeEchoRequest(w)
		out, _ = w.Finish()
	})
	if allocs != 0 {
		t.Errorf("allocs per warm Echo request = %v, want 0", allocs)
	}
	if want := cat("00", echoRequestRecords); !bytes.Equal(out, want) {
		t.Errorf("warm request: %s", hexDiff(out, want))
	}
}

func BenchmarkEchoRequestWarm(b *testing.B) {
	w, s, buf := warmEcho(b)
	b.ReportAllocs()
	b.SetBytes(int64(1 + len(echoRequestRecords)))
	for b.Loop() {
		w.Reset(buf[:0], s)
		writeEchoRequest(w)
		buf, _ = w.Finish()
	}
}

func BenchmarkBytes1MB(b *testing.B) {
	payload := make([]byte, 1<<20)
	for i := range payload {
		payload[i] = byte(i)
	}
	w := NewWriter(nil, nil)
	var buf []byte
	b.ReportAllocs()
	b.SetBytes(int64(len(payload)))
	for b.Loop() {
		w.Reset(buf[:0], nil)
		w.StartElement("", "data", "")
		w.Text(infoset.Bytes(payload))
		w.EndElement()
		buf, _ = w.Finish()
	}
}
