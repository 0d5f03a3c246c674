package soap

// Envelope and addressing versions: SOAP 1.2 Part 1 §5 and SOAP 1.1 §4
// (envelope namespaces, fault code names), WS-Addressing 1.0 Core §2 and the
// 2004/08 member submission (namespaces, anonymous and fault URIs), and WCF's
// MessageVersion presets.

import "github.com/wwsgo/wws/soap/infoset"

// Namespaces of the envelope and addressing versions.
const (
	NamespaceSoap12            = "http://www.w3.org/2003/05/soap-envelope"
	NamespaceSoap11            = "http://schemas.xmlsoap.org/soap/envelope/"
	NamespaceAddressing10      = "http://www.w3.org/2005/08/addressing"
	NamespaceAddressing200408  = "http://schemas.xmlsoap.org/ws/2004/08/addressing"
	NamespaceAddressingNone    = "http://schemas.microsoft.com/ws/2005/05/addressing/none"
	NamespaceXSI               = "http://www.w3.org/2001/XMLSchema-instance"
	NamespaceDispatcher        = "http://schemas.microsoft.com/net/2005/12/windowscommunicationfoundation/dispatcher"
	ActionDispatcherFault      = NamespaceDispatcher + "/fault"
	envelopePrefix             = "s"
	addressingPrefix           = "a"
	roleNext12                 = NamespaceSoap12 + "/role/next"
	roleUltimateReceiver12     = NamespaceSoap12 + "/role/ultimateReceiver"
	roleNone12                 = NamespaceSoap12 + "/role/none"
	actorNext11                = "http://schemas.xmlsoap.org/soap/actor/next"
	anonymousAddressing10      = NamespaceAddressing10 + "/anonymous"
	anonymousAddressing200408  = NamespaceAddressing200408 + "/role/anonymous"
	contentTypeSoap12          = "application/soap+xml"
	contentTypeSoap11          = "text/xml"
	faultActionAddressing10    = NamespaceAddressing10 + "/fault"
	soapFaultActionAddressing1 = NamespaceAddressing10 + "/soap/fault"
	faultAction200408          = NamespaceAddressing200408 + "/fault"
)

// EnvelopeVersion is the SOAP version of an envelope. The zero value,
// EnvelopeNone, means "unspecified" (in ReadOptions: accept either).
type EnvelopeVersion uint8

// Envelope versions.
const (
	EnvelopeNone   EnvelopeVersion = iota
	EnvelopeSoap11                 // SOAP 1.1, http://schemas.xmlsoap.org/soap/envelope/
	EnvelopeSoap12                 // SOAP 1.2, http://www.w3.org/2003/05/soap-envelope
)

func (v EnvelopeVersion) String() string {
	switch v {
	case EnvelopeSoap11:
		return "Soap11"
	case EnvelopeSoap12:
		return "Soap12"
	}
	return "EnvelopeNone"
}

// Namespace is the envelope namespace ("" for EnvelopeNone).
func (v EnvelopeVersion) Namespace() string {
	switch v {
	case EnvelopeSoap11:
		return NamespaceSoap11
	case EnvelopeSoap12:
		return NamespaceSoap12
	}
	return ""
}

// ContentType is the media type of the text encoding of this version:
// application/soap+xml (1.2) or text/xml (1.1).
func (v EnvelopeVersion) ContentType() string {
	if v == EnvelopeSoap11 {
		return contentTypeSoap11
	}
	return contentTypeSoap12
}

// SenderCode is the local name of the sender fault code: Sender (1.2) or
// Client (1.1).
func (v EnvelopeVersion) SenderCode() string {
	if v == EnvelopeSoap11 {
		return "Client"
	}
	return "Sender"
}

// ReceiverCode is the local name of the receiver fault code: Receiver (1.2)
// or Server (1.1).
func (v EnvelopeVersion) ReceiverCode() string {
	if v == EnvelopeSoap11 {
		return "Server"
	}
	return "Receiver"
}

