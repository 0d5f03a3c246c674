package binxml

// Replaying records: a caller that writes the same elements message after
// message (the addressing headers of one operation, the start tags of one
// body type) may keep the records one message produced and write them
// again as bytes, when nothing in them depends on that message's session
// strings. The result, and the state the Writer is left in, are those of
// the calls that produced the records.

// A Mark is a position in the message being written; see Writer.Mark.
type Mark struct {
	off, depth int
	clean      bool // no namespace declarations waiting for a start tag to close
}

// Mark returns the current position, for Since.
func (w *Writer) Mark() Mark {
	return Mark{off: len(w.dst) - w.start, depth: w.depth, clean: len(w.decls) == 0}
}

// Offset is the number of record bytes of the message before m.
func (m Mark) Offset() int { return m.off }

// Since returns the records written since m (valid until the next write),
// and whether WriteRecords may write them again, in a later message of
// the same session, at a position with the same namespace bindings in
// scope: true when no error was recorded, the elements opened since m are
// closed, no text waits to be folded into an end element, and the message
// has so far added no string to the session.
func (w *Writer) Since(m Mark) ([]byte, bool) {
	b := w.dst[w.start+m.off:]
	ok := w.err == nil && !w.done && m.clean && w.depth == m.depth && !w.inStart &&
		w.textOff < 0 && (w.s == nil || w.s.settled())
	return b, ok
}

// WriteRecords writes records that Since reported replayable, as the
// calls that wrote them would: the caller promises the same session and
// the same namespace bindings in scope as when they were written.
func (w *Writer) WriteRecords(b []byte) {
	if !w.ok() {
		return
	}
	w.closeStart()
	w.textOff = -1
	w.dst = append(w.dst, b...)
}

// FinalTag returns the start tag StartElement(prefix, local, ns) writes
// for an element with no attributes, declaring prefix as ns when declare
// is set (the caller knows prefix is not bound to ns in scope where the
// tag is used) and declaring nothing otherwise (prefix is bound to ns).
// ok is false when a name's encoding is not settled for the rest of the
// session (see WriteSession.finalID) or the name is invalid; the tag is
// then to be written the general way. A tag is valid only on this Writer
// and its session, under the name filter it had when made.
func (w *Writer) FinalTag(prefix, local, ns string, declare bool) (RawTag, bool) {
	if local == "" || prefix == "xmlns" || prefix == "xml" || len(prefix) > maxInt31 || len(local) > maxInt31 ||
		(declare && prefix != "" && ns == "") {
		return RawTag{}, false
	}
	id, dict, ok := w.finalNameID(local, ns)
	if !ok {
		return RawTag{}, false
	}
	t := RawTag{Bytes: appendNamedRecord(nil, prefix, local, id, dict,
		recShortElement, recElement, recPrefixDictionaryElementA, recPrefixElementA)}
	if declare {
		if id, dict, ok = w.finalNameID(ns, ns); !ok {
			return RawTag{}, false
		}
		t.Bytes = appendXmlnsRecord(t.Bytes, prefix, ns, id, dict)
		t.Decls = []RawDecl{{Prefix: prefix, NS: ns}}
	}
	return t, true
}

// finalNameID is nameID for FinalTag: the id s will have for the rest of
// the session, found without side effects.
func (w *Writer) finalNameID(s, ns string) (id uint32, dict, ok bool) {
	if w.names != nil && !w.names(ns) {
		return 0, false, true
	}
	if id, ok := fastStaticID(staticTable, s); ok {
		return id, true, true
	}
	if w.s == nil {
		return 0, false, true
	}
	return w.s.finalID(s)
}
