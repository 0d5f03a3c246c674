// The faults the dispatcher answers with (SOAP 1.2 Part 1 §5.4; WCF's
// FaultCodeConstants and Dispatcher/ErrorBehavior.cs): an operation's own
// fault, InternalServiceFault for anything else, with WCF's minimal
// disclosure unless IncludeExceptionDetailInFaults, and the access-denied
// fault of a refused authorization.

package servicemodel

import (
	"errors"

	"github.com/wwsgo/wws/soap"
	"github.com/wwsgo/wws/soap/infoset"
)

// Access-denied fault values: WCF's AuthorizationBehavior answers a refused
// authorization with Sender / FailedAuthentication in the WS-Security
// namespace and the reason "Access is denied.".
const (
	NamespaceWSSecurity = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
	accessDeniedReason  = "Access is denied."
)

// AccessDeniedFault is the fault for a message Endpoint.Authorize refused:
// code Sender, subcode FailedAuthentication (WS-Security namespace), reason
// "Access is denied." in en-US, the default SOAP fault action.
func AccessDeniedFault() *soap.Fault {
	f := soap.SenderFault(accessDeniedReason)
	f.Code.Subcode = &soap.FaultCode{Value: infoset.Name{Local: "FailedAuthentication", Space: NamespaceWSSecurity}}
	return f
}

// faultFor maps an operation's error to the fault sent back: the
// *soap.Fault it is or wraps, else InternalServiceFault, which discloses
// err only when includeDetail is set.
func faultFor(err error, includeDetail bool) *soap.Fault {
	var f *soap.Fault
	if errors.As(err, &f) && f != nil {
		return f
	}
	return soap.InternalServiceFault(err, includeDetail)
}

// operationFault is faultFor for the error of the operation called by
// action: a fault with detail and no action of its own (soap.DetailFault,
// as a generated New…Fault builds it) gets the action WCF gives the
// operation's fault contract, soap.FaultAction, so that a WCF client
// catches it as FaultException<T>.
func operationFault(err error, action string, includeDetail bool) *soap.Fault {
	f := faultFor(err, includeDetail)
	if f.Action != "" {
		return f
	}
	if n, ok := f.DetailName(); ok && action != "" {
		g := *f
		g.Action = soap.FaultAction(action, n.Local)
		return &g
	}
	return f
}

// deniedFault maps an Authorize error to the fault sent back.
func deniedFault(err error) *soap.Fault {
	var f *soap.Fault
	if errors.As(err, &f) && f != nil {
		return f
	}
	return AccessDeniedFault()
}

// msgDeserializationFailed is the reason of a body that does not decode
// (WCF's SFxErrorDeserializingRequestBody, without the operation name).
const msgDeserializationFailed = "The formatter threw an exception while trying to deserialize the message."

// deserializationFault is the fault for a request body that does not
// decode: Sender/DeserializationFailed in the dispatcher namespace; the
// decoder's error is appended only when includeDetail is set.
func deserializationFault(err error, includeDetail bool) *soap.Fault {
	reason := msgDeserializationFailed
	if includeDetail {
		reason += " " + err.Error()
	}
	f := soap.SenderFault(reason)
	f.Code.Subcode = &soap.FaultCode{Value: infoset.Name{Local: "DeserializationFailed", Space: soap.NamespaceDispatcher}}
	return f
}
