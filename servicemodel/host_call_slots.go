// The MaxConcurrency bound of a host channel (WS_SERVICE_ENDPOINT
// MaxConcurrency): at most so many of the channel's operations run at
// once.

package servicemodel

import "sync/atomic"

// callSlots are the slots of a channel's running operations. One
// goroutine at a time takes slots (the receive loop's owner); any
// goroutine gives them back. A free slot is taken and given back with one
// atomic add each: no channel operation is on a call's way. The zero
// value is not usable; use init.
type callSlots struct {
	max   int64
	used  atomic.Int64  // slots held, plus one while the taker waits
	freed chan struct{} // a slot handed over to the waiting taker
}

func (s *callSlots) init(n int) {
	s.max = int64(n)
	s.freed = make(chan struct{}, 1)
}

// take takes a slot, waiting until one is given back or done is closed;
// false then. Once take has failed no slot may be taken any more (the
// loop ends): the count keeps the withdrawn wait.
func (s *callSlots) take(done <-chan struct{}) bool {
	if s.used.Add(1) <= s.max {
		return true
	}
	select {
	case <-s.freed:
		return true
	case <-done:
		return false
	}
}

// put gives a slot back, to the taker if it waits. It never blocks: with
// one taker, one wait at most is owed a slot.
func (s *callSlots) put() {
	if s.used.Add(-1) < s.max {
		return
	}
	select {
	case s.freed <- struct{}{}:
	default:
	}
}
