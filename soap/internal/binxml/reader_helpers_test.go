package binxml

import (
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/wwsgo/wws/soap/infoset"
)

// Test helpers shared by the reader tests: a byte builder and an event log
// that captures everything a Reader reports.

// str is a Name field: MB31 length + UTF-8.
type str string

// raw is bytes written as they are.
type raw string

// bin builds bytes from hex strings (spaces ignored), str names, raw text,
// []byte and byte values.
func bin(parts ...any) []byte {
	var b []byte
	for _, p := range parts {
		switch v := p.(type) {
		case string:
			h, err := hex.DecodeString(strings.ReplaceAll(v, " ", ""))
			if err != nil {
				panic(fmt.Sprintf("bad hex %q: %v", v, err))
			}
			b = append(b, h...)
		case str:
			b = AppendMB31(b, uint32(len(v)))
			b = append(b, v...)
		case raw:
			b = append(b, v...)
		case []byte:
			b = append(b, v...)
		case byte:
			b = append(b, v)
		case int:
			b = append(b, byte(v))
		default:
			panic(fmt.Sprintf("bin: %T", p))
		}
	}
	return b
}

// event is one node as a Reader reported it, with values copied out.
type event struct {
	Kind     infoset.Kind
	Name     infoset.Name
	Attrs    []infoset.NodeAttr
	Text     string
	TextKind infoset.TextKind
	Depth    int
}

// readEvents reads r to EOF or the first error.
func readEvents(r infoset.Reader) ([]event, error) {
	var out []event
	for {
		k, err := r.Next()
		if err != nil {
			return out, err
		}
		if k == infoset.EOF {
			return out, nil
		}
		out = append(out, eventAt(r, k))
	}
}

// eventAt is the event r is on, of kind k.
func eventAt(r infoset.Reader, k infoset.Kind) event {
	e := event{Kind: k, Depth: r.Depth()}
	switch k {
	case infoset.StartElement:
		e.Name = r.Name()
		for _, a := range r.Attrs() {
			e.Attrs = append(e.Attrs, infoset.NodeAttr{Name: a.Name, Value: a.Value.String()})
		}
	case infoset.EndElement:
		e.Name = r.Name()
	default:
		e.Text, e.TextKind = r.Text().String(), r.Text().Kind()
	}
	return e
}

// session returns a ReadSession holding strs as ids 1, 3, 5, ...
func session(t testing.TB, strs ...string) *ReadSession {
	t.Helper()
	s := NewReadSession(0)
	var body []byte
	for _, v := range strs {
		body = bin(body, str(v))
	}
	tab := AppendMB31(nil, uint32(len(body)))
	if _, err := s.ReadTable(append(tab, body...)); err != nil {
		t.Fatalf("session table: %v", err)
	}
	return s
}

// oneByteEvents reads doc through a stream reader one byte at a time.
func oneByteEvents(doc []byte, s *ReadSession, q Quotas) ([]event, error) {
	return readEvents(NewStreamReader(iotest.OneByteReader(bytesReader(doc)), s, q))
}

type sliceReader struct{ b []byte }

func bytesReader(b []byte) *sliceReader { return &sliceReader{b} }

func (s *sliceReader) Read(p []byte) (int, error) {
	if len(s.b) == 0 {
		return 0, io.EOF
	}
	n := copy(p, s.b)
	s.b = s.b[n:]
	return n, nil
}

// checkPrefixesFail checks that every strict prefix of the valid document
// doc fails, from a slice and from a one-byte stream, and never succeeds.
func checkPrefixesFail(t *testing.T, name string, doc []byte, s *ReadSession) {
	t.Helper()
	for i := 0; i < len(doc); i++ {
		p := doc[:i:i]
		if _, err := readEvents(NewReader(p, s, Quotas{})); err == nil {
			t.Errorf("%s: prefix of %d/%d bytes read without error", name, i, len(doc))
		} else if !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("%s: prefix of %d/%d bytes: got error %v, want io.ErrUnexpectedEOF", name, i, len(doc), err)
		}
		if _, err := oneByteEvents(p, s, Quotas{}); err == nil {
			t.Errorf("%s: streamed prefix of %d/%d bytes read without error", name, i, len(doc))
		}
	}
}
