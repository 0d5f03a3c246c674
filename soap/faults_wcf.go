package soap

// WCF's well-known faults (referencesource System.ServiceModel/System/
// ServiceModel/Dispatcher/ErrorBehavior.cs, FaultCodeConstants.cs and
// Channels/AddressingVersion.cs): the dispatcher's ContractFilter
// (ActionNotSupported) and AddressFilter (DestinationUnreachable) faults,
// the fault of last resort for unhandled errors (InternalServiceFault), the
// MustUnderstand fault (SOAP 1.2 Part 1 §5.4.8), and the faults a
// FaultException(reason) produces. Reason texts are WCF's SR strings
// SFxNoEndpointMatchingContract, SFxNoEndpointMatchingAddress,
// SFxInternalServerError and SFxHeaderNotUnderstood.

import (
	"fmt"

	"github.com/wwsgo/wws/soap/infoset"
)

// Reason language WCF writes.
const reasonLang = "en-US"

const (
	msgContractFilter = "The message with Action '%s' cannot be processed at the receiver, due to a ContractFilter mismatch at the EndpointDispatcher. This may be because of either a contract mismatch (mismatched Actions between sender and receiver) or a binding/security mismatch between the sender and the receiver.  Check that sender and receiver have the same contract and the same binding (including security requirements, e.g. Message, Transport, None)."
	msgAddressFilter  = "The message with To '%s' cannot be processed at the receiver, due to an AddressFilter mismatch at the EndpointDispatcher.  Check that the sender and receiver's EndpointAddresses agree."
	msgInternalError  = "The server was unable to process the request due to an internal error.  For more information about the error, either turn on IncludeExceptionDetailInFaults (either from ServiceBehaviorAttribute or from the <serviceDebug> configuration behavior) on the server in order to send the exception information back to the client, or turn on tracing as per the Microsoft .NET Framework SDK documentation and inspect the server trace logs."
	msgNotUnderstood  = "The header '%s' from the namespace '%s' was not understood by the recipient of this message, causing the message to not be processed.  This error typically indicates that the sender of this message has enabled a communication protocol that the receiver cannot process.  Please ensure that the configuration of the client's binding is consistent with the service's binding."
	// NamespaceExceptionDetail is the data contract namespace of ExceptionDetail.
	NamespaceExceptionDetail = "http://schemas.datacontract.org/2004/07/System.ServiceModel"
)

func senderCode(sub *FaultCode) FaultCode {
	return FaultCode{Value: infoset.Name{Local: "Sender"}, Subcode: sub}
}

func receiverCode(sub *FaultCode) FaultCode {
	return FaultCode{Value: infoset.Name{Local: "Receiver"}, Subcode: sub}
}

func subcode(local, ns string) *FaultCode {
	return &FaultCode{Value: infoset.Name{Local: local, Space: ns}}
}

func reasons(text string) []FaultReason { return []FaultReason{{Text: text, Lang: reasonLang}} }

// ActionNotSupportedFault is the fault for a message whose Action matches no
// operation: Sender/a:ActionNotSupported, action …/addressing/fault.
func ActionNotSupportedFault(action string) *Fault {
	return &Fault{
		Code:    senderCode(subcode("ActionNotSupported", NamespaceAddressing10)),
		Reasons: reasons(fmt.Sprintf(msgContractFilter, action)),
		Action:  faultActionAddressing10,
	}
}

// DestinationUnreachableFault is the fault for a message whose To matches
// no endpoint: Sender/a:DestinationUnreachable, action …/addressing/soap/fault.
func DestinationUnreachableFault(to string) *Fault {
	return &Fault{
		Code:    senderCode(subcode("DestinationUnreachable", NamespaceAddressing10)),
		Reasons: reasons(fmt.Sprintf(msgAddressFilter, to)),
		Action:  soapFaultActionAddressing1,
	}
}

