// Ending the service proxy: WsCloseServiceProxy ("waits for each call to
// complete"; WS_E_INVALID_OPERATION is its only failure, other errors are
// informational), WS_PROXY_PROPERTY_MAX_CLOSE_TIMEOUT, WsAbortServiceProxy
// (Opening → Created, Open → Faulted, Closing → Closed, pending I/O
// cancelled) and WsResetServiceProxy.

package servicemodel

import (
	"context"
)

// Close closes the proxy (WsCloseServiceProxy): it refuses new calls,
// waits for the pending ones to complete, then closes the channel
// gracefully. The wait and the close end with ctx or after
// MaxCloseTimeout; the proxy is then aborted, and pending calls fail with
// the close's error.
//
// Close is allowed in Created, Open, Faulted and Closed (where it does
// nothing); in Opening and Closing it fails with ErrInvalidOperation, the
// only error that means the proxy was not closed. After any other return,
// error or not, the proxy is Closed; such an error (ErrTimedOut,
// ErrAborted, ErrEndpointDisconnected…) is informational.
func (p *ServiceProxy) Close(ctx context.Context) error {
	p.mu.Lock()
	cur, r := p.sm.Begin(&proxyRules, methodClose)
	if r.Err != nil {
		p.mu.Unlock()
		return stateError(r.Err, methodClose, cur)
	}
	if cur == Closed {
		p.mu.Unlock()
		return nil
	}
	p.logTransition(cur, r.Via)
	idle := p.idleLocked()
	token := make(chan struct{})
	p.closeAbort = token
	p.mu.Unlock()

	if t := p.opts.MaxCloseTimeout; t > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, t)
		defer cancel()
	}
	err := waitIdle(ctx, idle, token)
	if ch, ok := p.closingChannel(token, err); ok && ch != nil {
		if err == nil {
			err = closeChannel(ctx, ch)
		} else {
			ch.Abort()
		}
	}
	p.finishClose(token, r.To, err)
	return err
}

// waitIdle waits for the pending calls to complete.
func waitIdle(ctx context.Context, idle, aborted <-chan struct{}) error {
	select {
	case <-idle:
		return nil
	case <-aborted:
		return errProxyAborted
	case <-ctx.Done():
		return ctxError(ctx)
	}
}

// closingChannel returns the channel to close, and false when Abort has
// taken over the close. When the wait ended with err, the calls still
// pending fail with it before the channel is aborted, so they report the
// close's error rather than the channel's.
func (p *ServiceProxy) closingChannel(token chan struct{}, err error) (ClientChannel, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closeAbort != token {
		return nil, false
	}
	if err != nil {
		p.failPendingLocked(err)
	}
	return p.ch, true
}

// closeChannel closes ch gracefully, aborting it if ctx ends first (so a
// channel that does not watch ctx cannot hold Close).
func closeChannel(ctx context.Context, ch ClientChannel) error {
	stop := context.AfterFunc(ctx, ch.Abort)
	defer stop()
	err := ch.Close(ctx)
	if err == nil {
		return nil
	}
	ch.Abort()
	if ctx.Err() != nil {
		return ctxError(ctx)
	}
	return MapError(err)
}

// finishClose moves the proxy to Closed unless Abort has done so, failing
// calls still pending with err.
func (p *ServiceProxy) finishClose(token chan struct{}, to State, err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closeAbort != token {
		return // Abort finished the close
	}
	p.closeAbort = nil
	if err != nil {
		p.failPendingLocked(err)
	}
	p.releaseChannelLocked()
	p.setStateLocked(Closing, to)
}

// Abort aborts the proxy (WsAbortServiceProxy): an Open under way is
// cancelled and the proxy returns to Created; an Open proxy aborts its
// channel and goes to Faulted; a Close under way is cut short and the proxy
// goes to Closed. Pending calls fail at once with ErrAborted and their I/O
// is cancelled. Abort never blocks, does no I/O, and may be called in any
// state (it does nothing in Created and Closed).
func (p *ServiceProxy) Abort() {
	p.mu.Lock()
	cur, r := p.sm.Begin(&proxyRules, methodAbort)
	p.logTransition(cur, r.To)
	var ch ClientChannel
	switch cur {
	case Opening:
		if p.opening != nil {
			p.opening.cancel(errProxyAborted)
			p.opening = nil
		}
	case Open, Closing, Faulted:
		p.failPendingLocked(errProxyAborted)
		ch = p.releaseChannelLocked()
		if p.closeAbort != nil {
			close(p.closeAbort)
			p.closeAbort = nil
		}
	}
	p.mu.Unlock()
	if ch != nil {
		ch.Abort()
	}
}

// Reset makes a Closed proxy reusable: it returns to Created and may be
// opened again, to the same or another address (WsResetServiceProxy). In
// any other state it fails with ErrInvalidOperation.
func (p *ServiceProxy) Reset() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	cur, r := p.sm.Begin(&proxyRules, methodReset)
	if r.Err != nil {
		return stateError(r.Err, methodReset, cur)
	}
	p.logTransition(cur, r.To)
	return nil
}
