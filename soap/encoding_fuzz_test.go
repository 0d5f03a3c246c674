package soap

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/wwsgo/wws/internal/capture"
)

// FuzzReadTextMessage feeds arbitrary bytes to the text encoders' envelope
// reader and then to every way of consuming the body. It must never panic.
func FuzzReadTextMessage(f *testing.F) {
	for _, file := range []string{"soap12_http.hex.log", "soap11_http.hex.log"} {
		chunks, err := capture.ParseFile(filepath.Join("..", "testdata", "vectors", file))
		if err != nil {
			f.Fatal(err)
		}
		for _, c := range chunks {
			if i := indexXML(c.Data); i >= 0 {
				f.Add(c.Data[i:])
			}
		}
	}
	// A typed fault as WCF (Mono) sends it (testdata/dcs/fault.cs).
	if b, err := os.ReadFile(filepath.Join("testdata", "dcs", "fault.xml")); err == nil {
		f.Add(b)
	} else {
		f.Fatal(err)
	}
	enc12 := NewTextEncoding(Soap12WSAddressing10, EncodingOptions{})
	enc11 := NewTextEncoding(Soap11, EncodingOptions{})
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, e := range []Encoding{enc12, enc11} {
			consume(e.NewEncoder(), b)
		}
	})
}

// FuzzReadBinaryMessage feeds two arbitrary messages to one session
// encoder (the first may grow the session table the second uses).
func FuzzReadBinaryMessage(f *testing.F) {
	chunks, err := capture.ParseFile(filepath.Join("..", "testdata", "vectors", "nettcp_session.hex.log"))
	if err != nil {
		f.Fatal(err)
	}
	var reqs [][]byte
	for _, s := range capture.Streams(chunks) {
		if s.ToServer {
			reqs = envelopes(&testing.T{}, s.Data)
		}
	}
	for i := 1; i < len(reqs); i++ {
		f.Add(reqs[0], reqs[i])
	}
	enc := NewBinaryEncoding(true, EncodingOptions{})
	f.Fuzz(func(t *testing.T, a, b []byte) {
		e := enc.NewEncoder()
		consume(e, a)
		consume(e, b)
	})
}

func consume(e Encoder, b []byte) {
	for i := 0; i < 6; i++ {
		m, err := e.ReadMessage(b)
		if err != nil {
			return
		}
		switch i {
		case 0, 4: // the second time by the leaf run the first one recorded
			var v AddRequest
			_ = m.DecodeBody(&v)
		case 5:
			var v AddResponse
			_ = m.DecodeBody(&v)
		case 1:
			_, _ = m.BodyElement()
		case 2:
			if m.IsFault() {
				_, _ = m.Fault()
			}
		case 3:
			_ = m.NotUnderstood()
		}
		// Reading the same bytes again on a session encoder re-adds table
		// strings; stop once they no longer fit.
	}
}

func indexXML(b []byte) int {
	for i, c := range b {
		if c == '<' {
			return i
		}
		if i > 4 {
			break
		}
	}
	return -1
}

var _ = os.Getenv
