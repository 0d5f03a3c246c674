// Service endpoints of a host: WWSAPI's WS_SERVICE_ENDPOINT (address,
// binding, contract, authorization callback, default message handler) and
// its WS_SERVICE_ENDPOINT_PROPERTY_ID properties (MAX_ACCEPTING_CHANNELS,
// MAX_CONCURRENCY, MAX_CHANNELS, ACCEPT_CHANNEL_CALLBACK,
// CLOSE_CHANNEL_CALLBACK).

package servicemodel

import (
	"context"
	"fmt"

	"github.com/wwsgo/wws/soap"
	"github.com/wwsgo/wws/soap/infoset"
)

// Defaults of the endpoint properties, WWSAPI's.
//
// How they meet WCF's limits, which a Host applies across its endpoints:
//
//   - MaxChannels (WWSAPI's MAX_CHANNELS, 100 there) bounds one endpoint's
//     open channels when set. Unset, an endpoint's net.tcp sessions are
//     bounded by the host's MaxConcurrentSessions only (WCF's
//     ServiceThrottle, 100 × CPUs), and an HTTP endpoint's requests in
//     flight by WWSAPI's 100. A session over either bound waits
//     unacknowledged.
//   - MaxConcurrency (MAX_CONCURRENCY) bounds the operations of one
//     channel; the host's MaxConcurrentCalls (16 × CPUs) bounds them all.
//   - MaxAcceptingChannels (MAX_ACCEPTING_CHANNELS) is how many channels an
//     endpoint takes from its listener at once: WCF's ListenerHandler
//     pumps, each of which holds at most one accepted session while it
//     waits for the session throttle.
//   - NetTCPBinding.MaxConnections (WCF's, = MaxPendingConnections of the
//     transport, 12 × CPUs) bounds the connections accepted and not yet
//     handed to an endpoint, per port.
const (
	DefaultMaxAcceptingChannels = 1   // WS_SERVICE_ENDPOINT_PROPERTY_MAX_ACCEPTING_CHANNELS
	DefaultMaxConcurrency       = 1   // WS_SERVICE_ENDPOINT_PROPERTY_MAX_CONCURRENCY
	DefaultMaxChannels          = 100 // WS_SERVICE_ENDPOINT_PROPERTY_MAX_CHANNELS in WWSAPI; here an unset MaxChannels leaves the bound to the host (see above)
)

// Endpoint is one address a Host listens on, with the binding that carries
// its messages and the contract it dispatches to. The zero value of each
// limit takes WWSAPI's default. An Endpoint must not be changed after it is
// given to NewHost.
type Endpoint struct {
	// Address is the endpoint's public address: the one clients put in
	// the framing Via and in wsa:To, and the one To is matched against.
	Address  string
	Binding  Binding
	Contract *Contract

	// ListenURI is where the endpoint listens when that is not Address
	// (WCF's listenUri): behind a load balancer, Address is the
	// balancer's and ListenURI this instance's. Empty: Address. A net.tcp
	// endpoint routes Vias of either path to itself (endpoint_address.go).
	ListenURI string
	// AddressFilter is how a message's To is matched against Address:
	// AddressFilterExact (the default) or AddressFilterAny.
	AddressFilter AddressFilterMode

	// MaxAcceptingChannels is how many channels may wait in Accept at once.
	MaxAcceptingChannels int
	// MaxConcurrency is how many operations of one channel run at once.
	// Each message is filtered, authorized and decoded before the channel's
	// next Receive (the seam's message lifetime), so Authorize and the
	// DefaultHandler of the next message may run while an operation does.
	// An operation first runs on the goroutine that received its message
	// (no handoff per call); one that runs past about half a millisecond
	// has the receiving handed to a new goroutine, so that a Receive is
	// pending while it runs — a broken connection cancels it
	// (cancel.ChannelFault) — and later messages run beside it.
	MaxConcurrency int
	// MaxChannels, when set, is how many channels of the endpoint may be
	// open at once; further sessions wait unacknowledged, as over the
	// host's MaxConcurrentSessions. It is also passed to Binding.Listen.
	// 0: no bound of the endpoint's own.
	MaxChannels int

	// AcceptChannel runs when a channel is accepted, before any of its
	// messages; its result is the channel state that ChannelStateFromContext
	// returns to the operations, and that CloseChannel receives. An error
	// aborts the channel.
	AcceptChannel func(ctx context.Context, ch ServerChannel) (state any, err error)
	// CloseChannel runs once after the last message of a channel accepted
	// by AcceptChannel (or of every channel when AcceptChannel is nil).
	CloseChannel func(ctx context.Context, state any)

	// Authorize runs for every message that matched an operation or the
	// default handler, once its headers are read and before its body is:
	// RequestFromContext gives the message. It may mark the headers it
	// processes Understood. An error denies the message: a *soap.Fault (or
	// an error wrapping one) is sent as it is, any other error as
	// AccessDeniedFault.
	Authorize func(ctx context.Context) error

	// DefaultHandler receives the messages whose Action matches no
	// operation (WWSAPI's defaultMessageHandlerCallback); without it they
	// are answered with ActionNotSupported. It returns the reply to send,
	// or nil to send none; the host sets the reply's RelatesTo (and To on
	// session bindings) when they are empty. Its mustUnderstand headers are
	// its own to check. It runs before the channel receives its next
	// message, while req is valid.
	DefaultHandler func(ctx context.Context, req *soap.Message) (*soap.Message, error)

	// UnderstoodHeaders are the headers the endpoint's operations process;
	// a mustUnderstand header outside this list (and not marked Understood
	// by Authorize) gets a MustUnderstand fault.
	UnderstoodHeaders []infoset.Name
}

