package nbfx

// Dictionary ids for names and dictionary strings: [MC-NBFS] static ids
// first, then [MC-NBFSE] session ids (wire.md §2.6, §4).
//
// The writer looks up every name, so the static dictionary has its own
// open-addressing table here: a hash of the length and four sampled bytes
// (no pass over the string) and linear probing in a table kept under a
// quarter full; a hit compares the whole string.

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
	if id, ok := fastStaticID(staticTable, s); ok {
		return id, true
	}
	if w.s != nil {
		return w.s.lookupOrAdd(s)
	}
	return 0, false
}
