// The one mapping from lower-layer errors to the WWSAPI result codes of
// errors.go ("Windows Web Services Return Values"), as grpc maps transport
// errors in one table: errTable for errors (net.tcp framing, context, soap
// and its encodings, cancel, net, io), httpStatusErrors for the HTTP
// statuses a client channel gets without a SOAP reply, and the functions
// that apply them where a call or a channel ends: MapError, ioError and
// ctxError for calls, sessionEnded, sessionFailed and unreadable for the
// net.tcp channel, statusError, roundTripError and replyUnreadable for the
// HTTP client channel.

package servicemodel

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"syscall"

	"github.com/wwsgo/wws/cancel"
	"github.com/wwsgo/wws/nettcp"
	"github.com/wwsgo/wws/servicemodel/windowsauth/kerberos"
	"github.com/wwsgo/wws/servicemodel/windowsauth/ntlm"
	"github.com/wwsgo/wws/servicemodel/windowsauth/spnego"
	"github.com/wwsgo/wws/soap"
	"github.com/wwsgo/wws/soap/nbfx"
	"github.com/wwsgo/wws/soap/xmltext"
)

// errMapping is one row of the table: any error that errors.Is one of from
// maps to code.
type errMapping struct {
	from []error
	code error
}

// errTable is consulted in order; the first row that matches wins.
//
// The framing rows come first: a framing fault or timeout names the failure
// more exactly than the context or io error it may wrap. Context errors
// come next: a cancelled or timed-out operation reports that even when the
// transport also saw its connection close.
var errTable = []errMapping{
	// net.tcp framing: the fault records of [MC-NMF] 2.2.3.8 a WCF peer
	// sends, and local framing failures.
	{[]error{nettcp.ErrEndpointNotFound}, ErrEndpointNotFound},
	{[]error{nettcp.ErrServerTooBusy}, ErrEndpointTooBusy},
	{[]error{nettcp.ErrEndpointAccessDenied}, ErrEndpointAccessDenied},
	{[]error{nettcp.ErrEndpointUnavailable, nettcp.ErrServiceActivation}, ErrEndpointNotAvailable},
	{[]error{nettcp.ErrMaxMessageSize}, ErrQuotaExceeded},
	{[]error{nettcp.ErrTimeout}, ErrTimedOut},
	{[]error{nettcp.ErrAborted}, ErrAborted},
	{[]error{nettcp.ErrProtocol}, ErrInvalidFormat},
	{[]error{nettcp.ErrContentTypeInvalid, nettcp.ErrContentTypeTooLong, nettcp.ErrViaTooLong,
		nettcp.ErrUnsupportedVersion, nettcp.ErrUnsupportedMode, nettcp.ErrUpgradeInvalid,
		nettcp.ErrLooksLikeHTTP}, ErrEndpointFailure},
	{[]error{nettcp.ErrClosed}, ErrEndpointDisconnected},

	// Windows authentication: a handshake that failed its checks.
	{[]error{ntlm.ErrSecurityVerification, spnego.ErrSecurityVerification, kerberos.ErrSecurityVerification}, ErrSecurityVerification},

	// context and cancel.
	{[]error{context.DeadlineExceeded, os.ErrDeadlineExceeded}, ErrTimedOut},
	{[]error{context.Canceled, cancel.ErrHostAborted}, ErrAborted},

	// [MS-NNS]: the application/negotiate handshake and data frames; after
	// the context rows, since a handshake the caller cancelled is an abort.
	{[]error{nettcp.ErrSecurityVerification}, ErrSecurityVerification},

	// soap and its encodings.
	{[]error{soap.ErrQuotaExceeded, nbfx.ErrQuotaExceeded, xmltext.ErrQuotaExceeded}, ErrQuotaExceeded},
	{[]error{soap.ErrMalformed, soap.ErrVersionMismatch, soap.ErrDuplicateHeader, soap.ErrDecode,
		soap.ErrNotFault, nbfx.ErrMalformed, nbfx.ErrUnknownID, nbfx.ErrSessionTable,
		xmltext.ErrSyntax, xmltext.ErrInvalidName, xmltext.ErrInvalidChar, xmltext.ErrNamespace}, ErrInvalidFormat},
	{[]error{soap.ErrUnsupportedType}, ErrNotSupported},

	// sockets and io; after the table, a *net.DNSError is ErrEndpointNotFound
	// and any other net.Error with Timeout() is ErrTimedOut (lookupCode).
	{[]error{syscall.ECONNREFUSED}, ErrEndpointNotFound},
	{[]error{syscall.ENETUNREACH, syscall.EHOSTUNREACH}, ErrEndpointUnreachable},
	{[]error{syscall.EADDRINUSE}, ErrAddressInUse},
	{[]error{syscall.EADDRNOTAVAIL}, ErrAddressNotAvailable},
	{[]error{io.EOF, io.ErrUnexpectedEOF, io.ErrClosedPipe, net.ErrClosed, syscall.ECONNRESET,
		syscall.ECONNABORTED, syscall.EPIPE, cancel.ErrChannelFaulted}, ErrEndpointDisconnected},
}

