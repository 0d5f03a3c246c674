// Package cancel implements WWSAPI's call cancellation for service
// operations ("Call cancellation", WsRegisterOperationForCancel,
// WS_OPERATION_CANCEL_CALLBACK, WS_OPERATION_FREE_STATE_CALLBACK,
// WS_SERVICE_CANCEL_REASON): cancel callbacks that run at most once when the
// host aborts or a channel faults, and free-state callbacks that run once when
// the call completes.
//
// The host's dispatcher makes a Call per received message with NewCall, adds
// it to the host's and the channel's Group, passes the call's context to the
// operation and calls Complete when the operation returns. The context is
// cancelled with context.WithCancelCause, so context.Cause tells why:
// ErrHostAborted or ErrChannelFaulted. Under a parent that cannot end, it
// is made on first use (most operations never look at it); the call
// records its end meanwhile, and Call.Cancelled reports it without making
// the context. WsAbortServiceHost is
// hostGroup.CancelAll(HostAbort); a channel fault is
// channelGroup.CancelAll(ChannelFault).
package cancel
