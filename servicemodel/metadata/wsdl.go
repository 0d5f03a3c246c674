package metadata

// A WSDL 1.1 description of a contract and its HTTP endpoints, shaped like
// the one WCF's WsdlExporter writes for ?singleWsdl: document/literal
// wrapped messages <Contract>_<Op>_InputMessage/_OutputMessage with one
// part "parameters", a portType named after the contract whose inputs and
// outputs carry wsaw:Action, one wsdl:binding per endpoint (SOAP 1.1
// "BasicHttpBinding_<Contract>" with soap:operation soapAction; SOAP 1.2
// "WSHttpBinding_<Contract>" — "CustomBinding_<Contract>" for binary — with
// soap12:operation and a WS-Policy holding wsaw:UsingAddressing, so that
// svcutil builds a binding with Soap12WSAddressing10), and a service whose
// ports hold the endpoint addresses (plus a wsa10:EndpointReference for
// addressing endpoints). Specs: WSDL 1.1 §2–3; WSDL 1.1 SOAP 1.2 binding;
// WS-Addressing 1.0 – WSDL Binding §3.1 (UsingAddressing); WS-Policy 1.2.

import (
	"fmt"
	"reflect"
	"slices"

	"github.com/beevik/etree"

	"github.com/wwsgo/wws/servicemodel"
	"github.com/wwsgo/wws/soap"
)

// Namespaces of the WSDL document.
const (
	nsWSDL                = "http://schemas.xmlsoap.org/wsdl/"
	nsWSDLSoap            = "http://schemas.xmlsoap.org/wsdl/soap/"
	nsWSDLSoap12          = "http://schemas.xmlsoap.org/wsdl/soap12/"
	nsWSAW                = "http://www.w3.org/2006/05/addressing/wsdl"
	nsWSP                 = "http://schemas.xmlsoap.org/ws/2004/09/policy"
	nsWSU                 = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
	nsMSBinary            = "http://schemas.microsoft.com/ws/06/2004/mspolicy/netbinary1"
	transportSOAPOverHTTP = "http://schemas.xmlsoap.org/soap/http"
)

// Endpoint is one port of a service description: an HTTP endpoint's
// address and binding.
type Endpoint = servicemodel.MetadataEndpoint

// HTTPGet is the servicemodel.MetadataFunc of WCF's HTTP GET metadata
// (ServiceMetadataBehavior with HttpGetEnabled): the WSDL of the contract
// at the endpoints, its service named after the contract. Set it as
// servicemodel.HostOptions.Metadata to answer GET ?wsdl and ?singleWsdl.
func HTTPGet(c *servicemodel.Contract, endpoints []Endpoint, base string) (*servicemodel.MetadataSet, error) {
	doc, err := WSDL(c, "", endpoints...)
	if err != nil {
		return nil, err
	}
	return &servicemodel.MetadataSet{
		Documents:  []servicemodel.MetadataDocument{{Dialect: servicemodel.MetadataDialectWSDL, Identifier: c.Namespace, Name: "wsdl", Data: doc}},
		SingleWSDL: doc,
	}, nil
}

// WSDL returns the WSDL 1.1 document of contract c served at endpoints.
// serviceName names the wsdl:service; empty means the contract name
// without a leading interface "I", plus "Service" (ICalculator →
// CalculatorService).
func WSDL(c *servicemodel.Contract, serviceName string, endpoints ...Endpoint) ([]byte, error) {
	if serviceName == "" {
		serviceName = defaultServiceName(c.Name)
	}
	endpoints = slices.DeleteFunc(slices.Clone(endpoints), func(ep Endpoint) bool {
		_, ok := ep.Binding.(*servicemodel.HTTPBinding)
		return !ok
	})
	g := &wsdlGen{c: c, doc: etree.NewDocument(), prefixes: map[string]string{c.Namespace: "tns"}}
	if err := g.build(serviceName, endpoints); err != nil {
		return nil, err
	}
	g.doc.WriteSettings.CanonicalAttrVal = true
	g.doc.Indent(2)
	return g.doc.WriteToBytes()
}