// httpStatusErrors maps the HTTP statuses a client channel does not turn
// into a reply message to sentinels; the rest are ErrEndpointFailure (WCF's
// HttpChannelUtilities ProcessGetResponseWebException /
// ValidateRequestReplyResponse: 404 → EndpointNotFoundException, 503 →
// ServerTooBusyException, 401/403 → access denied, 413 →
// QuotaExceededException, anything else → ProtocolException).
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

// codes lists every sentinel MapError may return, so an error that already
// carries one is not mapped again.
var codes = []error{
	ErrInvalidOperation, ErrObjectFaulted, ErrAborted, ErrTimedOut, ErrAbandoned, ErrQuotaExceeded,
	ErrInvalidFormat, ErrNotSupported, ErrEndpointDisconnected, ErrEndpointNotFound,
	ErrEndpointAccessDenied, ErrEndpointFaultReceived, ErrEndpointUnreachable, ErrEndpointTooBusy,
	ErrEndpointActionNotSupported, ErrEndpointFailure, ErrEndpointNotAvailable, ErrInvalidEndpointURL,
	ErrAddressInUse, ErrAddressNotAvailable, ErrSecurityVerification,
}

// MapError returns err as a service-model error: nil for nil; err itself
// when it already carries one of this package's sentinels; otherwise an
// *Error whose Code is the sentinel errTable gives, and whose Err is err.
// An error nothing maps is returned as it is (WWSAPI's "other errors").
func MapError(err error) error {
	if err == nil || hasCode(err) {
		return err
	}
	if code, ok := lookupCode(err); ok {
		return newError(code, err)
	}
	return err
}

// lookupCode finds the sentinel for err.
func lookupCode(err error) (error, bool) {
	for _, row := range errTable {
		for _, from := range row.from {
			if errors.Is(err, from) {
				return row.code, true
			}
		}
	}
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return ErrEndpointNotFound, true
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return ErrTimedOut, true
	}
	return nil, false
}

// hasCode reports whether err already carries a sentinel of this package.
func hasCode(err error) bool {
	var e *Error
	if errors.As(err, &e) {
		return true
	}
	for _, c := range codes {
		if errors.Is(err, c) {
			return true
		}
	}
	return false
}

// statusError returns the error for an HTTP status without a SOAP reply.
func statusError(resp *http.Response) error {
	err, ok := httpStatusErrors[resp.StatusCode]
	if !ok {
		err = ErrEndpointFailure
	}
	if schemes := resp.Header.Values("WWW-Authenticate"); resp.StatusCode == http.StatusUnauthorized && len(schemes) > 0 {
		// as WCF's "The HTTP request is unauthorized with client
		// authentication scheme 'Anonymous'": say what the service wants
		err = fmt.Errorf("%w: the service asks for %q (HTTPBinding.Security)", err, strings.Join(schemes, ", "))
	}
	return &HTTPStatusError{StatusCode: resp.StatusCode, Status: resp.Status, err: err}
}

