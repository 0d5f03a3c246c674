package binxml

// Access to the raw bytes after the current node, for callers that
// recognise a fixed run of records faster than the Reader can walk them
// (as WCF's MessagePatterns recognise the usual addressing headers in a
// binary message, and build the message without reading them node by node).

import (
	"encoding/binary"
	"math/bits"

	"github.com/wwsgo/wws/soap/infoset"
)

// Quotas returns the quotas r enforces, defaults filled in.
func (r *Reader) Quotas() Quotas { return r.q }

// DictString resolves a dictionary string id as a record of r's document
// would: even ids in the [MC-NBFS] static dictionary, odd ids in r's
// session.
func (r *Reader) DictString(id uint32) (string, bool) {
	if id&1 == 0 {
		if k := id / 2; k < uint32(len(staticStrings)) {
			return staticStrings[k], true
		}
	} else if s := r.sess; s != nil && s.err == nil {
		if k := id >> 1; k < uint32(len(s.strs)) {
			return s.strs[k], true
		}
	}
	return "", false // as StaticString and ReadSession.Lookup
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

// Skip discards the next n bytes of Unread, which the caller has checked
// as the package's Skip invariant requires (doc.go): r then stands where
// Next would have left it after their last EndElement, on the same node as
// before. Skip reports false, doing nothing, when r cannot skip from here.
func (r *Reader) Skip(n int) bool {
	if !r.canSkip() || n < 0 || n > len(r.buf)-r.pos {
		return false
	}
	if r.rawOnly {
		if r.nskips < len(r.skips) {
			r.skips[r.nskips] = span{r.pos, r.pos + n}
			r.nskips++
		} else {
			r.rawOnly = false
		}
	}
	r.pos += n
	r.lrec.on = false
	return true
}

// canSkip reports whether the next node starts with the record at r.pos
// and the document is held whole: r is on a StartElement that no text
// record ended, outside an Array.
func (r *Reader) canSkip() bool {
	return r.err == nil && r.src == nil && r.kind == infoset.StartElement && !r.popOnNext &&
		!r.pendingEnd && !r.arr.active
}

// RawStart is a start tag NextRaw can read: the bytes of a RawTag whose
// attribute records are only the namespace declarations of its Decls (one
// letter or empty prefixes), with the element's resolved name.
type RawStart struct {
	tag   *RawTag
	name  infoset.Name
	attrs []infoset.Attr // the declarations, as Attrs reports them

	// Worked out by prepare from tag and name, for NextRaw.
	selfBound bool              // tag declares name's prefix
	prefixes  [2]uint64         // the one-letter prefixes tag declares, as asciiSeen bits
	binds     []infoset.Binding // tag's declarations, for the scope
	words     rawWords          // tag's bytes, when at most 16
	end       tagWord           // tag's bytes, when at most 8
}

// prepare works out what NextRaw needs to know of s.tag and s.name.
func (s *RawStart) prepare() {
	s.selfBound, s.prefixes, s.binds = false, [2]uint64{}, s.binds[:0]
	for _, d := range s.tag.Decls {
		if d.Prefix == s.name.Prefix {
			s.selfBound = true
		}
		if d.Prefix != "" {
			c := d.Prefix[0]
			s.prefixes[c>>6] |= 1 << (c & 63)
		}
		s.binds = append(s.binds, infoset.Binding{Prefix: d.Prefix, NS: d.NS})
	}
	s.words = rawWordsOf(s.tag.Bytes)
	s.end = tagWordOf(s.tag.Bytes)
}

// rawWords holds a tag of at most 16 bytes as two little-endian words
// and the masks of its bytes in them, so that NextRaw compares it with two
// loads where 16 bytes of the document are at hand.
type rawWords struct {
	ok     bool
	w0, w1 uint64
	m0, m1 uint64
}

func rawWordsOf(b []byte) rawWords {
	if len(b) == 0 || len(b) > 16 {
		return rawWords{}
	}
	var buf [16]byte
	copy(buf[:], b)
	var mask [16]byte
	for i := range b {
		mask[i] = 0xFF
	}
	return rawWords{
		ok: true,
		w0: binary.LittleEndian.Uint64(buf[:]), w1: binary.LittleEndian.Uint64(buf[8:]),
		m0: binary.LittleEndian.Uint64(mask[:]), m1: binary.LittleEndian.Uint64(mask[8:]),
	}
}

// startsWith reports whether b[pos:] starts with the tag s reads, which
// it is not longer than.
func (s *RawStart) startsWith(b []byte, pos int) bool {
	if match, ok := s.end.at(b, pos+len(s.tag.Bytes)); ok {
		return match
	}
	p := b[pos:]
	if w := &s.words; w.ok && len(p) >= 16 {
		return binary.LittleEndian.Uint64(p)&w.m0 == w.w0 && binary.LittleEndian.Uint64(p[8:])&w.m1 == w.w1
	}
	return string(p[:len(s.tag.Bytes)]) == string(s.tag.Bytes)
}

// NewRawStart returns the RawStart of t, whose element is name. It panics
// when t does not fit NextRaw: a prefix of more than one ASCII letter, or
// name's prefix bound by t to another namespace.
func NewRawStart(t *RawTag, name infoset.Name) *RawStart {
	s := &RawStart{tag: t, name: name}
	for _, d := range t.Decls {
		if len(d.Prefix) > 1 || len(d.Prefix) == 1 && d.Prefix[0] >= 0x80 || d.Prefix == name.Prefix && d.NS != name.Space {
			panic("nbfx: NewRawStart: unsupported declaration of " + d.Prefix)
		}
		s.attrs = append(s.attrs, infoset.XmlnsAttr(d.Prefix, d.NS))
	}
	s.prepare()
	return s
}

// NextRaw reads the start tag s as Next would, when the document continues
// with exactly its bytes and its element's prefix is bound to its namespace
// (by its own declarations or in the current scope). r then stands on the
// element's StartElement, with the declarations as its attributes, exactly
// as after Next. NextRaw reports false, doing nothing, when the document
// goes on otherwise, when Next would not simply read the tag (after an
// EndElement, inside an Array, with a stream source) or when reading it
// would meet a quota; the caller then reads on with Next, which gives the
// general path's node or error.
//
// It spares the record walk and name resolution of start tags that never
// change, as WCF's binary message reader does for the envelope.
func (r *Reader) NextRaw(s *RawStart) bool {
	t := s.tag
	n := len(t.Bytes)
	if r.err != nil || r.src != nil || r.popOnNext || r.pendingEnd || r.arr.active || r.rootDone ||
		len(r.stack) >= r.q.MaxDepth || n > r.q.MaxBytesPerRead || len(r.buf)-r.pos <= n ||
		!s.startsWith(r.buf, r.pos) {
		return false
	}
	// The tag must end where t does: a further attribute record would
	// belong to it. (A tag at the very end of the input is left to Next,
	// which reports the truncation.)
	if c := r.buf[r.pos+n]; c >= recShortAttribute && c < recShortElement {
		return false
	}
	if !s.selfBound {
		if ns, ok := r.scope.Lookup(s.name.Prefix); !ok || ns != s.name.Space {
			return false
		}
	}
	if !r.chargePrefixes(s.prefixes) {
		return false // Next meets the same quota
	}
	r.scratch = r.scratch[:0]
	r.recStart, r.rec = r.pos, t.Bytes[0]
	r.tagStart, r.tagEnd = -1, -1
	r.pos += n
	r.scope.PushBindings(s.binds)
	// Lend r the declarations as its Attrs; the next tag read takes r's
	// own storage back (clearAttrs).
	if !r.lent {
		r.attrBuf, r.lent = r.attrs, true
	}
	r.attrs = s.attrs[:len(s.attrs):len(s.attrs)]
	r.name = s.name
	r.stack = append(r.stack, s.name)
	r.kind = infoset.StartElement
	r.lrec.on = false
	return true
}

// chargePrefixes counts the one-letter names in set that this document
// has not interned yet against MaxNameTableCharCount, as internASCII does
// for each; it reports false, counting nothing, when they do not fit.
func (r *Reader) chargePrefixes(set [2]uint64) bool {
	n0, n1 := set[0]&^r.asciiSeen[0], set[1]&^r.asciiSeen[1]
	if n0|n1 == 0 {
		return true
	}
	n := bits.OnesCount64(n0) + bits.OnesCount64(n1)
	if r.nameBytes+n > r.q.MaxNameTableCharCount {
		return false
	}
	r.nameBytes += n
	r.asciiSeen[0] |= n0
	r.asciiSeen[1] |= n1
	return true
}

// DictMark identifies the strings a Reader's dictionary ids resolve to:
// while DictMark returns an equal mark, every id DictString resolved
// before resolves to the same string (a session only grows until its
// Reset).
type DictMark struct {
	sess *ReadSession
	gen  uint64
}

// DictMark returns r's mark; false when r's session is poisoned, so that
// its ids resolve to nothing.
func (r *Reader) DictMark() (DictMark, bool) {
	s := r.sess
	if s == nil {
		return DictMark{}, true
	}
	return DictMark{s, s.gen}, s.err == nil
}
