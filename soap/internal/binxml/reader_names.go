package binxml

import "fmt"

// Interning of inline names ([MC-NBFX] 2.1.3 Name fields), bounded by
// Quotas.MaxNameTableCharCount. Repeated names cost a map lookup and no
// allocation; the table survives Reset so a reused Reader stops allocating
// once it has seen a service's names.

type nameEntry struct {
	s   string
	gen uint32 // document that last counted s against the quota
}

// resetNames starts a new document's quota count; an oversized table is
// dropped so that a long-lived Reader stays bounded.
func (r *Reader) resetNames() {
	r.gen++
	r.nameBytes = 0
	r.asciiSeen = [2]uint64{}
	if r.names == nil || r.tableSize > 4*r.q.MaxNameTableCharCount {
		r.names, r.tableSize = make(map[string]nameEntry), 0
	}
}

// intern returns b as a string, allocating only the first time it is seen.
func (r *Reader) intern(b []byte) (string, error) {
	e, ok := r.names[string(b)]
	if ok && e.gen == r.gen {
		return e.s, nil
	}
	if r.nameBytes+len(b) > r.q.MaxNameTableCharCount {
		return "", r.quota("MaxNameTableCharCount", r.q.MaxNameTableCharCount)
	}
	r.nameBytes += len(b)
	if !ok {
		e.s = string(b)
		r.tableSize += len(b)
	}
	e.gen = r.gen
	r.names[e.s] = e
	return e.s, nil
}

// asciiNames holds every one-byte ASCII name, so that the one-letter
// prefixes WCF writes (s, a, i, …) need no map lookup.
var asciiNames = func() (t [128]string) {
	for i := range t {
		t[i] = string(rune(i))
	}
	return t
}()

// internASCII is intern for the one-byte name c (below 0x80). It counts c
// against MaxNameTableCharCount once per document, as intern does.
func (r *Reader) internASCII(c byte) (string, error) {
	w, bit := &r.asciiSeen[c>>6], uint64(1)<<(c&63)
	if *w&bit == 0 {
		if r.nameBytes+1 > r.q.MaxNameTableCharCount {
			return "", r.quota("MaxNameTableCharCount", r.q.MaxNameTableCharCount)
		}
		r.nameBytes++
		*w |= bit
	}
	return asciiNames[c], nil
}

func sprintfID(format string, rec byte, id uint32) string { return fmt.Sprintf(format, rec, id) }
