package soap

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/wwsgo/wws/soap/infoset"
	"github.com/wwsgo/wws/soap/internal/binxml"
)

// leafSink is a body struct of every leaf kind bodyTags writes, and of
// members it leaves to writeField.
type leafSink struct {
	XMLName struct{}      `xml:"urn:leaf Sink"`
	S       string        `xml:"s"`
	Empty   string        `xml:"empty,omitempty"`
	Ok      bool          `xml:"ok"`
	I8      int8          `xml:"i8"`
	I       int           `xml:"i"`
	I64     int64         `xml:"i64"`
	U8      uint8         `xml:"u8"`
	U64     uint64        `xml:"u64"`
	F32     float32       `xml:"f32"`
	F64     float64       `xml:"f64"`
	When    time.Time     `xml:"when"`
	Wait    time.Duration `xml:"wait"`
	Data    []byte        `xml:"data"`
	Opt     *int32        `xml:"opt,omitempty"`
	Items   []string      `xml:"item"`
	Nest    AddRequest    `xml:"nest"`
	Other   string        `xml:"urn:other other"`
	Same    int32         `xml:"urn:leaf same"`
	Omit    int32         `xml:"omit,omitempty"`
}

// plainBody has no namespace: its members are in none either.
type plainBody struct {
	XMLName struct{} `xml:"Plain"`
	Name    string   `xml:"name"`
	N       int16
}

// textBody has character data before its member.
type textBody struct {
	XMLName struct{} `xml:"urn:t Text"`
	Value   string   `xml:",chardata"`
	N       int      `xml:"n"`
}

// badBody fails in the body codec, after the headers were written.
type badBody struct{ C chan int }

// cacheCaseMessages returns n messages of many header shapes and bodies,
// their actions and addresses new now and then so the session grows.
func cacheCaseMessages(t testing.TB, n int) []*Message {
	r := rand.New(rand.NewPCG(1, 2))
	ints := []int64{0, 1, -1, 2, 127, -128, 128, 32767, -32769, math.MaxInt32, math.MinInt32, math.MaxInt64, math.MinInt64}
	strs := []string{"", "x", "0", "1", "héllo wörld", "日本語テキスト", "a longer string of plain ascii text"}
	actions := []string{addAction, addAction + "Response", "http://tempuri.org/ICalculator/Echo", "urn:a:é"}
	tos := []string{calcTo, Addressing10.Anonymous(), "", "net.tcp://host/other"}
	guid := func() MessageID {
		var g [16]byte
		for i := range g {
			g[i] = byte(r.Uint32())
		}
		return MessageIDFromGUID(g)
	}
	var msgs []*Message
	for i := range n {
		if i%40 == 39 { // something new for the session table
			actions = append(actions, fmt.Sprintf("http://tempuri.org/ICalculator/Op%d", i))
			tos = append(tos, fmt.Sprintf("net.tcp://host:%d/svc", i))
		}
		var body any
		switch r.IntN(11) {
		case 9:
			body = &textBody{Value: strs[r.IntN(len(strs))], N: r.IntN(3)}
		case 8:
			body = &kitchenSink{ID: ints[r.IntN(len(ints))], Lang: strs[r.IntN(2)], Name: strs[r.IntN(len(strs))]}
		case 0, 1:
			body = &AddRequest{A: int32(ints[r.IntN(len(ints))]), B: int32(r.Int64())}
		case 2:
			body = AddResponse{AddResult: int32(ints[r.IntN(len(ints))])} // not addressable
		case 3:
			opt := int32(r.IntN(3))
			s := &leafSink{S: strs[r.IntN(len(strs))], Empty: strs[r.IntN(2)], Ok: r.IntN(2) == 0,
				I8: int8(ints[r.IntN(len(ints))]), I: int(ints[r.IntN(len(ints))]), I64: ints[r.IntN(len(ints))],
				U8: uint8(r.Uint32()), U64: r.Uint64(), F32: float32(r.NormFloat64()), F64: []float64{0, 1, -1, 0.5, 1e300, r.NormFloat64()}[r.IntN(6)],
				When: time.Unix(r.Int64N(1<<33), 0).UTC(), Wait: time.Duration(ints[r.IntN(len(ints))]),
				Items: strs[:r.IntN(3)], Other: strs[r.IntN(len(strs))], Same: int32(r.IntN(3)), Omit: int32(r.IntN(2))}
			if r.IntN(2) == 0 {
				s.Data = []byte(strs[r.IntN(len(strs))])
			}
			if r.IntN(2) == 0 {
				s.Opt = &opt
			}
			body = s
		case 4:
			body = &plainBody{Name: strs[r.IntN(len(strs))], N: int16(r.IntN(3) - 1)}
		case 5:
			body = nil
		case 6:
			body = &badBody{}
		case 7:
			fail := r.IntN(2) == 0
			body = func(w infoset.Writer) error {
				w.StartElement("", "Raw", "urn:raw")
				w.EndElement()
				if fail {
					return errors.New("body failed")
				}
				return nil
			}
		default:
			body = &AddResponse{AddResult: int32(r.Int64())}
		}
		m := NewMessage(Soap12WSAddressing10, actions[r.IntN(len(actions))], body)
		switch r.IntN(4) { // a call's shapes, most of the time
		case 0:
			m.Action, m.To, m.MessageID = actions[len(actions)-1], tos[len(tos)-1], guid()
			m.ReplyTo = &EndpointReference{Address: Addressing10.Anonymous()}
		case 1:
			m.Action, m.To, m.RelatesTo = actions[len(actions)-2]+"Response", Addressing10.Anonymous(), guid()
		case 2:
			m.Action, m.To, m.MessageID, m.RelatesTo = actions[1], calcTo, guid(), guid()
		default:
			randomHeaders(r, m, i, tos, guid)
		}
		msgs = append(msgs, m)
	}
	return msgs
}

