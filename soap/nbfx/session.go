package nbfx

import "github.com/wwsgo/wws/soap/internal/binxml"

// ErrSessionTable reports a malformed [MC-NBFSE] string table, or a use of
// a ReadSession that an earlier error poisoned.
var ErrSessionTable = binxml.ErrSessionTable

// ReadSession is the reader side of one direction of an [MC-NBFSE] session
// (binary encoding with in-band dictionary, content type
// application/soap+msbinsession1). Each message payload begins with a
// string table ([MC-NBFSE] 2.1); the k-th string ever received in this
// direction gets dictionary id 2k+1. Whatever strings the peer chooses are
// accepted (WCF sends Action and To, Mono body names).
//
// A ReadSession is used by one goroutine at a time, in message order.
type ReadSession struct {
	s binxml.ReadSession
}

// NewReadSession returns a session whose tables may total maxBytes bytes
// (length prefixes included); maxBytes <= 0 means DefaultMaxSessionSize.
func NewReadSession(maxBytes int) *ReadSession {
	return &ReadSession{s: *binxml.NewReadSession(maxBytes)}
}

// inner is the session s wraps; nil for nil.
func (s *ReadSession) inner() *binxml.ReadSession {
	if s == nil {
		return nil
	}
	return &s.s
}

// Reset empties s for a new session, keeping its limit and storage.
func (s *ReadSession) Reset() { s.s.Reset() }

// Len is the number of strings defined so far.
func (s *ReadSession) Len() int { return s.s.Len() }

// Err returns the error that poisoned s, if any.
func (s *ReadSession) Err() error { return s.s.Err() }

// ReadTable parses the string table at the start of a message payload
// (MB31 byte size, then that many bytes of MB31-length-prefixed UTF-8
// strings), adds its strings to the session and returns the bytes used:
// the binary XML document starts at b[n:]. A table that is malformed,
// truncated or larger than the remaining MaxSessionSize fails, and any
// failure poisons s: every later call fails too.
func (s *ReadSession) ReadTable(b []byte) (n int, err error) { return s.s.ReadTable(b) }

// Lookup returns the session string with odd id (2k+1 for the k-th string).
func (s *ReadSession) Lookup(id uint32) (string, bool) { return s.s.Lookup(id) }

// WriteSession is the writer side of one direction of an [MC-NBFSE]
// session. The k-th string ever added gets id 2k+1 (1, 3, 5, …); a string is
// never sent twice. Once a string does not fit in the quota the session
// stops adding strings for good, and later names go inline, as WCF's
// session writer does.
//
// Strings are added tentatively while a message is written. A Writer commits
// them when Finish succeeds and abandons them when Finish fails, when the
// Writer is Reset or Abandoned before finishing, so the table stays in step
// with what the peer has received. A WriteSession serves one message at a
// time (finish or abandon one before starting the next) and is not safe for
// concurrent use.
type WriteSession struct {
	s binxml.WriteSession
}

// NewWriteSession returns an empty session table holding at most maxBytes
// bytes of strings (DefaultMaxSessionSize is WCF's default). maxBytes is
// clamped to 0..2^31-1.
func NewWriteSession(maxBytes int) *WriteSession {
	return &WriteSession{s: *binxml.NewWriteSession(maxBytes)}
}

// inner is the session s wraps; nil for nil.
func (s *WriteSession) inner() *binxml.WriteSession {
	if s == nil {
		return nil
	}
	return &s.s
}

// Lookup returns the id of s if the session holds it (committed or pending
// in the message being written).
func (s *WriteSession) Lookup(str string) (uint32, bool) { return s.s.Lookup(str) }

// Len is the number of committed strings.
func (s *WriteSession) Len() int { return s.s.Len() }

// Size is the number of committed bytes (MB31 length prefixes included).
func (s *WriteSession) Size() int { return s.s.Size() }

// MaxBytes is the session quota.
func (s *WriteSession) MaxBytes() int { return s.s.MaxBytes() }
