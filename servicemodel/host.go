// The service host: WWSAPI's WS_SERVICE_HOST with WsCreateServiceHost,
// WsOpenServiceHost, WsCloseServiceHost, WsAbortServiceHost and
// WsResetServiceHost, its states following hostRules (state_rules.go).

package servicemodel

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"slices"
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
	// Metadata, when set, answers GET ?wsdl, ?singleWsdl and the parts
	// ?wsdl=wsdlN, ?xsd=xsdN on the HTTP endpoints with the documents of
	// the set it writes for their contract (metadata.HTTPGet: WSDL 1.1
	// and XML Schema, as WCF). Nil, those queries get 405 like any
	// other GET: as in WCF, where a service publishes metadata only with
	// a ServiceMetadataBehavior whose HttpGetEnabled is set.
	Metadata MetadataFunc
	// MetadataExchange, when set, adds to each endpoint a
	// WS-MetadataExchange endpoint at its address + "/mex"
	// (MetadataExchangeAddress) that answers WS-Transfer Get with the
	// documents Metadata writes for the contract: metadata.MEX is WCF's
	// IMetadataExchange (metadata_exchange.go). It needs Metadata. Nil, no
	// MEX endpoint: as in WCF, where a service has one only when it adds
	// it.
	MetadataExchange MetadataExchangeFunc

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
	// Logger receives the host's changes of state and the faults of its
	// channels (Debug), and an Abort that cancelled calls or a Close that
	// had to abort sessions (Warn); never a line per call. nil means none.
	Logger *slog.Logger

	// Windows verifies the clients of endpoints whose binding's Security
	// asks for Windows credentials (Kerberos keytab, NTLM user file).
	Windows *WindowsServiceCredential
}

// Host listens on its endpoints and dispatches the messages it receives to
// their contracts' operations. Its methods are safe for concurrent use.
type Host struct {
	sm        *stateMachine
	endpoints []*Endpoint
	opts      HostOptions
	log       *slog.Logger

	mu sync.Mutex
	// mu guards following
	run  *hostRun // the current Open's listeners and channels; nil in Created
	prev *hostRun // the run before Reset, until Open saw its calls return
}

// NewHost returns a host in state Created for the endpoints. opts may be
// nil for the defaults.
func NewHost(opts *HostOptions, endpoints ...*Endpoint) (*Host, error) {
	if len(endpoints) == 0 {
		return nil, fmt.Errorf("%w: a host needs an endpoint", ErrInvalidEndpoint)
	}
	for _, ep := range endpoints {
		if err := ep.check(); err != nil {
			return nil, err
		}
	}
	var o HostOptions
	if opts != nil {
		o = *opts
	}
	if o.MaxConcurrentSessions < 0 || o.MaxConcurrentCalls < 0 || o.MaxPendingConnections < 0 {
		return nil, fmt.Errorf("%w: negative host limit", ErrInvalidEndpoint)
	}
	if o.CloseTimeout <= 0 {
		o.CloseTimeout = DefaultCloseTimeout
	}
	o.MaxConcurrentSessions = orDefault(o.MaxConcurrentSessions, DefaultMaxConcurrentSessions())
	o.MaxConcurrentCalls = orDefault(o.MaxConcurrentCalls, DefaultMaxConcurrentCalls())
	o.Logger = loggerOrDiscard(o.Logger)
	h := &Host{sm: newStateMachine(Created), endpoints: endpoints, opts: o, log: o.Logger}
	if o.MetadataExchange != nil {
		mex, err := h.metadataExchangeEndpoints(endpoints)
		if err != nil {
			return nil, err
		}
		h.endpoints = slices.Concat(endpoints, mex)
	}
	return h, nil
}

// State returns the host's current state.
func (h *Host) State() State { return h.sm.State() }

// Open creates and starts the listener of every endpoint, and only then
// accepts channels on any of them (WsOpenServiceHost). A failure aborts the
// listeners already made and leaves the host Faulted; an Abort during Open
// makes it return ErrAborted.
func (h *Host) Open(ctx context.Context) error {
	prior, r := h.sm.Begin(&hostRules, methodOpen)
	if r.Err != nil {
		return r.Err
	}
	h.logState(prior, Opening)
	if err := h.awaitPrev(ctx); err != nil {
		return err
	}
	run := newHostRun(h)
	h.mu.Lock()
	h.run = run
	h.mu.Unlock()
	if err := run.listen(ctx); err != nil {
		run.abort()
		run.wait()
		if _, ok := h.sm.Transition([]State{Opening}, Faulted); ok {
			h.logState(Opening, Faulted, slog.Any("error", err))
		}
		return err
	}
	if _, ok := h.sm.Transition([]State{Opening}, Open); !ok {
		run.abort() // Abort came first; it may have missed listeners
		run.wait()
		return ErrAborted
	}
	h.logState(Opening, Open)
	run.startAccepting()
	return nil
}

