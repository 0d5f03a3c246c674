package metadata

// Building the description from the documents Import read: WSDL 1.1
// messages, portTypes, bindings (with their WS-Policy assertions) and
// services, merged across documents by target namespace. Specs: WSDL 1.1
// §2.3–2.7 and §3 (SOAP binding); WSDL 1.1 binding for SOAP 1.2; WS-Policy
// 1.2 §4 (PolicyReference); WS-Addressing 1.0 – WSDL Binding §3.1;
// WS-SecurityPolicy 1.2.

import (
	"errors"
	"fmt"
	"strings"

	"github.com/beevik/etree"
)

// builder holds the documents' raw parts until they are linked.
type builder struct {
	defs     *Definitions
	messages map[QName]*etree.Element
	msgDoc   map[QName]string
	policies map[string]*etree.Element // wsu:Id → wsp:Policy
}

type docElem struct {
	doc string
	el  *etree.Element
}

func build(docs []*loadedDoc) (*Definitions, error) {
	b := &builder{
		defs:     &Definitions{Bindings: map[QName]*WSDLBinding{}, Schema: newSchemaSet()},
		messages: map[QName]*etree.Element{}, msgDoc: map[QName]string{},
		policies: map[string]*etree.Element{},
	}
	var portTypes, bindings, services []docElem
	for _, d := range docs {
		b.defs.Documents = append(b.defs.Documents, d.name)
		if isXSD(d.root, "schema") {
			if err := b.defs.Schema.read(d.name, d.root); err != nil {
				return nil, err
			}
			continue
		}
		for _, c := range d.root.ChildElements() {
			switch {
			case isWSDL(c, "types"):
				for _, s := range c.ChildElements() {
					if isXSD(s, "schema") {
						if err := b.defs.Schema.read(d.name, s); err != nil {
							return nil, err
						}
					}
				}
			case isWSDL(c, "message"):
				q, err := b.defName(d.name, c)
				if err != nil {
					return nil, err
				}
				b.messages[q], b.msgDoc[q] = c, d.name
			case isWSDL(c, "portType"):
				portTypes = append(portTypes, docElem{d.name, c})
			case isWSDL(c, "binding"):
				bindings = append(bindings, docElem{d.name, c})
			case isWSDL(c, "service"):
				services = append(services, docElem{d.name, c})
			case c.Tag == "Policy" && (c.NamespaceURI() == nsWSP || c.NamespaceURI() == nsWSP15):
				if id := policyID(c); id != "" {
					b.policies[id] = c
				}
			}
		}
	}
	for _, pt := range portTypes {
		if err := b.portType(pt.doc, pt.el); err != nil {
			return nil, err
		}
	}
	var bindingNames []QName
	for _, bd := range bindings {
		if err := b.binding(bd.doc, bd.el); err != nil {
			return nil, err
		}
		q, _ := b.defName(bd.doc, bd.el)
		bindingNames = append(bindingNames, q)
	}
	b.soapActions(bindingNames)
	for _, s := range services {
		if err := b.service(s.doc, s.el); err != nil {
			return nil, err
		}
	}
	return b.defs, nil
}

// soapActions gives an operation whose input names no wsaw:Action the
// soapAction of its soap:operation (the first binding's, of bindings in
// document order, that has one), as WCF's importer does: an ASP.NET
// (asmx) service dispatches on the SOAPAction header.
func (b *builder) soapActions(bindings []QName) {
	for _, q := range bindings {
		wb := b.defs.Bindings[q]
		pt, ok := b.defs.PortType(wb.PortType)
		if !ok {
			continue
		}
		for _, op := range pt.Operations {
			if a := wb.SOAPActions[op.Name]; a != "" && op.Input != nil && op.Input.defaultAction {
				op.Input.Action, op.Input.defaultAction = a, false
			}
		}
	}
}

func policyID(p *etree.Element) string {
	for _, a := range p.Attr {
		if a.Key == "Id" && (a.Space != "" && a.NamespaceURI() == nsWSU || a.Space == "") {
			return a.Value
		}
	}
	return ""
}

func errAt(doc string, el *etree.Element, format string, args ...any) error {
	return &MetadataError{Document: doc, Element: elemPath(el), Err: fmt.Errorf(format, args...)}
}

// defName is the qualified name of a WSDL definition: its name in the
// target namespace of its wsdl:definitions.
func (b *builder) defName(doc string, el *etree.Element) (QName, error) {
	name := el.SelectAttrValue("name", "")
	if name == "" {
		return QName{}, errAt(doc, el, "no name attribute")
	}
	tns := ""
	if p := el.Parent(); p != nil {
		tns = p.SelectAttrValue("targetNamespace", "")
	}
	return QName{tns, name}, nil
}

