// One opening of a service host: its listeners, accept loops and channels,
// from WsOpenServiceHost to the end of WsCloseServiceHost or
// WsAbortServiceHost (endpoint properties MAX_ACCEPTING_CHANNELS and
// MAX_CHANNELS; "Call cancellation" WS_SERVICE_HOST_ABORT), and the
// service throttle (host_throttle.go) it admits sessions and calls through.

package servicemodel

import (
	"context"
	"errors"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wwsgo/wws/cancel"
)

// hostRun holds what one Open of a Host started. Reset drops it, so a
// reopened host starts with fresh groups and listeners.
type hostRun struct {
	host  *Host
	calls cancel.Group // every call of the host

	refused         atomic.Uint64 // sessions refused with ServerTooBusy past their open deadline
	sessionThrottle *throttle     // MaxConcurrentSessions
	callThrottle    *throttle     // MaxConcurrentCalls
	ports           *portTable    // the run's listening sockets

	acceptCtx    context.Context // ends when the listeners stop
	acceptCancel context.CancelFunc
	stopOnce     sync.Once
	abortOnce    sync.Once

	wg       sync.WaitGroup // accept loops and channel goroutines
	doneOnce sync.Once
	done     chan struct{} // closed when wg reaches zero; made by finished

	mu sync.Mutex
	// mu guards following
	aborted   bool
	closing   bool              // Close asked the sessions to end (host_close_sessions.go)
	listeners []ChannelListener // one per endpoint, in endpoint order
	channels  map[*hostChannel]struct{}

	handoffs *sweeper // hands slow inline calls' receiving to new goroutines
}

func newHostRun(h *Host) *hostRun {
	ctx, cancel := context.WithCancel(context.Background())
	r := &hostRun{host: h, acceptCtx: ctx, acceptCancel: cancel,
		channels:        make(map[*hostChannel]struct{}),
		sessionThrottle: newThrottle(h.opts.MaxConcurrentSessions), callThrottle: newThrottle(h.opts.MaxConcurrentCalls),
		ports: newPortTable()}
	r.handoffs = newSweeper(inlineHandoffDelay, r.sweepInline, r.anyInline)
	r.ports.log = h.log
	return r
}

// sweepInline is a tick of the handoff sweeper over the run's channels.
func (r *hostRun) sweepInline() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	busy := false
	for c := range r.channels {
		if c.loop.sweep() {
			busy = true
		}
	}
	return busy
}

func (r *hostRun) anyInline() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	for c := range r.channels {
		if c.loop.inlineNow() {
			return true
		}
	}
	return false
}

// listen creates every endpoint's listener, then starts them all.
func (r *hostRun) listen(ctx context.Context) error {
	for _, ep := range r.host.endpoints {
		if err := ctx.Err(); err != nil {
			return err
		}
		// A listener's own channel bound stays WWSAPI's MAX_CHANNELS default
		// (HTTP: requests in flight); the host's accept loops bound an
		// endpoint's channels only when MaxChannels is set (startAccepting).
		// It listens at ListenURI; Address stays the public one
		// (endpoint_address.go).
		l, err := ep.Binding.Listen(ep.listenAddress(), ListenOptions{MaxChannels: orDefault(ep.MaxChannels, DefaultMaxChannels),
			MaxPendingConnections: r.host.opts.MaxPendingConnections, PublicAddress: ep.publicAddress(),
			Windows: r.host.opts.Windows, ports: r.ports, endpoint: ep.Address})
		if err != nil {
			return err
		}
		if p, ok := l.(MetadataPublisher); ok && !ep.isMetadataExchange() && r.host.opts.Metadata != nil {
			p.PublishMetadata(ep.Contract, r.host.metadataOfHost) // GET ?wsdl on HTTP endpoints
		}
		if !r.addListener(l) {
			return ErrAborted
		}
	}
	for _, l := range r.listenerList() {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := l.Start(); err != nil {
			return err
		}
	}
	return nil
}

// addListener records l, or aborts it and reports false if the run was
// aborted meanwhile.
func (r *hostRun) addListener(l ChannelListener) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.aborted {
		l.Abort()
		return false
	}
	r.listeners = append(r.listeners, l)
	return true
}

func (r *hostRun) listenerList() []ChannelListener {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]ChannelListener(nil), r.listeners...)
}

func (r *hostRun) addrs() []net.Addr {
	ls := r.listenerList()
	out := make([]net.Addr, len(ls))
	for i, l := range ls {
		out[i] = l.Addr()
	}
	return out
}

// stats is Host.Stats of the run.
func (r *hostRun) stats() HostStats {
	ls := r.ports.stats()
	return HostStats{Sessions: r.sessionThrottle.holders(), Calls: r.callThrottle.holders(),
		QueuedSessions: int(r.sessionThrottle.queued.Load()) + ls.Queued, QueuedCalls: int(r.callThrottle.queued.Load()),
		SessionWaits: r.sessionThrottle.waits.Load(), CallWaits: r.callThrottle.waits.Load(),
		PendingConnections: ls.Pending, RefusedConnections: ls.Refused + r.refused.Load(), AcceptPauses: ls.Paused}
}