// Close stops every listener, lets the calls under way finish and closes
// every session channel with the close handshake once its calls are done
// (WsCloseServiceHost; host_close_sessions.go): a net.tcp client sees the
// host's End record.
// After HostOptions.CloseTimeout, or when ctx ends first, it aborts what is
// left and returns ErrTimedOut or ctx's error. The host ends Closed either
// way. Close of a Created host just retires it.
//
// Close waits for the calls under way to return, as WsAbortServiceHost
// says the runtime does after an abort, until ctx ends: Close of a host
// that Abort faulted returns once the aborted calls have returned, and an
// operation that ignores its context holds Close until ctx ends. Calls
// still running then are not lost: their free-state callbacks run when
// they return, and the next Open waits for them. An operation must not
// call Close without a bounded ctx, as Close would wait for it.
func (h *Host) Close(ctx context.Context) error {
	prior, r := h.sm.Begin(&hostRules, methodClose)
	if r.Err != nil || prior == Closed {
		return r.Err
	}
	h.logState(prior, Closing)
	err := h.drain(ctx)
	if _, ok := h.sm.Transition([]State{Closing}, Closed); !ok && err == nil {
		err = ErrAborted // Abort cut the close short
	} else if ok {
		h.logState(Closing, Closed, errAttr(err))
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
	h.logAbort(run, "service host close timed out; aborting the channels left")
	run.abort()
	select {
	case <-run.finished():
	case <-ctx.Done():
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return ErrTimedOut
}

// Abort aborts every listener and channel of the host and cancels every
// call under way with cancel.HostAbort, running the operations' cancel
// callbacks (WsAbortServiceHost), and returns at once: it does no I/O and
// does not wait for the calls, so an operation may call it. The calls
// return when their operations do, and each one's free-state callback
// runs then, exactly once. Close waits for them ("the runtime still waits
// for the call to complete"), as does the Open after the next Reset.
// Abort never fails and is idempotent.
func (h *Host) Abort() {
	prior, r := h.sm.Begin(&hostRules, methodAbort)
	h.logState(prior, r.To)
	if run := h.current(); run != nil {
		h.logAbort(run, "service host aborted with channels open")
		run.abort()
	}
}

// Reset returns a Closed host to Created so it can be opened again
// (WsResetServiceHost); in any other state it fails with
// ErrInvalidOperation. Reset does not wait: calls of the last opening
// that an Abort, or a Close cut short, left running are waited for by the
// next Open.
func (h *Host) Reset() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, r := h.sm.Begin(&hostRules, methodReset); r.Err != nil {
		return r.Err
	}
	h.logState(Closed, Created)
	if h.run != nil {
		// An Open that has a run has seen h.prev's calls return.
		h.prev = h.run
	}
	h.run = nil
	return nil
}

// awaitPrev is the start of Open, in Opening: it waits for the calls of
// the opening before Reset to return, so that a host never runs the calls
// of two openings at once (WsAbortServiceHost: "the runtime still waits
// for the call to complete"). An Abort meanwhile fails Open with
// ErrAborted; ctx ending first fails it with ctx's error, Faulted.
func (h *Host) awaitPrev(ctx context.Context) error {
	h.mu.Lock()
	prev := h.prev
	h.mu.Unlock()
	if prev == nil {
		return nil
	}
	changed := h.sm.Changed() // in Opening, only Abort changes the state
	if h.sm.State() != Opening {
		return ErrAborted
	}
	select {
	case <-prev.finished(): // Closed, so its accept loops have stopped
	case <-changed:
		return ErrAborted
	case <-ctx.Done():
		if _, ok := h.sm.Transition([]State{Opening}, Faulted); ok {
			h.logState(Opening, Faulted, slog.Any("error", ctx.Err()))
		}
		return ctx.Err()
	}
	h.mu.Lock()
	h.prev = nil
	h.mu.Unlock()
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

// Endpoints returns the host's endpoints: those given to NewHost, then
// the MEX endpoints HostOptions.MetadataExchange added, in that order.
func (h *Host) Endpoints() []*Endpoint { return h.endpoints }

func (h *Host) current() *hostRun {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.run
}

// logState logs a change of state at Debug.
func (h *Host) logState(from, to State, attrs ...slog.Attr) {
	if from == to || !h.log.Enabled(context.Background(), slog.LevelDebug) {
		return
	}
	attrs = append(attrs, slog.String("from", from.String()), slog.String("to", to.String()))
	h.log.LogAttrs(context.Background(), slog.LevelDebug, "service host state", attrs...)
}

// logAbort logs, at Warn, an abort of run that cuts short the channels
// still open, and with them their calls; an abort with none, or a second
// one, is not worth a warning.
func (h *Host) logAbort(run *hostRun, msg string) {
	if !h.log.Enabled(context.Background(), slog.LevelWarn) {
		return
	}
	run.mu.Lock()
	aborted, open := run.aborted, len(run.channels)
	run.mu.Unlock()
	if aborted || open == 0 {
		return
	}
	h.log.LogAttrs(context.Background(), slog.LevelWarn, msg, slog.Int("channels", open))
}

// errAttr is an "error" attribute, or an empty one (which slog drops)
// for nil.
func errAttr(err error) slog.Attr {
	if err == nil {
		return slog.Attr{}
	}
	return slog.Any("error", err)
}
