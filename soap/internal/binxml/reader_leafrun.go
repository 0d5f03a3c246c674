package binxml

// Remembering the content of an element made only of leaves. A data
// contract with simple members is a wrapper element whose children are
// leaves, written with the same start tags in every message of a session
// (<Add><a>2</a><b>3</b></Add> is 42 id 0A id, 42 id 89 02, 42 id 89 03,
// 01). A caller that has read such content leaf by leaf with NextLeaf can
// have r remember the leaves' start tags (RecordLeaves, MarkLeaf), then
// read the next such content by its bytes (PeekLeaves, SkipLeaves).

import (
	"encoding/binary"

	"github.com/wwsgo/wws/soap/infoset"
)

const (
	maxRunLeaves = 32  // leaves a run keeps
	maxRunBytes  = 256 // start tag bytes a run keeps
	maxRuns      = 8   // runs a Reader keeps, one per key
	markUnset    = -2  // a recorded leaf MarkLeaf has not marked
)

// leafRun is the content of an element as RecordLeaves kept it: the start
// tag of each leaf, the caller's mark of each, and the session whose ids
// the tags use. Every tag is a dictionary element record (0x42, 0x44–0x5D)
// with no attribute, so reading it charges no name to the name table.
type leafRun struct {
	key      any
	tags     []byte   // the leaves' start tags, concatenated
	ends     []int    // end of each leaf's tag in tags
	marks    []int    // the caller's mark of each leaf
	prefixes []string // the prefix of each leaf
	prefixed bool     // some leaf has a prefix
	maxTag   int      // the longest tag
	sess     *ReadSession
	sessGen  uint64
	words    []tagWord // each leaf's tag as a word, for readRun (keepRun)
}

// tagWord is a tag of at most 8 bytes as the little-endian word of the 8
// bytes that end with it, and the mask of its bytes there, so that a
// reader compares it with one load of the 8 bytes before the tag's end
// (endsWord); a zero mask for a longer tag.
type tagWord struct{ word, mask uint64 }

func tagWordOf(tag []byte) tagWord {
	if len(tag) > 8 {
		return tagWord{}
	}
	var w tagWord
	shift := 8 * (8 - len(tag))
	for i, c := range tag {
		w.word |= uint64(c) << (8*i + shift)
		w.mask |= 0xFF << (8*i + shift)
	}
	return w
}

// at reports whether b[:end] ends with the tag w holds; ok is false when w
// holds none or b[:end] is shorter than 8 bytes, and the caller compares
// the bytes.
func (w tagWord) at(b []byte, end int) (match, ok bool) {
	if w.mask == 0 || end < 8 || end > len(b) {
		return false, false
	}
	return binary.LittleEndian.Uint64(b[end-8:])&w.mask == w.word, true
}

// leafTextRecords marks the text records readRun takes as a leaf's
// content: those that end their element, but for the list records.
var leafTextRecords = func() (t [256]bool) {
	for tr := recZeroText; tr <= recQNameDictionaryText+1; tr++ {
		t[tr] = tr&1 == 1 && tr != recStartListText+1 && tr != recEndListText+1
	}
	return t
}()

// leafRecorder builds a leafRun while the caller reads an element's content.
type leafRecorder struct {
	on    bool
	depth int // len(r.stack) of the element whose content is recorded
	run   leafRun
}

// leafPeek is what PeekLeaves found, for SkipLeaves.
type leafPeek struct {
	ok       bool
	from, to int // r.pos before and after the content and its EndElement
	texts    []infoset.Text
}

// RecordLeaves starts remembering the content of the element r is on (its
// StartElement, just read), under key. Every leaf NextLeaf then reads as a
// child of that element is recorded, and must be marked with MarkLeaf; the
// content is kept when Next reads the element's EndElement right after its
// last leaf, replacing what key held. Any other node, or any other way of
// reading, ends the recording and keeps nothing.
func (r *Reader) RecordLeaves(key any) {
	rec := &r.lrec
	rec.on = r.err == nil && r.src == nil && r.kind == infoset.StartElement && !r.popOnNext &&
		!r.pendingEnd && !r.arr.active && key != nil
	if !rec.on {
		return
	}
	rec.depth = len(r.stack)
	run := &rec.run
	run.key, run.tags, run.ends, run.marks, run.prefixes = key, run.tags[:0], run.ends[:0], run.marks[:0], run.prefixes[:0]
	run.prefixed, run.maxTag = false, 0
	run.sess, run.sessGen = r.sess, 0
	if r.sess != nil {
		run.sessGen = r.sess.gen
	}
}

