package nettcp

import "time"

// ListenerConfig configures a Listener. Zero fields take WCF's defaults
// (System.ServiceModel/System/ServiceModel/Channels/TransportDefaults.cs,
// ConnectionOrientedTransportDefaults and TcpTransportDefaults).
//
// Every field is a setting of the listening socket as a whole, the ones
// WCF's ConnectionOrientedTransportManager.IsCompatible requires endpoints
// sharing a port to agree on; the per-session settings of an endpoint are
// in EndpointConfig.
type ListenerConfig struct {
	// MaxPendingConnections bounds the connections accepted but not yet
	// handed to the service: preamble being read, or waiting for Accept.
	// At the bound the listener stops accepting and further clients wait in
	// the operating system's listen backlog, as WCF's ConnectionAcceptor
	// does; nothing is refused. Default 12 × NumCPU (WCF's default since
	// .NET 4.5, NetTcpBinding.MaxConnections).
	MaxPendingConnections int
	// ChannelInitializationTimeout bounds accept → complete preamble,
	// upgrade included. Default 30 s.
	ChannelInitializationTimeout time.Duration
	// QueueTimeout bounds how long a session whose preamble is complete
	// waits for Accept (and, through AcceptAt, for the Acknowledge of a
	// service throttle): past it the session is refused with ServerTooBusy.
	// Default 1 min, NetTcpBinding's OpenTimeout, by which a client with
	// default settings has given up. (WCF leaves this to the client's open
	// timeout; a bound here keeps a vanished client from holding a pending
	// slot.)
	QueueTimeout time.Duration
	// IdleTimeout bounds the wait for the next preamble on a connection
	// whose previous session ended with End. Default 2 min.
	IdleTimeout time.Duration
	// SendTimeout, ReceiveTimeout and CloseTimeout are the sessions'
	// defaults when their endpoint sets none: 1 min, 10 min, 1 min.
	SendTimeout, ReceiveTimeout, CloseTimeout time.Duration
	// MaxViaSize and MaxContentTypeSize bound the preamble's strings:
	// 2048 and 256 bytes.
	MaxViaSize, MaxContentTypeSize int
	// MaxMessageSize limits received envelopes unless the endpoint sets its
	// own. Default 65536.
	MaxMessageSize int64
	// FaultDrainTimeout bounds how long input is drained after a fault
	// record before the connection closes. Default 1 s.
	FaultDrainTimeout time.Duration
}

func (c *ListenerConfig) withDefaults() ListenerConfig {
	var out ListenerConfig
	if c != nil {
		out = *c
	}
	out.MaxPendingConnections = orDefault(out.MaxPendingConnections, DefaultMaxPendingConnections())
	out.ChannelInitializationTimeout = orDefault(out.ChannelInitializationTimeout, DefaultChannelInitializationTimeout)
	out.QueueTimeout = orDefault(out.QueueTimeout, DefaultOpenTimeout)
	out.IdleTimeout = orDefault(out.IdleTimeout, DefaultIdleTimeout)
	out.SendTimeout = orDefault(out.SendTimeout, DefaultSendTimeout)
	out.ReceiveTimeout = orDefault(out.ReceiveTimeout, DefaultReceiveTimeout)
	out.CloseTimeout = orDefault(out.CloseTimeout, DefaultCloseTimeout)
	out.MaxViaSize = orDefault(out.MaxViaSize, DefaultMaxViaSize)
	out.MaxContentTypeSize = orDefault(out.MaxContentTypeSize, DefaultMaxContentTypeSize)
	out.MaxMessageSize = orDefault(out.MaxMessageSize, DefaultMaxMessageSize)
	out.FaultDrainTimeout = orDefault(out.FaultDrainTimeout, DefaultFaultDrainTimeout)
	return out
}

// EndpointConfig describes one endpoint registered with Listener.Handle.
type EndpointConfig struct {
	// Mode is ModeDuplex (default, buffered) or ModeSingletonUnsized
	// (streamed); preambles with the other mode get UnsupportedMode.
	Mode Mode
	// ContentTypes the endpoint's encoder accepts; others get
	// ContentTypeInvalid. Default: application/soap+msbinsession1 for
	// duplex, application/soap+msbin1 for streamed.
	ContentTypes []string
	// Upgrader, when set, is offered and required: an Upgrade Request for
	// another protocol, or a Preamble End on a connection it has not
	// secured, gets UpgradeInvalid. (WCF aborts without a fault in the
	// second case; we send UpgradeInvalid so the client learns why.)
	Upgrader Upgrader
	// MaxMessageSize overrides the listener's limit for this endpoint.
	MaxMessageSize int64
	// SendTimeout, ReceiveTimeout and CloseTimeout override the listener's
	// session defaults for this endpoint.
	SendTimeout, ReceiveTimeout, CloseTimeout time.Duration
	// QueueTimeout overrides the listener's for this endpoint's sessions.
	QueueTimeout time.Duration
	// Aliases are more Via paths routed to this endpoint: their sessions
	// are the endpoint's, taken with AcceptAt at its own path (a WCF
	// endpoint reached at both its address and its listenUri).
	Aliases []string
}

// endpoint is a registered EndpointConfig with defaults applied.
type endpoint struct {
	path     string
	cfg      EndpointConfig
	sessions chan *Session // AcceptAt's queue: a serving goroutine hands over here
}

func (e *endpoint) allows(ct string) bool {
	for _, c := range e.cfg.ContentTypes {
		if c == ct {
			return true
		}
	}
	return false
}
