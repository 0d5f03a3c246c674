// One accepted channel of a host: its receive loop bounded by the
// endpoint's MAX_CONCURRENCY, its accept/close channel callbacks, and the
// cancellation of its calls when it faults ("Call cancellation",
// WS_SERVICE_CHANNEL_FAULTED).

package servicemodel

import (
	"context"
	"errors"
	"io"
	"sync"

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
}

func newHostChannel(ch ServerChannel) *hostChannel {
	ctx, cancel := context.WithCancelCause(context.Background())
	return &hostChannel{ch: ch, ctx: ctx, cancel: cancel}
}

// fault cancels the channel's calls for ChannelFault and aborts it.
func (c *hostChannel) fault() {
	c.once.Do(func() {
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
	c := newHostChannel(ch)
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
	go c.watch(watched)
	c.receiveLoop(r, d, state)
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
		if c.ch.Err() != nil {
			c.fault()
		}
	case <-c.ctx.Done():
	}
}

// receiveLoop receives and dispatches messages until the peer ends the
// session (then it closes the channel once the calls under way have
// replied) or the channel fails. Each message is prepared (read and
// decoded) before the next Receive; the operations run on their own
// goroutines, at most MaxConcurrency at a time, so that a Receive is
// pending while they run and a broken connection is noticed mid-call.
func (c *hostChannel) receiveLoop(r *hostRun, d *dispatcher, state any) {
	_, concurrency, _ := d.ep.limits()
	slots := make(chan struct{}, concurrency)
	var inflight sync.WaitGroup
	defer inflight.Wait()
	for {
		rc, err := c.ch.Receive(c.ctx)
		if err != nil {
			c.ended(err, &inflight)
			return
		}
		k := &call{ctx: c.ctx, rc: rc, req: rc.Message(), host: &r.calls, ch: &c.calls, st: state}
		if k.req == nil || d.prepare(k) != nil {
			c.fault()
			return
		}
		select {
		case slots <- struct{}{}:
		case <-c.ctx.Done():
			k.run = false // the channel is gone: complete the call unrun
			_ = d.finish(k)
			return
		}
		inflight.Add(1)
		go func() {
			defer inflight.Done()
			defer func() { <-slots }()
			c.finish(d, k)
		}()
	}
}

// finish runs a prepared call; a reply the channel cannot send faults the
// channel.
func (c *hostChannel) finish(d *dispatcher, k *call) {
	if err := d.finish(k); err != nil {
		c.fault()
	}
}

// ended finishes the receive loop: io.EOF is the peer's clean close,
// answered with Close once the calls under way are done; anything else
// is a channel fault.
func (c *hostChannel) ended(err error, inflight *sync.WaitGroup) {
	if !errors.Is(err, io.EOF) {
		c.fault()
		return
	}
	inflight.Wait()
	if c.ch.Close(c.ctx) != nil {
		c.ch.Abort()
	}
}
