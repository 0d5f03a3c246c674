// What each method of the service proxy and the service host may do in each
// State, as data: WsOpenServiceProxy, WsCall, WsCloseServiceProxy,
// WsAbortServiceProxy, WsResetServiceProxy, and WsOpenServiceHost,
// WsCloseServiceHost, WsAbortServiceHost, WsResetServiceHost.

package servicemodel

import "strconv"

// method names an operation of a proxy or host whose effect on the State is
// given by a ruleTable. For a host, methodCall is the dispatch of a received
// message to a service operation.
type method uint8

const (
	methodOpen method = iota
	methodCall
	methodClose
	methodAbort
	methodReset
)

// numMethods is the number of method values, for tables indexed by method.
const numMethods = int(methodReset) + 1

var methodNames = [numMethods]string{
	methodOpen:  "Open",
	methodCall:  "Call",
	methodClose: "Close",
	methodAbort: "Abort",
	methodReset: "Reset",
}

func (m method) String() string {
	if int(m) < numMethods {
		return methodNames[m]
	}
	return "method(" + strconv.Itoa(int(m)) + ")"
}

// rule is what a method does when called in one state.
type rule struct {
	Err  error // non-nil: the method is refused with Err and the state is unchanged
	Via  State // the state while the method runs (Opening, Closing); To if it is immediate
	To   State // the state when the method succeeds
	Fail State // the state when the method fails after it began
}

// ruleTable gives the rule of every (method, state) pair.
type ruleTable [numMethods][numStates]rule

// lookup returns the rule for meth in state s; pairs outside the table are
// refused with ErrInvalidOperation.
func (t *ruleTable) lookup(meth method, s State) rule {
	if int(meth) >= numMethods || int(s) >= numStates {
		return refuse(ErrInvalidOperation)
	}
	return t[meth][s]
}

// refuse is the rule of a method that is not allowed.
func refuse(err error) rule { return rule{Err: err} }

// run is the rule of a method that passes through via to reach to, or fail
// when it fails.
func run(via, to, fail State) rule { return rule{Via: via, To: to, Fail: fail} }

// now is the rule of a method that moves to `to` at once and cannot fail.
func now(to State) rule { return rule{Via: to, To: to, Fail: to} }

// proxyRules is the service proxy's table. Quotations are from the WWSAPI
// pages "Service Proxy", WsOpenServiceProxy, WsCloseServiceProxy,
// WsAbortServiceProxy and WsResetServiceProxy; cells marked "inferred" are not
// stated there and follow STYLE.md (Close and Abort are idempotent, Abort
// never fails).
var proxyRules = ruleTable{
	methodOpen: {
		// "When the service proxy has been created, the application can open
		// the service proxy ... by calling the WsOpenServiceProxy function."
		// A failed open leaves a proxy with no usable channel: Faulted (inferred).
		Created: run(Opening, Open, Faulted),
		// WsOpenServiceProxy: "WS_E_INVALID_OPERATION The operation is not
		// allowed due to the current state of the object."
		Opening: refuse(ErrInvalidOperation),
		Open:    refuse(ErrInvalidOperation),
		Closing: refuse(ErrInvalidOperation),
		Closed:  refuse(ErrInvalidOperation), // WsResetServiceProxy must come first
		Faulted: refuse(ErrInvalidOperation),
	},
	methodCall: {
		// "When the service proxy has been opened, the application can use it
		// to make calls to the service."
		Open:    now(Open),
		Created: refuse(ErrInvalidOperation),
		Opening: refuse(ErrInvalidOperation),
		// WsCloseServiceProxy: "After calling WsCloseServiceProxy application
		// should not perform any more calls on the service proxy."
		Closing: refuse(ErrInvalidOperation),
		Closed:  refuse(ErrInvalidOperation),
		// WsAbortServiceProxy: "Once the abort is initiated, the service proxy
		// will not accept any new calls." WS_E_OBJECT_FAULTED is WWSAPI's code
		// for a new operation on a faulted object.
		Faulted: refuse(ErrObjectFaulted),
	},
	methodClose: {
		// WsCloseServiceProxy: "If a service operation call is pending on the
		// service proxy, WsCloseServiceProxy waits for each call to complete."
		// and "WS_E_INVALID_OPERATION is the only error code that indicates
		// that closure has failed. Other error codes indicate that the
		// operation succeeded": so a close that reports an error still ends
		// Closed.
		Open: run(Closing, Closed, Closed),
		// WsAbortServiceProxy, on a faulted proxy: "The application can call
		// WsCloseServiceProxy to close it".
		Faulted: run(Closing, Closed, Closed),
		// Nothing to wait for; closing lets Reset reuse the proxy (inferred).
		Created: run(Closing, Closed, Closed),
		// WsAbortServiceProxy: "If the service proxy is opening ... you can
		// call WsAbortServiceProxy to abort the opening operation": an open is
		// stopped by Abort, not Close (inferred).
		Opening: refuse(ErrInvalidOperation),
		// A close is already under way (inferred).
		Closing: refuse(ErrInvalidOperation),
		// Close is idempotent (inferred).
		Closed: now(Closed),
	},
	methodAbort: {
		// WsAbortServiceProxy: "If the service proxy is opening ... The service
		// proxy will cancel all pending I/O and transition back to
		// WS_SERVICE_PROXY_STATE_CREATED state."
		Opening: now(Created),
		// "If the service proxy is already open ... WsAbortServiceProxy will
		// cause the service proxy to abort all underlying channels and
		// transition to the WS_SERVICE_PROXY_STATE_FAULTED state."
		Open: now(Faulted),
		// "If the service proxy is closing ... all underlying channels are
		// aborted, and the service proxy tansitions to the
		// WS_SERVICE_PROXY_STATE_CLOSED state."
		Closing: now(Closed),
		// Not listed; Abort never fails and is idempotent (inferred).
		Created: now(Created),
		Closed:  now(Closed),
		Faulted: now(Faulted),
	},
	methodReset: {
		// WsResetServiceProxy: "Once the proxy is closed, the application can
		// call WsResetServiceProxy to reuse it." "Service Proxy": "after
		// calling WsCloseServiceProxy an application can reuse the service
		// proxy by calling the WsResetServiceProxy function."
		Closed: now(Created),
		// WsResetServiceProxy: "WS_E_INVALID_OPERATION The serviceProxy was in
		// an inappropriate state."
		Created: refuse(ErrInvalidOperation),
		Opening: refuse(ErrInvalidOperation),
		Open:    refuse(ErrInvalidOperation),
		Closing: refuse(ErrInvalidOperation),
		Faulted: refuse(ErrInvalidOperation), // close it first
	},
}

