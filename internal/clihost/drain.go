// A Binding decorator that keeps net.tcp sessions alive through a graceful
// host Close. servicemodel's net.tcp ChannelListener.Close closes the shared
// nettcp.Listener, which aborts every session it accepted, although
// ChannelListener's contract says accepted channels carry on; a SIGTERM
// during a pending call would then cut the call. Until that is fixed in
// servicemodel, this decorator holds the inner Close back until the
// channels it handed out are done (Abort still goes through at once).

package clihost

import (
	"context"
	"sync"

	"github.com/wwsgo/wws/servicemodel"
)

// drainBinding wraps a net.tcp binding.
type drainBinding struct{ servicemodel.Binding }

// SessionReplies forwards servicemodel.SessionBinding.
func (b drainBinding) SessionReplies() bool {
	sb, ok := b.Binding.(interface{ SessionReplies() bool })
	return ok && sb.SessionReplies()
}

// Listen implements servicemodel.Binding.
func (b drainBinding) Listen(address string, opts servicemodel.ListenOptions) (servicemodel.ChannelListener, error) {
	l, err := b.Binding.Listen(address, opts)
	if err != nil {
		return nil, err
	}
	return &drainListener{ChannelListener: l}, nil
}

// drainListener defers Close until its channels are done.
type drainListener struct {
	servicemodel.ChannelListener
	once sync.Once

	mu sync.Mutex
	// mu guards following
	open    int
	closing bool
}

// Accept implements servicemodel.ChannelListener.
func (l *drainListener) Accept(ctx context.Context) (servicemodel.ServerChannel, error) {
	ch, err := l.ChannelListener.Accept(ctx)
	if err != nil {
		return nil, err
	}
	l.mu.Lock()
	l.open++
	l.mu.Unlock()
	go func() {
		<-ch.Done()
		l.mu.Lock()
		l.open--
		last := l.closing && l.open == 0
		l.mu.Unlock()
		if last {
			l.closeInner()
		}
	}()
	return ch, nil
}

// Close implements servicemodel.ChannelListener: the inner listener closes
// once the last channel is done.
func (l *drainListener) Close() error {
	l.mu.Lock()
	l.closing = true
	idle := l.open == 0
	l.mu.Unlock()
	if idle {
		l.closeInner()
	}
	return nil
}

func (l *drainListener) closeInner() { l.once.Do(func() { l.ChannelListener.Close() }) }

// Abort implements servicemodel.ChannelListener.
func (l *drainListener) Abort() {
	l.once.Do(func() {})
	l.ChannelListener.Abort()
}
