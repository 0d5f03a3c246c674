package servicemodel

import (
	"context"
	"net"

	"github.com/wwsgo/wws/soap"
)

// This file is the seam between the service model (proxy, host, dispatch)
// and the transports. A Binding makes channels; a channel moves whole SOAP
// messages. net.tcp and HTTP implement it today; the negotiate upgrade,
// duplex callbacks and a gateway plug in here later.

// Binding describes how to reach an endpoint: transport, encoding, message
// version and their settings. It is a value users configure.
type Binding interface {
	// Scheme is the address scheme the binding serves: "net.tcp", "http", "https".
	Scheme() string
	// MessageVersion is the SOAP and addressing version of its messages.
	MessageVersion() soap.MessageVersion
	// DialChannel opens a client channel to address (the Open of a proxy).
	DialChannel(ctx context.Context, address string) (ClientChannel, error)
	// Listen creates the listener for a host endpoint at address; it must
	// not accept anything until Start.
	Listen(address string, opts ListenOptions) (ChannelListener, error)
}

// ClientChannel carries a proxy's calls to one endpoint. net.tcp's is one
// framing session whose replies are matched to requests by RelatesTo — read
// by the waiting caller itself when it is alone in flight, else by a
// background read loop; HTTP's makes one request per call over kept-alive
// connections. Methods are safe for concurrent use.
type ClientChannel interface {
	// Request sends req and waits for the reply correlated with it (by
	// RelatesTo on a session). onReply runs with the reply while it is
	// valid — a received message refers to the channel's buffers and is
	// gone once onReply returns — so it decodes what it needs there; its
	// error is Request's. A session channel runs onReply on whichever
	// goroutine reads the session: it must not block. onReply does not run when Request
	// fails first (timeout, abort, disconnect).
	Request(ctx context.Context, req *soap.Message, onReply func(reply *soap.Message) error) error
	// Send sends a one-way message.
	Send(ctx context.Context, msg *soap.Message) error
	// Close ends the session gracefully (End handshake on net.tcp).
	Close(ctx context.Context) error
	// Abort tears the channel down at once, failing pending requests.
	Abort()
	// Done is closed when the channel faults or closes; Err says why.
	Done() <-chan struct{}
	Err() error
}

// ChannelListener accepts server channels for one host endpoint.
type ChannelListener interface {
	// Start begins listening (the host opens every listener before it
	// accepts on any).
	Start() error
	// Accept returns the next channel: one net.tcp session, or one HTTP
	// request.
	Accept(ctx context.Context) (ServerChannel, error)
	// Close stops accepting; channels already accepted carry on.
	Close() error
	// Abort closes the listener and every channel it produced.
	Abort()
	Addr() net.Addr
}

// ServerChannel yields received requests until the peer ends the session.
type ServerChannel interface {
	// Receive returns the next request, or io.EOF when the peer closed the
	// session cleanly.
	Receive(ctx context.Context) (RequestContext, error)
	Close(ctx context.Context) error
	Abort()
	Done() <-chan struct{}
	Err() error
	RemoteAddr() net.Addr
}

// RequestContext is one received message and the way to answer it.
//
// The message refers to the channel's buffers: it is valid until the next
// Receive on the same channel, so a host that runs calls concurrently
// decodes the body before receiving again. Reply and NoReply stay usable
// after that.
type RequestContext interface {
	Message() *soap.Message
	// Reply sends the reply (or fault) message.
	Reply(ctx context.Context, reply *soap.Message) error
	// NoReply finishes a one-way message (HTTP answers 202).
	NoReply(ctx context.Context) error
}

// A RequestContext may also have a Release method. The host calls it once
// it is done with the request — its operation has returned and its Reply
// or NoReply has been sent — and touches neither the request nor its
// Message afterwards, so that the channel may reuse them for a later
// Receive. A decorator of a RequestContext forwards it.
type requestReleaser interface {
	Release()
}

// A ServerChannel decorator (one that wraps another to count or log) may
// have an Unwrap method returning the channel it wraps, through which the
// host sees the transport's properties, such as carrying a session.
type serverChannelUnwrapper interface {
	Unwrap() ServerChannel
}

// ListenOptions are the endpoint limits a listener enforces.
type ListenOptions struct {
	// MaxChannels bounds the endpoint's open channels; 0 leaves the bound
	// to the binding (and to the host's MaxConcurrentSessions).
	MaxChannels int
	// MaxPendingConnections is the host's bound on connections accepted
	// and not yet handed to the endpoint, for transports that have one and
	// whose binding sets none (net.tcp); 0 means the transport's default.
	MaxPendingConnections int
	// PublicAddress is the endpoint's Address when it listens at another
	// one (Endpoint.ListenURI): a listener that routes by path accepts
	// this address's path too. Empty when the two are the same.
	PublicAddress string

	// Windows verifies clients when the binding's Security asks for
	// Windows credentials (HostOptions.Windows).
	Windows *WindowsServiceCredential

	ports    *portTable // the host's sockets, shared among its endpoints
	endpoint string     // the endpoint's address, to name it in errors
}

// dialOptions are what a proxy gives its binding's channel besides the
// address: the client's credentials and the identity it expects of the
// service (ProxyOptions.Windows and Identity).
type dialOptions struct {
	windows  *WindowsClientCredential
	identity EndpointIdentity
}

// credentialDialer is a Binding whose channels take a proxy's credentials.
type credentialDialer interface {
	dialChannelWith(ctx context.Context, address string, o dialOptions) (ClientChannel, error)
}

// dialChannel opens b's channel to address with o when b takes
// credentials, else with DialChannel.
func dialChannel(ctx context.Context, b Binding, address string, o dialOptions) (ClientChannel, error) {
	if d, ok := b.(credentialDialer); ok {
		return d.dialChannelWith(ctx, address, o)
	}
	return b.DialChannel(ctx, address)
}
