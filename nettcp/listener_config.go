package nettcp

import "time"

// ListenerConfig configures a Listener. Zero fields take WCF's defaults
// (wire.md §5.3, §1.9).
type ListenerConfig struct {
	// MaxConnections bounds open connections; more are answered with the
	// ServerTooBusy fault. Default 12 × NumCPU.
	MaxConnections int
	// ChannelInitializationTimeout bounds accept → complete preamble,
	// upgrade included. Default 30 s.
	ChannelInitializationTimeout time.Duration
	// IdleTimeout bounds the wait for the next preamble on a connection
	// whose previous session ended with End. Default 2 min.
	IdleTimeout time.Duration
	// SendTimeout, ReceiveTimeout and CloseTimeout are the sessions'
	// defaults: 1 min, 10 min, 1 min.
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
	out.MaxConnections = orDefault(out.MaxConnections, DefaultMaxConnections())
	out.ChannelInitializationTimeout = orDefault(out.ChannelInitializationTimeout, DefaultChannelInitializationTimeout)
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
}

// endpoint is a registered EndpointConfig with defaults applied.
type endpoint struct {
	path string
	cfg  EndpointConfig
}

func (e *endpoint) allows(ct string) bool {
	for _, c := range e.cfg.ContentTypes {
		if c == ct {
			return true
		}
	}
	return false
}
