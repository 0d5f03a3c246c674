package binxml

import "strings"

// Session string tables, writer side: [MC-NBFSE] 2.1 (StringTable) and
// WCF's BinaryMessageEncoder session with its MaxSessionSize quota
// (dotnet/wcf BinaryMessageEncoder.cs).

const maxInt31 = 1<<31 - 1

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
	max  int
	ids  map[string]uint32 // committed and pending strings
	strs []string          // strs[k] has id 2k+1; strs[done:] are pending
	size int               // bytes of strs: MB31 length + UTF-8 each
	full bool              // a string did not fit; nothing more is added

	done     int // strings committed
	doneSize int
	doneFull bool
	gen      uint32 // counts rollbacks that dropped strings (their ids may be reused)
}

// NewWriteSession returns an empty session table holding at most maxBytes
// bytes of strings (DefaultMaxSessionSize is WCF's default). maxBytes is
// clamped to 0..2^31-1.
func NewWriteSession(maxBytes int) *WriteSession {
	maxBytes = min(max(maxBytes, 0), maxInt31)
	return &WriteSession{max: maxBytes, ids: make(map[string]uint32)}
}

// Lookup returns the id of s if the session holds it (committed or pending
// in the message being written).
func (s *WriteSession) Lookup(str string) (uint32, bool) {
	id, ok := s.ids[str]
	return id, ok
}

// Len is the number of committed strings.
func (s *WriteSession) Len() int { return s.done }

// Size is the number of committed bytes (MB31 length prefixes included).
func (s *WriteSession) Size() int { return s.doneSize }

// MaxBytes is the session quota.
func (s *WriteSession) MaxBytes() int { return s.max }

// lookupOrAdd returns the id of str, adding it as a pending string when it
// is new and fits the quota. The empty string is never added.
func (s *WriteSession) lookupOrAdd(str string) (uint32, bool) {
	if id, ok := s.ids[str]; ok {
		return id, true
	}
	if s.full || str == "" {
		return 0, false
	}
	need := MB31Len(uint32(min(len(str), maxInt31))) + len(str)
	if len(str) > maxInt31 || need > s.max-s.size || len(s.strs) >= 1<<30-1 {
		s.full = true
		return 0, false
	}
	id := uint32(2*len(s.strs) + 1)
	str = strings.Clone(str) // the caller's string may view a reused buffer
	s.ids[str] = id
	s.strs = append(s.strs, str)
	s.size += need
	return id, true
}

// pending returns the strings added since the last commit, in id order.
func (s *WriteSession) pending() []string { return s.strs[s.done:] }

// pendingSize is the byte size of the pending strings' table entries.
func (s *WriteSession) pendingSize() int { return s.size - s.doneSize }

// commit makes the pending strings part of the session.
func (s *WriteSession) commit() {
	s.done, s.doneSize, s.doneFull = len(s.strs), s.size, s.full
}

// rollback forgets the pending strings.
func (s *WriteSession) rollback() {
	if len(s.strs) == s.done { // the usual case: nothing to forget
		s.full = s.doneFull
		return
	}
	if len(s.strs) > s.done {
		s.gen++
	}
	for _, str := range s.strs[s.done:] {
		delete(s.ids, str)
	}
	clear(s.strs[s.done:])
	s.strs = s.strs[:s.done]
	s.size, s.full = s.doneSize, s.doneFull
}

// appendTable appends the StringTable of the pending strings: MB31 total
// size, then MB31 length + UTF-8 for each ([MC-NBFSE] 2.1).
func (s *WriteSession) appendTable(b []byte) []byte {
	b = AppendMB31(b, uint32(s.pendingSize()))
	for _, str := range s.pending() {
		b = AppendMB31(b, uint32(len(str)))
		b = append(b, str...)
	}
	return b
}

// settled reports whether the message being written has changed nothing
// in the session: no pending strings, and not filled up.
func (s *WriteSession) settled() bool { return len(s.strs) == s.done && s.full == s.doneFull }

// finalID returns the id str has, without a side effect, for the rest of
// the session: a committed id (dict set), or inline (dict unset) when str
// is empty or the committed session is full. ok is false otherwise: str is
// pending, or looking it up may still add it or fill the session.
func (s *WriteSession) finalID(str string) (id uint32, dict, ok bool) {
	if id, found := s.ids[str]; found {
		return id, true, int(id>>1) < s.done
	}
	return 0, false, str == "" || s.doneFull
}
