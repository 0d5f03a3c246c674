package kerberos

import (
	"crypto/sha256"
	"sync"
	"time"
)

// ReplayCache remembers the authenticators an acceptor has taken (RFC 4120
// 3.2.3), by a hash of their ciphertext, until they are too old to pass
// the clock-skew check anyway. It is safe for concurrent use and meant to
// be shared by the connections of one host. Its size is bounded: when
// Max entries are live, new authenticators are refused (the host is being
// flooded faster than entries expire). The zero value is ready, with Max
// 1<<20.
type ReplayCache struct {
	// Max bounds the entries; 0 means 1<<20.
	Max int

	mu      sync.Mutex // guards the fields below
	entries map[[sha256.Size]byte]time.Time
	next    time.Time // earliest time a purge can free entries
}

// check records the authenticator ciphertext ct, valid until expires; it
// reports false for one seen before (or when the cache is full).
func (r *ReplayCache) check(ct []byte, now, expires time.Time) bool {
	key := sha256.Sum256(ct)
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.entries == nil {
		r.entries = make(map[[sha256.Size]byte]time.Time)
	}
	if exp, ok := r.entries[key]; ok && now.Before(exp) {
		return false
	}
	maxEntries := r.Max
	if maxEntries == 0 {
		maxEntries = 1 << 20
	}
	if len(r.entries) >= maxEntries/2 && !now.Before(r.next) {
		r.next = now.Add(time.Second) // purge at most once a second
		for k, exp := range r.entries {
			if !now.Before(exp) {
				delete(r.entries, k)
			}
		}
	}
	if len(r.entries) >= maxEntries {
		return false
	}
	r.entries[key] = expires
	return true
}
