package servicemodel

import (
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

func TestCallSlotsWaitForPut(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var s callSlots
		s.init(2)
		never := make(chan struct{})
		for i := range 2 {
			if !s.take(never) {
				t.Fatalf("take %d of 2 failed", i+1)
			}
		}
		got := make(chan bool)
		go func() { got <- s.take(never) }()
		synctest.Wait() // the third take is blocked, or has returned
		select {
		case <-got:
			t.Fatal("third take of 2 slots did not wait")
		default:
		}
		s.put()
		if !<-got {
			t.Fatal("take after put failed")
		}
	})
}

func TestCallSlotsTakeEndsWithDone(t *testing.T) {
	var s callSlots
	s.init(1)
	done := make(chan struct{})
	if !s.take(done) {
		t.Fatal("first take failed")
	}
	close(done)
	if s.take(done) {
		t.Fatal("take with no slot free and done closed succeeded")
	}
	put := make(chan struct{})
	go func() { s.put(); close(put) }() // owed to nobody: must not block
	select {
	case <-put:
	case <-time.After(5 * time.Second):
		t.Fatal("put after a failed take blocked")
	}
}

// One taker, many givers: never more than max slots held at once, and
// every take is served.
func TestCallSlotsBound(t *testing.T) {
	for _, max := range []int{1, 2, 4} {
		var s callSlots
		s.init(max)
		var held, peak atomic.Int64
		var wg sync.WaitGroup
		never := make(chan struct{})
		for range 2000 {
			if !s.take(never) {
				t.Fatal("take failed")
			}
			n := held.Add(1)
			for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
			}
			wg.Go(func() {
				held.Add(-1)
				s.put()
			})
		}
		wg.Wait()
		if p := peak.Load(); p > int64(max) {
			t.Errorf("max %d: %d slots held at once", max, p)
		}
		if u := s.used.Load(); u != 0 {
			t.Errorf("max %d: %d slots held at the end, want 0", max, u)
		}
	}
}
