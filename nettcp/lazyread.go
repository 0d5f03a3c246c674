package nettcp

import (
	"bufio"
	"io"
	"net"
	"sync"
)

// The read buffer of an idle server session. A host may hold thousands of
// sessions that wait for their next message; an 8 KiB bufio.Reader each
// would be most of what they cost. A plain-TCP server session therefore
// gives its reader back to a pool whenever nothing is buffered, and waits
// for the next message without one: the wait and the first read are one
// read(2) in the callback of syscall.RawConn.Read, into a pooled chunk
// taken only while the read runs — the same system calls as a blocking
// net.Conn read. The chunk's bytes then feed a pooled bufio.Reader.

// readerPool holds the bufio.Readers of sessions between messages.
var readerPool = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, connectionBufferSize) }}

// chunkPool holds the buffers of the first read after a wait.
var chunkPool = sync.Pool{New: func() any { return new([connectionBufferSize]byte) }}

// pooledReader returns a reader of the pool reading r.
func pooledReader(r io.Reader) *bufio.Reader {
	br := readerPool.Get().(*bufio.Reader)
	br.Reset(r)
	return br
}

// lazyReader is the waiting state of a session whose reader is pooled.
type lazyReader struct {
	wait func() (chunk *[connectionBufferSize]byte, n int, err error) // blocks for the next bytes
	pfx  prefixReader
}

// prefixReader yields the bytes of a first read, then reads conn.
type prefixReader struct {
	data  []byte
	chunk *[connectionBufferSize]byte
	conn  net.Conn
}

func (p *prefixReader) Read(b []byte) (int, error) {
	if len(p.data) == 0 {
		return p.conn.Read(b)
	}
	n := copy(b, p.data)
	p.data = p.data[n:]
	if len(p.data) == 0 {
		chunkPool.Put(p.chunk)
		p.chunk, p.data = nil, nil
	}
	return n, nil
}

// unpark gives the session a reader again, once bytes have arrived (or the
// read failed, or the peer closed: io.EOF). Called with rmu held.
func (s *Session) unpark() error {
	chunk, n, err := s.lazy.wait()
	if err != nil || n == 0 {
		if chunk != nil {
			chunkPool.Put(chunk)
		}
		if err == nil {
			err = io.EOF
		}
		return err
	}
	s.lazy.pfx = prefixReader{data: chunk[:n], chunk: chunk, conn: s.conn}
	s.br = pooledReader(&s.lazy.pfx)
	return nil
}

// park gives the reader back to the pool when nothing is buffered. Called
// with rmu held, after a whole message was read.
func (s *Session) park() {
	if s.lazy == nil || s.br == nil || s.br.Buffered() > 0 || s.part.active || s.lazy.pfx.chunk != nil {
		return
	}
	s.br.Reset(nil)
	readerPool.Put(s.br)
	s.br = nil
}

// reader returns the session's reader for the connection's next user (the
// listener's next preamble, after a clean End), taking one from the pool
// if the session had parked its own.
func (s *Session) reader() *bufio.Reader {
	s.rmu.Lock()
	defer s.rmu.Unlock()
	if s.br == nil {
		return pooledReader(s.conn)
	}
	return s.br // it may hold the next bytes; it reads the connection through the prefix
}
