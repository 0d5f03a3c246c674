package servicemodel

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"syscall"
	"testing"

	"github.com/wwsgo/wws/cancel"
	"github.com/wwsgo/wws/nettcp"
	"github.com/wwsgo/wws/servicemodel/windowsauth/kerberos"
	"github.com/wwsgo/wws/servicemodel/windowsauth/ntlm"
	"github.com/wwsgo/wws/servicemodel/windowsauth/spnego"
	"github.com/wwsgo/wws/soap"
	"github.com/wwsgo/wws/soap/nbfx"
	"github.com/wwsgo/wws/soap/xmltext"
)

type timeoutErr struct{}

func (timeoutErr) Error() string   { return "i/o timeout" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }

func TestMapError(t *testing.T) {
	tests := []struct {
		in   error
		want error // nil: returned unchanged
	}{
		{context.DeadlineExceeded, ErrTimedOut},
		{os.ErrDeadlineExceeded, ErrTimedOut},
		{&net.OpError{Op: "read", Err: timeoutErr{}}, ErrTimedOut},
		{context.Canceled, ErrAborted},
		{fmt.Errorf("call: %w", cancel.ErrHostAborted), ErrAborted},
		{cancel.ErrChannelFaulted, ErrEndpointDisconnected},
		{io.EOF, ErrEndpointDisconnected},
		{io.ErrUnexpectedEOF, ErrEndpointDisconnected},
		{net.ErrClosed, ErrEndpointDisconnected},
		{&net.OpError{Op: "read", Err: &os.SyscallError{Syscall: "read", Err: syscall.ECONNRESET}}, ErrEndpointDisconnected},
		{&net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}, ErrEndpointNotFound},
		{&net.DNSError{Err: "no such host", Name: "nowhere"}, ErrEndpointNotFound},
		{syscall.ENETUNREACH, ErrEndpointUnreachable},
		{syscall.EADDRINUSE, ErrAddressInUse},
		{fmt.Errorf("%w: MaxReceivedMessageSize", soap.ErrQuotaExceeded), ErrQuotaExceeded},
		{nbfx.ErrQuotaExceeded, ErrQuotaExceeded},
		{xmltext.ErrQuotaExceeded, ErrQuotaExceeded},
		{soap.ErrMalformed, ErrInvalidFormat},
		{soap.ErrDecode, ErrInvalidFormat},
		{nbfx.ErrMalformed, ErrInvalidFormat},
		{xmltext.ErrSyntax, ErrInvalidFormat},
		{soap.ErrUnsupportedType, ErrNotSupported},
		{errors.New("something else"), nil},
	}
	for _, tc := range tests {
		got := MapError(tc.in)
		if tc.want == nil {
			if got != tc.in {
				t.Errorf("MapError(%v) = %v, want it unchanged", tc.in, got)
			}
			continue
		}
		if !errors.Is(got, tc.want) || !errors.Is(got, tc.in) {
			t.Errorf("MapError(%v) = %v, want %v wrapping the original", tc.in, got, tc.want)
		}
	}
	if MapError(nil) != nil {
		t.Error("MapError(nil) != nil")
	}
}

func TestMapErrorKeepsCodedErrors(t *testing.T) {
	coded := []error{
		ErrInvalidOperation,
		fmt.Errorf("open: %w", ErrAborted),
		newError(ErrTimedOut, context.Canceled), // the code wins over the cause's mapping
	}
	for _, in := range coded {
		if got := MapError(in); got != in {
			t.Errorf("MapError(%v) = %v, want it unchanged", in, got)
		}
	}
}