// hostRules is the service host's table. Quotations are from the WWSAPI pages
// WsOpenServiceHost, WsCloseServiceHost, WsAbortServiceHost,
// WsResetServiceHost and "Call cancellation"; cells marked "inferred" are not
// stated there and mirror the proxy's table.
var hostRules = ruleTable{
	methodOpen: {
		// WsOpenServiceHost: "Opens a Service Host for communication and starts
		// the Listeners on all the endpoints." A failed open: Faulted (inferred).
		Created: run(Opening, Open, Faulted),
		// "WS_E_OPERATION_ABORTED The service host was aborted before the
		// open, or during the open." Abort moves a host to Faulted.
		Faulted: refuse(ErrAborted),
		// "WS_E_INVALID_OPERATION The current state of the service proxy [sic]
		// is not valid for this operation."
		Opening: refuse(ErrInvalidOperation),
		Open:    refuse(ErrInvalidOperation),
		Closing: refuse(ErrInvalidOperation),
		Closed:  refuse(ErrInvalidOperation), // WsResetServiceHost must come first
	},
	methodCall: {
		Open: now(Open),
		// WsCloseServiceHost: "no new channels are accepted from the client.
		// However, pending I/O on channels already accepted is allowed to
		// complete." and "the closure will not complete until the client
		// closes the session with the service."
		Closing: now(Closing),
		// WsAbortServiceHost: "All channels currently being used by the service
		// host to service messages are aborted as well."
		Faulted: refuse(ErrAborted),
		// WsOpenServiceHost: "Client applications cannot connect to Service
		// endpoints until WsOpenSerivceHost is called."
		Created: refuse(ErrInvalidOperation),
		Opening: refuse(ErrInvalidOperation),
		Closed:  refuse(ErrInvalidOperation),
	},
	methodClose: {
		// WsCloseServiceHost: "closes all listeners on the service host ...
		// pending I/O on channels already accepted is allowed to complete."
		// A close cut short by its context still ends Closed, like the
		// proxy's (inferred).
		Open: run(Closing, Closed, Closed),
		// Close retires a faulted or never-opened host (inferred). After an
		// abort it waits for the aborted calls, WsAbortServiceHost: "However,
		// the runtime still waits for the call to complete."
		Faulted: run(Closing, Closed, Closed),
		Created: run(Closing, Closed, Closed),
		// An open is stopped by Abort; a close is already under way (inferred).
		Opening: refuse(ErrInvalidOperation),
		Closing: refuse(ErrInvalidOperation),
		// Close is idempotent (inferred).
		Closed: now(Closed),
	},
	methodAbort: {
		// WsOpenServiceHost: "WS_E_OPERATION_ABORTED The service host was
		// aborted before the open, or during the open": an abort before or
		// during the open is remembered, so a host goes to Faulted.
		Created: now(Faulted),
		Opening: now(Faulted),
		// WsAbortServiceHost: "aborts all listeners on the service host ...
		// All channels currently being used by the service host to service
		// messages are aborted as well. If a call is pending and it has a
		// cancel callback registered ... the callback is called." Abort
		// itself returns at once; Close, and the Open after Reset, wait
		// for the calls.
		Open: now(Faulted),
		// The close is cut short and ends Closed, like the proxy's (inferred).
		Closing: now(Closed),
		// Abort never fails and is idempotent (inferred).
		Closed:  now(Closed),
		Faulted: now(Faulted),
	},
	methodReset: {
		// WsResetServiceHost: "Resets service host so that it can be opened
		// again." "a service host has to go through close and open on a
		// regular basis".
		Closed: now(Created),
		// "WS_E_INVALID_OPERATION The serviceHost was in an inappropriate
		// state."
		Created: refuse(ErrInvalidOperation),
		Opening: refuse(ErrInvalidOperation),
		Open:    refuse(ErrInvalidOperation),
		Closing: refuse(ErrInvalidOperation),
		Faulted: refuse(ErrInvalidOperation), // close it first
	},
}
