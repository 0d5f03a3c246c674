// Why a call is cancelled: WWSAPI's WS_SERVICE_CANCEL_REASON
// (WS_SERVICE_HOST_ABORT, WS_SERVICE_CHANNEL_FAULTED), and the context causes
// that carry it.

package cancel

import (
	"errors"
	"strconv"
)

// Reason is why a call was cancelled (WS_SERVICE_CANCEL_REASON). The numeric
// values match WWSAPI's.
type Reason uint8

const (
	// HostAbort: the service host is being aborted (WS_SERVICE_HOST_ABORT).
	HostAbort Reason = 0
	// ChannelFault: the channel the call arrived on faulted
	// (WS_SERVICE_CHANNEL_FAULTED).
	ChannelFault Reason = 1
)

// Context causes of a cancelled call, one per Reason; test them with
// errors.Is(context.Cause(ctx), ErrHostAborted).
var (
	// ErrHostAborted is the cause of a call cancelled for HostAbort.
	ErrHostAborted = errors.New("cancel: host aborted")
	// ErrChannelFaulted is the cause of a call cancelled for ChannelFault.
	ErrChannelFaulted = errors.New("cancel: channel faulted")
)

// String returns the reason's name, such as "HostAbort".
func (r Reason) String() string {
	switch r {
	case HostAbort:
		return "HostAbort"
	case ChannelFault:
		return "ChannelFault"
	}
	return "Reason(" + strconv.Itoa(int(r)) + ")"
}

// Err returns the sentinel error that is the context cause for r:
// ErrChannelFaulted for ChannelFault, ErrHostAborted for HostAbort and for
// any value that is not a Reason.
func (r Reason) Err() error { return *r.errPtr() }

// errPtr is Err as the address of its variable, which a Call records
// without allocating.
func (r Reason) errPtr() *error {
	if r == ChannelFault {
		return &ErrChannelFaulted
	}
	return &ErrHostAborted
}

// ReasonOf returns the Reason whose sentinel err matches (errors.Is), and
// false if it matches neither.
func ReasonOf(err error) (Reason, bool) {
	switch {
	case errors.Is(err, ErrChannelFaulted):
		return ChannelFault, true
	case errors.Is(err, ErrHostAborted):
		return HostAbort, true
	}
	return HostAbort, false
}
