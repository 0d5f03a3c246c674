// One accepted channel of a host: its receive loop bounded by the
// endpoint's MAX_CONCURRENCY, its accept/close channel callbacks, and the
// cancellation of its calls when it faults ("Call cancellation",
// WS_SERVICE_CHANNEL_FAULTED).
//
// An operation runs inline on the goroutine that received its message: a
// call costs no goroutine handoff. So that a Receive is still pending while
// a slow operation runs (a peer that drops the connection mid-call is
// noticed and the calls get ChannelFault cancellation, and with
// MaxConcurrency > 1 later messages run beside it), the run's handoff
// sweeper hands the receiving over to a new goroutine once an inline call
// has run for one to two inlineHandoffDelay periods.

package servicemodel

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wwsgo/wws/cancel"
)

// hostChannel is a ServerChannel being served, with the group of the calls
// that arrived on it.
type hostChannel struct {
	ch     ServerChannel
	calls  cancel.Group
	ctx    context.Context // ends when the channel faults, is aborted or is done
	cancel context.CancelCauseFunc
	once   sync.Once // the first of fault and abort wins
	loop   recvLoop
	log    *slog.Logger
	// closing is set when Host.Close ends the session: the Receive it
	// interrupts ends the loop like the peer's End (host_close_sessions.go).
	closing atomic.Bool
}

func newHostChannel(ch ServerChannel, log *slog.Logger) *hostChannel {
	ctx, cancel := context.WithCancelCause(context.Background())
	return &hostChannel{ch: ch, ctx: ctx, cancel: cancel, log: log}
}

// fault cancels the channel's calls for ChannelFault and aborts it; cause
// is what went wrong, for the log. A fault is logged at Debug: peers cause
// most, and a flood of broken peers must not flood an operator's log.
func (c *hostChannel) fault(cause error) {
	c.once.Do(func() {
		if c.log.Enabled(context.Background(), slog.LevelDebug) {
			c.log.LogAttrs(context.Background(), slog.LevelDebug, "service host channel faulted",
				slog.Any("remote", c.ch.RemoteAddr()), errAttr(cause))
		}
		c.calls.CancelAll(cancel.ChannelFault)
		c.ch.Abort()
		c.cancel(cancel.ErrChannelFaulted)
	})
}

// abort aborts the channel for a host abort; the host group has already
// cancelled its calls.
func (c *hostChannel) abort() {
	c.once.Do(func() {
		c.ch.Abort()
		c.cancel(cancel.ErrHostAborted)
	})
}

// serve runs one channel from accept to close.
func (r *hostRun) serve(d *dispatcher, ch ServerChannel) {
	c := newHostChannel(ch, r.host.log)
	defer c.cancel(nil)
	if !r.track(c) {
		ch.Abort()
		return
	}
	defer r.untrack(c)

	var state any
	if d.ep.AcceptChannel != nil {
		st, err := d.ep.AcceptChannel(c.ctx, ch)
		if err != nil {
			c.abort()
			return
		}
		state = st
	}
	watched := make(chan struct{})
	if ad, ok := unwrapChannel[afterDoner](ch); ok {
		if stop := ad.afterDone(func() { c.faultIfFailed() }); stop != nil {
			close(watched) // no goroutine: the channel calls back when done
			defer stop()
		} else {
			go c.watch(watched)
		}
	} else {
		go c.watch(watched)
	}
	c.loop.init(r, d, c, state)
	c.loop.run()
	<-c.loop.done // another goroutine may have taken the loop over
	c.cancel(nil)
	<-watched
	if d.ep.CloseChannel != nil {
		d.ep.CloseChannel(context.WithoutCancel(c.ctx), state)
	}
}

// watch faults the channel when it ends with an error on its own, until
// the channel's context ends.
func (c *hostChannel) watch(done chan<- struct{}) {
	defer close(done)
	select {
	case <-c.ch.Done():
		c.faultIfFailed()
	case <-c.ctx.Done():
	}
}

// faultIfFailed faults the channel if it ended with an error on its own
// while being served.
func (c *hostChannel) faultIfFailed() {
	if c.ctx.Err() != nil {
		return
	}
	if err := c.ch.Err(); err != nil {
		c.fault(err)
	}
}

// AfterChannelDone arranges for f to run on its own goroutine once ch is
// done (its Done channel closed), as context.AfterFunc does. A net.tcp
// channel (also behind decorators that offer Unwrap() ServerChannel) does
// it without a goroutine waiting meanwhile; other channels cost one. stop
// cancels it and reports whether it did.
func AfterChannelDone(ch ServerChannel, f func()) (stop func() bool) {
	if ad, ok := unwrapChannel[afterDoner](ch); ok {
		if stop := ad.afterDone(f); stop != nil {
			return stop
		}
	}
	return context.AfterFunc(doneContext{ch.Done()}, f)
}

