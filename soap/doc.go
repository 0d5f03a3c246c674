// Package soap is the SOAP message model of this module: envelopes (SOAP 1.1
// and SOAP 1.2), WS-Addressing headers (1.0, with 2004/08 read too), faults
// as Go errors, message bodies built from and read into Go values or etree
// elements, and the message encoders a transport selects by content type:
// text (application/soap+xml, text/xml), .NET Binary XML
// (application/soap+msbin1, [MC-NBFX] + [MC-NBFS]) and binary with the
// session string table (application/soap+msbinsession1, [MC-NBFSE]).
//
// Specifications followed:
//   - SOAP Version 1.2 Part 1: Messaging Framework (W3C, 2007): §5 envelope,
//     header blocks (mustUnderstand, role, relay), §5.4 Fault.
//   - SOAP 1.1 (W3C Note, 2000): §4 envelope, actor, §4.4 Fault.
//   - Web Services Addressing 1.0 – Core and – SOAP Binding (W3C, 2006):
//     message addressing properties, endpoint references, faults; the
//     2004/08 member submission is read as well.
//   - WCF conventions, from WCF's sources (dotnet/wcf and
//     microsoft/referencesource System.ServiceModel): the exact header
//     order and value kinds of BinaryMessageEncoder.MessagePatterns, the
//     prefixes s and a, the fault codes, reasons and actions of the
//     dispatcher (Dispatcher/ErrorBehavior.cs, FaultCodeConstants.cs), and
//     the DataContractSerializer shapes of data contracts for the body
//     codec (System.Runtime.Serialization: collections, dictionaries,
//     KnownType's xsi:type, IsReference's z:Id/z:Ref).
//
// The general path is written over the infoset.Reader and infoset.Writer
// interfaces; the concrete encodings plug in through Encoding, Encoder and
// XMLEncoder. A received Message parses its headers eagerly and its body
// lazily: BodyName and IsFault are known at once, DecodeBody, BodyElement,
// BodyReader or Fault consume the body.
//
// # The body codec and DataContract shapes
//
// Encode and Decode (codec_*.go) map Go structs to the XML that WCF's
// DataContractSerializer writes, by encoding/xml-style struct tags. The
// forms a generator (or a hand-written contract) uses:
//
//   - a contract: a struct whose XMLName tag names its namespace and name,
//     `xml:"http://schemas.datacontract.org/2004/07/Shop Order"`; its
//     members in data member order, each `xml:"ns Name"` (or `xml:"Name"`,
//     in the contract's namespace);
//   - a nested contract or a nullable value: a pointer, nil written as
//     i:nil="true" and read back as nil;
//   - a collection (List<T>, T[]): a slice with its wrapper and item names,
//     `xml:"ns Lines>OrderLine"`, the items in their own namespace by
//     `soap:"itemns=…"` (go vet allows one space in an xml tag), else in
//     the item contract's (its XMLName's), else in the wrapper's; for
//     primitive items DataContractSerializer uses
//     NamespaceSerializationArrays (ArrayOfstring's string items). A nil
//     slice is written i:nil (a null collection), an empty one as an empty
//     wrapper, and each reads back as written. A slice without the a>b form
//     is repeated elements, as in encoding/xml;
//   - a dictionary: map[K]V with `xml:"ns Counts>KeyValueOfstringint"
//     soap:"itemns=http://schemas.microsoft.com/2003/10/Serialization/Arrays"`,
//     each entry an item with Key and Value in the item namespace, written
//     in key order; a key given twice is a decode error;
//   - an enum: a named string type holding the member name; a [Flags] enum:
//     a slice of it with `,list`, written as one space-separated text;
//   - XmlSerializer's extension points (xs:any, [XmlAnyElement]): a
//     []*etree.Element field tagged `xml:",any"` keeps, in order, the child
//     elements no member takes (each self-contained: the namespaces it uses
//     declared on it), and Encode writes them back where the field is
//     declared; an xs:choice is optional members with ,omitempty, the one
//     set written;
//   - scalars: int32, int64, float64, bool, string, time.Time (DateTime),
//     time.Duration (TimeSpan, as xs:duration: PT1H2M3.5S, -P1D), []byte
//     (base64), and GUID, Decimal, Char and DateTimeOffset
//     (codec_types.go) for Guid, decimal, char and DateTimeOffset.
//
// # Inheritance
//
// A data contract that extends another (KnownType, complexContent
// extension) is a struct that embeds its base as its first field, with no
// tag; the root of the hierarchy embeds Polymorphic:
//
//	type Order struct {
//		XMLName struct{} `xml:"http://contoso.com/orders Order"`
//		soap.Polymorphic
//		ID int32 `xml:"Id"`
//	}
//	type RushOrder struct {
//		XMLName struct{} `xml:"http://contoso.com/rush RushOrder"`
//		Order
//		Priority int32 `xml:"Priority"`
//	}
//	func init() { soap.RegisterKnownType(RushOrder{}) }
//
// On the wire the derived value carries i:type naming its contract, its
// base members first, each class's members in its own namespace. A member
// declared with the base type keeps the base pointer (*Order): Decode of
// an element with i:type="RushOrder" allocates a RushOrder, decodes all of
// it, and stores &rush.Order in the member, so the base members are there
// as for any Order, and Order.Derived() returns the *RushOrder. To send a
// derived value where the base is declared, store AsBase[Order](rush): it
// returns &rush.Order marked so that Encode writes the RushOrder with
// i:type. Encode writes the derived value only for the base inside it (a
// copy of the base is written as a plain Order). Decoding into a base held
// by value (a non-pointer member, or Decode's own argument) copies the
// base members into it; Derived still returns the whole derived value. An i:type naming no
// registered type deriving from the declared one is a decode error, as in
// DataContractSerializer.
//
// # References
//
// z:Id and z:Ref (IsReference contracts, NamespaceSerialization;
// codec_reference.go) are read: a z:Ref member gets the pointer decoded for
// its z:Id. Encode writes them for a struct that embeds Reference: the
// first pointer to a value with z:Id, later ones as z:Ref. Any other
// cyclic value is an error (MaxEncodeDepth).
//
// # Typed faults
//
// DetailFault makes a fault whose Detail is a Go value, as WCF sends a
// FaultException<T>; FaultAction is the action WCF gives it by default,
// which servicemodel's dispatcher applies to an operation's detail fault
// without an action. A client reads the detail with Fault.DecodeDetail or
// DetailAs[T](err).
//
// # Binary fast paths
//
// Binary messages also have fast paths, which read and write the parts
// WCF repeats from message to message by their bytes. They use the
// raw-access hooks of soap/internal/binxml, the codec behind soap/nbfx,
// and reach it only through binxml.ReaderOf and binxml.WriterOf (which
// also see through a public nbfx.Reader or Writer). Each has one entry
// and, on any miss, leaves the work to the general path; tests hold each
// to the general path:
//   - reading a message's start, through its body element's start tag:
//     readBinaryStart (read_binary.go, with read_pattern.go and
//     read_pattern_memo.go), entered once from readEnvelopeTo, which
//     rewinds the reader to the document's start on a miss
//     (read_pattern_test.go, read_memo_test.go);
//   - decoding a body struct by the leaves it was read as last
//     (codec_decode.go: Decode and structContent through leafRun, and
//     NextLeaf, which is nbfx's public API) (codec_leafrun_test.go,
//     codec_leaf_test.go);
//   - writing the envelope with its fixed tags as bytes: writeEnvelope
//     through writeBinaryEnvelope (write_pattern.go), and the binary
//     encoder's Header records and body start tags (write_header_cache.go,
//     codec_encode_binary.go), and a scalar member by Writer.Leaf
//     (codec_encode.go) (write_pattern_test.go, encoder_cache_test.go).
//
// The fast paths take no part in inheritance: a struct with an embedded
// base or a Polymorphic or an ,any field, and wrapped and list members,
// are read and written by the general path (leafRunEntry, leafMember and newStructTags
// leave them to it; TestExtendedFastPathsMatchGeneral).
//
// The sub-packages hold the XML encodings themselves: infoset (the shared
// reader/writer vocabulary), nbfx (.NET Binary XML, the public face of
// internal/binxml) and xmltext (XML 1.0).
package soap
