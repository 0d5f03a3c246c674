package metadata

// The WSDL 1.1 description of a contract and its endpoints, shaped like the
// one WCF's WsdlExporter writes (System.ServiceModel/Description/
// WsdlExporter.cs, MetadataSet of ServiceMetadataBehavior): document/literal
// wrapped messages <Contract>_<Op>_InputMessage/_OutputMessage with one
// part "parameters", and <Contract>_<Op>_<Detail>Fault_FaultMessage with a
// part "detail" for each FaultContract; a portType named after the contract
// whose inputs, outputs and faults carry wsaw:Action; one wsdl:binding per
// endpoint (SOAP 1.1 "BasicHttpBinding_<Contract>" with soap:operation
// soapAction; SOAP 1.2 "WSHttpBinding_<Contract>" — "CustomBinding_<Contract>"
// for binary — with soap12:operation and a WS-Policy holding
// wsaw:UsingAddressing, so that svcutil builds a binding with
// Soap12WSAddressing10; "NetTcpBinding_<Contract>" over soap/tcp with
// msb:BinaryEncoding); and a service whose ports hold the endpoint
// addresses (plus a wsa10:EndpointReference for addressing endpoints).
//
// The schemas (schema.go) are one per namespace. ?wsdl holds, as WCF's,
// a schema of xs:imports whose schemaLocations are the parts ?xsd=xsd0,
// ?xsd=xsd1, … (the contract's namespace first, then the Serialization
// namespace, then the data contract namespaces as met); ?singleWsdl holds
// them all inline. The service and the contract share the contract's
// namespace, so there is no wsdl:import (?wsdl=wsdl0) part.
//
// Specs: WSDL 1.1 §2–3; WSDL 1.1 SOAP 1.2 binding; WS-Addressing 1.0 –
// WSDL Binding §3.1 (UsingAddressing); WS-Policy 1.2; XML Schema 1.0.

import (
	"fmt"
	"reflect"
	"strconv"

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
	transportSOAPOverTCP  = "http://schemas.microsoft.com/soap/tcp"
)

// Endpoint is one port of a service description: an endpoint's address
// and binding (*servicemodel.HTTPBinding, or *servicemodel.NetTCPBinding
// without TLS; others are left out).
type Endpoint = servicemodel.MetadataEndpoint

// HTTPGet is the servicemodel.MetadataFunc of WCF's HTTP GET metadata
// (ServiceMetadataBehavior with HttpGetEnabled): the set of the contract at
// the endpoints, its service named after the contract. Set it as
// servicemodel.HostOptions.Metadata to answer GET ?wsdl, ?xsd=xsdN and
// ?singleWsdl.
func HTTPGet(c *servicemodel.Contract, endpoints []Endpoint, base string) (*servicemodel.MetadataSet, error) {
	return Set(c, "", base, endpoints...)
}

// WSDL returns the WSDL 1.1 document of contract c served at endpoints,
// with every schema inline (?singleWsdl). serviceName names the
// wsdl:service; empty means the contract name without a leading interface
// "I", plus "Service" (ICalculator → CalculatorService).
func WSDL(c *servicemodel.Contract, serviceName string, endpoints ...Endpoint) ([]byte, error) {
	d, err := describe(c, serviceName, endpoints)
	if err != nil {
		return nil, err
	}
	return d.definitions(docSingle, func(types *etree.Element) {
		for _, s := range d.schemas {
			types.AddChild(s.render(noLocation))
		}
	}, "")
}

// noLocation is where the imports between schemas point: nowhere, each
// names a namespace the same set holds (as the parts Mono's and WCF's
// hosts serve; a schemaLocation there makes Mono's XmlSchemaSet load a part
// twice and refuse its elements as declared already).
func noLocation(string) string { return "" }

