package nbfx

// Access to the raw bytes after the current node, for callers that
// recognise a fixed run of records faster than the Reader can walk them
// (as WCF's MessagePatterns recognise the usual addressing headers in a
// binary message, and build the message without reading them node by node).

import "github.com/wwsgo/wws/soap/infoset"

// Quotas returns the quotas r enforces, defaults filled in.
func (r *Reader) Quotas() Quotas { return r.q }

// DictString resolves a dictionary string id as a record of r's document
// would: even ids in the [MC-NBFS] static dictionary, odd ids in r's
// session.
func (r *Reader) DictString(id uint32) (string, bool) {
	if id&1 == 0 {
		return StaticString(id)
	}
	if r.sess == nil {
		return "", false
	}
	return r.sess.Lookup(id)
}

// Unread returns the bytes of the document after the current node that r
// holds, or nil when r cannot skip from here (see Skip). For a Reader over
// a []byte document that is the rest of the document. The slice must not
// be modified.
func (r *Reader) Unread() []byte {
	if !r.canSkip() {
		return nil
	}
	return r.buf[r.pos:]
}

// Skip discards the next n bytes of Unread. The caller must have checked
// that they are whole records forming complete elements, that they
// declare no namespace and hold no inline name, and that reading them
// would have met every quota (MaxDepth, MaxBytesPerRead,
// MaxStringContentLength, defined dictionary ids): r then stands where
// Next would have left it after their last EndElement, on the same node as
// before. Skip reports false, doing nothing, when r cannot skip from here.
func (r *Reader) Skip(n int) bool {
	if !r.canSkip() || n < 0 || n > len(r.buf)-r.pos {
		return false
	}
	r.pos += n
	return true
}

// canSkip reports whether the next node starts with the record at r.pos
// and the document is held whole: r is on a StartElement that no text
// record ended, outside an Array.
func (r *Reader) canSkip() bool {
	return r.err == nil && r.src == nil && r.kind == infoset.StartElement && !r.popOnNext &&
		!r.pendingEnd && !r.arr.active
}
