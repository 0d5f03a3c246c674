package servicemodel

// The VersionMismatch answer of the HTTP text endpoints: an envelope of
// another SOAP version than the endpoint's gets a VersionMismatch fault
// with status 500 (SOAP 1.2 Part 1 §5.4.7 and Appendix A; Part 2 §7.5.2.2,
// env:VersionMismatch → 500; SOAP 1.1 §4.4.1 and §6.2):
//
//   - a SOAP 1.1 envelope at a SOAP 1.2 endpoint: a SOAP 1.1 fault
//     (Appendix A.2: "a version mismatch SOAP fault based on a SOAP/1.1
//     message construct following SOAP/1.1 semantics using a SOAP/1.1
//     binding"), text/xml, carrying the env:Upgrade header block that names
//     SOAP 1.2 as the supported envelope (A.2 "SHOULD", §5.4.7.1).
//   - any other envelope namespace at a SOAP 1.2 endpoint: a SOAP 1.2
//     env:VersionMismatch fault with the Upgrade header (§5.4.7).
//   - a SOAP 1.2 (or unknown) envelope at a SOAP 1.1 endpoint: a SOAP 1.1
//     VersionMismatch fault (SOAP 1.1 §4.4.1; Appendix A.1). SOAP 1.1
//     defines no Upgrade header and a SOAP 1.1 node sends none.
//
// WCF differs, and here we follow the specification: its TextMessageEncoder
// throws a CommunicationException (SR.EncoderEnvelopeVersionMismatch) from
// the BufferedMessage constructor (System.ServiceModel/Channels/Message.cs,
// CoreWCF src/CoreWCF.Primitives/src/CoreWCF/Channels/Message.cs), which
// HttpPipeline.HandleProcessInboundException answers with 400 and an empty
// body (CoreWCF src/CoreWCF.Http/src/CoreWCF/Channels/HttpPipeline.cs); and
// a request with the other version's media type is refused with 415 before
// its body is read (HttpInput.ValidateContentType). We answer both cases
// with the fault, since a client of the other version sends the other
// media type and would otherwise never learn why. The reason text is WCF's
// SR.EncoderEnvelopeVersionMismatch. Bodies that are not an Envelope keep
// WCF's answers (415 for the media type, 400 for the body), and so does the
// binary HTTP endpoint, whose encoding cannot carry the fault.

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"net/http"

	"github.com/wwsgo/wws/soap"
	"github.com/wwsgo/wws/soap/infoset"
)

// msgEnvelopeVersionMismatch is WCF's SR.EncoderEnvelopeVersionMismatch.
const msgEnvelopeVersionMismatch = "The envelope version of the incoming message (%s) does not match that of the encoder (%s). Make sure the binding is configured with the same version as the expected messages."

// otherSoapMediaType reports whether ct names the media type of the other
// SOAP version's text binding: a request the endpoint may answer with
// VersionMismatch instead of 415.
func (l *httpListener) otherSoapMediaType(ct string) bool {
	if l.b.Encoding != HTTPText {
		return false
	}
	mt, _ := mediaType(ct)
	if l.b.Version.Envelope == soap.EnvelopeSoap12 {
		return mt == "text/xml"
	}
	return mt == "application/soap+xml"
}

// envelopeNamespace returns the namespace of the body's root element when
// it is an Envelope; ok is false for anything else (not XML, not an
// Envelope, a charset encoding/xml does not read).
func envelopeNamespace(body []byte) (ns string, ok bool) {
	d := xml.NewDecoder(bytes.NewReader(body))
	for {
		tok, err := d.Token()
		if err != nil {
			return "", false
		}
		if se, is := tok.(xml.StartElement); is {
			return se.Name.Space, se.Name.Local == "Envelope"
		}
	}
}

// versionMismatch writes the VersionMismatch fault for an envelope in
// namespace got, and reports whether it did: false when got is the
// endpoint's own namespace (the envelope is not the problem).
func (l *httpListener) versionMismatch(w http.ResponseWriter, got string) bool {
	want := l.b.Version.Envelope
	if l.b.Encoding != HTTPText || got == want.Namespace() {
		return false
	}
	f := &soap.Fault{
		Code:    soap.FaultCode{Value: infoset.Name{Local: "VersionMismatch"}},
		Reasons: []soap.FaultReason{{Text: fmt.Sprintf(msgEnvelopeVersionMismatch, envelopeName(got), envelopeName(want.Namespace())), Lang: "en-US"}},
	}
	var m *soap.Message
	if want == soap.EnvelopeSoap12 && got != soap.NamespaceSoap11 {
		f.Action = soap.Soap12WSAddressing10.Addressing.DefaultFaultAction()
		m = soap.NewFaultMessage(soap.Soap12WSAddressing10, f)
	} else {
		m = soap.NewFaultMessage(soap.Soap11, f)
	}
	if want == soap.EnvelopeSoap12 {
		m.Headers.Add(upgradeHeader())
	}
	enc := soap.NewTextEncoding(m.Version, soap.EncodingOptions{}).NewEncoder()
	_ = writeReply(w, enc, m) // a fault: status 500
	return true
}

// envelopeName renders an envelope namespace as WCF's EnvelopeVersion
// does ("Soap12 (http://www.w3.org/2003/05/soap-envelope)").
func envelopeName(ns string) string {
	switch ns {
	case soap.NamespaceSoap12:
		return "Soap12 (" + ns + ")"
	case soap.NamespaceSoap11:
		return "Soap11 (" + ns + ")"
	}
	return fmt.Sprintf("unknown (%q)", ns)
}

// upgradeHeader is SOAP 1.2's env:Upgrade header block naming the one
// envelope a SOAP 1.2 endpoint supports (Part 1 §5.4.7.1–§5.4.7.3):
//
//	<env:Upgrade><env:SupportedEnvelope qname="ns1:Envelope"
//	    xmlns:ns1="http://www.w3.org/2003/05/soap-envelope"/></env:Upgrade>
func upgradeHeader() *soap.Header {
	supported := infoset.Elem("env", "SupportedEnvelope", soap.NamespaceSoap12)
	supported.Attrs = []infoset.NodeAttr{
		{Name: infoset.Name{Local: "qname"}, Value: "ns1:Envelope"},
		{Name: infoset.Name{Prefix: "xmlns", Local: "ns1"}, Value: soap.NamespaceSoap12},
	}
	return &soap.Header{Name: infoset.Name{Prefix: "env", Local: "Upgrade", Space: soap.NamespaceSoap12},
		Content: []*infoset.Node{supported}}
}

// serveOtherMediaType answers a request in the other SOAP version's media
// type: VersionMismatch when its body is an Envelope of another version,
// else 415 as any other media type.
func (l *httpListener) serveOtherMediaType(w http.ResponseWriter, r *http.Request, ct string) {
	body, status := l.readRequest(w, r)
	if status != 0 {
		w.WriteHeader(status)
		return
	}
	defer putBuffer(body)
	if ns, ok := envelopeNamespace(body.Bytes()); ok && l.versionMismatch(w, ns) {
		return
	}
	http.Error(w, fmt.Sprintf("Cannot process the message because the content type '%s' was not the expected type '%s'.", ct, l.enc.ContentType()), http.StatusUnsupportedMediaType)
}
