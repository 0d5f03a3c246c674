// The counters of one endpoint and the registry of all of them.

package climetrics

import (
	"sync"

	"sync/atomic"
	"time"

	"github.com/wwsgo/wws/servicemodel"
)

// Buckets are the upper bounds, in seconds, of the latency histogram.
var Buckets = []float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// Endpoint holds the counters of one endpoint. Its methods are safe for
// concurrent use and do not allocate.
type Endpoint struct {
	name     string
	calls    atomic.Uint64
	faults   atomic.Uint64
	sessions atomic.Int64
	buckets  []atomic.Uint64 // len(Buckets)+1, the last is +Inf
	sumNanos atomic.Uint64
}

// Observe records one finished call.
func (e *Endpoint) Observe(d time.Duration, fault bool) {
	e.calls.Add(1)
	if fault {
		e.faults.Add(1)
	}
	s := d.Seconds()
	i := 0
	for i < len(Buckets) && s > Buckets[i] {
		i++
	}
	e.buckets[i].Add(1)
	e.sumNanos.Add(uint64(max(d, 0)))
}

// SessionOpened and SessionClosed move the open-sessions gauge.
func (e *Endpoint) SessionOpened() { e.sessions.Add(1) }

// SessionClosed is the counterpart of SessionOpened.
func (e *Endpoint) SessionClosed() { e.sessions.Add(-1) }

// Calls returns the calls observed so far.
func (e *Endpoint) Calls() uint64 { return e.calls.Load() }

// Faults returns the fault replies observed so far.
func (e *Endpoint) Faults() uint64 { return e.faults.Load() }

// Sessions returns the open sessions.
func (e *Endpoint) Sessions() int64 { return e.sessions.Load() }

// Registry holds the endpoints' counters in registration order, and the
// source of the host's admission counters.
type Registry struct {
	mu sync.Mutex
	// mu guards following
	endpoints []*Endpoint
	host      func() servicemodel.HostStats
}

// SetHost makes stats the source of the host-wide series (throttle,
// pending and refused connections); nil removes them.
func (r *Registry) SetHost(stats func() servicemodel.HostStats) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.host = stats
}

// hostStats returns the host's counters, and false without a source.
func (r *Registry) hostStats() (servicemodel.HostStats, bool) {
	r.mu.Lock()
	f := r.host
	r.mu.Unlock()
	if f == nil {
		return servicemodel.HostStats{}, false
	}
	return f(), true
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry { return &Registry{} }

// Endpoint returns the counters of the endpoint named name (its address),
// creating them on first use.
func (r *Registry) Endpoint(name string) *Endpoint {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, e := range r.endpoints {
		if e.name == name {
			return e
		}
	}
	e := &Endpoint{name: name, buckets: make([]atomic.Uint64, len(Buckets)+1)}
	r.endpoints = append(r.endpoints, e)
	return e
}

// Calls returns the calls observed on every endpoint so far.
func (r *Registry) Calls() uint64 {
	var n uint64
	for _, e := range r.snapshot() {
		n += e.Calls()
	}
	return n
}

// snapshot returns the endpoints.
func (r *Registry) snapshot() []*Endpoint {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]*Endpoint(nil), r.endpoints...)
}
