// The live calls of a channel or a host, so that a channel fault cancels the
// channel's calls (WS_SERVICE_CHANNEL_FAULTED) and WsAbortServiceHost cancels
// every call (WS_SERVICE_HOST_ABORT).

package cancel

import "sync"

// Group tracks live calls so they can be cancelled together: a host keeps one
// for all its calls, and each channel one for the calls that arrived on it; a
// call may be in several groups. Calls leave their groups on Complete. Once
// CancelAll has been called the group stays cancelled: calls added later are
// cancelled at once with the first reason. The zero value is an empty group
// ready to use; a Group must not be copied after first use.
type Group struct {
	mu sync.Mutex
	// mu guards following, and the links of the calls' places in the group
	head      *member // the group's calls, through their places in it
	n         int
	cancelled bool
	reason    Reason // the first CancelAll's reason, once cancelled
}

// member is a call's place in a group: a list through the calls
// themselves, so that a call joins and leaves a group without hashing or
// allocating.
type member struct {
	c          *Call
	g          *Group
	prev, next *member // in g's list, under g.mu
}

// Add puts c in the group, cancelling it at once if the group is cancelled.
// It returns false, and does nothing, if c has completed.
func (g *Group) Add(c *Call) bool {
	c.mu.Lock()
	if c.completed {
		c.mu.Unlock()
		return false
	}
	m := c.joinLocked(g)
	g.mu.Lock() // lock order: Call.mu, then Group.mu
	if m != nil {
		m.prev, m.next = nil, g.head
		if g.head != nil {
			g.head.prev = m
		}
		g.head = m
		g.n++
	}
	cancelled, reason := g.cancelled, g.reason
	g.mu.Unlock()
	c.mu.Unlock()
	if cancelled {
		c.Cancel(reason)
	}
	return true
}

// CancelAll cancels every call in the group for reason, and every call added
// from now on for the reason of the first CancelAll. It does not wait for
// cancel callbacks or for the calls to complete.
func (g *Group) CancelAll(reason Reason) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.cancelled {
		g.cancelled, g.reason = true, reason
	}
	for m := g.head; m != nil; m = m.next {
		m.c.Cancel(reason) // only cancels a context: never blocks, never takes c.mu
	}
}

// Len returns the number of calls in the group that have not completed.
func (g *Group) Len() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.n
}

// leave takes a completed call's place out of its group. Each place
// leaves once: Release runs once.
func (m *member) leave() {
	g := m.g
	g.mu.Lock()
	if m.prev != nil {
		m.prev.next = m.next
	} else {
		g.head = m.next
	}
	if m.next != nil {
		m.next.prev = m.prev
	}
	m.prev, m.next = nil, nil
	g.n--
	g.mu.Unlock()
}
