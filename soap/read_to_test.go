package soap

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wwsgo/wws/soap/infoset"
)

// readView is what a reader of a message sees of it.
type readView struct {
	Version                MessageVersion
	Action, To             string
	MessageID, RelatesTo   string
	ReplyTo, FaultTo, From string
	Headers                int
	Body                   string
}

func viewOf(t *testing.T, m *Message) readView {
	t.Helper()
	epr := func(e *EndpointReference) string {
		if e == nil {
			return "<nil>"
		}
		return e.Address
	}
	v := readView{Version: m.Version, Action: m.Action, To: m.To, MessageID: m.MessageID.String(),
		RelatesTo: m.RelatesTo.String(), ReplyTo: epr(m.ReplyTo), FaultTo: epr(m.FaultTo), From: epr(m.From),
		Headers: len(m.Headers)}
	switch m.BodyName().Local {
	case "Add":
		var b AddRequest
		if err := m.DecodeBody(&b); err != nil {
			t.Fatal(err)
		}
		v.Body = cmp.Diff(AddRequest{}, b)
	case "AddResponse":
		var b AddResponse
		if err := m.DecodeBody(&b); err != nil {
			t.Fatal(err)
		}
		v.Body = cmp.Diff(AddResponse{}, b)
	}
	return v
}

// ReadMessageTo into one Message, message after message, sees what
// ReadMessage sees: nothing of an earlier message stays behind, whichever
// encoding, and through an Encoder of another package too.
func TestReadMessageToReuses(t *testing.T) {
	rich := addRequestMessage(t)
	rich.From = &EndpointReference{Address: "http://example.org/from"}
	rich.FaultTo = &EndpointReference{Address: "http://example.org/faults"}
	rich.Headers = Headers{{Name: infoset.Name{Prefix: "x", Local: "Extra", Space: "urn:x"}}}
	plain := addReplyMessage(t)
	other := addRequestMessage(t)
	other.ReplyTo = &EndpointReference{Address: "http://example.org/replies"}
	script := []*Message{rich, plain, addRequestMessage(t), other, plain, rich}
	for _, e := range benchEncodings() {
		for _, wrap := range []bool{false, true} {
			t.Run(e.name, func(t *testing.T) {
				w, viaRead, viaTo := e.enc.NewEncoder(), e.enc.NewEncoder(), e.enc.NewEncoder()
				if wrap {
					viaTo = struct{ Encoder }{viaTo} // no readMessageTo: the copying path
				}
				var m Message
				for i, msg := range script {
					b, err := w.WriteMessage(nil, msg)
					if err != nil {
						t.Fatal(err)
					}
					want, err := viaRead.ReadMessage(b)
					if err != nil {
						t.Fatalf("message %d: ReadMessage: %v", i, err)
					}
					if err := ReadMessageTo(viaTo, &m, b); err != nil {
						t.Fatalf("message %d: ReadMessageTo: %v", i, err)
					}
					if diff := cmp.Diff(viewOf(t, want), viewOf(t, &m)); diff != "" {
						t.Errorf("message %d (-ReadMessage +ReadMessageTo):\n%s", i, diff)
					}
				}
				if err := ReadMessageTo(viaTo, &m, []byte{0x00, 0x56}); err == nil {
					t.Error("ReadMessageTo of a truncated message: no error")
				}
			})
		}
	}
}
