// Display of a reply: its body element, or the whole envelope re-encoded as
// SOAP text, pretty-printed with xmltext.AppendIndented.

package cli

import (
	"fmt"
	"io"

	"github.com/beevik/etree"
	"github.com/wwsgo/wws/soap"
	"github.com/wwsgo/wws/soap/xmltext"
)

// renderReply renders the reply's body, or its whole envelope, as indented
// XML. It consumes the body, so it runs while the reply is valid.
func renderReply(reply *soap.Message, envelope bool, trace io.Writer) ([]byte, error) {
	var body *etree.Element
	if !reply.IsEmpty() {
		var err error
		if body, err = reply.BodyElement(); err != nil {
			return nil, err
		}
	}
	if trace != nil {
		x, err := envelopeXML(reply, body)
		fmt.Fprintf(trace, "< reply (%s)\n%s", reply.Version, x)
		if err != nil {
			fmt.Fprintf(trace, "< (cannot render: %v)\n", err)
		}
	}
	if envelope {
		return envelopeXML(reply, body)
	}
	if body == nil {
		return nil, nil
	}
	doc := etree.NewDocument()
	doc.SetRoot(body)
	b, err := doc.WriteToBytes()
	if err != nil {
		return nil, err
	}
	return xmltext.AppendIndented(nil, b)
}

// envelopeXML writes the reply's headers and body as a text envelope.
func envelopeXML(reply *soap.Message, body *etree.Element) ([]byte, error) {
	var b any
	if body != nil {
		b = body
	}
	m := soap.NewMessage(reply.Version, reply.Action, b)
	m.To, m.MessageID, m.RelatesTo = reply.To, reply.MessageID, reply.RelatesTo
	m.ReplyTo, m.FaultTo, m.From = reply.ReplyTo, reply.FaultTo, reply.From
	m.Headers = reply.Headers
	enc := soap.NewTextEncoding(reply.Version, soap.EncodingOptions{}).NewEncoder()
	x, err := enc.WriteMessage(nil, m)
	if err != nil {
		return nil, err
	}
	return xmltext.AppendIndented(nil, x)
}

// traceRequest prints a request envelope as SOAP text, for bindings whose
// encoder -v cannot wrap (HTTP).
func traceRequest(w io.Writer, m *soap.Message) {
	x, err := soap.NewTextEncoding(m.Version, soap.EncodingOptions{}).NewEncoder().WriteMessage(nil, m)
	if err == nil {
		x, err = xmltext.AppendIndented(nil, x)
	}
	fmt.Fprintf(w, "> request (%s)\n%s", m.Version, x)
	if err != nil {
		fmt.Fprintf(w, "> (cannot render: %v)\n", err)
	}
}
