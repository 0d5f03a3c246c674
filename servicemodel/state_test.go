package servicemodel

import "testing"

func TestStateString(t *testing.T) {
	tests := []struct {
		s    State
		want string
	}{
		{Created, "Created"}, {Opening, "Opening"}, {Open, "Open"},
		{Closing, "Closing"}, {Closed, "Closed"}, {Faulted, "Faulted"},
		{State(6), "State(6)"}, {State(255), "State(255)"},
	}
	for _, tc := range tests {
		if got := tc.s.String(); got != tc.want {
			t.Errorf("State(%d).String() = %q, want %q", uint8(tc.s), got, tc.want)
		}
	}
}

// TestStateValues pins the numbers to WS_SERVICE_PROXY_STATE and
// WS_SERVICE_HOST_STATE.
func TestStateValues(t *testing.T) {
	for s, want := range map[State]int{Created: 0, Opening: 1, Open: 2, Closing: 3, Closed: 4, Faulted: 5} {
		if int(s) != want {
			t.Errorf("%v = %d, want %d", s, int(s), want)
		}
	}
}

func TestStateTerminal(t *testing.T) {
	for s := range State(numStates) {
		if got, want := s.Terminal(), s == Closed; got != want {
			t.Errorf("%v.Terminal() = %v, want %v", s, got, want)
		}
	}
}
