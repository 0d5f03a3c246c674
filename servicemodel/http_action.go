package servicemodel

// The action on the HTTP transport (SOAP 1.1 §6.1.1 SOAPAction; the action
// parameter of application/soap+xml, RFC 3902): SOAP 1.1 sends it in a
// quoted SOAPAction header, SOAP 1.2 without addressing as the action
// parameter of the Content-Type. A host takes it from there (WCF's
// HttpInput.ProcessHttpAddressing: URL-decode, strip one pair of quotes);
// with addressing on, a non-empty transport action that differs from
// wsa:Action is an ActionMismatch fault (WCF's
// ActionMismatchAddressingException and WSAddressing10ProblemHeaderQNameFault).

import (
	"fmt"
	"mime"
	"net/url"
	"strings"

	"github.com/wwsgo/wws/soap"
	"github.com/wwsgo/wws/soap/infoset"
)

// quoteSOAPAction renders the SOAPAction header value: the action
// URL-path-encoded (WCF's UrlUtility.UrlPathEncode: spaces, controls and
// non-ASCII bytes become %XX) in double quotes.
func quoteSOAPAction(action string) string {
	var b strings.Builder
	b.Grow(len(action) + 2)
	b.WriteByte('"')
	for i := 0; i < len(action); i++ {
		c := action[i]
		if c <= ' ' || c >= 0x7f || c == '"' {
			fmt.Fprintf(&b, "%%%02X", c)
			continue
		}
		b.WriteByte(c)
	}
	b.WriteByte('"')
	return b.String()
}

// parseTransportAction decodes a SOAPAction header or Content-Type action
// parameter the way WCF does: URL-decode (leniently: a malformed escape
// leaves the text as it is), then remove one pair of surrounding quotes.
func parseTransportAction(v string) string {
	if d, err := url.QueryUnescape(v); err == nil {
		v = d
	}
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		v = v[1 : len(v)-1]
	}
	return v
}

// contentTypeAction returns the action parameter of a Content-Type, and
// whether there was one.
func contentTypeAction(ct string) (string, bool) {
	if _, params, err := mime.ParseMediaType(ct); err == nil {
		a, ok := params["action"]
		return a, ok
	}
	for _, p := range strings.Split(ct, ";")[1:] { // lenient: unquoted URIs
		k, v, _ := strings.Cut(p, "=")
		if strings.EqualFold(strings.TrimSpace(k), "action") {
			return strings.TrimSpace(v), true
		}
	}
	return "", false
}

// msgActionMismatch is WCF's SR.HttpSoapActionMismatchFault.
const msgActionMismatch = "The SOAP action specified on the message, '%s', does not match the HTTP SOAP Action, '%s'. "

// ActionMismatchFault is WCF's fault for a message whose wsa:Action differs
// from the action on the HTTP transport: Sender / a:ActionMismatch in the
// WS-Addressing 1.0 namespace, the addressing fault action, and (SOAP 1.2)
// the detail <a:ProblemHeaderQName>a:Action</a:ProblemHeaderQName>.
func ActionMismatchFault(soapAction, httpAction string) *soap.Fault {
	ns := soap.NamespaceAddressing10
	return &soap.Fault{
		Code: soap.FaultCode{Value: infoset.Name{Local: "Sender"},
			Subcode: &soap.FaultCode{Value: infoset.Name{Local: "ActionMismatch", Space: ns}}},
		Reasons: []soap.FaultReason{{Text: fmt.Sprintf(msgActionMismatch, soapAction, httpAction), Lang: "en-US"}},
		Action:  soap.Addressing10.FaultAction(),
		Detail:  []*infoset.Node{infoset.Elem("a", "ProblemHeaderQName", ns, infoset.TextNode("a:Action"))},
	}
}