// randomHeaders gives m addressing headers of a shape chosen at random.
func randomHeaders(r *rand.Rand, m *Message, i int, tos []string, guid func() MessageID) {
	m.To = tos[r.IntN(len(tos))]
	switch r.IntN(6) {
	case 0:
	case 1:
		m.MessageID = ParseMessageID("urn:not-a-guid:" + fmt.Sprint(i%3))
	default:
		m.MessageID = guid()
	}
	if r.IntN(3) == 0 {
		m.RelatesTo = guid()
	}
	switch r.IntN(8) {
	case 0, 1, 2:
		m.ReplyTo = &EndpointReference{Address: Addressing10.Anonymous()}
	case 3:
		m.ReplyTo = &EndpointReference{Address: tos[r.IntN(len(tos))]}
	case 4:
		m.From = &EndpointReference{Address: "urn:from"}
	case 5:
		m.Headers = Headers{{Name: infoset.Name{Prefix: "h", Local: "Custom", Space: "urn:h"},
			Content: []*infoset.Node{{Kind: infoset.CharData, Text: "v"}}}}
	}
}

// TestEncoderCachesMatchGeneralPath writes many messages with a binary
// encoder (its Header records and body tags) and with the general path
// (no precomputed tags at all) on a session of its own, and wants the same
// bytes and errors message by message, with sessions that fill up early,
// late or never, and without a session.
func TestEncoderCachesMatchGeneralPath(t *testing.T) {
	msgs := cacheCaseMessages(t, 1200)
	for _, size := range []int{-1, 1, 64, 400, 4096, 0} {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			enc := NewBinaryEncoding(size >= 0, EncodingOptions{MaxSessionSize: size}).NewEncoder()
			var ws *binxml.WriteSession
			if size >= 0 {
				ws = binxml.NewWriteSession(EncodingOptions{MaxSessionSize: size}.sessionSize())
			}
			w := binxml.NewWriter(nil, ws)
			buf := make([]byte, 0, 4096)
			for i, m := range msgs {
				var dst []byte // no room: the string table is made room for
				switch i % 3 {
				case 1: // room for it
					dst = buf[:0]
				case 2: // after other bytes
					dst = append(buf[:0], "prefix"...)
				}
				got, gerr := enc.WriteMessage(dst, m)
				if !bytes.Equal(got[:len(dst)], dst) || gerr != nil && len(got) != len(dst) {
					t.Fatalf("message %d: got % x after % x, error %v", i, got, dst, gerr)
				}
				got = got[len(dst):]
				w.Reset(nil, ws)
				want, werr := writeGeneral(w, m)
				if (gerr == nil) != (werr == nil) || !bytes.Equal(got, want) {
					t.Fatalf("message %d (%s, after % x): encoder %v\n% x\ngeneral path %v\n% x", i, m.Action, dst, gerr, got, werr, want)
				}
			}
		})
	}
}

