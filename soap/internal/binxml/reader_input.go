package binxml

import (
	"io"
)

// Input primitives of the Reader: the byte buffer, the streaming refill
// and the field types of [MC-NBFX] 2.1 (MultiByteInt31, Name, dictionary
// string ids).

const (
	minStreamBuf = 512  // first buffer of a stream reader
	maxReadAhead = 4096 // bytes a refill may read beyond what a record needs
	maxEmptyRead = 100  // consecutive (0, nil) reads before giving up
)

// need makes n bytes available at r.pos or fails with a truncation error.
// Callers check n against the quotas first, so the buffer stays bounded.
func (r *Reader) need(n int) error {
	if len(r.buf)-r.pos >= n {
		return nil // kept small enough to inline: the common case
	}
	return r.needMore(n)
}

func (r *Reader) needMore(n int) error {
	if r.src == nil || !r.fill(n) {
		return r.truncated()
	}
	return nil
}

// more reports whether at least one byte follows r.pos; false at the clean
// end of the input. Source errors other than io.EOF are returned.
func (r *Reader) more() (bool, error) {
	if r.pos < len(r.buf) {
		return true, nil // kept small enough to inline: the common case
	}
	return r.moreSlow()
}

func (r *Reader) moreSlow() (bool, error) {
	if r.src == nil || r.fill(1) {
		return r.pos < len(r.buf), nil
	}
	if r.srcErr != io.EOF {
		return false, r.truncated()
	}
	return false, nil
}

// fill reads from the source until n bytes follow r.pos; false if the
// source ends or fails first.
func (r *Reader) fill(n int) bool {
	empty := 0
	for len(r.buf)-r.pos < n {
		if r.srcErr != nil {
			return false
		}
		r.grow(n)
		m, err := r.src.Read(r.buf[len(r.buf):cap(r.buf)])
		r.buf = r.buf[:len(r.buf)+m]
		if err != nil {
			r.srcErr = err
		} else if m == 0 {
			if empty++; empty >= maxEmptyRead {
				r.srcErr = io.ErrNoProgress
			}
		}
	}
	return true
}

// grow makes room for n bytes after r.pos, reading ahead a little.
func (r *Reader) grow(n int) {
	want := r.pos + n
	if cap(r.buf) >= want && cap(r.buf) > len(r.buf) {
		return
	}
	c := max(want, minStreamBuf, min(2*cap(r.buf), want+maxReadAhead))
	nb := make([]byte, len(r.buf), c)
	copy(nb, r.buf)
	r.buf = nb
}

// compact drops consumed bytes of a stream's buffer. Values handed out by
// the previous node are no longer valid, so their bytes may be overwritten.
func (r *Reader) compact() {
	if r.src == nil || r.pos == 0 || r.arr.active {
		return
	}
	n := copy(r.buf, r.buf[r.pos:])
	r.base += int64(r.pos)
	r.buf, r.pos, r.recStart, r.tagLimit = r.buf[:n], 0, 0, 0
}

// readByte reads one byte.
func (r *Reader) readByte() (byte, error) {
	if r.pos >= len(r.buf) {
		if err := r.needMore(1); err != nil {
			return 0, err
		}
	}
	c := r.buf[r.pos]
	r.pos++
	return c, nil
}

// readMB31 reads a MultiByteInt31 ([MC-NBFX] 2.1.2). Lengths and most
// dictionary ids fit in one byte; that case inlines.
func (r *Reader) readMB31() (uint32, error) {
	if r.pos < len(r.buf) && r.buf[r.pos] < 0x80 {
		v := uint32(r.buf[r.pos])
		r.pos++
		return v, nil
	}
	return r.readMB31Long()
}

func (r *Reader) readMB31Long() (uint32, error) {
	for want := 1; ; want++ {
		if err := r.need(want); err != nil {
			return 0, err
		}
		v, n, err := ReadMB31(r.buf[r.pos:])
		if err != nil {
			return 0, r.fail("record 0x%02X: invalid MultiByteInt31", r.rec)
		}
		if n > 0 {
			r.pos += n
			return v, nil
		}
		want = len(r.buf) - r.pos
	}
}

