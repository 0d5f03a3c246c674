package servicemodel

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// cell renders a rule compactly for the table tests:
//
//	"!invalid"              refused with ErrInvalidOperation (also !faulted, !aborted)
//	"Opening>Open|Faulted"  runs through Opening, ends Open, or Faulted on failure
//	"=Closed"               moves to Closed at once and cannot fail
func cell(r rule) string {
	switch {
	case r.Err == nil && r.Via == r.To && r.To == r.Fail:
		return "=" + r.To.String()
	case r.Err == nil:
		return r.Via.String() + ">" + r.To.String() + "|" + r.Fail.String()
	}
	for name, err := range map[string]error{
		"invalid": ErrInvalidOperation,
		"faulted": ErrObjectFaulted,
		"aborted": ErrAborted,
	} {
		if r.Err == err {
			return "!" + name
		}
	}
	return "!" + r.Err.Error()
}

// grid renders every (method, state) cell of t, one row per method.
func grid(t *ruleTable) map[string][]string {
	g := make(map[string][]string, numMethods)
	for m := range method(numMethods) {
		row := make([]string, numStates)
		for s := range State(numStates) {
			row[s] = cell(t.lookup(m, s))
		}
		g[m.String()] = row
	}
	return g
}

// The expected grids are written out independently of state_rules.go, one
// column per state in the order Created, Opening, Open, Closing, Closed,
// Faulted, so every (method, state) pair is checked, including pairs a
// forgotten table entry would leave as the zero rule.

func TestProxyRules(t *testing.T) {
	want := map[string][]string{
		//         Created                   Opening     Open                     Closing     Closed      Faulted
		"Open":  {"Opening>Open|Faulted", "!invalid", "!invalid", "!invalid", "!invalid", "!invalid"},
		"Call":  {"!invalid", "!invalid", "=Open", "!invalid", "!invalid", "!faulted"},
		"Close": {"Closing>Closed|Closed", "!invalid", "Closing>Closed|Closed", "!invalid", "=Closed", "Closing>Closed|Closed"},
		"Abort": {"=Created", "=Created", "=Faulted", "=Closed", "=Closed", "=Faulted"},
		"Reset": {"!invalid", "!invalid", "!invalid", "!invalid", "=Created", "!invalid"},
	}
	if diff := cmp.Diff(want, grid(&proxyRules)); diff != "" {
		t.Errorf("proxyRules mismatch (-want +got):\n%s", diff)
	}
}

func TestHostRules(t *testing.T) {
	want := map[string][]string{
		//         Created                   Opening     Open                     Closing     Closed      Faulted
		"Open":  {"Opening>Open|Faulted", "!invalid", "!invalid", "!invalid", "!invalid", "!aborted"},
		"Call":  {"!invalid", "!invalid", "=Open", "=Closing", "!invalid", "!aborted"},
		"Close": {"Closing>Closed|Closed", "!invalid", "Closing>Closed|Closed", "!invalid", "=Closed", "Closing>Closed|Closed"},
		"Abort": {"=Faulted", "=Faulted", "=Faulted", "=Closed", "=Closed", "=Faulted"},
		"Reset": {"!invalid", "!invalid", "!invalid", "!invalid", "=Created", "!invalid"},
	}
	if diff := cmp.Diff(want, grid(&hostRules)); diff != "" {
		t.Errorf("hostRules mismatch (-want +got):\n%s", diff)
	}
}

// TestRulesInvariants checks properties every table must keep, whatever its
// cells say.
func TestRulesInvariants(t *testing.T) {
	for name, tab := range map[string]*ruleTable{"proxy": &proxyRules, "host": &hostRules} {
		for m := range method(numMethods) {
			for s := range State(numStates) {
				r := tab.lookup(m, s)
				where := name + " " + m.String() + " in " + s.String()
				if m == methodAbort && r.Err != nil {
					t.Errorf("%s: got error %v, want Abort never to fail", where, r.Err)
				}
				if s == Closed && r.Err == nil && r.To != Closed && m != methodReset {
					t.Errorf("%s: got To %v, want Closed left only by Reset", where, r.To)
				}
				if r.Err != nil && !strings.HasPrefix(r.Err.Error(), "servicemodel: ") {
					t.Errorf("%s: got error %q, want a servicemodel sentinel", where, r.Err)
				}
			}
		}
	}
}

func TestRulesLookupOutOfRange(t *testing.T) {
	for _, tc := range []struct {
		m method
		s State
	}{{method(numMethods), Open}, {methodOpen, State(numStates)}, {255, 255}} {
		if got := proxyRules.lookup(tc.m, tc.s); !errors.Is(got.Err, ErrInvalidOperation) {
			t.Errorf("lookup(%v, %v).Err = %v, want %v", tc.m, tc.s, got.Err, ErrInvalidOperation)
		}
	}
}

func TestMethodString(t *testing.T) {
	tests := []struct {
		m    method
		want string
	}{
		{methodOpen, "Open"}, {methodCall, "Call"}, {methodClose, "Close"},
		{methodAbort, "Abort"}, {methodReset, "Reset"}, {method(9), "method(9)"},
	}
	for _, tc := range tests {
		if got := tc.m.String(); got != tc.want {
			t.Errorf("method(%d).String() = %q, want %q", uint8(tc.m), got, tc.want)
		}
	}
}
