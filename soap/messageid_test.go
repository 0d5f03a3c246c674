package soap

import (
	"regexp"
	"sync"
	"testing"
)

// NewMessageID draws from a block of random bytes: identifiers stay
// unique and version 4 across refills of the block and from many
// goroutines at once.
func TestNewMessageIDAcrossBlocks(t *testing.T) {
	const goroutines, each = 4, 3 * randomBlockSize / 16
	v4 := regexp.MustCompile(`^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	ids := make(chan MessageID, goroutines*each)
	var wg sync.WaitGroup
	for range goroutines {
		wg.Go(func() {
			for range each {
				ids <- NewMessageID()
			}
		})
	}
	wg.Wait()
	close(ids)
	seen := make(map[string]bool)
	for id := range ids {
		s := id.String()
		if !v4.MatchString(s) {
			t.Fatalf("NewMessageID = %q, want a version-4 urn:uuid", s)
		}
		if seen[s] {
			t.Fatalf("NewMessageID repeated %q", s)
		}
		seen[s] = true
	}
}