// Set returns the metadata set of contract c served at endpoints, as WCF
// serves it: the WSDL (Name "wsdl"), whose types import the schema parts
// ("xsd=xsd0", …, located at base?xsd=xsdN, or without a location when
// base is empty, as in a WS-MetadataExchange response); when the contract's
// namespace is not the service's (WCF's default, http://tempuri.org/), the
// WSDL holds the bindings and the service and imports the contract's WSDL
// ("wsdl=wsdl0"), which holds the types, messages and portType; then the
// schema parts, whose imports of each other name the namespace only; and
// the single WSDL. serviceName is as for WSDL.
func Set(c *servicemodel.Contract, serviceName, base string, endpoints ...Endpoint) (*servicemodel.MetadataSet, error) {
	d, err := describe(c, serviceName, endpoints)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for i, s := range d.schemas {
		names[s.ns] = "xsd=xsd" + strconv.Itoa(i)
	}
	locate := func(ns string) string {
		if base == "" {
			return ""
		}
		return base + "?" + names[ns]
	}
	imports := func(types *etree.Element) {
		imports := types.CreateElement("xs:schema")
		imports.CreateAttr("targetNamespace", d.c.Namespace+"/Imports")
		imports.CreateAttr("xmlns:xs", nsXSD)
		for _, s := range d.schemas {
			imp := imports.CreateElement("xs:import")
			if loc := locate(s.ns); loc != "" {
				imp.CreateAttr("schemaLocation", loc)
			}
			imp.CreateAttr("namespace", s.ns)
		}
	}
	var wsdls []servicemodel.MetadataDocument
	if c.Namespace == servicemodel.DefaultNamespace {
		doc, err := d.definitions(docSingle, imports, "")
		if err != nil {
			return nil, err
		}
		wsdls = append(wsdls, servicemodel.MetadataDocument{Dialect: servicemodel.MetadataDialectWSDL, Identifier: c.Namespace, Name: "wsdl", Data: doc})
	} else {
		// As WCF's: the service's document in its namespace (tempuri.org)
		// imports the contract's.
		loc := ""
		if base != "" {
			loc = base + "?wsdl=wsdl0"
		}
		svc, err := d.definitions(docService, nil, loc)
		if err != nil {
			return nil, err
		}
		contract, err := d.definitions(docContract, imports, "")
		if err != nil {
			return nil, err
		}
		wsdls = append(wsdls,
			servicemodel.MetadataDocument{Dialect: servicemodel.MetadataDialectWSDL, Identifier: servicemodel.DefaultNamespace, Name: "wsdl", Data: svc},
			servicemodel.MetadataDocument{Dialect: servicemodel.MetadataDialectWSDL, Identifier: c.Namespace, Name: "wsdl=wsdl0", Data: contract})
	}
	single, err := WSDL(c, serviceName, endpoints...)
	if err != nil {
		return nil, err
	}
	set := &servicemodel.MetadataSet{SingleWSDL: single, Documents: wsdls}
	for _, s := range d.schemas {
		doc := etree.NewDocument()
		doc.CreateProcInst("xml", `version="1.0" encoding="utf-8"`)
		doc.AddChild(s.render(noLocation))
		data, err := writeDoc(doc)
		if err != nil {
			return nil, err
		}
		set.Documents = append(set.Documents, servicemodel.MetadataDocument{
			Dialect: servicemodel.MetadataDialectXSD, Identifier: s.ns, Name: names[s.ns], Data: data})
	}
	return set, nil
}

func writeDoc(doc *etree.Document) ([]byte, error) {
	doc.WriteSettings.CanonicalAttrVal = true
	doc.Indent(2)
	return doc.WriteToBytes()
}

func defaultServiceName(contract string) string {
	if len(contract) > 1 && contract[0] == 'I' && contract[1] >= 'A' && contract[1] <= 'Z' {
		contract = contract[1:]
	}
	return contract + "Service"
}

// port is an endpoint the description lists.
type port struct {
	Endpoint
	name string // of its wsdl:binding and wsdl:port
	http *servicemodel.HTTPBinding
	tcp  *servicemodel.NetTCPBinding
}

// soapPrefix is the prefix of the port's SOAP binding extension.
func (p *port) soapPrefix() string {
	if p.http != nil && p.http.MessageVersion().Envelope == soap.EnvelopeSoap11 {
		return "soap"
	}
	return "soap12"
}

func (p *port) addressing() bool {
	return p.tcp != nil || p.http.MessageVersion().Addressing != soap.AddressingNone
}

func (p *port) binary() bool { return p.tcp != nil || p.http.Encoding == servicemodel.HTTPBinary }