// qnameAttr resolves a QName-valued attribute; required when req.
func qnameAttr(doc string, el *etree.Element, attr string, req bool) (QName, error) {
	v := el.SelectAttrValue(attr, "")
	if v == "" {
		if req {
			return QName{}, errAt(doc, el, "no %s attribute", attr)
		}
		return QName{}, nil
	}
	q, err := resolveQName(el, v)
	if err != nil {
		return QName{}, errAt(doc, el, "attribute %s: %v", attr, err)
	}
	return q, nil
}

func (b *builder) portType(doc string, el *etree.Element) error {
	q, err := b.defName(doc, el)
	if err != nil {
		return err
	}
	pt := &PortType{Name: q}
	for _, o := range el.ChildElements() {
		if !isWSDL(o, "operation") {
			continue
		}
		op := &Operation{Name: o.SelectAttrValue("name", "")}
		if op.Name == "" {
			return errAt(doc, o, "operation without a name")
		}
		for i, c := range o.ChildElements() {
			switch {
			case isWSDL(c, "input"):
				if op.Input != nil {
					return errAt(doc, c, "second input")
				}
				if op.Input, err = b.messageRef(doc, c, pt, op, "Request"); err != nil {
					return err
				}
			case isWSDL(c, "output"):
				if i == 0 {
					return errAt(doc, c, "notification and solicit-response operations are not supported")
				}
				if op.Output != nil {
					return errAt(doc, c, "second output")
				}
				if op.Output, err = b.messageRef(doc, c, pt, op, "Response"); err != nil {
					return err
				}
			case isWSDL(c, "fault"):
				f, err := b.messageRef(doc, c, pt, op, "")
				if err != nil {
					return err
				}
				op.Faults = append(op.Faults, f)
			}
		}
		if op.Input == nil {
			return errAt(doc, o, "operation has no input")
		}
		pt.Operations = append(pt.Operations, op)
	}
	b.defs.PortTypes = append(b.defs.PortTypes, pt)
	return nil
}

// messageRef reads an input, output or fault: its message's element and its
// Action (wsaw:Action, else WCF's default: tns/portType/op[+Response]).
func (b *builder) messageRef(doc string, el *etree.Element, pt *PortType, op *Operation, suffix string) (*MessageRef, error) {
	mq, err := qnameAttr(doc, el, "message", true)
	if err != nil {
		return nil, err
	}
	m, ok := b.messages[mq]
	if !ok {
		return nil, errAt(doc, el, "message %s is not defined", mq)
	}
	r := &MessageRef{Name: el.SelectAttrValue("name", mq.Local), Message: mq}
	for _, a := range el.Attr {
		if a.Key == "Action" && (a.NamespaceURI() == nsWSAWOld || a.NamespaceURI() == nsWSAM) {
			r.Action = a.Value
		}
	}
	if r.Action == "" && suffix != "" {
		r.defaultAction = true
		ns := pt.Name.Space
		if !strings.HasSuffix(ns, "/") {
			ns += "/"
		}
		r.Action = ns + pt.Name.Local + "/" + op.Name
		if suffix == "Response" {
			r.Action += "Response"
		}
	}
	var parts []*etree.Element
	for _, p := range m.ChildElements() {
		if isWSDL(p, "part") {
			parts = append(parts, p)
		}
	}
	switch {
	case len(parts) == 0:
		return r, nil
	case len(parts) > 1:
		return nil, errAt(b.msgDoc[mq], m, "%d parts: only document/literal wrapped messages (one element part) are supported", len(parts))
	}
	if parts[0].SelectAttr("element") == nil {
		return nil, errAt(b.msgDoc[mq], parts[0], "part has no element attribute (rpc-style type parts are not supported)")
	}
	if r.Element, err = qnameAttr(b.msgDoc[mq], parts[0], "element", true); err != nil {
		return nil, err
	}
	return r, nil
}

