// Every sentinel error of the service model, and the two error types that
// carry them: first one per WWSAPI result code ("Windows Web Services Return
// Values"), then the package's own conditions, then the unexported causes
// its code compares against. Callers test them with errors.Is. How errors
// of the lower layers (context, net, io, soap, nettcp, HTTP statuses)
// become these is errmap.go's table, and only there.

package servicemodel

import (
	"errors"
	"fmt"
	"io"
)

// Errors named after the WWSAPI HRESULT each one stands for.
var (
	// ErrInvalidOperation is WS_E_INVALID_OPERATION: the operation is valid
	// for the object, but not in its current state.
	ErrInvalidOperation = errors.New("servicemodel: invalid operation in the current state")

	// ErrObjectFaulted is WS_E_OBJECT_FAULTED: a new operation was started on
	// an object that has faulted because of an earlier unrecoverable error.
	ErrObjectFaulted = errors.New("servicemodel: object faulted")

	// ErrAborted is WS_E_OPERATION_ABORTED: the operation was aborted, or was
	// pending when its object was aborted.
	ErrAborted = errors.New("servicemodel: operation aborted")

	// ErrTimedOut is WS_E_OPERATION_TIMED_OUT: the operation did not complete
	// within the time allotted.
	ErrTimedOut = errors.New("servicemodel: operation timed out")

	// ErrAbandoned is WS_E_OPERATION_ABANDONED: a pending operation was
	// abandoned; it still runs, but its caller has been told it ended.
	ErrAbandoned = errors.New("servicemodel: operation abandoned")

	// ErrQuotaExceeded is WS_E_QUOTA_EXCEEDED: a quota was exceeded.
	ErrQuotaExceeded = errors.New("servicemodel: quota exceeded")

	// ErrInvalidFormat is WS_E_INVALID_FORMAT: the data did not have the
	// expected format or value (invalid XML, wire protocol or schema).
	ErrInvalidFormat = errors.New("servicemodel: invalid format")

	// ErrNotSupported is WS_E_NOT_SUPPORTED: the feature is not supported.
	ErrNotSupported = errors.New("servicemodel: not supported")

	// ErrEndpointDisconnected is WS_E_ENDPOINT_DISCONNECTED: the connection
	// with the remote endpoint was terminated, or is missing.
	ErrEndpointDisconnected = errors.New("servicemodel: endpoint disconnected")

	// ErrEndpointNotFound is WS_E_ENDPOINT_NOT_FOUND: the remote endpoint does
	// not exist or could not be located.
	ErrEndpointNotFound = errors.New("servicemodel: endpoint not found")

	// ErrEndpointAccessDenied is WS_E_ENDPOINT_ACCESS_DENIED: the remote
	// endpoint denied access.
	ErrEndpointAccessDenied = errors.New("servicemodel: endpoint access denied")

	// ErrSecurityVerification is WS_E_SECURITY_VERIFICATION_FAILURE:
	// security verification was not successful; for transport security,
	// the peer refused the credentials (wrong password, unknown user) or an
	// authentication token failed its checks.
	ErrSecurityVerification = errors.New("servicemodel: security verification failed")

	// ErrEndpointFaultReceived is WS_E_ENDPOINT_FAULT_RECEIVED: a fault
	// message arrived where a different message was expected.
	ErrEndpointFaultReceived = errors.New("servicemodel: fault received from endpoint")

	// ErrEndpointUnreachable is WS_E_ENDPOINT_UNREACHABLE: there is no route
	// or network connectivity to the remote endpoint.
	ErrEndpointUnreachable = errors.New("servicemodel: endpoint unreachable")

	// ErrEndpointTooBusy is WS_E_ENDPOINT_TOO_BUSY: the remote endpoint, or
	// the server hosting it, is too busy to process the request.
	ErrEndpointTooBusy = errors.New("servicemodel: endpoint too busy")

	// ErrEndpointActionNotSupported is WS_E_ENDPOINT_ACTION_NOT_SUPPORTED: the
	// remote endpoint does not support the requested action (usually a
	// contract mismatch).
	ErrEndpointActionNotSupported = errors.New("servicemodel: action not supported by endpoint")

	// ErrEndpointFailure is WS_E_ENDPOINT_FAILURE: the remote endpoint
	// responded that it could not process the request.
	ErrEndpointFailure = errors.New("servicemodel: endpoint failure")

	// ErrEndpointNotAvailable is WS_E_ENDPOINT_NOT_AVAILABLE: the remote
	// endpoint is not in service at this location, or not now.
	ErrEndpointNotAvailable = errors.New("servicemodel: endpoint not available")

	// ErrInvalidEndpointURL is WS_E_INVALID_ENDPOINT_URL: the endpoint address
	// URL is not valid for the operation.
	ErrInvalidEndpointURL = errors.New("servicemodel: invalid endpoint URL")

	// ErrAddressInUse is WS_E_ADDRESS_IN_USE: the address to listen on is
	// already in use.
	ErrAddressInUse = errors.New("servicemodel: address in use")

	// ErrAddressNotAvailable is WS_E_ADDRESS_NOT_AVAILABLE: the address cannot
	// be used on this machine.
	ErrAddressNotAvailable = errors.New("servicemodel: address not available")
)

