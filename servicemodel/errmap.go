// The one mapping from lower-layer errors (context, net, io, soap and its
// encodings, cancel) to the WWSAPI result codes of errors.go ("Windows Web
// Services Return Values"), as grpc maps transport errors in one table.

package servicemodel

import (
	"context"
	"errors"
	"io"
	"net"
	"os"
	"sync"
	"syscall"

	"github.com/wwsgo/wws/cancel"
	"github.com/wwsgo/wws/soap"
	"github.com/wwsgo/wws/soap/nbfx"
	"github.com/wwsgo/wws/soap/xmltext"
)

// Error is a service-model error: the WWSAPI code it stands for (one of the
// sentinels of errors.go) and the lower-layer error that caused it, both
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

// ErrorMapping maps an error of a lower layer to a WWSAPI sentinel of this
// package; ok is false when it does not know err.
type ErrorMapping func(err error) (code error, ok bool)

// errMapping is one row of the built-in table: any error that errors.Is one
// of from maps to code.
type errMapping struct {
	from []error
	code error
}

// errTable is the built-in table, consulted in order after the registered
// mappings. Context errors come first: a cancelled or timed-out operation
// reports that even when the transport also saw its connection close.
var errTable = []errMapping{
	{[]error{context.DeadlineExceeded, os.ErrDeadlineExceeded}, ErrTimedOut},
	{[]error{context.Canceled, cancel.ErrHostAborted}, ErrAborted},
	{[]error{soap.ErrQuotaExceeded, nbfx.ErrQuotaExceeded, xmltext.ErrQuotaExceeded}, ErrQuotaExceeded},
	{[]error{soap.ErrMalformed, soap.ErrVersionMismatch, soap.ErrDuplicateHeader, soap.ErrDecode,
		soap.ErrNotFault, nbfx.ErrMalformed, nbfx.ErrUnknownID, nbfx.ErrSessionTable,
		xmltext.ErrSyntax, xmltext.ErrInvalidName, xmltext.ErrInvalidChar, xmltext.ErrNamespace}, ErrInvalidFormat},
	{[]error{soap.ErrUnsupportedType}, ErrNotSupported},
	{[]error{syscall.ECONNREFUSED}, ErrEndpointNotFound},
	{[]error{syscall.ENETUNREACH, syscall.EHOSTUNREACH}, ErrEndpointUnreachable},
	{[]error{syscall.EADDRINUSE}, ErrAddressInUse},
	{[]error{syscall.EADDRNOTAVAIL}, ErrAddressNotAvailable},
	{[]error{io.EOF, io.ErrUnexpectedEOF, io.ErrClosedPipe, net.ErrClosed, syscall.ECONNRESET,
		syscall.ECONNABORTED, syscall.EPIPE, cancel.ErrChannelFaulted}, ErrEndpointDisconnected},
}

// codes lists every sentinel MapError may return, so an error that already
// carries one is not mapped again.
var codes = []error{
	ErrInvalidOperation, ErrObjectFaulted, ErrAborted, ErrTimedOut, ErrAbandoned, ErrQuotaExceeded,
	ErrInvalidFormat, ErrNotSupported, ErrEndpointDisconnected, ErrEndpointNotFound,
	ErrEndpointAccessDenied, ErrEndpointFaultReceived, ErrEndpointUnreachable, ErrEndpointTooBusy,
	ErrEndpointActionNotSupported, ErrEndpointFailure, ErrEndpointNotAvailable, ErrInvalidEndpointURL,
	ErrAddressInUse, ErrAddressNotAvailable,
}

var registered struct {
	mu   sync.RWMutex
	list []ErrorMapping // mu guards list
}

// RegisterErrorMapping adds m to the mappings MapError consults before its
// built-in table; later registrations are consulted first. Transports
// register their own errors here (nettcp's framing fault codes, say:
// EndpointNotFound, ServerTooBusy). It is safe for concurrent use.
func RegisterErrorMapping(m ErrorMapping) {
	registered.mu.Lock()
	defer registered.mu.Unlock()
	registered.list = append([]ErrorMapping{m}, registered.list...)
}

// MapError returns err as a service-model error: nil for nil; err itself
// when it already carries one of this package's sentinels; otherwise an
// *Error whose Code is the sentinel the registered mappings or the built-in
// table give, and whose Err is err. An error nothing maps is returned as it
// is (WWSAPI's "other errors").
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
	registered.mu.RLock()
	list := registered.list
	registered.mu.RUnlock()
	for _, m := range list {
		if code, ok := m(err); ok && code != nil {
			return code, true
		}
	}
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
