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
//     the DataContractSerializer shapes of simple contracts for the body
//     codec.
//
// The general path is written over the infoset.Reader and infoset.Writer
// interfaces; the concrete encodings plug in through Encoding, Encoder and
// XMLEncoder. A received Message parses its headers eagerly and its body
// lazily: BodyName and IsFault are known at once, DecodeBody, BodyElement,
// BodyReader or Fault consume the body.
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
// The sub-packages hold the XML encodings themselves: infoset (the shared
// reader/writer vocabulary), nbfx (.NET Binary XML, the public face of
// internal/binxml) and xmltext (XML 1.0).
package soap