func writeGeneral(w *binxml.Writer, m *Message) ([]byte, error) {
	if err := writeEnvelope(w, m, false); err != nil {
		w.Abandon()
		return nil, err
	}
	return w.Finish()
}

// TestHeaderCacheShapes writes a warm request or reply, then the same with
// one thing changed, and again, so that each variant meets the Header
// records the cache holds for the other.
func TestHeaderCacheShapes(t *testing.T) {
	param := &infoset.Node{Kind: infoset.StartElement, Name: infoset.Name{Prefix: "p", Local: "Key", Space: "urn:p"},
		Children: []*infoset.Node{{Kind: infoset.CharData, Text: "k1"}}}
	variants := map[string]func(m *Message){
		"same":    func(m *Message) {},
		"header":  func(m *Message) { m.Headers = Headers{{Name: infoset.Name{Prefix: "h", Local: "H", Space: "urn:h"}}} },
		"from":    func(m *Message) { m.From = &EndpointReference{Address: Addressing10.Anonymous()} },
		"faultTo": func(m *Message) { m.FaultTo = &EndpointReference{Address: Addressing10.Anonymous()} },
		"replyToParams": func(m *Message) {
			m.ReplyTo = &EndpointReference{Address: Addressing10.Anonymous(), ReferenceParameters: []*infoset.Node{param}}
		},
		"replyToOther":     func(m *Message) { m.ReplyTo = &EndpointReference{Address: calcTo} },
		"replyToNone":      func(m *Message) { m.ReplyTo = nil },
		"replyToAnon":      func(m *Message) { m.ReplyTo = &EndpointReference{Address: Addressing10.Anonymous()} },
		"messageIDText":    func(m *Message) { m.MessageID = ParseMessageID("urn:text-id") },
		"messageIDNone":    func(m *Message) { m.MessageID = MessageID{} },
		"messageIDOther":   func(m *Message) { m.MessageID = NewMessageID() },
		"relatesToGUID":    func(m *Message) { m.RelatesTo = NewMessageID() },
		"relatesToText":    func(m *Message) { m.RelatesTo = ParseMessageID("urn:text-id") },
		"relatesToNone":    func(m *Message) { m.RelatesTo = MessageID{} },
		"action":           func(m *Message) { m.Action += "2" },
		"actionNone":       func(m *Message) { m.Action = "" },
		"to":               func(m *Message) { m.To = "net.tcp://other/" },
		"toNone":           func(m *Message) { m.To = "" },
		"noHeaders":        func(m *Message) { *m = *NewMessage(m.Version, "", m.body) },
		"failingBody":      func(m *Message) { m.SetBody(&badBody{}) },
		"soap11":           func(m *Message) { m.Version = Soap11 },
		"addressing200408": func(m *Message) { m.Version.Addressing = Addressing200408 },
	}
	for name, change := range variants {
		for _, base := range []func(testing.TB) *Message{addRequestMessage, addReplyMessage} {
			enc := NewBinaryEncoding(true, EncodingOptions{}).NewEncoder()
			ws := binxml.NewWriteSession(binxml.DefaultMaxSessionSize)
			w := binxml.NewWriter(nil, ws)
			for i, variant := range []bool{false, false, true, false, true, true, false} {
				m := base(t)
				if variant {
					change(m)
				}
				m.MessageID, m.RelatesTo = reissue(m.MessageID), reissue(m.RelatesTo)
				got, gerr := enc.WriteMessage(nil, m)
				w.Reset(nil, ws)
				want, werr := writeGeneral(w, m)
				if (gerr == nil) != (werr == nil) || !bytes.Equal(got, want) {
					t.Fatalf("%s, message %d: encoder %v\n% x\ngeneral path %v\n% x", name, i, gerr, got, werr, want)
				}
			}
		}
	}
}

