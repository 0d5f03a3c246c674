// Sentinel errors of the service model, one per WWSAPI result code
// ("Windows Web Services Return Values"), so callers can test them with
// errors.Is.

package servicemodel

import "errors"

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
