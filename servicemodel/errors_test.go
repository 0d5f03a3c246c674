package servicemodel

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// allErrors lists every sentinel with the WWSAPI code it stands for.
var allErrors = []struct {
	code string
	err  error
}{
	{"WS_E_INVALID_OPERATION", ErrInvalidOperation},
	{"WS_E_OBJECT_FAULTED", ErrObjectFaulted},
	{"WS_E_OPERATION_ABORTED", ErrAborted},
	{"WS_E_OPERATION_TIMED_OUT", ErrTimedOut},
	{"WS_E_OPERATION_ABANDONED", ErrAbandoned},
	{"WS_E_QUOTA_EXCEEDED", ErrQuotaExceeded},
	{"WS_E_INVALID_FORMAT", ErrInvalidFormat},
	{"WS_E_NOT_SUPPORTED", ErrNotSupported},
	{"WS_E_ENDPOINT_DISCONNECTED", ErrEndpointDisconnected},
	{"WS_E_ENDPOINT_NOT_FOUND", ErrEndpointNotFound},
	{"WS_E_ENDPOINT_ACCESS_DENIED", ErrEndpointAccessDenied},
	{"WS_E_ENDPOINT_FAULT_RECEIVED", ErrEndpointFaultReceived},
	{"WS_E_ENDPOINT_UNREACHABLE", ErrEndpointUnreachable},
	{"WS_E_ENDPOINT_TOO_BUSY", ErrEndpointTooBusy},
	{"WS_E_ENDPOINT_ACTION_NOT_SUPPORTED", ErrEndpointActionNotSupported},
	{"WS_E_ENDPOINT_FAILURE", ErrEndpointFailure},
	{"WS_E_ENDPOINT_NOT_AVAILABLE", ErrEndpointNotAvailable},
	{"WS_E_INVALID_ENDPOINT_URL", ErrInvalidEndpointURL},
	{"WS_E_ADDRESS_IN_USE", ErrAddressInUse},
	{"WS_E_ADDRESS_NOT_AVAILABLE", ErrAddressNotAvailable},
}

func TestErrorsDistinctAndPrefixed(t *testing.T) {
	texts := make(map[string]string)
	for _, tc := range allErrors {
		msg := tc.err.Error()
		if !strings.HasPrefix(msg, "servicemodel: ") {
			t.Errorf("%s: text %q, want prefix %q", tc.code, msg, "servicemodel: ")
		}
		if prev, dup := texts[msg]; dup {
			t.Errorf("%s: text %q already used by %s", tc.code, msg, prev)
		}
		texts[msg] = tc.code
	}
}

func TestErrorsIs(t *testing.T) {
	for _, tc := range allErrors {
		wrapped := fmt.Errorf("proxy call: %w", tc.err)
		for _, other := range allErrors {
			if got, want := errors.Is(wrapped, other.err), other.code == tc.code; got != want {
				t.Errorf("errors.Is(wrapped %s, %s) = %v, want %v", tc.code, other.code, got, want)
			}
		}
	}
}