// doneContext is a context that ends when done closes, for
// context.AfterFunc; it carries no values and no deadline.
type doneContext struct{ done <-chan struct{} }

func (c doneContext) Deadline() (time.Time, bool) { return time.Time{}, false }
func (c doneContext) Done() <-chan struct{}       { return c.done }
func (c doneContext) Value(any) any               { return nil }
func (c doneContext) Err() error {
	select {
	case <-c.done:
		return context.Canceled
	default:
		return nil
	}
}

// afterDoner is a ServerChannel that runs f once it is done, without a
// goroutine waiting meanwhile (net.tcp's: an idle session then costs the
// host one goroutine, its receive loop); afterDone returns nil when it
// cannot.
type afterDoner interface {
	afterDone(f func()) (stop func() bool)
}

// inlineHandoffDelay is the period of a host run's handoff sweeper: an
// operation that has run on the receiving goroutine for one to two periods
// has the receiving handed over to a new goroutine. A run reads it once,
// when it opens. (A runtime timer per call, which this replaces, woke an
// idle thread on every call: see sweeper.) While calls keep coming the
// sweeper ticks every period, and each tick wakes a thread: at 500 µs that
// was a third of a futex wake per loopback call in wshost. A slow
// operation's channel is read again (a dropped peer noticed, the next
// message read ahead) within 5–10 ms, which only an operation that runs
// that long anyway can see.
var inlineHandoffDelay = 5 * time.Millisecond

// The role of a receive loop, in the low bits of recvLoop.role. The bits
// above count the inline calls, so that a goroutine whose call was handed
// off cannot take a later inline call for its own.
const (
	roleIdle      = iota // receiving, or waiting for a slot
	roleInline           // an operation runs on the receiving goroutine
	roleHandedOff        // the timer took the loop from the inline call

	roleBits = 2
	roleMask = 1<<roleBits - 1
)

// recvLoop receives and dispatches the messages of one channel until the
// peer ends the session (then it closes the channel once the calls under
// way have replied) or the channel fails. Each message is prepared (read
// and decoded) before the next Receive; then its operation runs inline, at
// most MaxConcurrency at a time.
//
// One goroutine at a time owns the loop: it receives, prepares and runs
// the call inline. When the sweeper sees the same inline call at two ticks
// in a row, it takes the loop from it (role inline → handed off) and starts a new owner,
// which receives the next message while the call goes on; the old
// goroutine finishes its call and stops. When the call ends first, its
// goroutine takes the role back (inline → idle) and keeps receiving. The
// owner that ends the loop waits for every call, then closes done.
type recvLoop struct {
	c     *hostChannel
	r     *hostRun
	d     *dispatcher
	state any // the channel state from AcceptChannel

	spare *callInfoCtx // the next call's, made ahead; the owner's only
	ahead bool         // make spares: the channel is a session, more messages will come

	slots    callSlots      // one per running operation, MaxConcurrency
	inflight sync.WaitGroup // the calls that took a slot
	role     atomic.Uint64  // a role above the inline call count
	seen     atomic.Uint64  // the role the sweeper saw at its last tick
	done     chan struct{}  // closed once the loop ended and its calls are done

	handoffs atomic.Uint64 // times the loop was handed off, for tests
}

func (l *recvLoop) init(r *hostRun, d *dispatcher, c *hostChannel, state any) {
	_, concurrency, _ := d.ep.limits()
	l.c, l.r, l.d, l.state = c, r, d, state
	l.ahead = carriesSession(c.ch)
	l.slots.init(concurrency)
	l.done = make(chan struct{})
}

// run receives and runs calls while its goroutine owns the loop.
func (l *recvLoop) run() {
	c, d := l.c, l.d
	var k call // this goroutine's call, reused: an inline call is over before the next
	for {
		rc, err := c.ch.Receive(c.ctx)
		if err != nil {
			dropSpare(l.spare)
			c.ended(err, &l.inflight)
			l.end()
			return
		}
		k = call{ctx: c.ctx, rc: rc, req: rc.Message(), host: &l.r.calls, ch: &c.calls, st: l.state, spare: l.spare}
		l.spare = nil
		if err := prepareCall(d, &k); err != nil {
			dropSpare(k.spare)
			c.fault(err)
			l.end()
			return
		}
		if !l.takeSlot() {
			k.run = false // the channel is gone: complete the call unrun
			_ = d.finish(&k)
			dropSpare(k.spare)
			l.end()
			return
		}
		if !l.inline(&k) {
			dropSpare(k.spare)
			return // handed off: another goroutine owns the loop
		}
		switch {
		case k.spare != nil: // the message made no call: keep it
			l.spare = k.spare
		case l.ahead:
			l.spare = l.newSpare() // while the reply is on its way
		}
	}
}