// MarkLeaf gives the leaf NextLeaf has just read while recording the
// caller's mark, which PeekLeaves hands back for it; mark must not be
// negative except -1. It does nothing when r is not recording.
func (r *Reader) MarkLeaf(mark int) {
	if rec := &r.lrec; rec.on && len(rec.run.marks) > 0 && mark >= -1 {
		rec.run.marks[len(rec.run.marks)-1] = mark
	}
}

// recordLeaf records the leaf NextLeaf has just read, whose start tag is
// tag and element prefix prefix.
func (r *Reader) recordLeaf(tag []byte, prefix string) {
	rec := &r.lrec
	if len(r.stack)-1 != rec.depth {
		rec.on = false
		return
	}
	run := &rec.run
	c := tag[0]
	if c != recShortDictionaryElement && (c < recPrefixDictionaryElementA || c > recPrefixDictionaryElementA+25) ||
		len(run.ends) >= maxRunLeaves || len(run.tags)+len(tag) > maxRunBytes {
		rec.on = false
		return
	}
	run.tags = append(run.tags, tag...)
	run.ends = append(run.ends, len(run.tags))
	run.marks = append(run.marks, markUnset)
	run.prefixes = append(run.prefixes, prefix)
	run.prefixed = run.prefixed || prefix != ""
	run.maxTag = max(run.maxTag, len(tag))
}

// recordNode ends the recording at node k, read by Next, keeping the run
// when k is the recorded element's EndElement and every leaf is marked.
func (r *Reader) recordNode(k infoset.Kind) {
	rec := &r.lrec
	rec.on = false
	if k != infoset.EndElement || len(r.stack) != rec.depth || r.recStart+1 != r.pos ||
		r.buf[r.recStart] != recEndElement {
		return
	}
	for _, m := range rec.run.marks {
		if m == markUnset {
			return
		}
	}
	r.keepRun(&rec.run)
}

// keepRun stores a copy of run under its key.
func (r *Reader) keepRun(run *leafRun) {
	slot := -1
	for i := range r.runs {
		if r.runs[i].key == run.key {
			slot = i
			break
		}
	}
	if slot < 0 {
		if len(r.runs) < maxRuns {
			r.runs = append(r.runs, leafRun{})
			slot = len(r.runs) - 1
		} else {
			slot = r.nextRun
			r.nextRun = (r.nextRun + 1) % maxRuns
		}
	}
	k := &r.runs[slot]
	k.key = run.key
	k.tags = append(k.tags[:0], run.tags...)
	k.ends = append(k.ends[:0], run.ends...)
	k.marks = append(k.marks[:0], run.marks...)
	k.prefixes = append(k.prefixes[:0], run.prefixes...)
	k.prefixed, k.maxTag, k.sess, k.sessGen = run.prefixed, run.maxTag, run.sess, run.sessGen
	k.words = k.words[:0]
	prev := 0
	for _, end := range k.ends {
		k.words = append(k.words, tagWordOf(k.tags[prev:end]))
		prev = end
	}
}

// PeekLeaves reads the content of the element r is on (its StartElement,
// just read) when it is exactly the leaves kept under key, each with the
// same start tag and one text record that ends it (as NextLeaf reads it),
// then the element's EndElement; with the same quotas, and with session
// ids resolving to the strings they did. It returns each leaf's text and
// mark, valid until r reads on, without moving r: SkipLeaves then moves r
// on to the EndElement. Otherwise it reports false, and r reads on as if
// PeekLeaves had not been called.
func (r *Reader) PeekLeaves(key any) (texts []infoset.Text, marks []int, ok bool) {
	r.peek.ok = false
	if r.err != nil || r.src != nil || r.kind != infoset.StartElement || r.popOnNext || r.pendingEnd ||
		r.arr.active || len(r.stack) == 0 {
		return nil, nil, false
	}
	run := r.findRun(key)
	if run == nil || !r.runUsable(run) {
		return nil, nil, false
	}
	start, savedRec, savedStart := r.pos, r.rec, r.recStart
	ok = r.readRun(run)
	to := r.pos
	r.pos, r.rec, r.recStart = start, savedRec, savedStart
	if !ok {
		return nil, nil, false
	}
	r.peek.ok, r.peek.from, r.peek.to = true, start, to
	return r.peek.texts, run.marks, true
}

