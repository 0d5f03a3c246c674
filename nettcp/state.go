package nettcp

// State is the lifecycle state of a Session ([MC-NMF] 3.1.1: a session is
// open after the Preamble Ack and ends with the End handshake or an abort).
type State uint8

const (
	// StateOpen: envelopes flow both ways. Next: StateClosing, StateClosed,
	// StateFaulted.
	StateOpen State = iota
	// StateClosing: Close has begun the End handshake. Next: StateClosed,
	// StateFaulted.
	StateClosing
	// StateClosed: the End handshake finished or the session was closed
	// gracefully. Terminal.
	StateClosed
	// StateFaulted: aborted, or ended by an error. Terminal.
	StateFaulted
)

// String names the state.
func (s State) String() string {
	switch s {
	case StateOpen:
		return "Open"
	case StateClosing:
		return "Closing"
	case StateClosed:
		return "Closed"
	case StateFaulted:
		return "Faulted"
	}
	return "State(" + itoa(int(s)) + ")"
}