// prepareCall reads and decodes k's message for d.
func prepareCall(d *dispatcher, k *call) error {
	if k.req == nil {
		return fmt.Errorf("%w: a request without a message", ErrInvalidFormat)
	}
	return d.prepare(k)
}

// sessionChannel is a ServerChannel that carries a session: many messages,
// one after the other.
type sessionChannel interface {
	ServerChannel
	carriesSession()
}

// carriesSession reports whether ch, or a channel it decorates, is a
// sessionChannel.
func carriesSession(ch ServerChannel) bool {
	_, ok := unwrapChannel[sessionChannel](ch)
	return ok
}

// newSpare makes the call of the next message ahead, in the host's and the
// channel's groups: a host abort or a channel fault from now on cancels it
// as it would the call.
func (l *recvLoop) newSpare() *callInfoCtx {
	ic := newCallInfoCtx()
	l.r.calls.Add(ic.info.call)
	l.c.calls.Add(ic.info.call)
	return ic
}

// dropSpare completes a spare call no message used, which takes it out of
// its groups.
func dropSpare(ic *callInfoCtx) {
	if ic != nil {
		ic.info.call.Complete()
	}
}

// takeSlot waits for a free slot of the channel (MaxConcurrency), then of
// the host (MaxConcurrentCalls); false means the channel ended first.
func (l *recvLoop) takeSlot() bool {
	if !l.slots.take(l.c.ctx.Done()) {
		return false
	}
	if !l.r.callThrottle.acquire(l.c.ctx.Done()) {
		l.slots.put()
		return false
	}
	return true
}

// inline runs a call that holds a slot on the owner's goroutine, with the
// sweeper watching. It reports whether the goroutine still owns the
// loop; if not, it must not touch the loop again.
func (l *recvLoop) inline(k *call) bool {
	l.inflight.Add(1)
	tok := (l.role.Load()>>roleBits+1)<<roleBits | roleInline
	l.role.Store(tok) // only the owner writes a role other than handed off
	l.r.handoffs.kick()
	l.c.finish(l.d, k)
	owner := l.role.CompareAndSwap(tok, tok&^roleMask|roleIdle)
	l.r.callThrottle.release()
	l.slots.put()
	l.inflight.Done()
	return owner
}

// sweep is the sweeper's look at the loop: an inline call it saw at the
// previous tick too has run for at least a period, and is handed off. It
// reports whether a call runs inline.
func (l *recvLoop) sweep() bool {
	v := l.role.Load()
	if v&roleMask != roleInline {
		l.seen.Store(0)
		return false
	}
	if l.seen.Swap(v) == v {
		l.handoff(v)
	}
	return true
}

// inlineNow reports whether a call runs inline.
func (l *recvLoop) inlineNow() bool { return l.role.Load()&roleMask == roleInline }

// handoff takes the loop from the goroutine of the inline call v, if it
// still runs, and starts a new owner. It never blocks.
func (l *recvLoop) handoff(v uint64) {
	if !l.role.CompareAndSwap(v, v&^roleMask|roleHandedOff) {
		return
	}
	l.handoffs.Add(1)
	// The loop has not ended (it is ours), so serve is still counted.
	l.r.wg.Add(1)
	go l.takeOver()
}

// takeOver runs the loop on a goroutine of its own, counted in the run.
func (l *recvLoop) takeOver() {
	defer l.r.wg.Done()
	l.run()
}

// end is the owner's end of the loop: once every call is done, done is
// closed and serve goes on.
func (l *recvLoop) end() {
	l.inflight.Wait()
	close(l.done)
}

// finish runs a prepared call; a reply the channel cannot send faults the
// channel.
func (c *hostChannel) finish(d *dispatcher, k *call) {
	if err := d.finish(k); err != nil {
		c.fault(err)
	}
	if r, ok := k.rc.(requestReleaser); ok {
		r.Release() // the call has returned (RequestFromContext gives nil from then on) and its reply is sent
	}
}

// ended finishes the receive loop: io.EOF is the peer's clean close, and
// a Receive interrupted by Host.Close the host's; either is answered with
// Close (the End handshake) once the calls under way are done; anything
// else is a channel fault.
func (c *hostChannel) ended(err error, inflight *sync.WaitGroup) {
	if !errors.Is(err, io.EOF) && !c.closedByHost(err) {
		c.fault(err)
		return
	}
	inflight.Wait()
	if c.ch.Close(c.ctx) != nil {
		c.ch.Abort()
	}
}
