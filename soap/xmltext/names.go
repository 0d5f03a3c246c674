package xmltext

// The reader's name table (System.Xml NameTable; WCF quota
// MaxNameTableCharCount of XmlDictionaryReaderQuotas).

// nameTable interns element and attribute names, prefixes and namespace
// URIs, like System.Xml's NameTable, so that a reused Reader hands out the
// same strings without allocating. MaxNameTableCharCount bounds the bytes a
// single document may add; the table is emptied on Reset once it holds more
// than that, so it never grows beyond twice the quota.
type nameTable struct {
	cache [256]string // direct-mapped front of m, indexed by cacheSlot
	m     map[string]string
	total int // bytes held by m
	added int // bytes added by the current document
	limit int
}

func (t *nameTable) reset(limit int) {
	if t.m == nil {
		t.m = make(map[string]string, 64)
	}
	if t.total > limit {
		clear(t.m)
		t.cache = [256]string{}
		t.total = 0
	}
	t.added, t.limit = 0, limit
}

// intern returns b as a string, allocating only the first time it is seen.
// It reports false when adding b would exceed the quota.
func (t *nameTable) intern(b []byte) (string, bool) {
	slot := &t.cache[cacheSlot(b)]
	if *slot == string(b) {
		return *slot, true
	}
	if s, ok := t.m[string(b)]; ok {
		*slot = s
		return s, true
	}
	if t.added+len(b) > t.limit {
		return "", false
	}
	s := string(b)
	t.m[s] = s
	*slot = s
	t.added += len(b)
	t.total += len(b)
	return s, true
}

// intern interns b found at offset off, or fails with a quota error.
func (r *Reader) intern(off int, b []byte) (string, error) {
	if len(b) == 0 {
		return "", nil
	}
	s, ok := r.names.intern(b)
	if !ok {
		return "", r.quotaErr(off, "MaxNameTableCharCount", r.q.MaxNameTableCharCount)
	}
	return s, nil
}

// cacheSlot is a cheap hash of a non-empty name.
func cacheSlot(b []byte) uint8 {
	return uint8(len(b)*7) ^ b[0] ^ b[len(b)-1]<<3 ^ b[len(b)/2]<<1
}