// SessionBinding is implemented by bindings whose replies go back over the
// request's own session, as net.tcp's do. The host addresses their replies
// explicitly: To is the request's ReplyTo address, the anonymous address
// when ReplyTo is absent or anonymous (WCF's reply adapter,
// ReplyAdapterChannelListener.cs; WS-Addressing 1.0 Core §3.4).
// HTTP request-reply bindings do not implement it (or return false): their
// replies carry only Action and RelatesTo.
type SessionBinding interface {
	Binding
	SessionReplies() bool
}

// check validates ep and reports what is wrong with it.
func (ep *Endpoint) check() error {
	switch {
	case ep == nil:
		return fmt.Errorf("%w: nil", ErrInvalidEndpoint)
	case ep.Binding == nil:
		return fmt.Errorf("%w %q: no binding", ErrInvalidEndpoint, ep.Address)
	case ep.Contract == nil:
		return fmt.Errorf("%w %q: no contract", ErrInvalidEndpoint, ep.Address)
	case ep.MaxAcceptingChannels < 0 || ep.MaxConcurrency < 0 || ep.MaxChannels < 0:
		return fmt.Errorf("%w %q: negative limit", ErrInvalidEndpoint, ep.Address)
	}
	if err := ep.checkAddresses(); err != nil {
		return err
	}
	for _, op := range ep.Contract.Operations() {
		if !op.HasHandler() {
			return fmt.Errorf("%w: %s.%s", ErrNoHandler, ep.Contract.Name, op.Name)
		}
	}
	return nil
}

// limits returns the endpoint's limits with defaults applied; channels 0
// is no bound of the endpoint's own.
func (ep *Endpoint) limits() (accepting, concurrency, channels int) {
	return orDefault(ep.MaxAcceptingChannels, DefaultMaxAcceptingChannels),
		orDefault(ep.MaxConcurrency, DefaultMaxConcurrency),
		max(ep.MaxChannels, 0)
}

func orDefault(v, def int) int {
	if v <= 0 {
		return def
	}
	return v
}

// sessionReplies reports whether replies on ep are addressed To the ReplyTo.
func (ep *Endpoint) sessionReplies() bool {
	sb, ok := ep.Binding.(SessionBinding)
	return ok && sb.SessionReplies()
}

// understands reports whether the endpoint declared header n understood.
func (ep *Endpoint) understands(n infoset.Name) bool {
	for _, u := range ep.UnderstoodHeaders {
		if u.Local == n.Local && u.Space == n.Space {
			return true
		}
	}
	return false
}