// TestMapErrorPrecedence: the framing rows come before the context rows,
// and the context rows before io's (errTable's order).
func TestMapErrorPrecedence(t *testing.T) {
	tests := []struct {
		in   error
		want error
	}{
		{fmt.Errorf("%w: %w", nettcp.ErrTimeout, context.Canceled), ErrTimedOut},
		{fmt.Errorf("%w: %w", nettcp.ErrClosed, context.DeadlineExceeded), ErrEndpointDisconnected},
		{fmt.Errorf("%w: %w", nettcp.ErrEndpointNotFound, io.EOF), ErrEndpointNotFound},
		{fmt.Errorf("%w: %w", io.EOF, context.Canceled), ErrAborted},
		{fmt.Errorf("%w: %w", net.ErrClosed, context.DeadlineExceeded), ErrTimedOut},
		{fmt.Errorf("%w: %w", soap.ErrQuotaExceeded, soap.ErrMalformed), ErrQuotaExceeded},
		// a truncated NNS frame is a security failure, not a disconnection;
		// a handshake the caller cancelled is an abort.
		{fmt.Errorf("%w: %w", nettcp.ErrSecurityVerification, io.ErrUnexpectedEOF), ErrSecurityVerification},
		{errors.Join(fmt.Errorf("%w: %w", nettcp.ErrSecurityVerification, io.ErrUnexpectedEOF), context.Canceled), ErrAborted},
	}
	for _, tc := range tests {
		got := MapError(tc.in)
		var e *Error
		if !errors.As(got, &e) || e.Code != tc.want {
			t.Errorf("MapError(%v) = %v; want code %v", tc.in, got, tc.want)
		}
	}
}

// wantMapped is every error errTable knows, with the code it must map to,
// written out independently of the table.
var wantMapped = []struct {
	from, code error
}{
	{nettcp.ErrEndpointNotFound, ErrEndpointNotFound},
	{nettcp.ErrServerTooBusy, ErrEndpointTooBusy},
	{nettcp.ErrEndpointAccessDenied, ErrEndpointAccessDenied},
	{nettcp.ErrEndpointUnavailable, ErrEndpointNotAvailable},
	{nettcp.ErrServiceActivation, ErrEndpointNotAvailable},
	{nettcp.ErrMaxMessageSize, ErrQuotaExceeded},
	{nettcp.ErrTimeout, ErrTimedOut},
	{nettcp.ErrAborted, ErrAborted},
	{nettcp.ErrProtocol, ErrInvalidFormat},
	{nettcp.ErrContentTypeInvalid, ErrEndpointFailure},
	{nettcp.ErrContentTypeTooLong, ErrEndpointFailure},
	{nettcp.ErrViaTooLong, ErrEndpointFailure},
	{nettcp.ErrUnsupportedVersion, ErrEndpointFailure},
	{nettcp.ErrUnsupportedMode, ErrEndpointFailure},
	{nettcp.ErrUpgradeInvalid, ErrEndpointFailure},
	{nettcp.ErrLooksLikeHTTP, ErrEndpointFailure},
	{nettcp.ErrClosed, ErrEndpointDisconnected},
	{ntlm.ErrSecurityVerification, ErrSecurityVerification},
	{spnego.ErrSecurityVerification, ErrSecurityVerification},
	{kerberos.ErrSecurityVerification, ErrSecurityVerification},
	{context.DeadlineExceeded, ErrTimedOut},
	{os.ErrDeadlineExceeded, ErrTimedOut},
	{context.Canceled, ErrAborted},
	{cancel.ErrHostAborted, ErrAborted},
	{nettcp.ErrSecurityVerification, ErrSecurityVerification},
	{soap.ErrQuotaExceeded, ErrQuotaExceeded},
	{nbfx.ErrQuotaExceeded, ErrQuotaExceeded},
	{xmltext.ErrQuotaExceeded, ErrQuotaExceeded},
	{soap.ErrMalformed, ErrInvalidFormat},
	{soap.ErrVersionMismatch, ErrInvalidFormat},
	{soap.ErrDuplicateHeader, ErrInvalidFormat},
	{soap.ErrDecode, ErrInvalidFormat},
	{soap.ErrNotFault, ErrInvalidFormat},
	{nbfx.ErrMalformed, ErrInvalidFormat},
	{nbfx.ErrUnknownID, ErrInvalidFormat},
	{nbfx.ErrSessionTable, ErrInvalidFormat},
	{xmltext.ErrSyntax, ErrInvalidFormat},
	{xmltext.ErrInvalidName, ErrInvalidFormat},
	{xmltext.ErrInvalidChar, ErrInvalidFormat},
	{xmltext.ErrNamespace, ErrInvalidFormat},
	{soap.ErrUnsupportedType, ErrNotSupported},
	{syscall.ECONNREFUSED, ErrEndpointNotFound},
	{syscall.ENETUNREACH, ErrEndpointUnreachable},
	{syscall.EHOSTUNREACH, ErrEndpointUnreachable},
	{syscall.EADDRINUSE, ErrAddressInUse},
	{syscall.EADDRNOTAVAIL, ErrAddressNotAvailable},
	{io.EOF, ErrEndpointDisconnected},
	{io.ErrUnexpectedEOF, ErrEndpointDisconnected},
	{io.ErrClosedPipe, ErrEndpointDisconnected},
	{net.ErrClosed, ErrEndpointDisconnected},
	{syscall.ECONNRESET, ErrEndpointDisconnected},
	{syscall.ECONNABORTED, ErrEndpointDisconnected},
	{syscall.EPIPE, ErrEndpointDisconnected},
	{cancel.ErrChannelFaulted, ErrEndpointDisconnected},
}