func (r *Reader) findRun(key any) *leafRun {
	for i := range r.runs {
		if r.runs[i].key == key {
			return &r.runs[i]
		}
	}
	return nil
}

// runUsable reports whether run's tags read as they did when it was kept:
// the same session, not reset or poisoned since, and quotas the tags meet.
func (r *Reader) runUsable(run *leafRun) bool {
	if !r.sameSession(run.sess, run.sessGen) {
		return false
	}
	if len(run.ends) > 0 && (len(r.stack) >= r.q.MaxDepth || run.maxTag > r.q.MaxBytesPerRead) {
		return false
	}
	if run.prefixed {
		for _, p := range run.prefixes {
			if _, ok := r.scope.Lookup(p); !ok {
				return false
			}
		}
	}
	return true
}

// readRun reads the leaves of run and the EndElement after them, moving
// r.pos; it reports whether they are there.
func (r *Reader) readRun(run *leafRun) bool {
	texts := r.peek.texts[:0]
	if cap(texts) < len(run.ends) {
		texts = make([]infoset.Text, 0, len(run.ends))
	}
	texts = texts[:len(run.ends)]
	r.peek.texts = texts
	r.scratch = r.scratch[:0]
	prev := 0
	for i, end := range run.ends {
		p, n := r.buf[r.pos:], end-prev
		if len(p) <= n {
			return false
		}
		if match, ok := run.words[i].at(r.buf, r.pos+n); !ok {
			if string(p[:n]) != string(run.tags[prev:end]) {
				return false
			}
		} else if !match {
			return false
		}
		prev = end
		tr := p[n] // the document goes on after the tag
		if !leafTextRecords[tr] {
			return false
		}
		r.pos += n
		r.recStart, r.rec = r.pos, tr
		r.pos++
		if tr == recInt8Text+1 && len(p) > n+1 { // the usual small number, inline
			r.pos++
			texts[i] = infoset.Int(int64(int8(p[n+1])))
			continue
		}
		if !r.leafText(tr, &texts[i]) {
			return false
		}
	}
	if r.pos >= len(r.buf) || r.buf[r.pos] != recEndElement {
		return false
	}
	r.pos++
	return true
}

// SkipLeaves moves r past the content PeekLeaves has just found, onto the
// element's EndElement, exactly as NextLeaf for each leaf and then Next
// would. It reports false, doing nothing, when r has read on since.
func (r *Reader) SkipLeaves() bool {
	p := &r.peek
	if !p.ok || r.pos != p.from || r.kind != infoset.StartElement || r.popOnNext || r.err != nil {
		return false
	}
	p.ok = false
	r.rawOnly = false
	r.pos = p.to
	r.recStart, r.rec = p.to-1, recEndElement
	if n := len(p.texts); n > 0 {
		r.clearAttrs()
		r.text = p.texts[n-1]
	}
	r.scratch = r.scratch[:0]
	r.lrec.on = false
	r.endElement()
	r.kind = infoset.EndElement
	return true
}

// leafText reads text record tr into t as readTextRecord would, with the
// integer records data contracts carry most read inline; false on error.
func (r *Reader) leafText(tr byte, t *infoset.Text) bool {
	p := r.buf[r.pos:]
	switch {
	case tr == recZeroText+1:
		*t = infoset.Int(0)
	case tr == recOneText+1:
		*t = infoset.Int(1)
	case tr == recInt8Text+1 && len(p) >= 1:
		r.pos++
		*t = infoset.Int(int64(int8(p[0])))
	case tr == recInt16Text+1 && len(p) >= 2:
		r.pos += 2
		*t = infoset.Int(int64(int16(binary.LittleEndian.Uint16(p))))
	case tr == recInt32Text+1 && len(p) >= 4:
		r.pos += 4
		*t = infoset.Int(int64(int32(binary.LittleEndian.Uint32(p))))
	default:
		var err error
		*t, err = r.readTextRecord(tr)
		return err == nil
	}
	return true
}
