// The service proxy: WWSAPI's WS_SERVICE_PROXY ("Service Proxy",
// WsCreateServiceProxy, WsGetServiceProxyProperty), the client side of the
// service model. Its life cycle is proxyRules (state_rules.go); Open is in
// proxy_open.go, Call in proxy_call.go, Close, Abort and Reset in
// proxy_close.go, pending calls and AbandonCall in proxy_pending.go.

package servicemodel

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wwsgo/wws/soap"
)

// ServiceProxy is a client of one service endpoint: it opens a channel
// with a Binding, turns calls of a Contract's operations into messages on
// that channel, and follows WWSAPI's service proxy states (Created,
// Opening, Open, Closing, Closed, Faulted).
//
// Its methods are safe for concurrent use; many goroutines may Call at
// once over the one channel (session) it opens. Errors carry the WWSAPI
// sentinels of this package (test them with errors.Is), with the cause
// kept (see Error and MapError).
type ServiceProxy struct {
	binding  Binding
	contract *Contract
	opts     ProxyOptions
	log      *slog.Logger
	version  soap.MessageVersion
	replyTo  *soap.EndpointReference // anonymous ReplyTo shared by requests
	sm       *stateMachine

	mu sync.Mutex
	// mu guards following. It is taken before sm's lock: every sm.Begin
	// runs under mu, so a state change and the fields below change together.
	address    string        // the opened address (wsa:To)
	ch         ClientChannel // nil unless Open or Closing
	stopWatch  chan struct{} // closed to stop the watcher of ch
	opening    *openAttempt  // the Open under way, nil otherwise
	pending    callList      // calls whose I/O has not ended
	idle       chan struct{} // closed when pending empties; nil if no one waits
	closeAbort chan struct{} // closed by Abort to cut a running Close short

	timeouts *sweeper // ends the calls past their CallTimeout

	spare atomic.Pointer[proxyCall] // the next call, made while one waits for its reply

	lastOp atomic.Pointer[Operation] // the operation Call resolved last
}

// NewServiceProxy creates a proxy, in state Created, for calls of c over
// channels of b (WsCreateServiceProxy). opts may be nil for the defaults.
func NewServiceProxy(b Binding, c *Contract, opts *ProxyOptions) (*ServiceProxy, error) {
	if b == nil || c == nil {
		return nil, errors.New("servicemodel: NewServiceProxy needs a binding and a contract")
	}
	var o ProxyOptions
	if opts != nil {
		o = *opts
	}
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	v := b.MessageVersion()
	p := &ServiceProxy{binding: b, contract: c, opts: o, log: o.Logger, version: v,
		sm: newStateMachine(Created)}
	if v.Addressing != soap.AddressingNone {
		p.replyTo = &soap.EndpointReference{Address: v.Addressing.Anonymous()}
	}
	p.timeouts = newSweeper(timeoutSweepPeriod(o.CallTimeout), p.expireCalls, p.hasPending)
	return p, nil
}

// timeoutSweepPeriod is how often a proxy looks for calls past their
// CallTimeout: a 32nd of it, between 1 ms and 250 ms. A call ends that
// much after its timeout at most; a deadline of the call's context is
// kept exactly.
func timeoutSweepPeriod(d time.Duration) time.Duration {
	return min(max(d/32, time.Millisecond), 250*time.Millisecond)
}

// expireCalls ends the I/O of the calls past their deadline; it reports
// whether calls are pending.
func (p *ServiceProxy) expireCalls() bool {
	now := time.Now()
	p.mu.Lock()
	defer p.mu.Unlock()
	// Expired under mu, as failPendingLocked cancels.
	for c := p.pending.head; c != nil; c = c.next {
		if c.io.pastDeadline(now) {
			c.io.expire()
		}
	}
	return p.pending.n > 0
}

func (p *ServiceProxy) hasPending() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.pending.n > 0
}

// State returns the proxy's current state (WS_PROXY_PROPERTY_STATE). It is
// a snapshot: the state may change before the caller looks at it.
func (p *ServiceProxy) State() State { return p.sm.State() }

// Options returns the proxy's properties, defaults filled in.
func (p *ServiceProxy) Options() ProxyOptions { return p.opts }

// Contract returns the contract the proxy calls.
func (p *ServiceProxy) Contract() *Contract { return p.contract }

// Address returns the address the proxy was opened with, or "" when it is
// not open.
func (p *ServiceProxy) Address() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.address
}

// PendingCalls returns the number of calls whose I/O has not ended,
// abandoned ones included.
func (p *ServiceProxy) PendingCalls() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.pending.n
}

// stateError is the error of a method refused in state cur.
func stateError(code error, meth method, cur State) error {
	return fmt.Errorf("%w: %v on a proxy in state %v", code, meth, cur)
}

// setStateLocked moves from `from` to `to` and logs the change. p.mu must
// be held.
func (p *ServiceProxy) setStateLocked(from, to State) bool {
	_, ok := p.sm.Transition([]State{from}, to)
	if ok {
		p.logTransition(from, to)
	}
	return ok
}

// logTransition logs a change of state.
func (p *ServiceProxy) logTransition(from, to State) {
	if from != to && p.log.Enabled(context.Background(), slog.LevelDebug) {
		p.log.LogAttrs(context.Background(), slog.LevelDebug, "service proxy state",
			slog.String("from", from.String()), slog.String("to", to.String()))
	}
}