// TestMapErrorEveryRow maps every error of wantMapped, wrapped, and checks
// that errTable holds nothing wantMapped lacks.
func TestMapErrorEveryRow(t *testing.T) {
	known := map[error]bool{}
	for _, tc := range wantMapped {
		known[tc.from] = true
		in := fmt.Errorf("layer: %w", tc.from)
		got := MapError(in)
		var e *Error
		if !errors.As(got, &e) || e.Code != tc.code || !errors.Is(got, tc.from) {
			t.Errorf("MapError(%v) = %v; want code %v wrapping it", in, got, tc.code)
		}
	}
	for _, row := range errTable {
		for _, from := range row.from {
			if !known[from] {
				t.Errorf("errTable maps %v, which this test does not check", from)
			}
		}
	}
}

// TestMapErrorCodes: every WWSAPI sentinel is a code MapError leaves alone,
// and no other sentinel of the package is.
func TestMapErrorCodes(t *testing.T) {
	for _, tc := range allErrors {
		in := fmt.Errorf("x: %w: %w", tc.err, io.EOF)
		if got := MapError(in); got != in {
			t.Errorf("%s: MapError(%v) = %v; want it unchanged", tc.code, in, got)
		}
	}
	if len(codes) != len(allErrors) {
		t.Errorf("codes has %d sentinels; errors_test's allErrors %d", len(codes), len(allErrors))
	}
}

// TestStatusErrorEveryStatus maps each HTTP status without a reply.
func TestStatusErrorEveryStatus(t *testing.T) {
	want := map[int]error{
		400: ErrInvalidFormat, 401: ErrEndpointAccessDenied, 403: ErrEndpointAccessDenied,
		404: ErrEndpointNotFound, 407: ErrEndpointAccessDenied, 408: ErrTimedOut, 410: ErrEndpointNotFound,
		413: ErrQuotaExceeded, 415: ErrInvalidFormat, 429: ErrEndpointTooBusy, 431: ErrQuotaExceeded,
		500: ErrEndpointFailure, 501: ErrEndpointFailure, 502: ErrEndpointUnreachable,
		503: ErrEndpointTooBusy, 504: ErrTimedOut, 505: ErrNotSupported, 418: ErrEndpointFailure,
	}
	for status, code := range want {
		err := statusError(&http.Response{StatusCode: status, Status: http.StatusText(status)})
		var se *HTTPStatusError
		if !errors.As(err, &se) || se.StatusCode != status || !errors.Is(err, code) {
			t.Errorf("statusError(%d) = %v; want an HTTPStatusError wrapping %v", status, err, code)
		}
		for _, other := range allErrors {
			if other.err != code && errors.Is(err, other.err) {
				t.Errorf("statusError(%d) is also %s", status, other.code)
			}
		}
	}
	for status := range httpStatusErrors {
		if _, ok := want[status]; !ok {
			t.Errorf("httpStatusErrors maps %d, which this test does not check", status)
		}
	}
}

