package binxml

import (
	"errors"
	"fmt"
	"io"
)

// ErrSessionTable reports a malformed [MC-NBFSE] string table, or a use of
// a ReadSession that an earlier error poisoned.
var ErrSessionTable = errors.New("nbfx: invalid session string table")

// ReadSession is the reader side of one direction of an [MC-NBFSE] session
// (binary encoding with in-band dictionary, content type
// application/soap+msbinsession1, [MC-NBFSE] 2.1). Each message payload begins
// with a string table; the k-th string ever received in this direction gets
// dictionary id 2k+1. Whatever strings the peer chooses are accepted (WCF
// sends Action and To, Mono body names).
//
// A ReadSession is used by one goroutine at a time, in message order.
type ReadSession struct {
	strs []string
	used int // bytes of tables accepted so far
	max  int
	err  error  // sticky: once set, every call fails
	gen  uint64 // counts Resets: an id names the same string while gen stays
}

// NewReadSession returns a session whose tables may total maxBytes bytes
// (length prefixes included); maxBytes <= 0 means DefaultMaxSessionSize.
func NewReadSession(maxBytes int) *ReadSession {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxSessionSize
	}
	return &ReadSession{max: maxBytes}
}

// Reset empties s for a new session, keeping its limit and storage.
func (s *ReadSession) Reset() {
	clear(s.strs)
	s.strs, s.used, s.err = s.strs[:0], 0, nil
	s.gen++
}

// Len is the number of strings defined so far.
func (s *ReadSession) Len() int { return len(s.strs) }

// Err returns the error that poisoned s, if any.
func (s *ReadSession) Err() error { return s.err }

// ReadTable parses the string table at the start of a message payload
// (MB31 byte size, then that many bytes of MB31-length-prefixed UTF-8
// strings), adds its strings to the session and returns the bytes used:
// the binary XML document starts at b[n:]. A table that is malformed,
// truncated or larger than the remaining MaxSessionSize fails, and any
// failure poisons s: every later call fails too.
func (s *ReadSession) ReadTable(b []byte) (n int, err error) {
	if s.err != nil {
		return 0, fmt.Errorf("%w: session poisoned by an earlier error: %w", ErrSessionTable, s.err)
	}
	if len(b) > 0 && b[0] == 0 {
		return 1, nil // the empty table of most messages once a session is warm
	}
	n, err = s.readTable(b)
	if err != nil {
		s.err = err
		return 0, err
	}
	return n, nil
}

func (s *ReadSession) readTable(b []byte) (int, error) {
	size, hn, err := ReadMB31(b)
	switch {
	case err != nil:
		return 0, fmt.Errorf("%w: table size: %w", ErrSessionTable, err)
	case hn == 0:
		return 0, fmt.Errorf("%w: table size: %w", ErrSessionTable, io.ErrUnexpectedEOF)
	case int64(size) > int64(s.max-s.used):
		return 0, fmt.Errorf("%w: MaxSessionSize (%d): table of %d bytes, %d in use", ErrQuotaExceeded, s.max, size, s.used)
	case int(size) > len(b)-hn:
		return 0, fmt.Errorf("%w: table of %d bytes, %d present: %w", ErrSessionTable, size, len(b)-hn, io.ErrUnexpectedEOF)
	}
	if size == 0 {
		return hn, nil // the table of most messages once a session is warm
	}
	body := b[hn : hn+int(size)]
	if err := checkTable(body); err != nil {
		return 0, err
	}
	s.appendStrings(string(body)) // one allocation for the whole table
	s.used += int(size)
	return hn + int(size), nil
}

// checkTable validates the framing of every string before anything is added.
func checkTable(body []byte) error {
	for i := 0; i < len(body); {
		l, n, err := ReadMB31(body[i:])
		if err != nil {
			return fmt.Errorf("%w: string at %d: %w", ErrSessionTable, i, err)
		}
		if n == 0 || int(l) > len(body)-i-n {
			return fmt.Errorf("%w: string at %d overruns the table: %w", ErrSessionTable, i, io.ErrUnexpectedEOF)
		}
		i += n + int(l)
	}
	return nil
}

// appendStrings adds the strings of an already checked table; each is a
// substring of body, so lookups never allocate.
func (s *ReadSession) appendStrings(body string) {
	for i := 0; i < len(body); {
		l, n, _ := readMB31String(body[i:])
		s.strs = append(s.strs, body[i+n:i+n+int(l)])
		i += n + int(l)
	}
}

// readMB31String is ReadMB31 over a string.
func readMB31String(b string) (v uint32, n int, err error) {
	var tmp [5]byte
	return ReadMB31(tmp[:copy(tmp[:], b)])
}

// Lookup returns the session string with odd id (2k+1 for the k-th string).
func (s *ReadSession) Lookup(id uint32) (string, bool) {
	if id&1 == 0 || s.err != nil {
		return "", false
	}
	k := id >> 1
	if k >= uint32(len(s.strs)) {
		return "", false
	}
	return s.strs[k], true
}