// operationFault is one FaultContract of an operation.
type operationFault struct {
	name    string // <Detail>Fault: the wsdl:fault's
	message string
	element QName
	action  string
}

// description is what the documents of one contract share: the schemas
// and the parts of the WSDL.
type description struct {
	c        *servicemodel.Contract
	service  string
	ports    []port
	schemas  []*xsdSchema // contract namespace first, then Serialization, then as met
	faults   map[string][]operationFault
	doc      *etree.Document
	defs     *etree.Element
	prefixes map[string]string
}

func describe(c *servicemodel.Contract, serviceName string, endpoints []Endpoint) (*description, error) {
	if serviceName == "" {
		serviceName = defaultServiceName(c.Name)
	}
	d := &description{c: c, service: serviceName, faults: map[string][]operationFault{}}
	for _, ep := range endpoints {
		p := port{Endpoint: ep}
		switch b := ep.Binding.(type) {
		case *servicemodel.HTTPBinding:
			p.http = b
		case *servicemodel.NetTCPBinding:
			if b.TLS != nil {
				continue // its transport security policy is not written yet
			}
			p.tcp = b
		default:
			continue
		}
		d.ports = append(d.ports, p)
	}
	names := bindingNames(c.Name, d.ports)
	for i := range d.ports {
		d.ports[i].name = names[i]
	}
	x := newExporter()
	x.schema(c.Namespace) // xsd0, then xsd1, as WCF's
	x.schema(nsSerialization)
	seen := map[reflect.Type]bool{}
	type body struct {
		t         reflect.Type
		local, ns string
	}
	bodies := map[string][]body{}
	for _, op := range c.Operations() {
		ts := []reflect.Type{op.RequestType}
		if !op.OneWay {
			ts = append(ts, op.ResponseType)
		}
		for _, t := range ts {
			if t == nil {
				return nil, fmt.Errorf("operation %s: %w: no body type", op.Name, ErrUnsupportedType)
			}
			local, ns, err := wrapperName(t, c.Namespace)
			if err != nil {
				return nil, fmt.Errorf("operation %s: %w", op.Name, err)
			}
			bodies[op.Name] = append(bodies[op.Name], body{t, local, ns})
			x.surveyWrapper(t, local, ns, seen)
		}
		for _, ft := range op.Faults {
			x.surveyType(ft, c.Namespace, true, seen)
		}
	}
	// Each operation's messages, then its faults' details, as WCF's
	// MessageContractExporter exports an operation: a fault detail type
	// follows the types of its operation's bodies in the schema.
	for _, op := range c.Operations() {
		for _, b := range bodies[op.Name] {
			if err := x.wrapper(b.t, b.local, b.ns); err != nil {
				return nil, fmt.Errorf("body %s: %w", b.local, err)
			}
		}
		for _, ft := range op.Faults {
			for ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() != reflect.Struct || ft.Name() == "" {
				return nil, fmt.Errorf("operation %s: %w: fault detail %v is not a named struct", op.Name, ErrUnsupportedType, ft)
			}
			q, err := x.namedStruct(ft, c.Namespace)
			if err != nil {
				return nil, fmt.Errorf("operation %s: fault detail: %w", op.Name, err)
			}
			name := q.Local + "Fault"
			d.faults[op.Name] = append(d.faults[op.Name], operationFault{name: name,
				message: c.Name + "_" + op.Name + "_" + name + "_FaultMessage", element: q,
				action: soap.FaultAction(op.Action, q.Local)})
		}
	}
	for _, ns := range x.order {
		d.schemas = append(d.schemas, x.schemas[ns])
	}
	return d, nil
}

// docKind selects the parts of the description a WSDL document holds.
type docKind int

const (
	// docSingle holds everything, in the contract's namespace.
	docSingle docKind = iota
	// docContract (?wsdl=wsdl0) holds the types, messages and portType,
	// in the contract's namespace.
	docContract
	// docService (?wsdl) holds the policies, the wsdl:import of the
	// contract's document, the bindings and the service, in the service's
	// namespace.
	docService
)

