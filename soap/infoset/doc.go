// Package infoset is the XML information-set vocabulary shared by every
// encoding in this module: names, typed text values, a pull Reader and a push
// Writer, namespace scopes, and a small document tree used for rendering,
// golden files and tests.
//
// The text encoding (package soap/xmltext, W3C XML 1.0 + Namespaces) and the
// .NET Binary XML encoding (package soap/nbfx, [MC-NBFX] with [MC-NBFS] and
// [MC-NBFSE]) both implement Reader and Writer, so SOAP envelopes and message
// bodies are read and written the same way whatever carried them.
//
// Text values are typed (see Text) because .NET Binary XML carries integers,
// GUIDs, dates and byte strings natively; a reader hands them over without
// converting them to strings, and a writer for the text encoding renders them
// the way System.Xml.XmlConvert does.
package infoset
