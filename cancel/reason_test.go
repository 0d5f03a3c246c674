package cancel

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

func TestReasonString(t *testing.T) {
	tests := []struct {
		r    Reason
		want string
	}{
		{HostAbort, "HostAbort"}, {ChannelFault, "ChannelFault"}, {Reason(2), "Reason(2)"}, {Reason(255), "Reason(255)"},
	}
	for _, tc := range tests {
		if got := tc.r.String(); got != tc.want {
			t.Errorf("Reason(%d).String() = %q, want %q", uint8(tc.r), got, tc.want)
		}
	}
}

// TestReasonValues pins the numbers to WS_SERVICE_CANCEL_REASON.
func TestReasonValues(t *testing.T) {
	if HostAbort != 0 || ChannelFault != 1 {
		t.Errorf("HostAbort, ChannelFault = %d, %d; want 0, 1", HostAbort, ChannelFault)
	}
}

func TestReasonErr(t *testing.T) {
	tests := []struct {
		r    Reason
		want error
	}{
		{HostAbort, ErrHostAborted}, {ChannelFault, ErrChannelFaulted}, {Reason(7), ErrHostAborted},
	}
	for _, tc := range tests {
		if got := tc.r.Err(); got != tc.want {
			t.Errorf("%v.Err() = %v, want %v", tc.r, got, tc.want)
		}
	}
}

func TestReasonOf(t *testing.T) {
	tests := []struct {
		err    error
		want   Reason
		wantOK bool
	}{
		{ErrHostAborted, HostAbort, true},
		{ErrChannelFaulted, ChannelFault, true},
		{fmt.Errorf("dispatch: %w", ErrChannelFaulted), ChannelFault, true},
		{context.Canceled, HostAbort, false},
		{nil, HostAbort, false},
		{errors.New("cancel: host aborted"), HostAbort, false}, // same text, not the sentinel
	}
	for _, tc := range tests {
		got, ok := ReasonOf(tc.err)
		if got != tc.want || ok != tc.wantOK {
			t.Errorf("ReasonOf(%v) = (%v, %v), want (%v, %v)", tc.err, got, ok, tc.want, tc.wantOK)
		}
	}
}
