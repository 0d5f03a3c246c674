package metadata

// The description Import reads back from WSDL 1.1 and XML Schema: what
// code generation (gen.go) needs of a WCF service's metadata. Names are
// qualified (QName); the model keeps the schema's member order, because
// DataContractSerializer reads members in sequence order only.

import "fmt"

// QName is a qualified XML name.
type QName struct{ Space, Local string }

func (q QName) String() string {
	if q.Space == "" {
		return q.Local
	}
	return "{" + q.Space + "}" + q.Local
}

// IsZero reports whether q is empty.
func (q QName) IsZero() bool { return q.Local == "" }

// Namespaces of imported metadata beyond those the exporter writes.
const (
	// NamespaceSerialization holds DataContractSerializer's own simple
	// types (guid, char, duration) and the z:Id/z:Ref attributes.
	NamespaceSerialization = "http://schemas.microsoft.com/2003/10/Serialization/"
	// NamespaceArrays holds the ArrayOf… and KeyValueOf… types of
	// collections of primitives and dictionaries.
	NamespaceArrays = "http://schemas.microsoft.com/2003/10/Serialization/Arrays"

	nsSOAPTCPTransport = "http://schemas.microsoft.com/soap/tcp"
	nsWSAWOld          = "http://www.w3.org/2006/05/addressing/wsdl"
	nsWSAM             = "http://www.w3.org/2007/05/addressing/metadata"
	nsWSP15            = "http://www.w3.org/ns/ws-policy"
	nsSP               = "http://schemas.xmlsoap.org/ws/2005/07/securitypolicy"
	nsSP12             = "http://docs.oasis-open.org/ws-sx/ws-securitypolicy/200702"
	nsMSSP             = "http://schemas.microsoft.com/ws/2005/07/securitypolicy"
	nsMSNegotiate      = "http://schemas.microsoft.com/ws/2006/05/framing/policy"
	nsMSC              = "http://schemas.microsoft.com/ws/2005/12/wsdl/contract"
)

// Definitions is a service description read by Import: the WSDL
// definitions of every document reached from the source, merged, and the
// schemas of their types.
type Definitions struct {
	Services  []*Service
	Bindings  map[QName]*WSDLBinding
	PortTypes []*PortType
	Schema    *SchemaSet
	// Documents lists the documents read, in the order they were read.
	Documents []string
}

// Service is a wsdl:service.
type Service struct {
	Name  QName
	Ports []*Port
}

// Port is a wsdl:port: an endpoint address and its binding.
type Port struct {
	Name    string
	Binding *WSDLBinding
	Address string
}

// SOAPVersion is the envelope version of a binding.
type SOAPVersion uint8

// SOAP versions.
const (
	SOAP11 SOAPVersion = 11
	SOAP12 SOAPVersion = 12
)

// WSDLBinding is a wsdl:binding with what WCF's policy assertions say of it.
type WSDLBinding struct {
	Name      QName
	PortType  QName
	SOAP      SOAPVersion
	Transport string // soap:binding transport: SOAP over HTTP or soap/tcp
	// Addressing is wsaw:UsingAddressing (or wsam:Addressing).
	Addressing bool
	// BinaryEncoding is msb:BinaryEncoding ([MC-NBFS]).
	BinaryEncoding bool
	// Security lists the security assertions found (sp:TransportBinding,
	// sp:SymmetricBinding, msf:WindowsTransportSecurity, …), by local name.
	Security []string
	// SOAPActions maps operation names to their soap:operation soapAction.
	SOAPActions map[string]string
}

// IsTCP reports whether the binding is SOAP over net.tcp.
func (b *WSDLBinding) IsTCP() bool { return b.Transport == nsSOAPTCPTransport }

// PortType is a wsdl:portType: a service contract.
type PortType struct {
	Name       QName
	Operations []*Operation
}

// Operation is a portType operation in document/literal wrapped form.
type Operation struct {
	Name   string
	Input  *MessageRef
	Output *MessageRef // nil: one-way
	Faults []*MessageRef
}

