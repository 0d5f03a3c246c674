package binxml

// Remembering one start tag from document to document. A session-encoded
// message names its body element by session ids that stay the same for
// the whole session (<Add xmlns="http://tempuri.org/"> is 42 id 0A id in
// every request), so a reader that has read such a tag once can read it
// again by its bytes with NextRaw, as it reads the envelope's own tags.

import "github.com/wwsgo/wws/soap/infoset"

// maxMemoBytes bounds the tags RememberStart keeps.
const maxMemoBytes = 32

// tagMemo is a start tag kept by RememberStart: its bytes, the dictionary
// strings its ids resolved to, and the RawStart NextRaw reads it with.
type tagMemo struct {
	ok    bool
	ids   []memoID
	tag   RawTag
	start RawStart
	sess  *ReadSession // the session the ids resolved in, and its generation
	gen   uint64
}

type memoID struct {
	id uint32
	s  string
}

// RememberStart keeps the start tag r has just read with Next, so that
// NextRemembered can read the same tag again, in this document or a later
// one. Only a tag made of dictionary names whose element's prefix is
// declared by the tag itself is kept: an element record 0x42 or 0x44–0x5D,
// then namespace declaration records 0x0A or 0x0B (one-letter prefixes,
// each declared once), nothing else. Any other tag, or r not on the
// StartElement of such a tag just read by Next from a []byte document,
// keeps nothing: when r was on such a StartElement, the earlier memo is
// dropped, else it stays.
func (r *Reader) RememberStart() {
	if r.err != nil || r.src != nil || r.kind != infoset.StartElement || r.tagStart < 0 ||
		r.tagEnd != r.pos || r.tagEnd-r.tagStart > maxMemoBytes {
		return
	}
	b := r.buf[r.tagStart:r.tagEnd]
	m := &r.memo
	m.ok = false // its storage is reused below
	r.memoGen++
	ids := m.ids[:0]
	decls := m.tag.Decls[:0]
	// The element record.
	var prefix string
	switch c := b[0]; {
	case c == recShortDictionaryElement:
	case c >= recPrefixDictionaryElementA && c <= recPrefixDictionaryElementA+25:
		prefix = readPrefixes[c-recPrefixDictionaryElementA]
	default:
		return
	}
	id, n, err := ReadMB31(b[1:])
	if err != nil || n == 0 {
		return
	}
	local, ok := r.DictString(id)
	if !ok {
		return
	}
	ids = append(ids, memoID{id, local})
	space, declared := "", false
	for i := 1 + n; i < len(b); {
		var p string
		switch c := b[i]; {
		case c == recShortDictionaryXmlnsAttribute:
			i++
		case c == recDictionaryXmlnsAttribute && i+2 < len(b) && b[i+1] == 1 && b[i+2] >= 'a' && b[i+2] <= 'z':
			p = readPrefixes[b[i+2]-'a']
			i += 3
		default:
			return
		}
		id, n, err := ReadMB31(b[i:])
		if err != nil || n == 0 {
			return
		}
		i += n
		ns, ok := r.DictString(id)
		if !ok || (p != "" && ns == "") {
			return
		}
		for _, d := range decls {
			if d.Prefix == p {
				return // declared twice
			}
		}
		ids = append(ids, memoID{id, ns})
		decls = append(decls, RawDecl{Prefix: p, NS: ns})
		if p == prefix {
			space, declared = ns, true
		}
	}
	name := infoset.Name{Prefix: prefix, Local: local, Space: space}
	if !declared || r.name != name {
		return
	}
	m.ok = true
	m.ids = ids
	m.tag.Bytes = append(m.tag.Bytes[:0], b...)
	m.tag.Decls = decls
	m.start.tag, m.start.name = &m.tag, name
	m.start.attrs = m.start.attrs[:0]
	for _, d := range decls {
		m.start.attrs = append(m.start.attrs, infoset.XmlnsAttr(d.Prefix, d.NS))
	}
	m.start.prepare()
	m.sess, m.gen = r.sess, 0
	if r.sess != nil {
		m.gen = r.sess.gen
	}
}

// NextRemembered reads the start tag RememberStart kept, as Next would,
// when the document continues with exactly its bytes and its dictionary
// ids resolve to the strings they did then; see NextRaw, whose rules and
// result it shares. Otherwise it reports false, doing nothing, and the
// caller reads on with Next.
func (r *Reader) NextRemembered() bool {
	m := &r.memo
	if !m.ok {
		return false
	}
	if !r.sameSession(m.sess, m.gen) {
		if !m.idsResolve(r) {
			return false
		}
	}
	return r.NextRaw(&m.start)
}

// sameSession reports whether r reads with session s, at generation gen
// and not poisoned: every id that resolved in s then resolves to the same
// string now, as a session only grows until Reset.
func (r *Reader) sameSession(s *ReadSession, gen uint64) bool {
	return r.sess == s && (s == nil || s.gen == gen && s.err == nil)
}

// idsResolve reports whether the memo's ids resolve in r as they did.
func (m *tagMemo) idsResolve(r *Reader) bool {
	for _, e := range m.ids {
		if s, ok := r.DictString(e.id); !ok || s != e.s {
			return false
		}
	}
	return true
}

// ForgetStart drops the start tag RememberStart kept.
func (r *Reader) ForgetStart() { r.memo.ok, r.memoGen = false, r.memoGen+1 }