// Conditions of this package; each either wraps the WWSAPI code callers
// also see (ErrHTTPNoReply: ErrEndpointFailure) or stands beside it.
var (
	// ErrInvalidEndpoint reports an endpoint that NewHost cannot use; the
	// message names what is missing.
	ErrInvalidEndpoint = errors.New("servicemodel: invalid endpoint")

	// ErrNoHandler is returned when a host endpoint's contract has an
	// operation without an implementation.
	ErrNoHandler = errors.New("servicemodel: operation has no handler")

	// ErrUnknownOperation is returned by Call for an operation that the
	// proxy's contract does not have (E_INVALIDARG in WWSAPI).
	ErrUnknownOperation = errors.New("servicemodel: unknown operation")

	// ErrOperationPanicked is the error an operation's panic is turned into; it
	// is answered with InternalServiceFault like any other error.
	ErrOperationPanicked = errors.New("servicemodel: operation panicked")

	// ErrClosedChannel is the error of a channel closed gracefully.
	ErrClosedChannel = errors.New("servicemodel: channel closed")

	// ErrUncorrelatedReply reports a reply that matches no pending request when
	// more than one is pending.
	ErrUncorrelatedReply = errors.New("servicemodel: reply matches no pending request")

	// ErrListenerClosed is Accept's error after Close or Abort.
	ErrListenerClosed = errors.New("servicemodel: listener closed")

	// ErrHTTPNoReply reports a request answered with an empty body (202 or 200)
	// where a reply was expected.
	ErrHTTPNoReply = fmt.Errorf("servicemodel: http: no reply message: %w", ErrEndpointFailure)
)

// Unexported causes, compared with errors.Is inside the package.
var (
	// errProxyAborted is what calls and a Close cut short by Abort return.
	errProxyAborted = newError(ErrAborted, errors.New("the service proxy was aborted"))

	// errCallAbandoned is what an abandoned caller's Call returns.
	errCallAbandoned = newError(ErrAbandoned, nil)

	// errNoReply reports a channel whose Request succeeded without a reply.
	errNoReply = errors.New("servicemodel: channel returned no reply")

	// errReleased is Await's error when the waker's stop closed first: the
	// request is still pending, and Await may be called again to go on
	// waiting.
	errReleased = errors.New("servicemodel: caller released, request still pending")

	// errAnswered reports a second answer to one request.
	errAnswered = fmt.Errorf("%w: the request has been answered", ErrInvalidOperation)

	// errHTTPBinding reports an unusable binding configuration.
	errHTTPBinding = errors.New("servicemodel: http: invalid binding")

	// errServiceEnded is the cause of ErrEndpointDisconnected when the
	// service ended a net.tcp session with its End record; it wraps io.EOF.
	errServiceEnded = fmt.Errorf("the service closed the session: %w", io.EOF)
)

// Error is a service-model error: the WWSAPI code it stands for (one of the
// sentinels above) and the lower-layer error that caused it, both
// reachable with errors.Is and errors.As.
type Error struct {
	Code error // a sentinel such as ErrTimedOut
	Err  error // the cause; may be nil
}

// Error returns the code's text followed by the cause's.
func (e *Error) Error() string {
	if e.Err == nil {
		return e.Code.Error()
	}
	return e.Code.Error() + ": " + e.Err.Error()
}

// Unwrap returns the code and the cause.
func (e *Error) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Code}
	}
	return []error{e.Code, e.Err}
}

// newError returns an *Error with code and cause.
func newError(code, cause error) *Error { return &Error{Code: code, Err: cause} }

// HTTPStatusError is the error of a call answered with an HTTP status that
// carries no SOAP reply. It wraps the WWSAPI sentinel for the status
// (errmap.go's httpStatusErrors), so errors.Is(err, ErrEndpointNotFound)
// works for a 404.
type HTTPStatusError struct {
	StatusCode int
	Status     string // the status line text, e.g. "404 Not Found"
	err        error
}

// Error implements error.
func (e *HTTPStatusError) Error() string {
	return fmt.Sprintf("servicemodel: http: status %s: %v", e.Status, e.err)
}

// Unwrap returns the sentinel the status maps to.
func (e *HTTPStatusError) Unwrap() error { return e.err }
