package binxml

// Reading a whole leaf element at once: a start tag without attributes
// followed by one text record that ends the element, the shape
// DataContractSerializer gives every simple member (<a>2</a> is
// 42 id 89 02). The body codec reads such members with one call instead
// of three nodes.

import "github.com/wwsgo/wws/soap/infoset"

// NextLeaf reads the next element when it is a leaf: an element record
// with no attribute records, directly followed by one text record with
// EndElement (the odd form), inside an open element. r then stands on the
// leaf's EndElement, with its Name, its Text and no Attrs, exactly as after
// the three calls of Next that read its StartElement, CharData and
// EndElement, and NextLeaf reports true.
//
// Otherwise NextLeaf reports false and r reads on as it would have: the
// caller goes on with Next, which gives the general path's node or error
// (every input that would meet an error or a quota is left to it). The
// values Name, Attrs and Text handed out may have been invalidated, and
// when r was on an EndElement that element may have been closed, as Next
// does first.
func (r *Reader) NextLeaf() bool {
	r.rawOnly = false
	open := len(r.stack)
	if r.popOnNext {
		open-- // the last EndElement is closed first, as by Next
	}
	if r.err != nil || r.src != nil || r.pendingEnd || r.arr.active || open == 0 || open >= r.q.MaxDepth ||
		r.pos >= len(r.buf) {
		return false
	}
	start, savedRec, savedStart := r.pos, r.rec, r.recStart
	undo := func() bool {
		r.pos, r.rec, r.recStart, r.tagLimit = start, savedRec, savedStart, 0
		return false
	}
	rec := r.buf[start]
	if rec < recShortElement || rec > recPrefixElementA+25 {
		return false
	}
	// The name as readStartTag reads it, within MaxBytesPerRead.
	r.recStart, r.rec, r.tagLimit = start, rec, start+r.q.MaxBytesPerRead
	r.pos++
	prefix, local, err := r.readElementName(rec)
	r.tagLimit = 0
	if err != nil || r.pos >= len(r.buf) || r.pos > start+r.q.MaxBytesPerRead {
		return undo()
	}
	// The text record that ends the element: an odd text record other than
	// the list ones (lists are left to the general path).
	tr := r.buf[r.pos]
	if tr&1 == 0 || tr < recZeroText || tr > recQNameDictionaryText+1 ||
		tr == recStartListText+1 || tr == recEndListText+1 {
		return undo()
	}
	tagEnd := r.pos
	r.scratch = r.scratch[:0]
	r.recStart, r.rec = r.pos, tr
	r.pos++
	t, err := r.readTextRecord(tr)
	if err != nil {
		return undo() // Next reads the start tag again and meets the error
	}
	if r.popOnNext {
		r.closeElement() // the leaf is not the root: rootDone stays false
	}
	// The prefix resolves once the last EndElement's bindings are gone.
	ns, ok := r.scope.Lookup(prefix)
	if !ok {
		return undo()
	}
	r.name = infoset.Name{Prefix: prefix, Local: local, Space: ns}
	r.scope.Push()
	r.stack = append(r.stack, r.name)
	r.clearAttrs()
	r.text = t
	r.kind = infoset.EndElement
	r.popOnNext = true
	if r.lrec.on {
		r.recordLeaf(r.buf[start:tagEnd], prefix)
	}
	return true
}
