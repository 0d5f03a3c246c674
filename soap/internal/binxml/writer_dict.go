package binxml

// Dictionary ids for names and dictionary strings: [MC-NBFS] static ids
// first, then [MC-NBFSE] session ids ([MC-NBFSE] 2.1; dotnet/wcf XmlBinaryWriter.cs).
//
// The writer looks up every name, so the static dictionary has its own
// open-addressing table here: a hash of the length and four sampled bytes
// (no pass over the string) and linear probing in a table kept under a
// quarter full; a hit compares the whole string.

import "unsafe"

const staticSlots = 2048 // a power of two, over 4× the dictionary size

// staticTable holds index+1 of each static string, 0 for an empty slot.
var staticTable = func() *[staticSlots]uint16 {
	var t [staticSlots]uint16
	for i, s := range staticStrings {
		if _, dup := fastStaticID(&t, s); dup {
			continue // keep the first id, as StaticID does
		}
		j := staticHash(s)
		for t[j] != 0 {
			j = (j + 1) & (staticSlots - 1)
		}
		t[j] = uint16(i + 1)
	}
	return &t
}()

func staticHash(s string) uint32 {
	n := uint32(len(s))
	if n == 0 {
		return 0
	}
	h := n * 0x9E3779B1
	h ^= uint32(s[0]) | uint32(s[n-1])<<8 | uint32(s[n/2])<<16 | uint32(s[n*3/4])<<24
	h *= 0x85EBCA6B
	h ^= h >> 16
	return h & (staticSlots - 1)
}

// fastStaticID is StaticID over table t.
func fastStaticID(t *[staticSlots]uint16, s string) (uint32, bool) {
	for j := staticHash(s); ; j = (j + 1) & (staticSlots - 1) {
		e := t[j]
		if e == 0 {
			return 0, false
		}
		if staticStrings[e-1] == s {
			return uint32(e-1) * 2, true
		}
	}
}

// dictID returns the static or session id of a name or dictionary string,
// adding it to the session when it is new and fits the quota.
func (w *Writer) dictID(s string) (uint32, bool) {
	set := w.ids.set(s)
	for i := range set {
		if set[i].s == s && s != "" && w.ids.valid(w.s) {
			return set[i].id, true
		}
	}
	if id, ok := fastStaticID(staticTable, s); ok {
		set.add(staticStrings[id/2], id)
		return id, true
	}
	if w.s != nil {
		id, ok := w.s.lookupOrAdd(s)
		if ok {
			set.add(w.s.strs[id>>1], id)
		}
		return id, ok
	}
	return 0, false
}

// idCache remembers the ids of the strings dictID found last, so that the
// names a writer sends again and again (a contract's element names, the
// actions and addresses of its messages) cost a string comparison instead
// of a hash lookup. A string's entry is looked for in a set of two chosen
// by the address of its bytes (the same literal or struct tag each time),
// but it holds the dictionary's or the session's own copy and matches by
// content, so a caller's string whose buffer has since been reused never
// finds a wrong id. Session ids are valid for one session until it drops
// strings (rollback), so the cache is emptied when the session or its
// generation changes.
type idCache struct {
	sets [idSets]idSet
	sess *WriteSession
	gen  uint32
}

const (
	idBits = 5
	idSets = 1 << idBits
)

// idSet holds two entries, the most recently added first.
type idSet [2]idEntry

type idEntry struct {
	s  string // the static dictionary's or the session's copy
	id uint32
}

// set is the set of s.
func (c *idCache) set(s string) *idSet {
	h := uint64(uintptr(unsafe.Pointer(unsafe.StringData(s)))) * 0x9E3779B97F4A7C15
	return &c.sets[h>>(64-idBits)]
}

// add makes s the set's first entry, keeping the previous first.
func (e *idSet) add(s string, id uint32) {
	e[1] = e[0]
	e[0] = idEntry{s, id}
}

// valid reports whether the entries hold for session s, emptying the
// cache (and taking s on) when not.
func (c *idCache) valid(s *WriteSession) bool {
	if c.sess == s && (s == nil || s.gen == c.gen) {
		return true
	}
	c.sets = [idSets]idSet{}
	c.sess = s
	if s != nil {
		c.gen = s.gen
	}
	return false
}