// roundTripError maps a failed HTTP round trip: the context's cause when
// the call was cancelled or timed out, else an unreachable endpoint.
func roundTripError(ctx context.Context, err error) error {
	if cause := context.Cause(ctx); cause != nil {
		if errors.Is(cause, context.DeadlineExceeded) || errors.Is(cause, ErrTimedOut) {
			return fmt.Errorf("%w: %v", ErrTimedOut, err)
		}
		return cause // ErrAborted, a closed channel, or the caller's cancellation
	}
	if code, ok := lookupCode(err); ok && code == ErrSecurityVerification {
		return newError(code, err) // a Windows handshake token failed its checks
	}
	return fmt.Errorf("%w: %v", ErrEndpointUnreachable, err)
}

// refusedError is the error of a 401 to a channel that authenticated with
// Windows credentials: the service refused them (WCF's
// MessageSecurityException "The HTTP request is unauthorized with client
// authentication scheme 'Negotiate'", HttpChannelUtilities
// ProcessGetResponseWebException).
func refusedError(resp *http.Response) error {
	return &HTTPStatusError{StatusCode: resp.StatusCode, Status: resp.Status,
		err: fmt.Errorf("%w: the service refused the Windows credentials (it asks for %q)",
			ErrSecurityVerification, strings.Join(resp.Header.Values("WWW-Authenticate"), ", "))}
}

// replyUnreadable maps an HTTP reply body the encoder cannot read: a reader
// quota is ErrQuotaExceeded, anything else ErrInvalidFormat. The cause is
// kept as text only.
func replyUnreadable(err error) error {
	if errors.Is(err, soap.ErrQuotaExceeded) {
		return fmt.Errorf("%w: %v", ErrQuotaExceeded, err)
	}
	return fmt.Errorf("%w: %v", ErrInvalidFormat, err)
}

// ioError maps an error of a call's channel: the end of the call's context
// first (with the proxy's reason when the proxy cancelled it: abort, drop,
// close), then a dropped channel, then MapError.
func ioError(ctx context.Context, ch ClientChannel, err error) error {
	if ctx.Err() != nil {
		if cause := context.Cause(ctx); hasCode(cause) {
			return cause
		}
		return ctxError(ctx)
	}
	mapped := MapError(err)
	select {
	case <-ch.Done():
		if !hasCode(mapped) || errors.Is(mapped, ErrEndpointDisconnected) {
			return disconnected(ch, err)
		}
	default:
	}
	return mapped
}

// disconnected is the error of a call whose channel dropped.
func disconnected(ch ClientChannel, err error) error {
	cause := ch.Err()
	switch {
	case cause == nil:
		cause = err
	case err != nil && !errors.Is(err, cause):
		cause = errors.Join(cause, err)
	}
	return newError(ErrEndpointDisconnected, cause)
}

// ctxError maps the end of ctx: ErrTimedOut for a deadline, ErrAborted for
// a cancellation, with ctx.Err() and its cause kept.
func ctxError(ctx context.Context) error {
	err := ctx.Err()
	code := ErrAborted
	if errors.Is(err, context.DeadlineExceeded) {
		code = ErrTimedOut
	}
	if cause := context.Cause(ctx); cause != nil && cause != err {
		return newError(code, fmt.Errorf("%w: %w", err, cause))
	}
	return newError(code, err)
}

// sessionEnded is the error of a net.tcp session that ended: its own,
// ErrClosedChannel when it has none.
func sessionEnded(err error) error {
	if err == nil {
		return ErrClosedChannel
	}
	return err
}

// sessionFailed is the error a net.tcp channel fails with when its session
// stops delivering other than by our Close.
func sessionFailed(err error) error { return fmt.Errorf("%w: %w", ErrEndpointDisconnected, err) }

// unreadable is the error of a message a net.tcp channel received but
// cannot decode; the channel is aborted with it, since the session's
// string table may be broken too.
func unreadable(err error) error { return fmt.Errorf("%w: %w", ErrInvalidFormat, err) }
