package nettcp

import (
	"context"
	"net"
	"runtime"
	"time"
)

// WCF's NetTcpBinding defaults (System.ServiceModel/System/ServiceModel/
// Channels/TransportDefaults.cs).
const (
	DefaultPort                         = 808
	DefaultMaxMessageSize               = 65536
	DefaultMaxViaSize                   = 2048
	DefaultMaxContentTypeSize           = 256
	DefaultOpenTimeout                  = time.Minute
	DefaultSendTimeout                  = time.Minute
	DefaultReceiveTimeout               = 10 * time.Minute
	DefaultCloseTimeout                 = time.Minute
	DefaultChannelInitializationTimeout = 30 * time.Second
	DefaultIdleTimeout                  = 2 * time.Minute
	DefaultLeaseTimeout                 = 5 * time.Minute
	DefaultMaxIdlePerEndpoint           = 10
	DefaultFaultDrainTimeout            = time.Second
	connectionBufferSize                = 8192
)

// DefaultMaxPendingConnections is WCF's MaxPendingConnections default
// since .NET 4.5, 12 per CPU (ConnectionOrientedTransportDefaults.
// GetMaxPendingConnections, which NetTcpBinding.MaxConnections also uses).
func DefaultMaxPendingConnections() int { return 12 * runtime.NumCPU() }

// ClientConfig configures Dial and DialStream. The zero value (or nil)
// gives WCF's defaults, no upgrade and no connection reuse.
type ClientConfig struct {
	// ContentType of the envelopes; default application/soap+msbinsession1
	// for Dial and application/soap+msbin1 for DialStream.
	ContentType string
	// Upgrader, if set, is requested in the preamble (e.g. *TLSUpgrader).
	Upgrader Upgrader
	// Pool, if set, supplies and takes back connections (reuse after End).
	Pool *Pool
	// DialContext opens the TCP connection; default net.Dialer.
	DialContext func(ctx context.Context, network, addr string) (net.Conn, error)
	// OpenTimeout bounds dial, upgrade and preamble when ctx has no deadline.
	OpenTimeout time.Duration
	// SendTimeout, ReceiveTimeout and CloseTimeout apply to Send, Receive
	// and Close when their ctx has no deadline.
	SendTimeout, ReceiveTimeout, CloseTimeout time.Duration
	// MaxMessageSize limits received envelopes.
	MaxMessageSize int64
}

func (c *ClientConfig) withDefaults(mode Mode) ClientConfig {
	var out ClientConfig
	if c != nil {
		out = *c
	}
	if out.ContentType == "" {
		out.ContentType = ContentTypeBinarySession
		if mode == ModeSingletonUnsized {
			out.ContentType = ContentTypeBinary
		}
	}
	if out.DialContext == nil {
		var d net.Dialer
		out.DialContext = d.DialContext
	}
	out.OpenTimeout = orDefault(out.OpenTimeout, DefaultOpenTimeout)
	out.SendTimeout = orDefault(out.SendTimeout, DefaultSendTimeout)
	out.ReceiveTimeout = orDefault(out.ReceiveTimeout, DefaultReceiveTimeout)
	out.CloseTimeout = orDefault(out.CloseTimeout, DefaultCloseTimeout)
	out.MaxMessageSize = orDefault(out.MaxMessageSize, DefaultMaxMessageSize)
	return out
}

func orDefault[T int | int64 | time.Duration](v, d T) T {
	if v <= 0 {
		return d
	}
	return v
}
