package soap

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wwsgo/wws/soap/infoset"
)

const (
	calcTo     = "net.tcp://127.0.0.1:18861/calc"
	addAction  = "http://tempuri.org/ICalculator/Add"
	addGUIDStr = "03484a3a-5e5a-4eab-9ae6-791a4871bd5a"
)

func addRequestMessage(t testing.TB) *Message {
	m := NewMessage(Soap12WSAddressing10, addAction, &AddRequest{A: 2, B: 3})
	m.MessageID = MessageIDFromGUID(mustGUID(t, addGUIDStr))
	m.ReplyTo = &EndpointReference{Address: Addressing10.Anonymous()}
	m.To = calcTo
	return m
}

func addReplyMessage(t testing.TB) *Message {
	m := NewMessage(Soap12WSAddressing10, addAction+"Response", &AddResponse{AddResult: 5})
	m.RelatesTo = MessageIDFromGUID(mustGUID(t, addGUIDStr))
	m.To = Addressing10.Anonymous()
	return m
}

// Start, text and end events of the Echo request and reply as WCF writes
// them (BinaryMessageEncoder.cs MessagePatterns).
func st(p, l, ns string) event   { return event{Op: "start", Prefix: p, Local: l, NS: ns} }
func xmlnsEv(p, ns string) event { return event{Op: "xmlns", Prefix: p, NS: ns} }
func end() event                 { return event{Op: "end"} }
func dict(s string) event        { return event{Op: "text", Kind: infoset.TextChars, Dict: true, Value: s} }
func mu() event {
	return event{Op: "attr", Prefix: "s", Local: "mustUnderstand", NS: NamespaceSoap12, Kind: infoset.TextInt, Value: "1"}
}
func intText(s string) event { return event{Op: "text", Kind: infoset.TextInt, Value: s} }
func uid(s string) event {
	return event{Op: "text", Kind: infoset.TextUniqueID, Value: "urn:uuid:" + s}
}

func TestWriteEnvelopeEvents(t *testing.T) {
	s12, a10 := NamespaceSoap12, NamespaceAddressing10
	head := []event{st("s", "Envelope", s12), xmlnsEv("a", a10), st("s", "Header", s12)}
	tests := []struct {
		name string
		m    *Message
		want []event
	}{
		{"request §7.2", addRequestMessage(t), append(append([]event{}, head...),
			st("a", "Action", a10), mu(), dict(addAction), end(),
			st("a", "MessageID", a10), uid(addGUIDStr), end(),
			st("a", "ReplyTo", a10), st("a", "Address", a10), dict(Addressing10.Anonymous()), end(), end(),
			st("a", "To", a10), mu(), dict(calcTo), end(),
			end(), st("s", "Body", s12),
			st("", "Add", tempuri), st("", "a", tempuri), intText("2"), end(), st("", "b", tempuri), intText("3"), end(), end(),
			end(), end())},
		{"reply §7.3", addReplyMessage(t), append(append([]event{}, head...),
			st("a", "Action", a10), mu(), dict(addAction+"Response"), end(),
			st("a", "RelatesTo", a10), uid(addGUIDStr), end(),
			st("a", "To", a10), mu(), dict(Addressing10.Anonymous()), end(),
			end(), st("s", "Body", s12),
			st("", "AddResponse", tempuri), st("", "AddResult", tempuri), intText("5"), end(), end(),
			end(), end())},
		{"soap11 no header", NewMessage(Soap11, addAction, &AddRequest{A: 2, B: 3}), []event{
			st("s", "Envelope", NamespaceSoap11), st("s", "Body", NamespaceSoap11),
			st("", "Add", tempuri), st("", "a", tempuri), intText("2"), end(), st("", "b", tempuri), intText("3"), end(), end(),
			end(), end()}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var w eventWriter
			if err := WriteEnvelope(&w, tt.m); err != nil {
				t.Fatalf("WriteEnvelope: %v", err)
			}
			if d := cmp.Diff(tt.want, w.events); d != "" {
				t.Errorf("events mismatch (-want +got):\n%s", d)
			}
		})
	}
}

func TestWriteEnvelopeGolden(t *testing.T) {
	tests := []struct {
		file string
		m    *Message
	}{
		{"add_request.xml", addRequestMessage(t)},
		{"add_reply.xml", addReplyMessage(t)},
		{"add_soap11.xml", NewMessage(Soap11, addAction, &AddRequest{A: 2, B: 3})},
		{"empty_body.xml", NewMessage(Soap12WSAddressing10, "urn:op", nil)},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			var w infoset.TreeWriter
			if err := WriteEnvelope(&w, tt.m); err != nil {
				t.Fatalf("WriteEnvelope: %v", err)
			}
			golden(t, tt.file, renderXML(w.Nodes()))
		})
	}
}

// The HTTP captures' envelopes are what Mono writes; ours must be the same
// infoset except for the order of the Envelope's two declarations (Mono
// writes a before s; WCF, and we, write s before a).
func TestWriteMatchesCapture(t *testing.T) {
	req := httpBodies(t, "soap12_http.hex.log", true)[0]
	want := parseXML(t, req)
	want[0].Attrs[0], want[0].Attrs[1] = want[0].Attrs[1], want[0].Attrs[0]
	m := NewMessage(Soap12WSAddressing10, addAction, &AddRequest{A: 2, B: 3})
	m.MessageID = MessageIDFromGUID(mustGUID(t, addGUIDStr))
	m.ReplyTo = &EndpointReference{Address: Addressing10.Anonymous()}
	m.To = "http://127.0.0.1:18863/calc/soap12"
	var w infoset.TreeWriter
	if err := WriteEnvelope(&w, m); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(want, w.Nodes()); d != "" {
		t.Errorf("envelope differs from the capture (-capture +ours):\n%s", d)
	}
	req11 := httpBodies(t, "soap11_http.hex.log", true)[0]
	w = infoset.TreeWriter{}
	if err := WriteEnvelope(&w, NewMessage(Soap11, addAction, &AddRequest{A: 2, B: 3})); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(parseXML(t, req11), w.Nodes()); d != "" {
		t.Errorf("SOAP 1.1 envelope differs from the capture (-capture +ours):\n%s", d)
	}
}

func TestWriteHeadersAndBodies(t *testing.T) {
	m := NewMessage(Soap12WSAddressing10, "urn:op", func(w infoset.Writer) error {
		w.StartElement("p", "Raw", "urn:raw")
		w.EndElement()
		return nil
	})
	m.Headers.Add(&Header{Name: infoset.Name{Prefix: "h", Local: "Tenant", Space: "urn:h"}, MustUnderstand: true,
		Role: roleNext12, Relay: true, Content: []*infoset.Node{infoset.TextNode("acme")}})
	m.FaultTo = &EndpointReference{Address: "urn:faults", ReferenceParameters: []*infoset.Node{
		infoset.Elem("r", "Key", "urn:r", infoset.TextNode("42"))}}
	m.To = "urn:to"
	var w infoset.TreeWriter
	if err := WriteEnvelope(&w, m); err != nil {
		t.Fatal(err)
	}
	golden(t, "headers.xml", renderXML(w.Nodes()))
}

func TestWriteNoVersion(t *testing.T) {
	var w infoset.TreeWriter
	if err := WriteEnvelope(&w, &Message{}); err != ErrNoVersion {
		t.Errorf("WriteEnvelope(no version) = %v, want ErrNoVersion", err)
	}
}