// reissue returns a new GUID for a GUID identifier.
func reissue(id MessageID) MessageID {
	if id.isGUID {
		return NewMessageID()
	}
	return id
}

// TestHeaderCacheCopiesStrings changes the bytes under a message's Action
// between messages, as a reused read buffer would: the cache must not
// take the new action for the one it holds.
func TestHeaderCacheCopiesStrings(t *testing.T) {
	buf := []byte(addAction)
	action := unsafe.String(&buf[0], len(buf))
	enc := NewBinaryEncoding(true, EncodingOptions{}).NewEncoder()
	ws := binxml.NewWriteSession(binxml.DefaultMaxSessionSize)
	w := binxml.NewWriter(nil, ws)
	write := func(i int, action string, replyTo bool) {
		m := addRequestMessage(t)
		m.Action = action
		if !replyTo {
			m.ReplyTo = nil
		}
		got, err := enc.WriteMessage(nil, m)
		if err != nil {
			t.Fatal(err)
		}
		w.Reset(nil, ws)
		want, _ := writeGeneral(w, m)
		if !bytes.Equal(got, want) {
			t.Fatalf("message %d (%s): encoder\n% x\ngeneral path\n% x", i, action, got, want)
		}
	}
	for i := range 2 { // both actions in the session, in Headers of another shape
		write(i, addAction[:len(addAction)-1]+"2", false)
		write(i, addAction, false)
	}
	for i := range 4 {
		write(i, action, true)      // the first time, the cache keeps this shape
		buf[len(buf)-1] = "2d"[i%2] // …/Ad2, …/Add: the other action, of the same length
	}
}

// TestEncoderCachesAllocate guards the warm Add request and reply, and an
// encoder cycling through more header shapes than its cache holds.
func TestEncoderCachesAllocate(t *testing.T) {
	for _, m := range []*Message{addRequestMessage(t), addReplyMessage(t)} {
		enc := NewBinaryEncoding(true, EncodingOptions{}).NewEncoder()
		buf, _ := enc.WriteMessage(nil, m)
		if n := testing.AllocsPerRun(100, func() { buf, _ = enc.WriteMessage(buf[:0], m) }); n != 0 {
			t.Errorf("%s: %v allocations per message, want 0", m.Action, n)
		}
	}
	var msgs []*Message
	for i := range 7 {
		m := addRequestMessage(t)
		m.Action += fmt.Sprint(i)
		msgs = append(msgs, m)
	}
	enc := NewBinaryEncoding(true, EncodingOptions{}).NewEncoder()
	buf := make([]byte, 0, 1024)
	cycle := func() {
		for _, m := range msgs {
			buf, _ = enc.WriteMessage(buf[:0], m)
		}
	}
	cycle()
	if n := testing.AllocsPerRun(20, cycle); n != 0 {
		t.Errorf("%d header shapes in turn: %v allocations per cycle, want 0", len(msgs), n)
	}
}