// definitions writes a WSDL document of kind: its wsdl:types filled by
// types, and for docService the import of the contract's document, at
// contractLoc ("" for none).
func (d *description) definitions(kind docKind, types func(*etree.Element), contractLoc string) ([]byte, error) {
	tns := d.c.Namespace
	if kind == docService {
		tns = servicemodel.DefaultNamespace
	}
	d.doc = etree.NewDocument()
	d.prefixes = map[string]string{tns: "tns"}
	d.doc.CreateProcInst("xml", `version="1.0" encoding="utf-8"`)
	d.defs = d.doc.CreateElement("wsdl:definitions")
	d.defs.CreateAttr("name", d.service)
	d.defs.CreateAttr("targetNamespace", tns)
	for _, ns := range [][2]string{{"wsdl", nsWSDL}, {"soap", nsWSDLSoap}, {"soap12", nsWSDLSoap12},
		{"xs", nsXSD}, {"tns", tns}, {"wsaw", nsWSAW}, {"wsp", nsWSP}, {"wsu", nsWSU},
		{"wsa10", soap.NamespaceAddressing10}, {"msb", nsMSBinary}} {
		d.defs.CreateAttr("xmlns:"+ns[0], ns[1])
	}
	if kind == docService {
		d.prefixes[d.c.Namespace] = "i0"
		d.defs.CreateAttr("xmlns:i0", d.c.Namespace)
	}
	if kind != docContract {
		for _, p := range d.ports {
			d.policy(&p)
		}
	}
	if kind == docService {
		imp := d.defs.CreateElement("wsdl:import")
		imp.CreateAttr("namespace", d.c.Namespace)
		if contractLoc != "" {
			imp.CreateAttr("location", contractLoc)
		}
		d.defs.CreateElement("wsdl:types")
	} else {
		types(d.defs.CreateElement("wsdl:types"))
		if err := d.messages(); err != nil {
			return nil, err
		}
		d.portType()
	}
	if kind != docContract {
		for _, p := range d.ports {
			d.binding(&p)
		}
		d.serviceElement()
	}
	return writeDoc(d.doc)
}

// bindingNames names each endpoint's wsdl:binding as WCF does: the binding
// type and the contract, numbered from the second of a kind on.
func bindingNames(contract string, ports []port) []string {
	seen := map[string]int{}
	out := make([]string, len(ports))
	for i, p := range ports {
		base := bindingKind(&p) + "_" + contract
		if n := seen[base]; n > 0 {
			out[i] = fmt.Sprintf("%s%d", base, n)
		} else {
			out[i] = base
		}
		seen[base]++
	}
	return out
}

func bindingKind(p *port) string {
	switch {
	case p.tcp != nil:
		return "NetTcpBinding"
	case p.http.Encoding == servicemodel.HTTPBinary:
		return "CustomBinding"
	case p.http.MessageVersion().Envelope == soap.EnvelopeSoap11:
		return "BasicHttpBinding"
	}
	return "WSHttpBinding"
}

// policy writes the endpoint's WS-Policy (addressing and binary encoding
// assertions); SOAP 1.1 endpoints have none.
func (d *description) policy(p *port) {
	if !p.addressing() {
		return
	}
	pol := d.defs.CreateElement("wsp:Policy")
	pol.CreateAttr("wsu:Id", p.name+"_policy")
	all := pol.CreateElement("wsp:ExactlyOne").CreateElement("wsp:All")
	if p.binary() {
		all.CreateElement("msb:BinaryEncoding")
	}
	all.CreateElement("wsaw:UsingAddressing")
}

// messages writes the wsdl:messages of every operation and fault.
func (d *description) messages() error {
	for _, op := range d.c.Operations() {
		if err := d.message(op, "InputMessage", op.RequestType); err != nil {
			return fmt.Errorf("operation %s: %w", op.Name, err)
		}
		if !op.OneWay {
			if err := d.message(op, "OutputMessage", op.ResponseType); err != nil {
				return fmt.Errorf("operation %s: %w", op.Name, err)
			}
		}
		for _, f := range d.faults[op.Name] {
			m := d.defs.CreateElement("wsdl:message")
			m.CreateAttr("name", f.message)
			part := m.CreateElement("wsdl:part")
			part.CreateAttr("name", "detail")
			part.CreateAttr("element", d.prefix(f.element.Space)+":"+f.element.Local)
		}
	}
	return nil
}

