// State of a service proxy or service host: WWSAPI's WS_SERVICE_PROXY_STATE
// and WS_SERVICE_HOST_STATE, which share the same six values.

package servicemodel

import "strconv"

// State is the life-cycle state of a service proxy (WS_SERVICE_PROXY_STATE)
// or a service host (WS_SERVICE_HOST_STATE). The numeric values match
// WWSAPI's. Which method may move an object from one state to another is
// written down, with the sentence of the WWSAPI documentation it comes
// from, in proxyRules and hostRules (state_rules.go).
type State uint8

const (
	// Created is the state after creation and after Reset. It may go to
	// Opening (Open) or Closing (Close); Abort moves a host, not a proxy, to
	// Faulted.
	Created State = iota

	// Opening is the state while Open runs. It goes to Open when Open
	// succeeds, to Faulted when Open fails, and, when Abort interrupts the
	// open, back to Created (proxy) or to Faulted (host).
	Opening

	// Open is the state in which calls are made (proxy) or dispatched (host).
	// It may go to Closing (Close) or Faulted (Abort, or a fault of the
	// underlying channel).
	Open

	// Closing is the state while Close runs. It goes to Closed when the close
	// finishes, whether or not it was graceful; Abort cuts the close short
	// and also moves it to Closed.
	Closing

	// Closed is terminal: nothing leaves it except Reset, which goes back to
	// Created. Abort and Close leave it unchanged.
	Closed

	// Faulted is the state after Abort, or after a fault of the underlying
	// channel. Only Close leaves it, through Closing to Closed.
	Faulted
)

// numStates is the number of State values, for tables indexed by State.
const numStates = int(Faulted) + 1

var stateNames = [numStates]string{
	Created: "Created",
	Opening: "Opening",
	Open:    "Open",
	Closing: "Closing",
	Closed:  "Closed",
	Faulted: "Faulted",
}

// String returns the state's name, such as "Open".
func (s State) String() string {
	if int(s) < numStates {
		return stateNames[s]
	}
	return "State(" + strconv.Itoa(int(s)) + ")"
}

// Terminal reports whether s is Closed, the state that only an explicit
// Reset leaves.
func (s State) Terminal() bool { return s == Closed }