func defaultServiceName(contract string) string {
	if len(contract) > 1 && contract[0] == 'I' && contract[1] >= 'A' && contract[1] <= 'Z' {
		contract = contract[1:]
	}
	return contract + "Service"
}

// wsdlGen builds one document.
type wsdlGen struct {
	c        *servicemodel.Contract
	doc      *etree.Document
	defs     *etree.Element
	prefixes map[string]string // namespace → prefix of body element namespaces
	schemas  map[string]*etree.Element
	types    *etree.Element
}

func (g *wsdlGen) build(service string, endpoints []Endpoint) error {
	g.doc.CreateProcInst("xml", `version="1.0" encoding="utf-8"`)
	g.defs = g.doc.CreateElement("wsdl:definitions")
	g.defs.CreateAttr("name", service)
	g.defs.CreateAttr("targetNamespace", g.c.Namespace)
	for _, ns := range [][2]string{{"wsdl", nsWSDL}, {"soap", nsWSDLSoap}, {"soap12", nsWSDLSoap12},
		{"xs", nsXSD}, {"tns", g.c.Namespace}, {"wsaw", nsWSAW}, {"wsp", nsWSP}, {"wsu", nsWSU},
		{"wsa10", soap.NamespaceAddressing10}, {"msb", nsMSBinary}} {
		g.defs.CreateAttr("xmlns:"+ns[0], ns[1])
	}
	names := bindingNames(g.c.Name, endpoints)
	for i, ep := range endpoints {
		g.policy(names[i], ep.Binding.(*servicemodel.HTTPBinding))
	}
	g.types = g.defs.CreateElement("wsdl:types")
	g.schemas = map[string]*etree.Element{}
	if err := g.messages(); err != nil {
		return err
	}
	g.portType()
	for i, ep := range endpoints {
		g.binding(names[i], ep.Binding.(*servicemodel.HTTPBinding))
	}
	g.service(service, names, endpoints)
	return nil
}

// bindingNames names each endpoint's wsdl:binding as WCF does: the binding
// type and the contract, numbered from the second of a kind on.
func bindingNames(contract string, endpoints []Endpoint) []string {
	seen := map[string]int{}
	out := make([]string, len(endpoints))
	for i, ep := range endpoints {
		base := bindingKind(ep.Binding.(*servicemodel.HTTPBinding)) + "_" + contract
		if n := seen[base]; n > 0 {
			out[i] = fmt.Sprintf("%s%d", base, n)
		} else {
			out[i] = base
		}
		seen[base]++
	}
	return out
}

func bindingKind(b *servicemodel.HTTPBinding) string {
	switch {
	case b.Encoding == servicemodel.HTTPBinary:
		return "CustomBinding"
	case b.MessageVersion().Envelope == soap.EnvelopeSoap11:
		return "BasicHttpBinding"
	}
	return "WSHttpBinding"
}

// policy writes the endpoint's WS-Policy (addressing and binary encoding
// assertions); SOAP 1.1 endpoints have none.
func (g *wsdlGen) policy(name string, b *servicemodel.HTTPBinding) {
	if b.MessageVersion().Addressing == soap.AddressingNone {
		return
	}
	p := g.defs.CreateElement("wsp:Policy")
	p.CreateAttr("wsu:Id", name+"_policy")
	all := p.CreateElement("wsp:ExactlyOne").CreateElement("wsp:All")
	if b.Encoding == servicemodel.HTTPBinary {
		all.CreateElement("msb:BinaryEncoding")
	}
	all.CreateElement("wsaw:UsingAddressing")
}

// messages writes the schema elements and the wsdl:messages of every operation.
func (g *wsdlGen) messages() error {
	for _, op := range g.c.Operations() {
		if err := g.message(op, "InputMessage", op.RequestType); err != nil {
			return fmt.Errorf("operation %s: %w", op.Name, err)
		}
		if op.OneWay {
			continue
		}
		if err := g.message(op, "OutputMessage", op.ResponseType); err != nil {
			return fmt.Errorf("operation %s: %w", op.Name, err)
		}
	}
	return nil
}

