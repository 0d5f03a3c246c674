// Service endpoints of a host: WWSAPI's WS_SERVICE_ENDPOINT (address,
// binding, contract, authorization callback, default message handler) and
// its WS_SERVICE_ENDPOINT_PROPERTY_ID properties (MAX_ACCEPTING_CHANNELS,
// MAX_CONCURRENCY, MAX_CHANNELS, ACCEPT_CHANNEL_CALLBACK,
// CLOSE_CHANNEL_CALLBACK).

package servicemodel

import (
	"context"
	"errors"
	"fmt"

	"github.com/wwsgo/wws/soap"
	"github.com/wwsgo/wws/soap/infoset"
)

// Defaults of the endpoint properties, WWSAPI's.
const (
	DefaultMaxAcceptingChannels = 1   // WS_SERVICE_ENDPOINT_PROPERTY_MAX_ACCEPTING_CHANNELS
	DefaultMaxConcurrency       = 1   // WS_SERVICE_ENDPOINT_PROPERTY_MAX_CONCURRENCY
	DefaultMaxChannels          = 100 // WS_SERVICE_ENDPOINT_PROPERTY_MAX_CHANNELS
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
	// MaxChannels is how many channels may be open at once; further clients
	// wait in the listener's backlog. It is also passed to Binding.Listen.
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
// when ReplyTo is absent or anonymous (WCF's reply adapter; wire.md §5.1).
// HTTP request-reply bindings do not implement it (or return false): their
// replies carry only Action and RelatesTo.
type SessionBinding interface {
	Binding
	SessionReplies() bool
}

// ErrInvalidEndpoint reports an endpoint that NewHost cannot use; the
// message names what is missing.
var ErrInvalidEndpoint = errors.New("servicemodel: invalid endpoint")

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

// limits returns the endpoint's limits with defaults applied.
func (ep *Endpoint) limits() (accepting, concurrency, channels int) {
	return orDefault(ep.MaxAcceptingChannels, DefaultMaxAcceptingChannels),
		orDefault(ep.MaxConcurrency, DefaultMaxConcurrency),
		orDefault(ep.MaxChannels, DefaultMaxChannels)
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
