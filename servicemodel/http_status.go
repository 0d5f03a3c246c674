package servicemodel

// HTTP status codes a client channel does not turn into a reply message, and
// the WWSAPI error each one maps to (WCF's HttpChannelUtilities
// ProcessGetResponseWebException / ValidateRequestReplyResponse: 404 →
// EndpointNotFoundException, 503 → ServerTooBusyException, 401/403 →
// access denied, 413 → QuotaExceededException, anything else →
// ProtocolException). One table, one place.

import (
	"fmt"
	"net/http"
)

// HTTPStatusError is the error of a call answered with an HTTP status that
// carries no SOAP reply. It wraps the WWSAPI sentinel for the status, so
// errors.Is(err, ErrEndpointNotFound) works for a 404.
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

// httpStatusErrors maps statuses to sentinels; the rest are ErrEndpointFailure.
var httpStatusErrors = map[int]error{
	http.StatusNotFound:                    ErrEndpointNotFound,
	http.StatusGone:                        ErrEndpointNotFound,
	http.StatusServiceUnavailable:          ErrEndpointTooBusy,
	http.StatusTooManyRequests:             ErrEndpointTooBusy,
	http.StatusUnauthorized:                ErrEndpointAccessDenied,
	http.StatusForbidden:                   ErrEndpointAccessDenied,
	http.StatusProxyAuthRequired:           ErrEndpointAccessDenied,
	http.StatusRequestEntityTooLarge:       ErrQuotaExceeded,
	http.StatusBadGateway:                  ErrEndpointUnreachable,
	http.StatusGatewayTimeout:              ErrTimedOut,
	http.StatusRequestTimeout:              ErrTimedOut,
	http.StatusUnsupportedMediaType:        ErrInvalidFormat,
	http.StatusBadRequest:                  ErrInvalidFormat,
	http.StatusHTTPVersionNotSupported:     ErrNotSupported,
	http.StatusRequestHeaderFieldsTooLarge: ErrQuotaExceeded,
}

// statusError returns the error for an HTTP status without a SOAP reply.
func statusError(resp *http.Response) error {
	err, ok := httpStatusErrors[resp.StatusCode]
	if !ok {
		err = ErrEndpointFailure
	}
	return &HTTPStatusError{StatusCode: resp.StatusCode, Status: resp.Status, err: err}
}
