// Package soap is the SOAP message model of this module: envelopes (SOAP 1.1
// and SOAP 1.2), WS-Addressing headers (1.0, with 2004/08 read too), faults
// as Go errors, message bodies built from and read into Go values or etree
// elements, and the message encoders a transport selects by content type:
// text (application/soap+xml, text/xml), .NET Binary XML
// (application/soap+msbin1, [MC-NBFX] + [MC-NBFS]) and binary with the
// session string table (application/soap+msbinsession1, [MC-NBFSE]).
//
// The sub-packages hold the XML encodings themselves: infoset (the shared
// reader/writer vocabulary), nbfx (.NET Binary XML) and xmltext (XML 1.0).
package soap