func (d *description) message(op *servicemodel.Operation, kind string, t reflect.Type) error {
	local, ns, err := wrapperName(t, d.c.Namespace)
	if err != nil {
		return err
	}
	m := d.defs.CreateElement("wsdl:message")
	m.CreateAttr("name", d.c.Name+"_"+op.Name+"_"+kind)
	part := m.CreateElement("wsdl:part")
	part.CreateAttr("name", "parameters")
	part.CreateAttr("element", d.prefix(ns)+":"+local)
	return nil
}

// prefix returns the prefix declared for a body namespace, declaring q1, q2, … as needed.
func (d *description) prefix(ns string) string {
	if p, ok := d.prefixes[ns]; ok {
		return p
	}
	p := fmt.Sprintf("q%d", len(d.prefixes))
	d.prefixes[ns] = p
	d.defs.CreateAttr("xmlns:"+p, ns)
	return p
}

func (d *description) portType() {
	pt := d.defs.CreateElement("wsdl:portType")
	pt.CreateAttr("name", d.c.Name)
	for _, op := range d.c.Operations() {
		o := pt.CreateElement("wsdl:operation")
		o.CreateAttr("name", op.Name)
		in := o.CreateElement("wsdl:input")
		in.CreateAttr("wsaw:Action", op.Action)
		in.CreateAttr("message", "tns:"+d.c.Name+"_"+op.Name+"_InputMessage")
		if op.OneWay {
			continue
		}
		out := o.CreateElement("wsdl:output")
		out.CreateAttr("wsaw:Action", op.ReplyAction)
		out.CreateAttr("message", "tns:"+d.c.Name+"_"+op.Name+"_OutputMessage")
		for _, f := range d.faults[op.Name] {
			fe := o.CreateElement("wsdl:fault")
			fe.CreateAttr("wsaw:Action", f.action)
			fe.CreateAttr("name", f.name)
			fe.CreateAttr("message", "tns:"+f.message)
		}
	}
}

func (d *description) binding(p *port) {
	sp := p.soapPrefix()
	el := d.defs.CreateElement("wsdl:binding")
	el.CreateAttr("name", p.name)
	el.CreateAttr("type", d.prefix(d.c.Namespace)+":"+d.c.Name)
	if p.addressing() {
		el.CreateElement("wsp:PolicyReference").CreateAttr("URI", "#"+p.name+"_policy")
	}
	transport := transportSOAPOverHTTP
	if p.tcp != nil {
		transport = transportSOAPOverTCP
	}
	el.CreateElement(sp+":binding").CreateAttr("transport", transport)
	for _, op := range d.c.Operations() {
		o := el.CreateElement("wsdl:operation")
		o.CreateAttr("name", op.Name)
		so := o.CreateElement(sp + ":operation")
		so.CreateAttr("soapAction", op.Action)
		so.CreateAttr("style", "document")
		o.CreateElement("wsdl:input").CreateElement(sp+":body").CreateAttr("use", "literal")
		if op.OneWay {
			continue
		}
		o.CreateElement("wsdl:output").CreateElement(sp+":body").CreateAttr("use", "literal")
		for _, f := range d.faults[op.Name] {
			fe := o.CreateElement("wsdl:fault")
			fe.CreateAttr("name", f.name)
			sf := fe.CreateElement(sp + ":fault")
			sf.CreateAttr("use", "literal")
			sf.CreateAttr("name", f.name)
			sf.CreateAttr("namespace", "")
		}
	}
}

func (d *description) serviceElement() {
	svc := d.defs.CreateElement("wsdl:service")
	svc.CreateAttr("name", d.service)
	for _, p := range d.ports {
		port := svc.CreateElement("wsdl:port")
		port.CreateAttr("name", p.name)
		port.CreateAttr("binding", "tns:"+p.name)
		port.CreateElement(p.soapPrefix()+":address").CreateAttr("location", p.Address)
		if p.addressing() {
			port.CreateElement("wsa10:EndpointReference").CreateElement("wsa10:Address").SetText(p.Address)
		}
	}
}
