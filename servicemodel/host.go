// The service host: WWSAPI's WS_SERVICE_HOST with WsCreateServiceHost,
// WsOpenServiceHost, WsCloseServiceHost, WsAbortServiceHost and
// WsResetServiceHost, its states following hostRules (state_rules.go).

package servicemodel

import (
	"context"
	"fmt"
	"net"
	"sync"
	"time"
)

// DefaultCloseTimeout bounds Host.Close when HostOptions.CloseTimeout is 0.
const DefaultCloseTimeout = 5 * time.Second

// HostOptions configure a Host.
type HostOptions struct {
	// CloseTimeout bounds how long Close waits for session clients to
	// close before it aborts what is left; 0 means DefaultCloseTimeout.
	CloseTimeout time.Duration
	// Metadata, when set, answers GET ?wsdl and ?singleWsdl on the HTTP
	// endpoints with the document it writes for their contract
	// (metadata.HTTPGet: WSDL 1.1). Nil, those queries get 405 like any
	// other GET: as in WCF, where a service publishes metadata only with
	// a ServiceMetadataBehavior whose HttpGetEnabled is set.
	Metadata MetadataFunc

	// IncludeExceptionDetailInFaults sends the text of an operation's
	// error (and an ExceptionDetail) in InternalServiceFault. Off, the
	// fault discloses nothing, as WCF's default.
	IncludeExceptionDetailInFaults bool

	// MaxConcurrentSessions bounds the sessions (net.tcp channels) open at
	// once across the host's endpoints, WCF's ServiceThrottle property;
	// 0 means DefaultMaxConcurrentSessions (100 × CPUs). A session over the
	// bound waits, its Preamble Ack not sent, until another ends; past the
	// listener's queue timeout (1 min) it is refused with ServerTooBusy.
	MaxConcurrentSessions int
	// MaxConcurrentCalls bounds the operations running at once across the
	// host, WCF's ServiceThrottle property; 0 means
	// DefaultMaxConcurrentCalls (16 × CPUs). A call over the bound waits,
	// received and not dispatched, until another returns.
	MaxConcurrentCalls int
	// MaxPendingConnections bounds, per net.tcp port, the connections
	// accepted and not yet handed to an endpoint, for the endpoints whose
	// NetTCPBinding.MaxConnections is 0; 0 means 12 × CPUs. At the bound
	// the host stops accepting: clients wait in the kernel's backlog.
	MaxPendingConnections int
}

// Host listens on its endpoints and dispatches the messages it receives to
// their contracts' operations. Its methods are safe for concurrent use.
type Host struct {
	sm        *stateMachine
	endpoints []*Endpoint
	opts      HostOptions

	mu sync.Mutex
	// mu guards following
	run *hostRun // the current Open's listeners and channels; nil in Created
}

// NewHost returns a host in state Created for the endpoints.
func NewHost(opts HostOptions, endpoints ...*Endpoint) (*Host, error) {
	if len(endpoints) == 0 {
		return nil, fmt.Errorf("%w: a host needs an endpoint", ErrInvalidEndpoint)
	}
	for _, ep := range endpoints {
		if err := ep.check(); err != nil {
			return nil, err
		}
	}
	if opts.CloseTimeout <= 0 {
		opts.CloseTimeout = DefaultCloseTimeout
	}
	if opts.MaxConcurrentSessions < 0 || opts.MaxConcurrentCalls < 0 || opts.MaxPendingConnections < 0 {
		return nil, fmt.Errorf("%w: negative host limit", ErrInvalidEndpoint)
	}
	opts.MaxConcurrentSessions = orDefault(opts.MaxConcurrentSessions, DefaultMaxConcurrentSessions())
	opts.MaxConcurrentCalls = orDefault(opts.MaxConcurrentCalls, DefaultMaxConcurrentCalls())
	return &Host{sm: newStateMachine(Created), endpoints: endpoints, opts: opts}, nil
}

// State returns the host's current state.
func (h *Host) State() State { return h.sm.State() }

// Open creates and starts the listener of every endpoint, and only then
// accepts channels on any of them (WsOpenServiceHost). A failure aborts the
// listeners already made and leaves the host Faulted; an Abort during Open
// makes it return ErrAborted.
func (h *Host) Open(ctx context.Context) error {
	if _, r := h.sm.Begin(&hostRules, methodOpen); r.Err != nil {
		return r.Err
	}
	run := newHostRun(h)
	h.mu.Lock()
	h.run = run
	h.mu.Unlock()
	if err := run.listen(ctx); err != nil {
		run.abort()
		run.wait()
		h.sm.Transition([]State{Opening}, Faulted)
		return err
	}
	if _, ok := h.sm.Transition([]State{Opening}, Open); !ok {
		run.abort() // Abort came first; it may have missed listeners
		run.wait()
		return ErrAborted
	}
	run.startAccepting()
	return nil
}

// Close stops every listener, lets the calls under way finish and closes
// every session channel with the close handshake once its calls are done
// (WsCloseServiceHost; host_close_sessions.go): a net.tcp client sees the
// host's End record.
// After HostOptions.CloseTimeout, or when ctx ends first, it aborts what is
// left, still waits for the calls to return, and returns ErrTimedOut or
// ctx's error. The host ends Closed either way. Close of a Created or
// Faulted host just retires it.
func (h *Host) Close(ctx context.Context) error {
	prior, r := h.sm.Begin(&hostRules, methodClose)
	if r.Err != nil || prior == Closed {
		return r.Err
	}
	err := h.drain(ctx)
	if _, ok := h.sm.Transition([]State{Closing}, Closed); !ok && err == nil {
		err = ErrAborted // Abort cut the close short
	}
	return err
}

// drain is the waiting part of Close.
func (h *Host) drain(ctx context.Context) error {
	run := h.current()
	if run == nil {
		return nil
	}
	run.stopAccepting()
	run.closeSessions()
	tctx, cancel := context.WithTimeout(ctx, h.opts.CloseTimeout)
	defer cancel()
	select {
	case <-run.finished():
		return nil
	case <-tctx.Done():
	}
	run.abort()
	run.wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	return ErrTimedOut
}

// Abort aborts every listener and channel of the host and cancels every
// call under way with cancel.HostAbort, running the operations' cancel
// callbacks; then it waits for the calls to return (WsAbortServiceHost).
// An operation must therefore not call Abort itself. Abort never fails.
func (h *Host) Abort() {
	h.sm.Begin(&hostRules, methodAbort)
	if run := h.current(); run != nil {
		run.abort()
		run.wait()
	}
}

// Reset returns a Closed host to Created so it can be opened again
// (WsResetServiceHost); in any other state it fails with
// ErrInvalidOperation.
func (h *Host) Reset() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, r := h.sm.Begin(&hostRules, methodReset); r.Err != nil {
		return r.Err
	}
	h.run = nil
	return nil
}

// Addrs returns the listening address of each endpoint, in endpoint
// order, from Open until Reset; nil before.
func (h *Host) Addrs() []net.Addr {
	if run := h.current(); run != nil {
		return run.addrs()
	}
	return nil
}

// Stats returns the host's admission counters: those of the current run
// (from Open until Reset), zero before.
func (h *Host) Stats() HostStats {
	run := h.current()
	if run == nil {
		return HostStats{}
	}
	return run.stats()
}

// Endpoints returns the host's endpoints.
func (h *Host) Endpoints() []*Endpoint { return h.endpoints }

func (h *Host) current() *hostRun {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.run
}
