// -v tracing: an Encoding wrapper that prints every envelope a channel
// writes or reads, as the framing record that carries it and indented XML.
// It sits at the encoder seam because that is where a Binding lets us in;
// the net.tcp preamble is printed by the call before it dials.

package cli

import (
	"fmt"
	"io"
	"sync"

	"github.com/wwsgo/wws/soap"
)

// tracingEncoding wraps an Encoding; its encoders trace what they carry.
type tracingEncoding struct {
	soap.Encoding
	w      io.Writer
	record string      // name of the record or unit carrying each envelope
	mu     *sync.Mutex // shared with the connection tracer, so lines never interleave
}

// NewEncoder implements soap.Encoding.
func (t *tracingEncoding) NewEncoder() soap.Encoder {
	out, _ := newEnvelopeRenderer(t.ContentType())
	in, _ := newEnvelopeRenderer(t.ContentType())
	return &tracingEncoder{Encoder: t.Encoding.NewEncoder(), t: t, out: out, in: in}
}

// tracingEncoder renders each direction with its own session table.
type tracingEncoder struct {
	soap.Encoder
	t       *tracingEncoding
	out, in *envelopeRenderer
}

// WriteMessage implements soap.Encoder.
func (e *tracingEncoder) WriteMessage(dst []byte, m *soap.Message) ([]byte, error) {
	b, err := e.Encoder.WriteMessage(dst, m)
	if err == nil {
		e.t.print(">", e.out, b[len(dst):])
	}
	return b, err
}

// ReadMessage implements soap.Encoder.
func (e *tracingEncoder) ReadMessage(b []byte) (*soap.Message, error) {
	e.t.print("<", e.in, b)
	return e.Encoder.ReadMessage(b)
}

// print writes one traced envelope.
func (t *tracingEncoding) print(dir string, r *envelopeRenderer, b []byte) {
	t.mu.Lock()
	defer t.mu.Unlock()
	fmt.Fprintf(t.w, "%s %s %d bytes\n", dir, t.record, len(b))
	if r == nil {
		return
	}
	xml, _, err := r.render(b)
	t.w.Write(xml)
	if err != nil {
		fmt.Fprintf(t.w, "%s (cannot render: %v)\n", dir, err)
	}
}