// TestCtxError: a deadline is ErrTimedOut, a cancellation ErrAborted, each
// keeping ctx.Err() and the cause.
func TestCtxError(t *testing.T) {
	ctx, cancelCtx := context.WithTimeout(context.Background(), 0)
	defer cancelCtx()
	<-ctx.Done()
	if err := ctxError(ctx); !errors.Is(err, ErrTimedOut) || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("deadline: %v; want ErrTimedOut wrapping DeadlineExceeded", err)
	}
	why := errors.New("why")
	ctx, cancelCause := context.WithCancelCause(context.Background())
	cancelCause(why)
	if err := ctxError(ctx); !errors.Is(err, ErrAborted) || !errors.Is(err, context.Canceled) || !errors.Is(err, why) {
		t.Errorf("cancel: %v; want ErrAborted wrapping Canceled and the cause", err)
	}
}

// TestChannelErrors: the net.tcp channel's failures.
func TestChannelErrors(t *testing.T) {
	bad := errors.New("bad")
	tests := []struct {
		name string
		err  error
		is   []error
	}{
		{"session ended without error", sessionFailed(sessionEnded(nil)), []error{ErrEndpointDisconnected, ErrClosedChannel}},
		{"session ended with error", sessionFailed(sessionEnded(bad)), []error{ErrEndpointDisconnected, bad}},
		{"unreadable", unreadable(bad), []error{ErrInvalidFormat, bad}},
		{"HTTP reply over a reader quota", replyUnreadable(fmt.Errorf("%w: depth", soap.ErrQuotaExceeded)), []error{ErrQuotaExceeded}},
		{"HTTP reply unreadable", replyUnreadable(bad), []error{ErrInvalidFormat}},
	}
	for _, tc := range tests {
		for _, want := range tc.is {
			if !errors.Is(tc.err, want) {
				t.Errorf("%s: %v is not %v", tc.name, tc.err, want)
			}
		}
	}
	if err := sessionEnded(nil); err != ErrClosedChannel {
		t.Errorf("sessionEnded(nil) = %v; want ErrClosedChannel", err)
	}
	if err := replyUnreadable(fmt.Errorf("%w: depth", soap.ErrQuotaExceeded)); errors.Is(err, ErrInvalidFormat) {
		t.Errorf("a reply over a quota is also ErrInvalidFormat: %v", err)
	}
}

// TestRoundTripError: a failed HTTP round trip is the end of its context
// when that ended it, else an unreachable endpoint.
func TestRoundTripError(t *testing.T) {
	dial := errors.New("dial tcp: connection refused")
	if err := roundTripError(context.Background(), dial); !errors.Is(err, ErrEndpointUnreachable) {
		t.Errorf("live context: %v; want ErrEndpointUnreachable", err)
	}
	timedOut, stop := context.WithTimeout(context.Background(), 0)
	defer stop()
	<-timedOut.Done()
	if err := roundTripError(timedOut, dial); !errors.Is(err, ErrTimedOut) {
		t.Errorf("deadline: %v; want ErrTimedOut", err)
	}
	sendTimeout, stopSend := context.WithCancelCause(context.Background())
	stopSend(ErrTimedOut)
	if err := roundTripError(sendTimeout, dial); !errors.Is(err, ErrTimedOut) {
		t.Errorf("SendTimeout cause: %v; want ErrTimedOut", err)
	}
	aborted, abort := context.WithCancelCause(context.Background())
	abort(ErrAborted)
	if err := roundTripError(aborted, dial); err != ErrAborted {
		t.Errorf("aborted: %v; want the cause ErrAborted itself", err)
	}
}

func TestErrorText(t *testing.T) {
	tests := []struct {
		e    *Error
		want string
	}{
		{newError(ErrTimedOut, context.DeadlineExceeded), "servicemodel: operation timed out: context deadline exceeded"},
		{newError(ErrAbandoned, nil), "servicemodel: operation abandoned"},
	}
	for _, tc := range tests {
		if got := tc.e.Error(); got != tc.want {
			t.Errorf("Error() = %q, want %q", got, tc.want)
		}
	}
	var f *soap.Fault
	err := error(newError(ErrEndpointFaultReceived, soap.SenderFault("x")))
	if !errors.As(err, &f) || f.Reason() != "x" {
		t.Errorf("errors.As(*soap.Fault) = %v", f)
	}
}