func (g *wsdlGen) message(op *servicemodel.Operation, kind string, t reflect.Type) error {
	if t == nil {
		return fmt.Errorf("%w: no %s type", ErrUnsupportedType, kind)
	}
	local, ns, err := wrapperName(t, g.c.Namespace)
	if err != nil {
		return err
	}
	sw := &schemaWriter{xs: "xs"}
	if err := sw.element(g.schema(ns), local, t); err != nil {
		return err
	}
	m := g.defs.CreateElement("wsdl:message")
	m.CreateAttr("name", g.c.Name+"_"+op.Name+"_"+kind)
	part := m.CreateElement("wsdl:part")
	part.CreateAttr("name", "parameters")
	part.CreateAttr("element", g.prefix(ns)+":"+local)
	return nil
}

// schema returns the xs:schema of namespace ns, creating it.
func (g *wsdlGen) schema(ns string) *etree.Element {
	if s, ok := g.schemas[ns]; ok {
		return s
	}
	s := g.types.CreateElement("xs:schema")
	s.CreateAttr("elementFormDefault", "qualified")
	s.CreateAttr("targetNamespace", ns)
	g.schemas[ns] = s
	return s
}

// prefix returns the prefix declared for a body namespace, declaring q1, q2, … as needed.
func (g *wsdlGen) prefix(ns string) string {
	if p, ok := g.prefixes[ns]; ok {
		return p
	}
	p := fmt.Sprintf("q%d", len(g.prefixes))
	g.prefixes[ns] = p
	g.defs.CreateAttr("xmlns:"+p, ns)
	return p
}

func (g *wsdlGen) portType() {
	pt := g.defs.CreateElement("wsdl:portType")
	pt.CreateAttr("name", g.c.Name)
	for _, op := range g.c.Operations() {
		o := pt.CreateElement("wsdl:operation")
		o.CreateAttr("name", op.Name)
		in := o.CreateElement("wsdl:input")
		in.CreateAttr("wsaw:Action", op.Action)
		in.CreateAttr("message", "tns:"+g.c.Name+"_"+op.Name+"_InputMessage")
		if op.OneWay {
			continue
		}
		out := o.CreateElement("wsdl:output")
		out.CreateAttr("wsaw:Action", op.ReplyAction)
		out.CreateAttr("message", "tns:"+g.c.Name+"_"+op.Name+"_OutputMessage")
	}
}

func (g *wsdlGen) binding(name string, b *servicemodel.HTTPBinding) {
	sp := "soap12"
	if b.MessageVersion().Envelope == soap.EnvelopeSoap11 {
		sp = "soap"
	}
	el := g.defs.CreateElement("wsdl:binding")
	el.CreateAttr("name", name)
	el.CreateAttr("type", "tns:"+g.c.Name)
	if b.MessageVersion().Addressing != soap.AddressingNone {
		el.CreateElement("wsp:PolicyReference").CreateAttr("URI", "#"+name+"_policy")
	}
	el.CreateElement(sp+":binding").CreateAttr("transport", transportSOAPOverHTTP)
	for _, op := range g.c.Operations() {
		o := el.CreateElement("wsdl:operation")
		o.CreateAttr("name", op.Name)
		so := o.CreateElement(sp + ":operation")
		so.CreateAttr("soapAction", op.Action)
		so.CreateAttr("style", "document")
		o.CreateElement("wsdl:input").CreateElement(sp+":body").CreateAttr("use", "literal")
		if !op.OneWay {
			o.CreateElement("wsdl:output").CreateElement(sp+":body").CreateAttr("use", "literal")
		}
	}
}

func (g *wsdlGen) service(name string, names []string, endpoints []Endpoint) {
	svc := g.defs.CreateElement("wsdl:service")
	svc.CreateAttr("name", name)
	for i, ep := range endpoints {
		port := svc.CreateElement("wsdl:port")
		port.CreateAttr("name", names[i])
		port.CreateAttr("binding", "tns:"+names[i])
		v := ep.Binding.MessageVersion()
		sp := "soap12"
		if v.Envelope == soap.EnvelopeSoap11 {
			sp = "soap"
		}
		port.CreateElement(sp+":address").CreateAttr("location", ep.Address)
		if v.Addressing != soap.AddressingNone {
			port.CreateElement("wsa10:EndpointReference").CreateElement("wsa10:Address").SetText(ep.Address)
		}
	}
}
