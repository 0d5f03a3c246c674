package servicemodel

import (
	"sync"
	"sync/atomic"
	"time"
)

// A sweeper does periodic checks that would otherwise need a runtime timer
// per call: the proxy's call timeouts and the host's handoff of slow
// inline operations. Arming or moving a timer wakes an idle thread to
// watch it (runtime wakeNetPoller), which costs a loopback call a good
// part of its latency; a sweeper's one timer is re-armed only by itself,
// once a period, and only while there is work to look at.

// sweepIdleTicks is how many ticks without work a sweeper makes before it
// stops; the next kick restarts it.
const sweepIdleTicks = 32

type sweeper struct {
	period time.Duration
	sweep  func() (busy bool) // one tick's work; reports whether there is work left to watch
	busy   func() bool        // whether there is work, without acting

	running atomic.Bool
	idle    atomic.Int32 // ticks in a row without work
	mu      sync.Mutex   // mu guards following
	timer   *time.Timer
	stopped bool
}

func newSweeper(period time.Duration, sweep func() bool, busy func() bool) *sweeper {
	return &sweeper{period: period, sweep: sweep, busy: busy}
}

// kick makes sure the sweeper runs. It costs an atomic load when it does.
func (s *sweeper) kick() {
	if s.running.Load() || !s.running.CompareAndSwap(false, true) {
		return
	}
	s.idle.Store(0)
	s.arm()
}

func (s *sweeper) arm() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		return
	}
	if s.timer == nil {
		s.timer = time.AfterFunc(s.period, s.tick)
		return
	}
	s.timer.Reset(s.period)
}

func (s *sweeper) tick() {
	if s.sweep() {
		s.idle.Store(0)
	} else if s.idle.Add(1) >= sweepIdleTicks {
		s.running.Store(false)
		// A kick since the sweep saw running and did nothing: look again.
		if !s.busy() || !s.running.CompareAndSwap(false, true) {
			return
		}
		s.idle.Store(0)
	}
	s.arm()
}

// stop stops the sweeper for good.
func (s *sweeper) stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stopped = true
	if s.timer != nil {
		s.timer.Stop()
	}
}
