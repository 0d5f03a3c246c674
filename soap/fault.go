package soap

// Faults as Go errors: the SOAP 1.2 Fault (Part 1 §5.4: Code/Value with a
// Subcode chain, Reason/Text per language, Node, Role, Detail) and the
// SOAP 1.1 Fault (§4.4: faultcode, faultstring, faultactor, detail) share
// one model, as WCF's MessageFault does.

import (
	"strings"

	"github.com/wwsgo/wws/soap/infoset"
)

// FaultCode is a fault code QName with an optional subcode chain.
// Predefined SOAP codes (Sender, Receiver, MustUnderstand,
// VersionMismatch, DataEncodingUnknown) have an empty Value.Space; they are
// written in the envelope namespace, Sender and Receiver as Client and
// Server in SOAP 1.1. Value.Prefix is ignored when writing.
type FaultCode struct {
	Value   infoset.Name
	Subcode *FaultCode
}

// FaultReason is one translation of the reason text.
type FaultReason struct {
	Text string
	Lang string // xml:lang, e.g. "en-US"
}

// Fault is a SOAP fault. It is the error a client returns for a fault reply
// and the value a service returns to send one.
type Fault struct {
	Code    FaultCode
	Reasons []FaultReason
	Node    string // SOAP 1.2 only
	Role    string // SOAP 1.2 Role; SOAP 1.1 faultactor
	Detail  []*infoset.Node
	// Action is the wsa:Action of the fault message.
	Action string
	// NotUnderstood lists the headers a MustUnderstand fault reports; a
	// SOAP 1.2 fault message carries one NotUnderstood header for each.
	NotUnderstood []infoset.Name
}

// predefined code names, SOAP 1.2 spelling first.
var predefinedCodes = map[string]string{
	"Sender": "Sender", "Receiver": "Receiver", "Client": "Sender", "Server": "Receiver",
	"MustUnderstand": "MustUnderstand", "VersionMismatch": "VersionMismatch",
	"DataEncodingUnknown": "DataEncodingUnknown",
}

// IsPredefined reports whether c is one of the SOAP-defined codes.
func (c *FaultCode) IsPredefined() bool {
	_, ok := predefinedCodes[c.Value.Local]
	return ok && (c.Value.Space == "" || envelopeVersionOf(c.Value.Space) != EnvelopeNone)
}

// IsSender reports whether c is Sender (SOAP 1.1 Client).
func (c *FaultCode) IsSender() bool {
	return c.IsPredefined() && predefinedCodes[c.Value.Local] == "Sender"
}

// IsReceiver reports whether c is Receiver (SOAP 1.1 Server).
func (c *FaultCode) IsReceiver() bool {
	return c.IsPredefined() && predefinedCodes[c.Value.Local] == "Receiver"
}

// Has reports whether local in namespace ns is c or one of its subcodes.
func (c *FaultCode) Has(local, ns string) bool {
	for x := c; x != nil; x = x.Subcode {
		if x.Value.Is(local, ns) {
			return true
		}
	}
	return false
}

// String renders the chain as Local/Local/….
func (c *FaultCode) String() string {
	var b strings.Builder
	for x := c; x != nil; x = x.Subcode {
		if x != c {
			b.WriteByte('/')
		}
		b.WriteString(x.Value.Local)
	}
	return b.String()
}

// Error implements error: "soap: fault <code chain>: <reason>".
func (f *Fault) Error() string {
	return "soap: fault " + f.Code.String() + ": " + f.Reason()
}

// Reason returns the best reason text: the first English one, else the
// first.
func (f *Fault) Reason() string {
	for _, r := range f.Reasons {
		if r.Lang == "en" || strings.HasPrefix(r.Lang, "en-") {
			return r.Text
		}
	}
	if len(f.Reasons) > 0 {
		return f.Reasons[0].Text
	}
	return ""
}

// ForVersion returns f adapted to v: codes and actions in the WS-Addressing
// 1.0 namespace move to v's addressing namespace (WCF's placeholder
// namespace for AddressingNone). f itself is not modified.
func (f *Fault) ForVersion(v MessageVersion) *Fault {
	if v.Addressing == Addressing10 {
		return f
	}
	g := *f
	g.Code = *remapCode(&f.Code, v.Addressing.Namespace())
	switch f.Action {
	case faultActionAddressing10:
		g.Action = v.Addressing.FaultAction()
	case soapFaultActionAddressing1:
		g.Action = v.Addressing.DefaultFaultAction()
	}
	return &g
}

func remapCode(c *FaultCode, ns string) *FaultCode {
	if c == nil {
		return nil
	}
	d := &FaultCode{Value: c.Value, Subcode: remapCode(c.Subcode, ns)}
	if d.Value.Space == NamespaceAddressing10 {
		d.Value.Space = ns
	}
	return d
}
