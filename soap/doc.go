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
//   - WCF conventions (wire.md §5–§7 of this project): the exact header
//     order and value kinds of WCF's MessagePatterns, the prefixes s and a,
//     fault codes, reasons and actions of the dispatcher, and the
//     DataContractSerializer shapes of simple contracts for the body codec.
//
// Everything here is written over the infoset.Reader and infoset.Writer
// interfaces; the concrete encodings plug in through Encoding, Encoder and
// XMLEncoder. A received Message parses its headers eagerly and its body
// lazily: BodyName and IsFault are known at once, DecodeBody, BodyElement,
// BodyReader or Fault consume the body.
//
// The sub-packages hold the XML encodings themselves: infoset (the shared
// reader/writer vocabulary), nbfx (.NET Binary XML) and xmltext (XML 1.0).
package soap
