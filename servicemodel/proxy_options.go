// Properties of a service proxy: WWSAPI's WS_PROXY_PROPERTY_ID
// (WS_PROXY_PROPERTY_MAX_PENDING_CALLS, WS_PROXY_PROPERTY_CALL_TIMEOUT,
// WS_PROXY_PROPERTY_MAX_CLOSE_TIMEOUT) with WWSAPI's defaults.

package servicemodel

import (
	"fmt"
	"log/slog"
	"time"
)

// WWSAPI's defaults for the service proxy properties.
const (
	// DefaultMaxPendingCalls is WS_PROXY_PROPERTY_MAX_PENDING_CALLS' default.
	DefaultMaxPendingCalls = 100
	// DefaultCallTimeout is WS_PROXY_PROPERTY_CALL_TIMEOUT's default.
	DefaultCallTimeout = 30 * time.Second
	// DefaultMaxCloseTimeout is WS_PROXY_PROPERTY_MAX_CLOSE_TIMEOUT's default.
	DefaultMaxCloseTimeout = 5 * time.Second
)

// ProxyOptions are the properties of a service proxy. A zero field takes
// WWSAPI's default.
type ProxyOptions struct {
	// MaxPendingCalls bounds the calls pending at once, abandoned calls
	// whose I/O still runs included; a call over it fails with
	// ErrQuotaExceeded. Default 100.
	MaxPendingCalls int
	// CallTimeout bounds each call, on top of its context's deadline; a
	// call over it fails with ErrTimedOut. Default 30 s; negative means
	// none (WWSAPI's INFINITE).
	CallTimeout time.Duration
	// MaxCloseTimeout bounds Close, on top of its context's deadline; when
	// it expires the proxy is aborted. Default 5 s; negative means none.
	MaxCloseTimeout time.Duration
	// Logger receives the proxy's changes of state (Debug) and the loss
	// of its channel (Warn), never a line per call; nil means none.
	Logger *slog.Logger

	// Windows is who the proxy authenticates as when its binding's
	// Security asks for Windows credentials (WCF's
	// ClientCredentials.Windows); nil there takes the default Kerberos
	// credential cache.
	Windows *WindowsClientCredential
	// Identity is the service identity the proxy expects (WCF's endpoint
	// identity); empty means host/<the address's host>.
	Identity EndpointIdentity
}

// withDefaults returns o with its zero fields set to the defaults, or an
// error for values out of range.
func (o ProxyOptions) withDefaults() (ProxyOptions, error) {
	if o.MaxPendingCalls < 0 {
		return o, fmt.Errorf("servicemodel: MaxPendingCalls %d is negative", o.MaxPendingCalls)
	}
	if o.MaxPendingCalls == 0 {
		o.MaxPendingCalls = DefaultMaxPendingCalls
	}
	if o.CallTimeout == 0 {
		o.CallTimeout = DefaultCallTimeout
	}
	if o.MaxCloseTimeout == 0 {
		o.MaxCloseTimeout = DefaultMaxCloseTimeout
	}
	o.Logger = loggerOrDiscard(o.Logger)
	return o, nil
}
