package binxml

// Reading a document's first start tags again by the state they left. A
// session-encoded message begins with the same bytes in every message of
// its direction but for a few values (the envelope, the usual headers that
// the caller skips, the body and its element, all by session ids), so a
// reader that has read them by NextRaw, NextRemembered and Skip can keep
// where they left it (SaveStart) and stand there again on the next such
// document after comparing its bytes (RestoreStart), without reading the
// tags one by one.

import "github.com/wwsgo/wws/soap/infoset"

// span is a range of document offsets.
type span struct{ from, to int }

// StartState is where a Reader stood after reading the start of a
// document by NextRaw (or NextRemembered) and Skip alone; see SaveStart.
// Its zero value keeps nothing.
type StartState struct {
	ok      bool
	r       *Reader // the reader, whose quotas the tags met
	dict    DictMark
	memoGen uint64
	b       []byte // the document's first n bytes
	skips   [4]span
	nskips  int

	// The reader's state after them.
	recStart  int
	rec       byte
	name      infoset.Name
	attrs     []infoset.Attr
	stack     []infoset.Name
	scope     infoset.Scope
	nameBytes int
	asciiSeen [2]uint64
}

// SaveStart keeps in st where r stands, when r has moved only by NextRaw,
// NextRemembered and Skip since its Reset on a []byte document, with no
// more than four skips, and stands on the StartElement of the last tag
// NextRaw read. It reports whether it kept it; else st keeps nothing.
func (r *Reader) SaveStart(st *StartState) bool {
	st.ok = false
	dict, ok := r.DictMark()
	if !ok || !r.rawOnly || r.err != nil || r.src != nil || r.kind != infoset.StartElement || !r.lent ||
		r.popOnNext || r.pendingEnd || r.arr.active {
		return false
	}
	st.r, st.dict, st.memoGen = r, dict, r.memoGen
	st.b = append(st.b[:0], r.buf[:r.pos]...)
	st.skips, st.nskips = r.skips, r.nskips
	st.recStart, st.rec, st.name = r.recStart, r.rec, r.name
	st.attrs = append(st.attrs[:0], r.attrs...)
	st.stack = append(st.stack[:0], r.stack...)
	st.scope.CopyFrom(&r.scope)
	st.nameBytes, st.asciiSeen = r.nameBytes, r.asciiSeen
	st.ok = true
	return true
}

// RestoreStart puts r where it stood when SaveStart kept st, as reading
// the document's start again would, when r has read nothing since its
// Reset and its document begins with st's bytes — but for the ranges st's
// reader skipped, whose bytes the caller must have checked as the Skip
// invariant requires (doc.go) — and goes on after them with a byte that
// is not an attribute record; with the same reader, dictionary strings
// (DictMark) and remembered start tag. Otherwise it reports false, doing
// nothing.
func (r *Reader) RestoreStart(st *StartState) bool {
	n := len(st.b)
	if !st.ok || st.r != r || r.pos != 0 || !r.rawOnly || r.err != nil || r.src != nil || len(r.stack) != 0 ||
		r.memoGen != st.memoGen || len(r.buf) <= n {
		return false
	}
	if dict, ok := r.DictMark(); !ok || dict != st.dict {
		return false
	}
	if c := r.buf[n]; c >= recShortAttribute && c < recShortElement {
		return false // the last tag would take it
	}
	from := 0
	for _, s := range st.skips[:st.nskips] {
		if string(r.buf[from:s.from]) != string(st.b[from:s.from]) {
			return false
		}
		from = s.to
	}
	if string(r.buf[from:n]) != string(st.b[from:]) {
		return false
	}
	r.pos, r.recStart, r.rec = n, st.recStart, st.rec
	r.skips, r.nskips = st.skips, st.nskips
	r.name = st.name
	if !r.lent {
		r.attrBuf, r.lent = r.attrs, true
	}
	r.attrs = st.attrs[:len(st.attrs):len(st.attrs)]
	for _, e := range st.stack { // element by element: cheaper than a typed slice copy
		r.stack = append(r.stack, e)
	}
	r.scope.CopyFrom(&st.scope)
	r.nameBytes, r.asciiSeen = st.nameBytes, st.asciiSeen
	r.kind = infoset.StartElement
	return true
}

// Document returns the document r reads when it holds it whole (Reset),
// nil for a stream. The slice must not be modified.
func (r *Reader) Document() []byte {
	if r.src != nil {
		return nil
	}
	return r.buf
}

// AtStart reports whether r holds its document whole (Reset) and has read
// nothing of it yet.
func (r *Reader) AtStart() bool {
	return r.src == nil && r.pos == 0 && r.rawOnly && r.err == nil && len(r.stack) == 0
}

// Rewind puts r back at the start of the document it holds whole, as
// Reset with the same document and session would, when it has moved; a
// fast path that read part of a document by the hooks gives up so, and
// the general path reads the document from its start. It does nothing for
// a stream.
func (r *Reader) Rewind() {
	if r.src == nil && !r.AtStart() {
		r.Reset(r.buf, r.sess)
	}
}
