// The state machine shared by the service proxy and the service host: one
// mutex, every change of state through setLocked, and waiters woken by a
// channel that is closed on each change (WWSAPI WS_SERVICE_PROXY_STATE and
// WS_SERVICE_HOST_STATE transitions).

package servicemodel

import (
	"context"
	"slices"
	"sync"
)

// stateMachine holds the State of a proxy or host. Every change goes through
// setLocked under mu; readers take a snapshot with State and wait for the next
// change on the channel returned by Changed. The zero value is not usable;
// use newStateMachine.
type stateMachine struct {
	mu sync.Mutex
	// mu guards following
	state   State
	changed chan struct{} // closed and replaced on every change of state
}

// newStateMachine returns a state machine in the initial state.
func newStateMachine(initial State) *stateMachine {
	return &stateMachine{state: initial, changed: make(chan struct{})}
}

// State returns the current state.
func (m *stateMachine) State() State {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.state
}

// Changed returns a channel that is closed at the next change of state. Take
// it before reading State to not miss a change:
//
//	ch := m.Changed(); if m.State() != want { <-ch }
func (m *stateMachine) Changed() <-chan struct{} {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.changed
}

// Transition moves to `to` if the current state is one of from, and returns
// the state it found and whether it moved. An empty from means any state but
// a terminal one, so a wildcard transition (a channel fault, say) never leaves
// Closed; leaving Closed needs Closed named in from. Moving to the current
// state is allowed and wakes no one.
func (m *stateMachine) Transition(from []State, to State) (State, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	cur := m.state
	if len(from) == 0 && cur.Terminal() || len(from) != 0 && !slices.Contains(from, cur) {
		return cur, false
	}
	m.setLocked(to)
	return cur, true
}

// Begin looks up what method may do in the current state in rules and, if it
// is allowed, moves to the rule's Via state, all under one lock so no other
// transition slips in between. It returns the state it found and the rule;
// when rule.Err is non-nil nothing changed.
func (m *stateMachine) Begin(rules *ruleTable, meth method) (State, rule) {
	m.mu.Lock()
	defer m.mu.Unlock()
	cur := m.state
	r := rules.lookup(meth, cur)
	if r.Err == nil {
		m.setLocked(r.Via)
	}
	return cur, r
}

// BeginHeld is Begin for an owner that makes every change of state under
// a lock of its own, and holds it: the state cannot change meanwhile, so
// it is read without m's lock, which is taken only to change it.
func (m *stateMachine) BeginHeld(rules *ruleTable, meth method) (State, rule) {
	cur := m.state
	r := rules.lookup(meth, cur)
	if r.Err == nil && r.Via != cur {
		m.mu.Lock()
		m.setLocked(r.Via)
		m.mu.Unlock()
	}
	return cur, r
}

// WaitFor blocks until the state is one of states, and returns it, or returns
// the current state and ctx.Err() if ctx ends first.
func (m *stateMachine) WaitFor(ctx context.Context, states ...State) (State, error) {
	for {
		m.mu.Lock()
		cur, ch := m.state, m.changed
		m.mu.Unlock()
		if slices.Contains(states, cur) {
			return cur, nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return cur, ctx.Err()
		}
	}
}

// setLocked is the one place the state changes. m.mu must be held.
func (m *stateMachine) setLocked(to State) {
	if to == m.state {
		return
	}
	m.state = to
	close(m.changed)
	m.changed = make(chan struct{})
}