// startAccepting starts MaxAcceptingChannels accept loops per endpoint.
func (r *hostRun) startAccepting() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.aborted {
		return
	}
	for i, ep := range r.host.endpoints {
		d := &dispatcher{ep: ep, sm: r.host.sm, session: ep.sessionReplies(),
			includeDetail: r.host.opts.IncludeExceptionDetailInFaults}
		accepting, _, maxChannels := ep.limits()
		var slots chan struct{} // nil: no bound of the endpoint's own
		if maxChannels > 0 {
			slots = make(chan struct{}, maxChannels)
		}
		for range accepting {
			r.wg.Add(1)
			go r.acceptLoop(r.listeners[i], d, slots)
		}
	}
}

// acceptLoop accepts channels while a channel slot of the endpoint is
// free (MaxChannels, when set), admits each through the host's session
// throttle, and serves it on its own goroutine.
func (r *hostRun) acceptLoop(l ChannelListener, d *dispatcher, slots chan struct{}) {
	defer r.wg.Done()
	backoff := time.Millisecond
	for {
		if slots != nil {
			select {
			case slots <- struct{}{}:
			case <-r.acceptCtx.Done():
				return
			}
		}
		ch, err := l.Accept(r.acceptCtx)
		if err != nil {
			if slots != nil {
				<-slots
			}
			if r.acceptCtx.Err() != nil || errors.Is(err, net.ErrClosed) {
				return
			}
			if !r.sleep(backoff) {
				return
			}
			backoff = min(2*backoff, time.Second)
			continue
		}
		backoff = time.Millisecond
		session, ok := r.admit(ch)
		if !ok {
			if slots != nil {
				<-slots
			}
			continue
		}
		r.wg.Add(1)
		go func() {
			defer r.wg.Done()
			if slots != nil {
				defer func() { <-slots }()
			}
			if session {
				defer r.sessionThrottle.release()
			}
			r.serve(d, ch)
		}()
	}
}

// sessionOpener is a ServerChannel accepted before its session is
// acknowledged (net.tcp): the host opens it once its session throttle
// admits it, as WCF's ListenerHandler acquires the session throttle for an
// accepted channel before it opens it.
type sessionOpener interface {
	openDeadline() time.Time // the latest admission; zero: none
	openSession() error      // acknowledge: the client's open completes
	refuseSession()          // ServerTooBusy, then close
}

// admit takes a MaxConcurrentSessions slot for a session channel, waiting
// for one until the channel's open deadline, then opens the session. It
// reports whether the channel holds a session slot, and whether to serve it.
func (r *hostRun) admit(ch ServerChannel) (session, ok bool) {
	o, isSession := unwrapChannel[sessionOpener](ch)
	if !isSession {
		return false, true
	}
	ctx := r.acceptCtx
	if dl := o.openDeadline(); !dl.IsZero() {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, dl)
		defer cancel()
	}
	if !r.sessionThrottle.acquire(ctx.Done()) {
		if r.acceptCtx.Err() != nil {
			ch.Abort()
		} else {
			r.refused.Add(1)
			o.refuseSession()
		}
		return false, false
	}
	if o.openSession() != nil {
		ch.Abort()
		r.sessionThrottle.release()
		return false, false
	}
	return true, true
}

// unwrapChannel finds T in ch or in the channels it decorates (a
// decorator offers Unwrap() ServerChannel, as climetrics' does).
func unwrapChannel[T any](ch ServerChannel) (T, bool) {
	for {
		if t, ok := ch.(T); ok {
			return t, true
		}
		u, ok := ch.(serverChannelUnwrapper)
		if !ok {
			var zero T
			return zero, false
		}
		ch = u.Unwrap()
	}
}

// sleep waits d, or reports false when the listeners stop first.
func (r *hostRun) sleep(d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.acceptCtx.Done():
		return false
	}
}

// stopAccepting closes every listener: no new channels, the accepted ones
// carry on.
func (r *hostRun) stopAccepting() {
	r.stopOnce.Do(func() {
		r.acceptCancel()
		for _, l := range r.listenerList() {
			_ = l.Close()
		}
	})
}

// abort cancels every call for HostAbort, then aborts the listeners and
// the channels. It does not wait; see wait.
func (r *hostRun) abort() {
	r.abortOnce.Do(func() {
		r.mu.Lock()
		r.aborted = true
		ls := append([]ChannelListener(nil), r.listeners...)
		chs := make([]*hostChannel, 0, len(r.channels))
		for c := range r.channels {
			chs = append(chs, c)
		}
		r.mu.Unlock()

		r.calls.CancelAll(cancel.HostAbort)
		r.acceptCancel()
		// The channels before the listeners, which abort them too: a
		// channel a listener aborted first would count as faulted.
		for _, c := range chs {
			c.abort()
		}
		for _, l := range ls {
			l.Abort()
		}
	})
}

// track records a new channel, or reports false if the run was aborted.
func (r *hostRun) track(c *hostChannel) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.aborted {
		return false
	}
	r.channels[c] = struct{}{}
	if r.closing {
		c.closeWhenIdle() // accepted while Close began: ended like the others
	}
	return true
}

func (r *hostRun) untrack(c *hostChannel) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.channels, c)
}

// finished returns a channel closed once every accept loop and channel of
// the run has ended. Call it only after the accept loops stopped or were
// never started, so that the count cannot grow from zero.
func (r *hostRun) finished() <-chan struct{} {
	r.doneOnce.Do(func() {
		r.done = make(chan struct{})
		go func() {
			r.wg.Wait()
			r.handoffs.stop()
			r.ports.close()
			close(r.done)
		}()
	})
	return r.done
}

// wait blocks until every goroutine of the run, calls included, returned.
func (r *hostRun) wait() { <-r.finished() }