// MessageRef is an operation's input, output or fault: its Action and the
// global element of its one part.
type MessageRef struct {
	Name   string // the fault's name; the wsdl:message name otherwise
	Action string
	// defaultAction: Action is WCF's default, the WSDL naming none.
	defaultAction bool
	Message       QName
	Element       QName // zero when the message has no element part
}

// SchemaSet is the XML Schema of the description: the named global types
// and elements of every schema read.
type SchemaSet struct {
	Types    map[QName]*SchemaType
	Elements map[QName]*SchemaElement
	// order lists the named types in document order, for stable output.
	order []QName
}

// TypeKind is the shape of a schema type.
type TypeKind uint8

// Kinds of schema types.
const (
	KindComplex TypeKind = iota // a sequence of member elements
	KindEnum                    // a string restriction with enumerations
	KindFlags                   // an xs:list of an enumeration ([Flags])
	KindSimple                  // another simple type: a restriction of Base
)

// SchemaType is a named (or anonymous) schema type.
type SchemaType struct {
	Name QName
	Kind TypeKind
	// Base is the complexContent extension's base (KindComplex) or the
	// restriction's base (KindSimple).
	Base     QName
	Abstract bool
	// Members are the sequence's elements, the type's own (an extension's
	// base members are Base's).
	Members    []*Member
	Attributes []*Member
	Enum       []string
	// IsDictionary is DataContract's IsDictionary annotation.
	IsDictionary bool
	// IsReference: the type has the z:Id and z:Ref attributes
	// (DataContract IsReference=true).
	IsReference bool
	// Mixed: mixed content, text beside the member elements.
	Mixed bool
	// Text is the type of the element's text (simpleContent: a simple
	// type extended with attributes); zero when it has none.
	Text QName
	// AnyAttribute: xs:anyAttribute, attributes of any name.
	AnyAttribute bool
	// Unsupported names a construct the model does not map (nested or
	// repeated groups, xs:group references, restrictions of complex types,
	// unions, …), whose elements generated code keeps raw; empty when none.
	Unsupported string
}

// Member is a member element (or attribute) of a complex type.
type Member struct {
	Name      string
	Namespace string // the element's namespace (form qualified) or ""
	Type      QName
	Anonymous *SchemaType // an inline complexType / simpleType
	MinOccurs int
	MaxOccurs int // -1: unbounded
	Nillable  bool
	// Choice identifies the xs:choice the member is an alternative of
	// (numbered from 1 in its schema); 0 when it is in a sequence. An
	// alternative's MinOccurs is 0 and its MaxOccurs its own times the
	// choice's.
	Choice int
	// Any: the member is an xs:any wildcard (no name, no type): elements
	// of any name at its place. Unmapped names the construct it stands
	// for instead (a nested group, …), empty for an xs:any.
	Any      bool
	Unmapped string
}

// Repeated reports whether the member may occur more than once.
func (m *Member) Repeated() bool { return m.MaxOccurs < 0 || m.MaxOccurs > 1 }

// SchemaElement is a global element.
type SchemaElement struct {
	Name      QName
	Type      QName
	Anonymous *SchemaType
	Nillable  bool
}

// ElementType returns the type of element e: its anonymous type, or the
// named type it refers to (nil for a built-in XML Schema type).
func (s *SchemaSet) ElementType(e *SchemaElement) *SchemaType {
	if e.Anonymous != nil {
		return e.Anonymous
	}
	return s.Types[e.Type]
}

// NamedTypes returns the named types in the order they were read.
func (s *SchemaSet) NamedTypes() []*SchemaType {
	out := make([]*SchemaType, 0, len(s.order))
	for _, n := range s.order {
		out = append(out, s.Types[n])
	}
	return out
}

// MetadataError is an error in a metadata document: the document, the
// element (its path in the document) and what is wrong.
type MetadataError struct {
	Document string
	Element  string
	Err      error
}

func (e *MetadataError) Error() string {
	if e.Element == "" {
		return fmt.Sprintf("metadata %s: %v", e.Document, e.Err)
	}
	return fmt.Sprintf("metadata %s: element %s: %v", e.Document, e.Element, e.Err)
}

func (e *MetadataError) Unwrap() error { return e.Err }
