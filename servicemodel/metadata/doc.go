// Package metadata describes servicemodel services in the documents that
// WCF tools read: WSDL 1.1 with its XML Schema types, as WCF's WsdlExporter
// and XsdDataContractExporter write them — DataContract types, one schema
// per namespace, served as ?wsdl with ?xsd=xsdN parts, or inline as
// ?singleWsdl — and reads such metadata back into Go (Generate).
//
// Specs: WSDL 1.1 §2 and its SOAP binding §3; the WSDL 1.1 binding
// for SOAP 1.2; WS-Addressing 1.0 – WSDL Binding §3.1 (UsingAddressing);
// WS-Policy 1.2; XML Schema 1.0 Parts 1 and 2; WS-MetadataExchange 1.1
// (2004/09) with WS-Transfer Get.
//
// The package sits above servicemodel: it reads a servicemodel.Contract and
// its HTTPBindings, and servicemodel reaches it only through the function
// values servicemodel.HostOptions.Metadata (HTTPGet here) and
// HostOptions.MetadataExchange (MEX), so a host serves GET ?wsdl and
// WS-MetadataExchange without importing this package.
//
// Files:
//   - wsdl.go: export — Set (the documents of a contract at its endpoints:
//     the WSDL and its schema parts, a servicemodel.MetadataSet, the same
//     for HTTP GET and WS-MetadataExchange), WSDL (?singleWsdl) and HTTPGet
//     (the host's answer).
//   - schema.go: export — XML Schema of the Go body types in
//     DataContractSerializer's shapes (the codec's struct tags; enums by a
//     Values method, known types by a KnownTypes method) and
//     ErrUnsupportedType.
//   - import*.go: import — a WSDL (URL, file, saved folder) or a MEX
//     address (import_mex.go) read back into Definitions; import_schema.go
//     reads DataContract and XmlSerializer-style XML Schema.
//   - mex.go: WS-MetadataExchange 1.1 — MEX (the host's answer to
//     WS-Transfer Get and GetMetadata) and the reading of mex:Metadata.
//   - gen.go (data contracts, in soap's DataContract shapes: slices and
//     maps with Wrapper>Item tags, GUID/Decimal/Char/DateTimeOffset,
//     [Flags] lists, hierarchies on soap.Polymorphic, IsReference
//     contracts held by pointer for z:Ref), gen_fields.go (struct fields:
//     XmlSerializer-style xs:choice as omitempty alternatives,
//     simpleContent and mixed text as ,chardata, attributes as ,attr, and
//     xs:any and what the codec cannot map kept raw in a []*etree.Element
//     ,any field), gen_contract.go (client, server interface, contract,
//     endpoints), gen_fault.go (New<T>Fault/As<T>Fault): Generate, behind
//     wsproxy gen.
package metadata
