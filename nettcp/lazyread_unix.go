//go:build unix

package nettcp

import (
	"net"
	"syscall"
)

// parkable makes s give its reader back between messages when its
// connection is a plain *net.TCPConn (lazyread.go); otherwise it keeps it.
// Only the concrete type is trusted: a wrapper (PROXY protocol, a test
// conn) may hold bytes of its own that reading the socket would skip.
func (s *Session) parkable() {
	tc, ok := s.raw.(*net.TCPConn)
	if !ok || s.conn != s.raw {
		return
	}
	var sc syscall.Conn = tc
	rc, err := sc.SyscallConn()
	if err != nil {
		return
	}
	w := &rawWaiter{rc: rc}
	w.fn = w.fill
	s.lazy = &lazyReader{wait: w.wait}
}

// rawWaiter waits for a socket to be readable and reads it in one go.
type rawWaiter struct {
	rc    syscall.RawConn
	fn    func(fd uintptr) bool // fill, bound once
	chunk *[connectionBufferSize]byte
	n     int
	err   error
}

// fill is rc.Read's callback: it reads into a pooled chunk, or gives the
// chunk back and asks to wait when nothing is there yet.
func (w *rawWaiter) fill(fd uintptr) bool {
	if w.chunk == nil {
		w.chunk = chunkPool.Get().(*[connectionBufferSize]byte)
	}
	for {
		n, err := syscall.Read(int(fd), w.chunk[:])
		switch err {
		case syscall.EINTR:
			continue
		case syscall.EAGAIN:
			chunkPool.Put(w.chunk)
			w.chunk = nil
			return false
		}
		w.n, w.err = max(n, 0), err
		return true
	}
}

func (w *rawWaiter) wait() (*[connectionBufferSize]byte, int, error) {
	w.chunk, w.n, w.err = nil, 0, nil
	if err := w.rc.Read(w.fn); err != nil {
		return w.chunk, 0, err
	}
	if w.err != nil {
		return w.chunk, 0, &net.OpError{Op: "read", Net: "tcp", Err: w.err}
	}
	return w.chunk, w.n, nil
}
