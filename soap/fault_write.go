package soap

// Writing faults: SOAP 1.2 Part 1 §5.4 and SOAP 1.1 §4.4, with WCF's QName
// prefix rule (referencesource System.ServiceModel/System/ServiceModel/
// Channels/MessageFault.cs): a code whose namespace has no prefix in scope
// gets xmlns:a declared on its Value (faultcode) element.

import "github.com/wwsgo/wws/soap/infoset"

// writeFault writes the Fault element for message version v.
func writeFault(w infoset.Writer, v MessageVersion, f *Fault) {
	ns := v.Envelope.Namespace()
	w.StartElement(envelopePrefix, "Fault", ns)
	if v.Envelope == EnvelopeSoap11 {
		writeFault11(w, v, f)
	} else {
		writeFault12(w, v, f)
	}
	w.EndElement()
}

func writeFault12(w infoset.Writer, v MessageVersion, f *Fault) {
	ns := v.Envelope.Namespace()
	w.StartElement(envelopePrefix, "Code", ns)
	writeCode12(w, v, &f.Code)
	w.EndElement()
	w.StartElement(envelopePrefix, "Reason", ns)
	for _, r := range f.Reasons {
		w.StartElement(envelopePrefix, "Text", ns)
		w.Attr("xml", "lang", infoset.XMLNamespace, infoset.String(r.Lang))
		w.Text(infoset.String(r.Text))
		w.EndElement()
	}
	w.EndElement()
	writeTextElement(w, envelopePrefix, "Node", ns, f.Node)
	writeTextElement(w, envelopePrefix, "Role", ns, f.Role)
	writeDetail(w, envelopePrefix, "Detail", ns, f.Detail)
}

func writeCode12(w infoset.Writer, v MessageVersion, c *FaultCode) {
	ns := v.Envelope.Namespace()
	w.StartElement(envelopePrefix, "Value", ns)
	writeQNameValue(w, v, c)
	w.EndElement()
	if c.Subcode != nil {
		w.StartElement(envelopePrefix, "Subcode", ns)
		writeCode12(w, v, c.Subcode)
		w.EndElement()
	}
}

func writeFault11(w infoset.Writer, v MessageVersion, f *Fault) {
	w.StartElement("", "faultcode", "")
	writeQNameValue(w, v, code11(&f.Code))
	w.EndElement()
	w.StartElement("", "faultstring", "")
	if len(f.Reasons) > 0 {
		w.Attr("xml", "lang", infoset.XMLNamespace, infoset.String(f.Reasons[0].Lang))
		w.Text(infoset.String(f.Reasons[0].Text))
	}
	w.EndElement()
	writeTextElement(w, "", "faultactor", "", f.Role)
	writeDetail(w, "", "detail", "", f.Detail)
}

// code11 is the code SOAP 1.1 carries: the first subcode of Sender or
// Receiver when there is one, else the code itself.
func code11(c *FaultCode) *FaultCode {
	if c.Subcode != nil && (c.IsSender() || c.IsReceiver()) {
		return &FaultCode{Value: c.Subcode.Value}
	}
	return c
}

// writeQNameValue writes c's QName as the text of the element just
// started, declaring xmlns:a on it when c's namespace has no prefix in
// scope (the envelope declares s and, with addressing, a).
func writeQNameValue(w infoset.Writer, v MessageVersion, c *FaultCode) {
	local, ns := c.Value.Local, c.Value.Space
	if c.IsPredefined() {
		ns = v.Envelope.Namespace()
		local = predefinedCodes[local]
		if v.Envelope == EnvelopeSoap11 {
			local = soap11CodeName(local)
		}
	}
	prefix := envelopePrefix
	switch {
	case ns == v.Envelope.Namespace():
	case v.Addressing != AddressingNone && ns == v.Addressing.Namespace():
		prefix = addressingPrefix
	case ns == "":
		prefix = ""
	default:
		prefix = addressingPrefix
		w.Xmlns(prefix, ns)
	}
	w.Text(infoset.QName(prefix, local))
}

func soap11CodeName(local string) string {
	switch local {
	case "Sender":
		return "Client"
	case "Receiver":
		return "Server"
	}
	return local
}

func writeTextElement(w infoset.Writer, prefix, local, ns, value string) {
	if value == "" {
		return
	}
	w.StartElement(prefix, local, ns)
	w.Text(infoset.String(value))
	w.EndElement()
}

func writeDetail(w infoset.Writer, prefix, local, ns string, detail []*infoset.Node) {
	if detail == nil {
		return
	}
	w.StartElement(prefix, local, ns)
	for _, n := range detail {
		infoset.WriteNode(w, n)
	}
	w.EndElement()
}