// NextRole is the URI of the "next" role (1.2) or actor (1.1).
func (v EnvelopeVersion) NextRole() string {
	if v == EnvelopeSoap11 {
		return actorNext11
	}
	return roleNext12
}

// roleAttr is the local name of the header targeting attribute.
func (v EnvelopeVersion) roleAttr() string {
	if v == EnvelopeSoap11 {
		return "actor"
	}
	return "role"
}

// MustUnderstandValue is the value WCF writes for mustUnderstand: the
// integer 1 in both versions (the binary writer sends the One record).
// Readers accept "1", "true", "0" and "false".
func (v EnvelopeVersion) MustUnderstandValue() infoset.Text { return infoset.Int(1) }

// envelopeVersionOf maps a namespace to its envelope version.
func envelopeVersionOf(ns string) EnvelopeVersion {
	switch ns {
	case NamespaceSoap12:
		return EnvelopeSoap12
	case NamespaceSoap11:
		return EnvelopeSoap11
	}
	return EnvelopeNone
}

// AddressingVersion is the WS-Addressing version of a message's headers.
type AddressingVersion uint8

// Addressing versions. Both are read; Addressing10 is what this package writes.
const (
	AddressingNone   AddressingVersion = iota // no addressing headers (BasicHttpBinding)
	Addressing10                              // WS-Addressing 1.0, http://www.w3.org/2005/08/addressing
	Addressing200408                          // member submission, http://schemas.xmlsoap.org/ws/2004/08/addressing
)

func (v AddressingVersion) String() string {
	switch v {
	case Addressing10:
		return "WSAddressing10"
	case Addressing200408:
		return "WSAddressingAugust2004"
	}
	return "AddressingNone"
}

// Namespace is the addressing namespace. For AddressingNone it is WCF's
// placeholder namespace used for addressing fault subcodes.
func (v AddressingVersion) Namespace() string {
	switch v {
	case Addressing10:
		return NamespaceAddressing10
	case Addressing200408:
		return NamespaceAddressing200408
	}
	return NamespaceAddressingNone
}

// Anonymous is the anonymous endpoint address ("" for AddressingNone).
func (v AddressingVersion) Anonymous() string {
	switch v {
	case Addressing10:
		return anonymousAddressing10
	case Addressing200408:
		return anonymousAddressing200408
	}
	return ""
}

// FaultAction is the action of addressing faults (ActionNotSupported).
func (v AddressingVersion) FaultAction() string {
	switch v {
	case Addressing10:
		return faultActionAddressing10
	case Addressing200408:
		return faultAction200408
	}
	return ""
}

// DefaultFaultAction is the action of SOAP faults without an action of
// their own (user faults, DestinationUnreachable, MustUnderstand).
func (v AddressingVersion) DefaultFaultAction() string {
	switch v {
	case Addressing10:
		return soapFaultActionAddressing1
	case Addressing200408:
		return faultAction200408
	}
	return ""
}

// addressingVersionOf maps a namespace to its addressing version.
func addressingVersionOf(ns string) AddressingVersion {
	switch ns {
	case NamespaceAddressing10:
		return Addressing10
	case NamespaceAddressing200408:
		return Addressing200408
	}
	return AddressingNone
}

// MessageVersion pairs an envelope version with an addressing version.
type MessageVersion struct {
	Envelope   EnvelopeVersion
	Addressing AddressingVersion
}

// WCF's message versions.
var (
	// Soap12WSAddressing10 is the version of NetTcpBinding and WSHttpBinding.
	Soap12WSAddressing10 = MessageVersion{EnvelopeSoap12, Addressing10}
	// Soap11 is the version of BasicHttpBinding: SOAP 1.1 without addressing.
	Soap11 = MessageVersion{EnvelopeSoap11, AddressingNone}
)

func (v MessageVersion) String() string { return v.Envelope.String() + v.Addressing.String() }

// IsZero reports whether v is unspecified.
func (v MessageVersion) IsZero() bool { return v == MessageVersion{} }