// InternalServiceFault is the fault for an unhandled error:
// Receiver/InternalServiceFault in the dispatcher namespace. Unless
// includeDetail (IncludeExceptionDetailInFaults) is set, it discloses
// nothing about err; with it, the reason is err's text and the detail an
// ExceptionDetail.
func InternalServiceFault(err error, includeDetail bool) *Fault {
	f := &Fault{
		Code:    receiverCode(subcode("InternalServiceFault", NamespaceDispatcher)),
		Reasons: reasons(msgInternalError),
		Action:  ActionDispatcherFault,
	}
	if includeDetail && err != nil {
		f.Reasons = reasons(err.Error())
		f.Detail = []*infoset.Node{exceptionDetail(err)}
	}
	return f
}

// exceptionDetail renders err as WCF's ExceptionDetail data contract.
func exceptionDetail(err error) *infoset.Node {
	nilAttr := infoset.NodeAttr{Name: infoset.Name{Prefix: "i", Local: "nil", Space: NamespaceXSI}, Value: "true"}
	field := func(local string, value *string) *infoset.Node {
		n := infoset.Elem("", local, NamespaceExceptionDetail)
		if value == nil {
			n.Attrs = []infoset.NodeAttr{nilAttr}
		} else {
			n.Children = []*infoset.Node{infoset.TextNode(*value)}
		}
		return n
	}
	msg, typ := err.Error(), fmt.Sprintf("%T", err)
	inner := field("InnerException", nil)
	if u, ok := err.(interface{ Unwrap() error }); ok && u.Unwrap() != nil {
		inner = exceptionDetail(u.Unwrap())
		inner.Name.Local = "InnerException"
		inner.Attrs = nil
	}
	root := infoset.Elem("", "ExceptionDetail", NamespaceExceptionDetail,
		field("HelpLink", nil), inner, field("Message", &msg), field("StackTrace", nil), field("Type", &typ))
	root.Attrs = []infoset.NodeAttr{
		{Name: infoset.Name{Local: "xmlns", Space: infoset.XMLNSNamespace}, Value: NamespaceExceptionDetail},
		{Name: infoset.Name{Prefix: "xmlns", Local: "i", Space: infoset.XMLNSNamespace}, Value: NamespaceXSI},
	}
	return root
}

// MustUnderstandFault reports mustUnderstand headers the receiver did not
// understand: code MustUnderstand, the reason naming the first header, and
// (SOAP 1.2) one NotUnderstood header per header in the fault message.
func MustUnderstandFault(headers []infoset.Name) *Fault {
	f := &Fault{
		Code:          FaultCode{Value: infoset.Name{Local: "MustUnderstand"}},
		Action:        soapFaultActionAddressing1,
		NotUnderstood: headers,
	}
	if len(headers) > 0 {
		f.Reasons = reasons(fmt.Sprintf(msgNotUnderstood, headers[0].Local, headers[0].Space))
	}
	return f
}

// SenderFault is what WCF sends for FaultException(reason): code Sender,
// the reason in en-US, the default fault action.
func SenderFault(reason string) *Fault {
	return &Fault{Code: senderCode(nil), Reasons: reasons(reason), Action: soapFaultActionAddressing1}
}

// ReceiverFault is SenderFault with code Receiver.
func ReceiverFault(reason string) *Fault {
	return &Fault{Code: receiverCode(nil), Reasons: reasons(reason), Action: soapFaultActionAddressing1}
}

// notUnderstoodHeaders returns the SOAP 1.2 NotUnderstood header blocks
// (Part 1 §5.4.8) for names.
func notUnderstoodHeaders(names []infoset.Name) Headers {
	var hs Headers
	for _, n := range names {
		hs = append(hs, &Header{
			Name: infoset.Name{Prefix: envelopePrefix, Local: "NotUnderstood", Space: NamespaceSoap12},
			Attrs: []infoset.NodeAttr{
				{Name: infoset.Name{Local: "qname"}, Value: "h:" + n.Local},
				{Name: infoset.Name{Prefix: "xmlns", Local: "h", Space: infoset.XMLNSNamespace}, Value: n.Space},
			},
		})
	}
	return hs
}
