// Host.Close ends the sessions itself, as WCF's ServiceHost.Close does
// (it closes its ChannelDispatchers, which close their session channels:
// CoreWCF src/CoreWCF.Primitives/src/CoreWCF/Dispatcher/ChannelDispatcher.cs):
// each session stops receiving, its calls under way finish and send their
// replies, and then the host sends End and waits for the client's
// ([MC-NMF] 2.2.3.7, 3.1.4 — the close handshake). A request the client
// sent after the host stopped receiving is not dispatched: the End
// exchange reads and drops it, and the client's call fails with
// ErrEndpointDisconnected. So every request is either run and answered, or
// not run at all, and a client may send it again elsewhere.
//
// A session whose client does not answer End within the close timeout, or
// a call still running at HostOptions.CloseTimeout, is aborted as before.

package servicemodel

import (
	"errors"

	"github.com/wwsgo/wws/nettcp"
)

// receiveInterrupter is implemented by server channels whose Receive can
// be cut short without harming the session (net.tcp sessions). Host.Close
// uses it to end sessions with the close handshake, finding it through a
// decorator's Unwrap (channel.go).
type receiveInterrupter interface {
	// InterruptReceive makes the Receive under way, or the next one,
	// return an error wrapping nettcp.ErrInterrupted.
	InterruptReceive()
}

// InterruptReceive implements receiveInterrupter.
func (d *duplexServer) InterruptReceive() { d.s.InterruptReceive() }

// closeSessions asks every session channel of the run, and every one
// accepted from now on, to end once its calls are done.
func (r *hostRun) closeSessions() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.closing = true
	for c := range r.channels {
		c.closeWhenIdle()
	}
}

// closeWhenIdle marks the channel closing and interrupts its Receive; the
// receive loop then ends through ended, which waits for the calls and
// closes. Channels that cannot be interrupted (one HTTP request each) end
// on their own.
func (c *hostChannel) closeWhenIdle() {
	ri, ok := unwrapChannel[receiveInterrupter](c.ch)
	if !ok {
		return
	}
	c.closing.Store(true)
	ri.InterruptReceive()
}

// closedByHost reports whether err ended the receive loop because
// closeWhenIdle interrupted it.
func (c *hostChannel) closedByHost(err error) bool {
	return c.closing.Load() && errors.Is(err, nettcp.ErrInterrupted)
}
