// The host's service throttle: WCF's ServiceThrottle
// (System.ServiceModel/System/ServiceModel/Dispatcher/ServiceThrottle.cs),
// MaxConcurrentSessions and MaxConcurrentCalls across every endpoint of a
// host. A session over the throttle waits, unacknowledged, until another
// session ends (WCF's ListenerHandler acquires the session throttle after
// accepting a channel and opens it, which sends the Preamble Ack, only once
// it holds a slot); a call over the throttle waits, received but not
// dispatched, until another call returns.

package servicemodel

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// DefaultMaxConcurrentSessions is WCF's MaxConcurrentSessions default since
// .NET 4.5: 100 per processor (ServiceThrottle.DefaultMaxConcurrentSessionsCpuCount).
func DefaultMaxConcurrentSessions() int { return 100 * runtime.NumCPU() }

// DefaultMaxConcurrentCalls is WCF's MaxConcurrentCalls default since .NET
// 4.5: 16 per processor (ServiceThrottle.DefaultMaxConcurrentCallsCpuCount).
func DefaultMaxConcurrentCalls() int { return 16 * runtime.NumCPU() }

// HostStats is a snapshot of a host's admission counters: its throttle and
// its net.tcp listeners.
type HostStats struct {
	// Sessions is the sessions holding a MaxConcurrentSessions slot, and
	// Calls the operations holding a MaxConcurrentCalls slot.
	Sessions, Calls int
	// QueuedSessions is the sessions waiting for admission: preamble
	// complete, waiting for an accept (in a listener) or for a session slot.
	QueuedSessions int
	// QueuedCalls is the calls received and waiting for a call slot.
	QueuedCalls int
	// SessionWaits and CallWaits count the sessions and calls that had to
	// wait for a slot.
	SessionWaits, CallWaits uint64
	// PendingConnections is the net.tcp connections accepted and not yet
	// handed to an endpoint (at most MaxPendingConnections per port).
	PendingConnections int
	// RefusedConnections counts net.tcp connections answered with a framing
	// fault at the preamble, ServerTooBusy included.
	RefusedConnections uint64
	// AcceptPauses counts the times a net.tcp listener stopped accepting at
	// MaxPendingConnections (further clients wait in the kernel's backlog).
	AcceptPauses uint64
}

// throttle is one of the host's bounds: at most max holders; the others
// wait in arrival order. The zero value is not usable; use newThrottle.
type throttle struct {
	waits  atomic.Uint64 // acquisitions that had to wait
	queued atomic.Int64  // waiting now

	mu sync.Mutex
	// mu guards following
	held, max int
	waiters   []chan struct{} // FIFO; a slot is handed over by closing
}

func newThrottle(max int) *throttle { return &throttle{max: max} }

// acquire takes a slot, waiting until one is released or done is closed;
// false then.
func (t *throttle) acquire(done <-chan struct{}) bool {
	t.mu.Lock()
	if t.held < t.max {
		t.held++
		t.mu.Unlock()
		return true
	}
	w := make(chan struct{})
	t.waiters = append(t.waiters, w)
	t.mu.Unlock()
	t.waits.Add(1)
	t.queued.Add(1)
	defer t.queued.Add(-1)
	select {
	case <-w:
		return true
	case <-done:
	}
	t.mu.Lock()
	for i, x := range t.waiters {
		if x == w {
			t.waiters = append(t.waiters[:i], t.waiters[i+1:]...)
			t.mu.Unlock()
			return false
		}
	}
	t.mu.Unlock()
	t.release() // handed over as done closed: pass it on
	return false
}

// release gives a slot back: to the first waiter, if any.
func (t *throttle) release() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.waiters) > 0 {
		w := t.waiters[0]
		t.waiters[0] = nil
		t.waiters = t.waiters[1:]
		close(w)
		return
	}
	t.held--
}

// holders returns the slots held.
func (t *throttle) holders() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.held
}
