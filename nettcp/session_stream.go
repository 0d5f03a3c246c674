package nettcp

import (
	"context"
	"errors"
	"io"
	"time"
)

// Streamed messages of a singleton-unsized session ([MC-NMF] Unsized
// Envelope Record; WCF's SingletonConnectionReader.cs): one Unsized Envelope
// each way per preamble, each followed by End. The writer emits 0x05, chunks and the 0x00 terminator, and End on
// Close; the reader yields the chunks' bytes.

// streamChunkSize is the largest chunk the writer emits.
const streamChunkSize = 64 << 10

// errOneMessage reports a second message on a singleton-unsized session.
var errOneMessage = errors.New("nettcp: singleton-unsized session carries one message each way")

// NextWriter starts the session's one outgoing message. Bytes written are
// sent in chunks of at most 64 KiB; Close writes the terminator and End. The
// context's deadline (or the send timeout) bounds the whole message.
func (s *Session) NextWriter(ctx context.Context) (io.WriteCloser, error) {
	if s.p.mode != ModeSingletonUnsized {
		return nil, ErrWrongMode
	}
	if err := s.Acknowledge(); err != nil {
		return nil, err
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if err := s.writableLocked(); err != nil {
		return nil, err
	}
	if s.wrote {
		return nil, errOneMessage
	}
	s.wrote = true
	w := &chunkWriter{s: s, ctx: ctx, dl: deadlineFor(ctx, s.lim.send)}
	w.buf = append(make([]byte, 0, 8+streamChunkSize), recUnsizedEnvelope)
	return w, nil
}

// chunkWriter is the io.WriteCloser of NextWriter.
type chunkWriter struct {
	s      *Session
	ctx    context.Context
	dl     time.Time
	buf    []byte // pending bytes: record header, chunk headers, data
	data   []byte // data not yet framed
	closed bool
}

// Write buffers p and sends full chunks.
func (w *chunkWriter) Write(p []byte) (int, error) {
	if w.closed {
		return 0, ErrClosed
	}
	n := 0
	for len(p) > 0 {
		k := min(len(p), streamChunkSize-len(w.data))
		w.data = append(w.data, p[:k]...)
		p, n = p[k:], n+k
		if len(w.data) == streamChunkSize {
			if err := w.flush(nil); err != nil {
				return n, err
			}
		}
	}
	return n, nil
}

// Close sends the last chunk, the terminator and End.
func (w *chunkWriter) Close() error {
	if w.closed {
		return nil
	}
	w.closed = true
	return w.flush(endAfterTerm)
}

// flush frames pending data as one chunk, appends tail and writes it all.
func (w *chunkWriter) flush(tail []byte) error {
	if len(w.data) > 0 {
		w.buf = appendChunk(w.buf, w.data)
		w.data = w.data[:0]
	}
	w.buf = append(w.buf, tail...)
	s := w.s
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if err := s.Err(); err != nil {
		return err
	}
	s.wdl.forget()
	_ = s.conn.SetWriteDeadline(w.dl)
	stop := s.watch(w.ctx, false)
	_, err := s.conn.Write(w.buf)
	unwatch(stop)
	w.buf = w.buf[:0]
	if err != nil {
		return s.fail(ioError(w.ctx, err))
	}
	if tail != nil {
		s.sentEnd = true
	}
	return nil
}

// sendUnsized is Send for a singleton-unsized session.
func (s *Session) sendUnsized(ctx context.Context, env []byte) error {
	w, err := s.NextWriter(ctx)
	if err != nil {
		return err
	}
	if _, err := w.Write(env); err != nil {
		return err
	}
	return w.Close()
}

// NextReader returns a reader over the session's one incoming message, or
// io.EOF if the peer sent End instead. The context's deadline (or the
// receive timeout) bounds the whole message; the total size is limited by
// the configured maximum message size.
func (s *Session) NextReader(ctx context.Context) (io.Reader, error) {
	if s.p.mode != ModeSingletonUnsized {
		return nil, ErrWrongMode
	}
	if err := s.Acknowledge(); err != nil {
		return nil, err
	}
	s.rmu.Lock()
	defer s.rmu.Unlock()
	if s.peerEnded {
		return nil, io.EOF
	}
	if err := s.Err(); err != nil {
		return nil, err
	}
	if s.read {
		return nil, errOneMessage
	}
	s.rdl.forget()
	_ = s.conn.SetReadDeadline(deadlineFor(ctx, s.lim.receive))
	stop := s.watch(ctx, true)
	t, err := s.br.ReadByte()
	unwatch(stop)
	switch {
	case err != nil:
		return nil, s.readFailed(ctx, noEOF(err))
	case t == recUnsizedEnvelope:
		s.read = true
		s.cur = &chunkReader{s: s, ctx: ctx, d: chunkDecoder{max: s.lim.maxMessage}}
		return s.cur, nil
	case t == recEnd:
		s.peerEnded = true
		return nil, io.EOF
	case t == recFault:
		return nil, s.fail(readFault(s.br))
	}
	return nil, s.fail(protocolError("record 0x%02x where an unsized envelope was expected", t))
}

// chunkReader is the io.Reader of NextReader.
type chunkReader struct {
	s   *Session
	ctx context.Context
	d   chunkDecoder
}

// Read reads message bytes; io.EOF after the terminator.
func (r *chunkReader) Read(p []byte) (int, error) {
	if err := r.s.Err(); err != nil && !r.d.done {
		return 0, err
	}
	n, err := r.d.read(r.s.br, p)
	if err != nil && err != io.EOF {
		return n, r.s.readFailed(r.ctx, err)
	}
	return n, err
}
