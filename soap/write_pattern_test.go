package soap

import (
	"bytes"
	"testing"

	"github.com/wwsgo/wws/soap/infoset"
	"github.com/wwsgo/wws/soap/internal/binxml"
)

// TestTagPatternMatchesGeneralPath writes messages of every addressing
// shape with and without the precomputed start tags, on session writers
// (roomy, small and none) and with a name filter, and wants the same bytes.
func TestTagPatternMatchesGeneralPath(t *testing.T) {
	param := &infoset.Node{Kind: infoset.StartElement, Name: infoset.Name{Prefix: "p", Local: "Key", Space: "urn:p"},
		Children: []*infoset.Node{{Kind: infoset.CharData, Text: "k1"}}}
	custom := &Header{Name: infoset.Name{Prefix: "h", Local: "Custom", Space: "urn:h"}, MustUnderstand: true,
		Content: []*infoset.Node{{Kind: infoset.CharData, Text: "v"}}}
	var msgs []*Message
	for _, v := range []MessageVersion{Soap12WSAddressing10, Soap11, {Envelope: EnvelopeSoap12, Addressing: Addressing200408}} {
		msgs = append(msgs, addRequestMessage(t), addReplyMessage(t))
		m := addRequestMessage(t)
		m.Version = v
		m.RelatesTo = ParseMessageID("not-a-guid")
		m.MessageID = ParseMessageID("urn:other:1")
		m.From = &EndpointReference{Address: "urn:from"}
		m.FaultTo = &EndpointReference{Address: "urn:fault", ReferenceParameters: []*infoset.Node{param}}
		m.ReplyTo.ReferenceParameters = []*infoset.Node{param}
		m.Headers = Headers{custom}
		msgs = append(msgs, m)
		e := NewMessage(v, "", nil)
		msgs = append(msgs, e)
		f := NewMessage(v, "", &AddResponse{AddResult: 7})
		f.To = "urn:only-to"
		msgs = append(msgs, f)
	}
	filter := func(ns string) bool { return ns != NamespaceAddressing10 }
	for _, size := range []int{-1, 0, 40, 2048} {
		for _, filtered := range []bool{false, true} {
			var bufs [2][]byte
			for i, patterns := range []bool{true, false} {
				var s *binxml.WriteSession
				if size >= 0 {
					s = binxml.NewWriteSession(size)
				}
				w := binxml.NewWriter(nil, s)
				if filtered {
					w.SetNameFilter(filter)
				}
				for _, m := range append(msgs, msgs...) { // again, with the strings in the session
					w.Reset(bufs[i], s)
					if err := writeEnvelope(w, m, patterns); err != nil {
						t.Fatal(err)
					}
					var err error
					if bufs[i], err = w.Finish(); err != nil {
						t.Fatal(err)
					}
				}
			}
			if !bytes.Equal(bufs[0], bufs[1]) {
				t.Errorf("session %d, filtered %v: with tags\n% x\nwithout\n% x", size, filtered, bufs[0], bufs[1])
			}
		}
	}
}
