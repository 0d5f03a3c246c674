package nettcp

import (
	"bufio"
	"io"
)

// Unsized Envelope record ([MC-NMF] Unsized Envelope Record): 0x05, then data
// chunks (MB31 size > 0, bytes), then a single 0x00 terminator. Used by
// singleton-unsized (streamed) sessions so a large message never sits whole
// in memory.

// chunkDecoder tracks the position inside an unsized envelope.
type chunkDecoder struct {
	remain int   // bytes left in the current chunk
	total  int64 // bytes delivered so far
	max    int64 // limit on total
	done   bool  // terminator read
}

// read fills p from the chunks; io.EOF after the terminator.
func (d *chunkDecoder) read(br *bufio.Reader, p []byte) (int, error) {
	for d.remain == 0 {
		if d.done {
			return 0, io.EOF
		}
		n, err := readSize(br)
		if err != nil {
			return 0, err
		}
		if n == 0 {
			d.done = true
			return 0, io.EOF
		}
		if d.total+int64(n) > d.max {
			return 0, ErrMaxMessageSize
		}
		d.total += int64(n)
		d.remain = n
	}
	if len(p) > d.remain {
		p = p[:d.remain]
	}
	n, err := br.Read(p)
	d.remain -= n
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return n, err
}

// readAll appends the whole envelope to buf.
func (d *chunkDecoder) readAll(br *bufio.Reader, buf []byte) ([]byte, error) {
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := d.read(br, buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}

// appendChunk appends one data chunk (len(p) > 0).
func appendChunk(b, p []byte) []byte {
	return append(appendSize(b, len(p)), p...)
}
