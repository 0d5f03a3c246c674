// Package metadata describes servicemodel services in the documents that
// WCF tools read: WSDL 1.1 with its XML Schema types, as WCF's WsdlExporter
// and XsdDataContractExporter write them for ?singleWsdl.
//
// Specs: WSDL 1.1 §2 and its SOAP binding §3; the WSDL 1.1 binding
// for SOAP 1.2; WS-Addressing 1.0 – WSDL Binding §3.1 (UsingAddressing);
// WS-Policy 1.2; XML Schema 1.0 Parts 1 and 2.
//
// The package sits above servicemodel: it reads a servicemodel.Contract and
// its HTTPBindings, and servicemodel reaches it only through the function
// value servicemodel.HostOptions.Metadata (HTTPGet here), so a host serves
// GET ?wsdl without importing this package.
//
// Files:
//   - wsdl.go: export — WSDL (the document of a contract at its endpoints)
//     and HTTPGet (the host's ?wsdl answer).
//   - schema.go: export — XML Schema of the Go body types (the codec's
//     struct tags) and ErrUnsupportedType.
//   - import*.go: import — a WSDL (URL, file, saved folder) read back into
//     Definitions.
//   - gen.go (data contracts, in soap's DataContract shapes: slices and
//     maps with Wrapper>Item tags, GUID/Decimal/Char/DateTimeOffset,
//     [Flags] lists, hierarchies on soap.Polymorphic, IsReference
//     contracts held by pointer for z:Ref), gen_contract.go
//     (client, server interface, contract, endpoints), gen_fault.go
//     (New<T>Fault/As<T>Fault): Generate, behind wsproxy gen.
package metadata