// readLength reads an MB31 byte length and checks it against limit (and
// against the start tag's MaxBytesPerRead bound when inside a start tag).
func (r *Reader) readLength(limit int, quota string) (int, error) {
	v, err := r.readMB31()
	if err != nil {
		return 0, err
	}
	return r.checkLength(int64(v), limit, quota)
}

// checkLength checks a payload length before anything is read or buffered.
func (r *Reader) checkLength(n int64, limit int, quota string) (int, error) {
	if n < 0 {
		return 0, r.fail("record 0x%02X: negative length %d", r.rec, n)
	}
	if n > int64(limit) {
		return 0, r.quota(quota, limit)
	}
	if r.tagLimit > 0 && int64(r.pos)+n > int64(r.tagLimit) {
		return 0, r.quota("MaxBytesPerRead", r.q.MaxBytesPerRead)
	}
	return int(n), nil
}

// readName reads a Name (MB31 length + UTF-8) and interns it.
func (r *Reader) readName() (string, error) {
	n, err := r.readLength(r.q.MaxNameTableCharCount, "MaxNameTableCharCount")
	if err != nil {
		return "", err
	}
	if err := r.need(n); err != nil {
		return "", err
	}
	b := r.buf[r.pos : r.pos+n]
	r.pos += n
	if n == 1 && b[0] < 0x80 {
		return r.internASCII(b[0]) // the usual prefixes: s, a, i, …
	}
	return r.intern(b)
}

// readLocalName reads a Name that must not be empty.
func (r *Reader) readLocalName() (string, error) {
	s, err := r.readName()
	if err == nil && s == "" {
		err = r.fail("record 0x%02X: empty local name", r.rec)
	}
	return s, err
}

// readDictString reads a dictionary id and resolves it: even ids in the
// [MC-NBFS] static dictionary, odd ids in the session ([MC-NBFSE]).
func (r *Reader) readDictString() (string, error) {
	// Fast path: a one-byte id that resolves (every id below 0x80 is in
	// the static dictionary; a session id must be defined).
	if r.pos < len(r.buf) {
		if id := uint32(r.buf[r.pos]); id < 0x80 {
			if id&1 == 0 {
				r.pos++
				return staticStrings[id/2], nil
			}
			if s := r.sess; s != nil && s.err == nil && id>>1 < uint32(len(s.strs)) {
				r.pos++
				return s.strs[id>>1], nil
			}
		}
	}
	id, err := r.readMB31()
	if err != nil {
		return "", err
	}
	return r.dictString(id)
}

func (r *Reader) dictString(id uint32) (string, error) {
	// The common cases first, small enough to inline.
	if id&1 == 0 {
		if k := id / 2; k < uint32(len(staticStrings)) {
			return staticStrings[k], nil
		}
	} else if r.sess != nil && r.sess.err == nil {
		if k := id >> 1; k < uint32(len(r.sess.strs)) {
			return r.sess.strs[k], nil
		}
	}
	return r.dictStringSlow(id)
}

func (r *Reader) dictStringSlow(id uint32) (string, error) {
	if id&1 == 0 {
		if s, ok := StaticString(id); ok {
			return s, nil
		}
		return "", r.errAt(ErrUnknownID, sprintfID("record 0x%02X: static dictionary id 0x%X out of range", r.rec, id))
	}
	if r.sess == nil {
		return "", r.errAt(ErrUnknownID, sprintfID("record 0x%02X: session dictionary id 0x%X without a session", r.rec, id))
	}
	if s, ok := r.sess.Lookup(id); ok {
		return s, nil
	}
	return "", r.errAt(ErrUnknownID, sprintfID("record 0x%02X: session dictionary id 0x%X not defined", r.rec, id))
}
