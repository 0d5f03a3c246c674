// Opening the service proxy: WsOpenServiceProxy, and the fault of an open
// proxy whose channel drops (the proxy moves to Faulted and its pending
// calls fail with WS_E_ENDPOINT_DISCONNECTED).

package servicemodel

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
)

// openAttempt is one Open under way; Abort cancels it.
type openAttempt struct {
	cancel context.CancelCauseFunc
}

// Open connects the proxy to the endpoint at address, a URL of the
// binding's scheme (WsOpenServiceProxy). It is allowed in state Created
// only (ErrInvalidOperation otherwise); the proxy is Opening while it
// runs, Open when it succeeds and Faulted when it fails. Abort during Open
// returns the proxy to Created and Open fails with ErrAborted.
func (p *ServiceProxy) Open(ctx context.Context, address string) error {
	if err := p.checkAddress(address); err != nil {
		return err
	}
	p.mu.Lock()
	cur, r := p.sm.Begin(&proxyRules, methodOpen)
	if r.Err != nil {
		p.mu.Unlock()
		return stateError(r.Err, methodOpen, cur)
	}
	p.logTransition(cur, r.Via)
	dialCtx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	att := &openAttempt{cancel: cancel}
	p.opening = att
	p.mu.Unlock()

	ch, err := dialChannel(dialCtx, p.binding, address, dialOptions{windows: p.opts.Windows, identity: p.opts.Identity})

	p.mu.Lock()
	defer p.mu.Unlock()
	if p.opening != att { // aborted: Abort moved the proxy back to Created
		if ch != nil {
			ch.Abort()
		}
		return newError(ErrAborted, context.Cause(dialCtx))
	}
	p.opening = nil
	if err != nil {
		p.setStateLocked(Opening, r.Fail)
		return MapError(err)
	}
	p.ch, p.address = ch, address
	p.stopWatch = make(chan struct{})
	go p.watch(ch, p.stopWatch)
	p.setStateLocked(Opening, r.To)
	return nil
}

// checkAddress validates address against the binding's scheme
// (WS_E_INVALID_ENDPOINT_URL); the proxy's state is not changed.
func (p *ServiceProxy) checkAddress(address string) error {
	u, err := url.Parse(address)
	if err != nil {
		return newError(ErrInvalidEndpointURL, err)
	}
	if want := p.binding.Scheme(); !strings.EqualFold(u.Scheme, want) || u.Host == "" {
		return fmt.Errorf("%w: %q is not a %s:// address", ErrInvalidEndpointURL, address, want)
	}
	return nil
}

// watch waits for ch to drop while the proxy uses it.
func (p *ServiceProxy) watch(ch ClientChannel, stop <-chan struct{}) {
	select {
	case <-ch.Done():
		p.channelDown(ch)
	case <-stop:
	}
}

// channelDown handles a channel that faulted or closed under an open
// proxy: the proxy goes to Faulted and every pending call fails with
// ErrEndpointDisconnected. A channel dropping while Close runs fails the
// pending calls the same way; Close then finishes.
func (p *ServiceProxy) channelDown(ch ClientChannel) {
	p.mu.Lock()
	if p.ch != ch {
		p.mu.Unlock()
		return
	}
	err := disconnected(ch, nil)
	if p.sm.State() != Open { // Closing: Close ends the channel
		p.failPendingLocked(err)
		p.mu.Unlock()
		return
	}
	p.log.LogAttrs(context.Background(), slog.LevelWarn, "service proxy channel dropped",
		slog.String("address", p.address), slog.Any("error", ch.Err()))
	p.failPendingLocked(err)
	p.releaseChannelLocked()
	p.setStateLocked(Open, Faulted)
	p.mu.Unlock()
	ch.Abort()
}

// releaseChannelLocked detaches the channel from the proxy, stops its
// watcher, and returns it (nil if there is none) for the caller to close
// or abort outside the lock.
func (p *ServiceProxy) releaseChannelLocked() ClientChannel {
	ch := p.ch
	if ch == nil {
		return nil
	}
	p.ch, p.address = nil, ""
	close(p.stopWatch)
	p.stopWatch = nil
	return ch
}
