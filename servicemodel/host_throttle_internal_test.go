package servicemodel

import (
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
)

// Waiters are served in arrival order, and a newcomer does not take a
// released slot from them.
func TestThrottleFIFO(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		th := newThrottle(1)
		never := make(chan struct{})
		if !th.acquire(never) {
			t.Fatal("first acquire failed")
		}
		var order []int
		var mu sync.Mutex
		for i := range 3 {
			go func() {
				if th.acquire(never) {
					mu.Lock()
					order = append(order, i)
					mu.Unlock()
				}
			}()
			synctest.Wait() // queued before the next
		}
		if n := th.queued.Load(); n != 3 {
			t.Fatalf("%d queued, want 3", n)
		}
		for want := range 3 {
			th.release()
			synctest.Wait()
			if th.acquire(closedChan) { // a newcomer, giving up at once
				t.Fatal("a newcomer took a slot while others waited")
			}
			mu.Lock()
			if len(order) != want+1 || order[want] != want {
				t.Fatalf("served %v after %d releases, want 0…%d in order", order, want+1, want)
			}
			mu.Unlock()
		}
		th.release()
		if h := th.holders(); h != 0 {
			t.Fatalf("after the last release: %d holders", h)
		}
	})
}

// A waiter that gives up leaves no slot owed: the next acquire still waits
// for a release, and one release serves it.
func TestThrottleWithdrawnWaiter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		th := newThrottle(1)
		never := make(chan struct{})
		th.acquire(never)
		done := make(chan struct{})
		got := make(chan bool)
		go func() { got <- th.acquire(done) }()
		synctest.Wait()
		close(done)
		if <-got {
			t.Fatal("acquire with its done closed succeeded with no slot free")
		}
		if th.acquire(closedChan) {
			t.Fatal("a slot was free after a waiter withdrew")
		}
		go func() { got <- th.acquire(never) }()
		synctest.Wait()
		th.release()
		if !<-got {
			t.Fatal("acquire after release failed")
		}
		if h := th.holders(); h != 1 {
			t.Fatalf("%d holders, want 1", h)
		}
	})
}

// Many acquirers, some giving up, against the bound: never more than max
// holders at once, every acquire either served or withdrawn, and nothing
// owed or held once all are done. A waiter that gives up as a release
// hands it the slot must pass the slot on, and one that withdraws must
// not leave a slot owed to nobody (an atomic fast path for the free slot,
// tried for the per-call cost, lost a slot that way).
func TestThrottleBoundUnderContention(t *testing.T) {
	for _, max := range []int{1, 3, 8} {
		th := newThrottle(max)
		var holding, peak atomic.Int64
		var served, withdrawn atomic.Int64
		var wg sync.WaitGroup
		const workers, rounds = 16, 300
		for w := range workers {
			wg.Go(func() {
				r := rand.New(rand.NewPCG(uint64(w), uint64(max)))
				for range rounds {
					done := make(chan struct{})
					if r.IntN(4) == 0 {
						close(done) // gives up unless a slot is free or handed at once
					}
					if !th.acquire(done) {
						withdrawn.Add(1)
						continue
					}
					served.Add(1)
					n := holding.Add(1)
					for {
						p := peak.Load()
						if n <= p || peak.CompareAndSwap(p, n) {
							break
						}
					}
					if n > int64(max) {
						t.Errorf("max %d: %d holders at once", max, n)
					}
					if r.IntN(2) == 0 {
						letOthersRun()
					}
					holding.Add(-1)
					th.release()
				}
			})
		}
		wg.Wait()
		if served.Load()+withdrawn.Load() != workers*rounds {
			t.Errorf("max %d: %d served + %d withdrawn, want %d", max, served.Load(), withdrawn.Load(), workers*rounds)
		}
		th.mu.Lock()
		held, q := th.held, len(th.waiters)
		th.mu.Unlock()
		if held != 0 || q != 0 || th.queued.Load() != 0 {
			t.Errorf("max %d: left %d held, %d waiters, %d queued", max, held, q, th.queued.Load())
		}
		if !th.acquire(closedChan) {
			t.Errorf("max %d: no slot free once all were released", max)
		}
	}
}

// letOthersRun lets other goroutines run (a goroutine started and waited
// for) while a slot is held.
func letOthersRun() {
	var wg sync.WaitGroup
	wg.Go(func() {})
	wg.Wait()
}
