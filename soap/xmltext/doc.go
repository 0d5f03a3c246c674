// Package xmltext implements the XML 1.0 text encoding of SOAP messages
// (W3C XML 1.0 Fifth Edition with Namespaces in XML 1.0), as WCF's text
// message encoder reads and writes it for application/soap+xml (SOAP 1.2)
// and text/xml (SOAP 1.1) over HTTP.
//
// Reader is a hand-written pull parser over a byte slice that implements
// infoset.Reader. It accepts UTF-8 (with or without a byte order mark) and
// UTF-16 in either byte order, honours the XML declaration, resolves
// namespaces, and enforces WCF's XmlDictionaryReaderQuotas (see Quotas).
// Like WCF it rejects document type declarations, so no entity is ever
// expanded beyond the five predefined ones and character references.
//
// Writer implements infoset.Writer, appending to a caller's buffer. It
// writes what .NET writes: no byte order mark, no XML declaration, and empty
// elements self-closed without a space (<a/>), unless WriterOptions say
// otherwise.
package xmltext