// TestHeaderCacheSessionFull has a Header fill a small session in a
// message whose body then fails (the session is not full after all), and
// the same Header again: it must fill the session again, as the general
// path's does, for the body to go inline.
func TestHeaderCacheSessionFull(t *testing.T) {
	opts := EncodingOptions{MaxSessionSize: 64}
	enc := NewBinaryEncoding(true, opts).NewEncoder()
	ws := binxml.NewWriteSession(opts.sessionSize())
	w := binxml.NewWriter(nil, ws)
	long := "http://tempuri.org/" + strings.Repeat("Long", 20)
	for i, body := range []any{&badBody{}, &AddRequest{A: 1}, &badBody{}, &AddRequest{A: 2}, &AddRequest{A: 3}} {
		m := addRequestMessage(t)
		m.Action = long
		m.SetBody(body)
		got, gerr := enc.WriteMessage(nil, m)
		w.Reset(nil, ws)
		want, werr := writeGeneral(w, m)
		if (gerr == nil) != (werr == nil) || !bytes.Equal(got, want) {
			t.Fatalf("message %d: encoder %v\n% x\ngeneral path %v\n% x", i, gerr, got, werr, want)
		}
	}
}

// FuzzEncoderCaches writes a script of messages with a binary encoder and
// with the general path, each op byte choosing a message's headers and
// body, and wants the same bytes message by message.
func FuzzEncoderCaches(f *testing.F) {
	f.Add(uint16(0), []byte{0x51, 0x51, 0x22, 0x51, 0xA2, 0x51}, "urn:x", int64(5))
	f.Add(uint16(64), []byte{0x10, 0x21, 0x10, 0x99, 0x10, 0xFF, 0x10}, "héllo", int64(-1))
	f.Add(uint16(1), []byte{0x4D, 0x4D, 0xCD, 0x4D}, "", int64(1<<40))
	f.Add(uint16(0), []byte{0x22, 0x22, 0x22, 0x3E, 0x3E, 0x3E}, "", int64(7))
	f.Fuzz(func(t *testing.T, size uint16, script []byte, s string, n int64) {
		opts := EncodingOptions{MaxSessionSize: int(size)}
		enc := NewBinaryEncoding(true, opts).NewEncoder()
		ws := binxml.NewWriteSession(opts.sessionSize())
		w := binxml.NewWriter(nil, ws)
		buf := make([]byte, 0, 512)
		for i, op := range script[:min(len(script), 64)] {
			m := fuzzMessage(op, s, n+int64(i))
			got, gerr := enc.WriteMessage(buf[:0], m)
			w.Reset(nil, ws)
			want, werr := writeGeneral(w, m)
			if (gerr == nil) != (werr == nil) || gerr == nil && !bytes.Equal(got, want) {
				t.Fatalf("message %d (op %#x): encoder %v\n% x\ngeneral path %v\n% x", i, op, gerr, got, werr, want)
			}
		}
	})
}

// fuzzMessage is the message op chooses: bits 0–1 the action, 2–3 To,
// 4 a MessageID, 5 a RelatesTo, 6 an anonymous ReplyTo, 7 and n's low bit
// the body.
func fuzzMessage(op byte, s string, n int64) *Message {
	pick := func(i byte, v ...string) string { return v[int(i)%len(v)] }
	var body any
	switch int(op>>7) + int(n&1)*2 {
	case 0:
		body = &AddRequest{A: int32(n), B: int32(n >> 32)}
	case 1:
		body = &leafSink{S: s, I64: n, I8: int8(n), U64: uint64(n), Data: []byte(s), Items: []string{s}}
	case 2:
		body = AddResponse{AddResult: int32(n)}
	default:
		body = &badBody{}
	}
	m := NewMessage(Soap12WSAddressing10, pick(op, addAction, s, "urn:a", ""), body)
	m.To = pick(op>>2, calcTo, Addressing10.Anonymous(), s, "")
	var g [16]byte
	g[0], g[15] = byte(n), op
	if op&0x10 != 0 {
		m.MessageID = MessageIDFromGUID(g)
	}
	if op&0x20 != 0 {
		g[1]++
		m.RelatesTo = MessageIDFromGUID(g)
	}
	if op&0x40 != 0 {
		m.ReplyTo = &EndpointReference{Address: Addressing10.Anonymous()}
	}
	return m
}
