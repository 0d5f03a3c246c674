// -v tracing of net.tcp framing: the dialled connection is wrapped so that
// the bytes each side sends are read as framing records ([MC-NMF] 2.2)
// with the same Inspector as `wsproxy decode`, and printed as they pass.
// Envelopes are left to the encoder trace, which prints them as XML.

package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"

	"github.com/wwsgo/wws/nettcp"
)

// maxTraceBuffer bounds what a tracer holds while a record is incomplete;
// past it, tracing of that direction stops (the connection is unaffected).
const maxTraceBuffer = 64 << 20

// tracingDialer returns a DialContext whose connections trace their framing.
func tracingDialer(w io.Writer, mu *sync.Mutex) func(ctx context.Context, network, addr string) (net.Conn, error) {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		var d net.Dialer
		c, err := d.DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		return &tracingConn{Conn: c,
			out: &framingTracer{dir: ">", w: w, mu: mu},
			in:  &framingTracer{dir: "<", w: w, mu: mu}}, nil
	}
}

// tracingConn feeds what passes through it to one tracer per direction.
type tracingConn struct {
	net.Conn
	out, in *framingTracer
}

func (c *tracingConn) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	c.out.feed(p[:n])
	return n, err
}

func (c *tracingConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.in.feed(p[:n])
	return n, err
}

// framingTracer prints the framing records of one direction as they
// complete.
type framingTracer struct {
	dir     string
	w       io.Writer
	mu      *sync.Mutex
	buf     []byte
	stopped bool
}

func (t *framingTracer) feed(p []byte) {
	if t.stopped || len(p) == 0 {
		return
	}
	t.buf = append(t.buf, p...)
	in := nettcp.NewInspector(t.buf)
	done := 0
	for {
		r, err := in.Next()
		if err != nil {
			if !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
				t.print(fmt.Sprintf("(framing trace stops: %v)", err))
				t.stopped = true
			}
			break
		}
		done = in.Offset()
		if r.Type != nettcp.RecordSizedEnvelope { // envelopes: the encoder trace
			t.print(describe(r))
		}
		if r.Type == nettcp.RecordUpgraded || r.Type == nettcp.RecordUpgradeRequest || r.Type == nettcp.RecordUpgradeResponse {
			if r.Type != nettcp.RecordUpgraded {
				t.print("(the upgraded protocol's bytes follow; framing continues inside it, not traced)")
			}
			t.stopped = true
			break
		}
	}
	t.buf = append(t.buf[:0], t.buf[done:]...)
	if len(t.buf) > maxTraceBuffer {
		t.print("(framing trace stops: record too large to hold)")
		t.stopped, t.buf = true, nil
	}
}

func (t *framingTracer) print(s string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	fmt.Fprintf(t.w, "%s %s\n", t.dir, s)
}