func (b *builder) binding(doc string, el *etree.Element) error {
	q, err := b.defName(doc, el)
	if err != nil {
		return err
	}
	wb := &WSDLBinding{Name: q, SOAPActions: map[string]string{}}
	if wb.PortType, err = qnameAttr(doc, el, "type", true); err != nil {
		return err
	}
	for _, c := range el.ChildElements() {
		ns := c.NamespaceURI()
		switch {
		case c.Tag == "binding" && (ns == nsWSDLSoap || ns == nsWSDLSoap12):
			wb.SOAP = SOAP11
			if ns == nsWSDLSoap12 {
				wb.SOAP = SOAP12
			}
			wb.Transport = c.SelectAttrValue("transport", "")
			if st := c.SelectAttrValue("style", "document"); st != "document" {
				return errAt(doc, c, "style %q: only document style is supported", st)
			}
		case isWSDL(c, "operation"):
			for _, so := range c.ChildElements() {
				if so.Tag == "operation" && (so.NamespaceURI() == nsWSDLSoap || so.NamespaceURI() == nsWSDLSoap12) {
					wb.SOAPActions[c.SelectAttrValue("name", "")] = so.SelectAttrValue("soapAction", "")
					// Mono writes soap:binding with soap12:operation for
					// SOAP 1.2 custom bindings: the operations tell.
					if so.NamespaceURI() == nsWSDLSoap12 {
						wb.SOAP = SOAP12
					}
				}
			}
		case c.Tag == "Policy" && (ns == nsWSP || ns == nsWSP15):
			b.assertions(wb, c, 0)
		case c.Tag == "PolicyReference" && (ns == nsWSP || ns == nsWSP15):
			uri := strings.TrimPrefix(c.SelectAttrValue("URI", ""), "#")
			p, ok := b.policies[uri]
			if !ok {
				return errAt(doc, c, "policy %q is not defined", uri)
			}
			b.assertions(wb, p, 0)
		}
	}
	if wb.SOAP == 0 {
		return errAt(doc, el, "no soap:binding or soap12:binding (only SOAP bindings are supported)")
	}
	b.defs.Bindings[q] = wb
	return nil
}

// maxPolicyDepth bounds the nesting of policy assertions walked.
const maxPolicyDepth = 16

// assertions records the WCF policy assertions under p. Of alternatives
// (wsp:ExactlyOne), the first is read.
func (b *builder) assertions(wb *WSDLBinding, p *etree.Element, depth int) {
	if depth > maxPolicyDepth {
		return
	}
	for _, c := range p.ChildElements() {
		ns := c.NamespaceURI()
		switch {
		case ns == nsWSP || ns == nsWSP15:
			switch c.Tag {
			case "ExactlyOne":
				for _, alt := range c.ChildElements() {
					b.assertions(wb, alt, depth+1)
					break
				}
			case "All", "Policy":
				b.assertions(wb, c, depth+1)
			case "PolicyReference":
				if ref, ok := b.policies[strings.TrimPrefix(c.SelectAttrValue("URI", ""), "#")]; ok {
					b.assertions(wb, ref, depth+1)
				}
			}
		case c.Tag == "BinaryEncoding" && ns == nsMSBinary:
			wb.BinaryEncoding = true
		case c.Tag == "UsingAddressing" && ns == nsWSAWOld, c.Tag == "Addressing" && ns == nsWSAM:
			wb.Addressing = true
		case ns == nsSP || ns == nsSP12 || ns == nsMSSP || ns == nsMSNegotiate:
			switch c.Tag {
			case "TransportBinding", "SymmetricBinding", "AsymmetricBinding", "WindowsTransportSecurity",
				"SslTransportSecurity", "HttpsToken", "NegotiateAuthentication", "NtlmAuthentication",
				"BasicAuthentication", "SignedSupportingTokens", "EndorsingSupportingTokens":
				wb.Security = append(wb.Security, c.Tag)
			}
		}
	}
}

func (b *builder) service(doc string, el *etree.Element) error {
	q, err := b.defName(doc, el)
	if err != nil {
		return err
	}
	s := &Service{Name: q}
	for _, p := range el.ChildElements() {
		if !isWSDL(p, "port") {
			continue
		}
		bq, err := qnameAttr(doc, p, "binding", true)
		if err != nil {
			return err
		}
		wb, ok := b.defs.Bindings[bq]
		if !ok {
			return errAt(doc, p, "binding %s is not defined", bq)
		}
		port := &Port{Name: p.SelectAttrValue("name", ""), Binding: wb}
		for _, a := range p.ChildElements() {
			if a.Tag == "address" && (a.NamespaceURI() == nsWSDLSoap || a.NamespaceURI() == nsWSDLSoap12) {
				port.Address = a.SelectAttrValue("location", "")
			}
		}
		s.Ports = append(s.Ports, port)
	}
	b.defs.Services = append(b.defs.Services, s)
	return nil
}

// PortType finds a portType by name.
func (d *Definitions) PortType(q QName) (*PortType, bool) {
	for _, pt := range d.PortTypes {
		if pt.Name == q {
			return pt, true
		}
	}
	return nil, false
}

var errNoContract = errors.New("metadata: the description has no portType")
