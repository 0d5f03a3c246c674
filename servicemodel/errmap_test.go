package servicemodel

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"syscall"
	"testing"

	"github.com/wwsgo/wws/cancel"
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

func TestRegisterErrorMapping(t *testing.T) {
	errTooBusy := errors.New("nettcp: server too busy") // new each run: registrations last
	if got := MapError(errTooBusy); got != errTooBusy {
		t.Fatalf("before registration MapError = %v, want unchanged", got)
	}
	RegisterErrorMapping(func(err error) (error, bool) {
		if errors.Is(err, errTooBusy) {
			return ErrEndpointTooBusy, true
		}
		return nil, false
	})
	got := MapError(fmt.Errorf("dial: %w", errTooBusy))
	if !errors.Is(got, ErrEndpointTooBusy) || !errors.Is(got, errTooBusy) {
		t.Errorf("MapError = %v, want ErrEndpointTooBusy wrapping the cause", got)
	}
	if got := MapError(io.EOF); !errors.Is(got, ErrEndpointDisconnected) {
		t.Errorf("the built-in table after registration: MapError(EOF) = %v", got)
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
