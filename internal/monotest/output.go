// Bounded capture of the Mono programs' stdout and stderr.

package monotest

import (
	"bytes"
	"sync"
)

// maxCapture bounds what is kept of one stream; a runaway peer cannot exhaust memory.
const maxCapture = 256 << 10

// tailBuffer is an io.Writer that keeps the last maxCapture bytes written to it.
type tailBuffer struct {
	mu      sync.Mutex // guards following
	buf     []byte
	dropped int
}

func (b *tailBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	if over := len(b.buf) - maxCapture; over > 0 {
		b.dropped += over
		b.buf = append(b.buf[:0], b.buf[over:]...)
	}
	return len(p), nil
}

// String returns what is kept, marked when the beginning was dropped.
func (b *tailBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.dropped > 0 {
		return "[…]" + string(b.buf)
	}
	return string(b.buf)
}

// lineWriter is an io.Writer that calls fn for each complete line (without its end of line);
// a line longer than maxCapture is cut there.
type lineWriter struct {
	mu      sync.Mutex // guards following
	partial []byte
	fn      func(line string)
}

func (w *lineWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := len(p)
	for len(p) > 0 {
		room := maxCapture - len(w.partial)
		i := bytes.IndexByte(p[:min(room, len(p))], '\n')
		switch {
		case i >= 0:
			w.partial = append(w.partial, p[:i]...)
			p = p[i+1:]
			w.flushLocked()
		case len(p) >= room:
			w.partial = append(w.partial, p[:room]...)
			p = p[room:]
			w.flushLocked()
		default:
			w.partial = append(w.partial, p...)
			p = nil
		}
	}
	return n, nil
}

// Close delivers a last line that had no end of line.
func (w *lineWriter) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.partial) > 0 {
		w.flushLocked()
	}
	return nil
}

func (w *lineWriter) flushLocked() {
	w.fn(string(bytes.TrimSuffix(w.partial, []byte("\r"))))
	w.partial = w.partial[:0]
}
