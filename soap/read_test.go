package soap

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wwsgo/wws/soap/infoset"
)

func readXML(t *testing.T, s string, opts ReadOptions) (*Message, error) {
	t.Helper()
	return ReadEnvelope(infoset.NewTreeReader(parseXML(t, s)...), opts)
}

func strp(s string) *string { return &s }

// Every request and reply of the HTTP captures reads, decodes and, for
// faults, yields Mono's fault.
func TestReadCaptures(t *testing.T) {
	type want struct {
		action, to string
		body       string // body element local name, "" for empty
		decoded    any    // pointer to the expected value
	}
	ops := []struct {
		req, rep want
	}{
		{want{addAction, "", "Add", &AddRequest{A: 2, B: 3}}, want{addAction + "Response", "", "AddResponse", &AddResponse{AddResult: 5}}},
		{want{"http://tempuri.org/ICalculator/Echo", "", "Echo", &EchoRequest{Text: strp("hello")}},
			want{"http://tempuri.org/ICalculator/EchoResponse", "", "EchoResponse", &EchoResponse{EchoResult: strp("hello")}}},
		{want{"http://tempuri.org/ICalculator/Fail", "", "Fail", &FailRequest{Reason: "boom"}}, want{"", "", "Fault", nil}},
		{want{"http://tempuri.org/ICalculator/Notify", "", "Notify", &NotifyRequest{Text: "ping"}}, want{}},
		{want{"http://tempuri.org/ICalculator/NotifyCount", "", "NotifyCount", &NotifyCountRequest{}},
			want{"http://tempuri.org/ICalculator/NotifyCountResponse", "", "NotifyCountResponse", nil}},
		{want{"http://tempuri.org/ICalculator/Blob", "", "Blob", &BlobRequest{Size: 16}},
			want{"http://tempuri.org/ICalculator/BlobResponse", "", "BlobResponse", &BlobResponse{BlobResult: []byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}}}},
	}
	for _, c := range []struct {
		file string
		v    MessageVersion
	}{{"soap12_http.hex.log", Soap12WSAddressing10}, {"soap11_http.hex.log", Soap11}} {
		reqs, reps := httpBodies(t, c.file, true), httpBodies(t, c.file, false)
		if len(reqs) != 6 || len(reps) != 5 {
			t.Fatalf("%s: %d requests, %d replies; want 6, 5", c.file, len(reqs), len(reps))
		}
		ri := 0
		for i, op := range ops {
			checkRead(t, c.file, c.v, reqs[i], op.req.action, op.req.body, op.req.decoded, true)
			if op.rep.body == "" {
				continue // one-way Notify: no reply body
			}
			checkRead(t, c.file, c.v, reps[ri], op.rep.action, op.rep.body, op.rep.decoded, false)
			ri++
		}
	}
}

func checkRead(t *testing.T, file string, v MessageVersion, body, action, bodyName string, decoded any, request bool) {
	t.Helper()
	m, err := readXML(t, body, ReadOptions{Version: v})
	if err != nil {
		t.Fatalf("%s %s: ReadEnvelope: %v", file, bodyName, err)
	}
	if m.Version != v {
		t.Errorf("%s %s: Version = %v, want %v", file, bodyName, m.Version, v)
	}
	if v.Addressing != AddressingNone {
		if m.Action != action {
			t.Errorf("%s %s: Action = %q, want %q", file, bodyName, m.Action, action)
		}
		if request && (m.MessageID.IsZero() || m.ReplyTo == nil || m.ReplyTo.Address != Addressing10.Anonymous() ||
			m.To != "http://127.0.0.1:18863/calc/soap12") {
			t.Errorf("%s %s: request addressing = %v %+v %q", file, bodyName, m.MessageID, m.ReplyTo, m.To)
		}
		if _, isGUID := m.MessageID.GUID(); request && !isGUID {
			t.Errorf("%s %s: MessageID %v not held as a GUID", file, bodyName, m.MessageID)
		}
	}
	if got := m.BodyName().Local; got != bodyName {
		t.Errorf("%s: BodyName = %q, want %q", file, got, bodyName)
	}
	if bodyName == "Fault" {
		checkMonoFault(t, file, m)
		return
	}
	if decoded == nil {
		return
	}
	got := newLike(decoded)
	if err := m.DecodeBody(got); err != nil {
		t.Fatalf("%s %s: DecodeBody: %v", file, bodyName, err)
	}
	if d := cmp.Diff(decoded, got); d != "" {
		t.Errorf("%s %s: body mismatch (-want +got):\n%s", file, bodyName, d)
	}
	if err := m.DecodeBody(got); !errors.Is(err, ErrBodyConsumed) {
		t.Errorf("%s %s: second DecodeBody = %v, want ErrBodyConsumed", file, bodyName, err)
	}
}

func newLike(v any) any { return reflect.New(reflect.TypeOf(v).Elem()).Interface() }

func checkMonoFault(t *testing.T, file string, m *Message) {
	t.Helper()
	if !m.IsFault() {
		t.Fatalf("%s: IsFault = false", file)
	}
	f, err := m.Fault()
	if err != nil {
		t.Fatalf("%s: Fault: %v", file, err)
	}
	want := &Fault{Code: senderCode(nil), Reasons: []FaultReason{{Text: "boom", Lang: "en-US"}}}
	if d := cmp.Diff(want, f); d != "" {
		t.Errorf("%s: fault mismatch (-want +got):\n%s", file, d)
	}
	if got, want := f.Error(), "soap: fault Sender: boom"; got != want {
		t.Errorf("%s: Error() = %q, want %q", file, got, want)
	}
	if m.Version.Envelope == EnvelopeSoap11 {
		// Mono's stray mustUnderstand Action header in the none namespace.
		nu := m.NotUnderstood()
		if len(nu) != 1 || !nu[0].Is("Action", NamespaceAddressingNone) {
			t.Errorf("%s: NotUnderstood = %v, want the none-namespace Action", file, nu)
		}
	}
}

// monoFaultTree is line 8 of the net.tcp capture: element names inline, the
// QName s:Sender split into three text records, an empty Action, no
// RelatesTo.
func monoFaultTree() []*infoset.Node {
	s12, a10 := NamespaceSoap12, NamespaceAddressing10
	env := infoset.Elem("s", "Envelope", s12)
	env.Attrs = []infoset.NodeAttr{
		{Name: infoset.Name{Prefix: "xmlns", Local: "s", Space: infoset.XMLNSNamespace}, Value: s12},
		{Name: infoset.Name{Prefix: "xmlns", Local: "a", Space: infoset.XMLNSNamespace}, Value: a10},
	}
	action := infoset.Elem("a", "Action", a10)
	action.Attrs = []infoset.NodeAttr{{Name: infoset.Name{Prefix: "s", Local: "mustUnderstand", Space: s12}, Value: "1"}}
	text := infoset.Elem("s", "Text", s12, infoset.TextNode("boom"))
	text.Attrs = []infoset.NodeAttr{{Name: infoset.Name{Prefix: "xml", Local: "lang", Space: infoset.XMLNamespace}, Value: "en-US"}}
	value := infoset.Elem("s", "Value", s12, infoset.TextNode("s"), infoset.TextNode(":"), infoset.TextNode("Sender"))
	env.Children = []*infoset.Node{
		infoset.Elem("s", "Header", s12, action),
		infoset.Elem("s", "Body", s12, infoset.Elem("s", "Fault", s12,
			infoset.Elem("s", "Code", s12, value), infoset.Elem("s", "Reason", s12, text))),
	}
	return []*infoset.Node{env}
}

func TestReadMonoBinaryFault(t *testing.T) {
	m, err := ReadEnvelope(infoset.NewTreeReader(monoFaultTree()...), ReadOptions{Version: Soap12WSAddressing10})
	if err != nil {
		t.Fatal(err)
	}
	if m.Action != "" || !m.RelatesTo.IsZero() {
		t.Errorf("Action %q RelatesTo %v, want empty", m.Action, m.RelatesTo)
	}
	checkMonoFault(t, "nettcp line 8", m)
}

func TestReadRoundTrip(t *testing.T) {
	for _, mk := range []func(testing.TB) *Message{addRequestMessage, addReplyMessage} {
		want := mk(t)
		var w infoset.TreeWriter
		if err := WriteEnvelope(&w, want); err != nil {
			t.Fatal(err)
		}
		m, err := ReadEnvelope(infoset.NewTreeReader(w.Nodes()...), ReadOptions{Version: Soap12WSAddressing10})
		if err != nil {
			t.Fatal(err)
		}
		got := &Message{Version: m.Version, Action: m.Action, To: m.To, MessageID: m.MessageID,
			RelatesTo: m.RelatesTo, ReplyTo: m.ReplyTo, Headers: m.Headers}
		exp := &Message{Version: want.Version, Action: want.Action, To: want.To, MessageID: want.MessageID,
			RelatesTo: want.RelatesTo, ReplyTo: want.ReplyTo}
		if d := cmp.Diff(exp, got, cmp.AllowUnexported(Message{}, MessageID{})); d != "" {
			t.Errorf("round trip (-want +got):\n%s", d)
		}
	}
}

func TestReadHeadersRoundTrip(t *testing.T) {
	var w infoset.TreeWriter
	m := NewMessage(Soap12WSAddressing10, "urn:op", nil)
	m.Headers.Add(&Header{Name: infoset.Name{Prefix: "h", Local: "Tenant", Space: "urn:h"}, MustUnderstand: true,
		Role: roleNext12, Relay: true, Content: []*infoset.Node{infoset.TextNode("acme")}})
	m.Headers.Add(&Header{Name: infoset.Name{Prefix: "h", Local: "Other", Space: "urn:h"}, Role: "urn:someone-else", MustUnderstand: true})
	m.FaultTo = &EndpointReference{Address: "urn:faults", ReferenceParameters: []*infoset.Node{
		infoset.Elem("r", "Key", "urn:r", infoset.TextNode("42"))}}
	m.From = &EndpointReference{Address: "urn:from"}
	if err := WriteEnvelope(&w, m); err != nil {
		t.Fatal(err)
	}
	got, err := ReadEnvelope(infoset.NewTreeReader(w.Nodes()...), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !got.IsEmpty() || got.IsFault() {
		t.Errorf("IsEmpty %v IsFault %v, want true false", got.IsEmpty(), got.IsFault())
	}
	h := got.Headers.Find("Tenant", "urn:h")
	if h == nil || !h.MustUnderstand || !h.Relay || h.Role != roleNext12 || len(h.Content) != 1 || h.Content[0].Text != "acme" {
		t.Fatalf("Tenant header = %+v", h)
	}
	if nu := got.NotUnderstood(); len(nu) != 1 || nu[0].Local != "Tenant" {
		t.Errorf("NotUnderstood = %v, want [Tenant] (Other targets another role)", nu)
	}
	h.Understood = true
	if nu := got.NotUnderstood(); len(nu) != 0 {
		t.Errorf("NotUnderstood after marking = %v, want none", nu)
	}
	wantKey := infoset.Elem("r", "Key", "urn:r", infoset.TextNode("42"))
	wantKey.Attrs = []infoset.NodeAttr{{Name: infoset.XmlnsAttr("r", "urn:r").Name, Value: "urn:r"}}
	wantFaultTo := &EndpointReference{Address: "urn:faults", ReferenceParameters: []*infoset.Node{wantKey}}
	if d := cmp.Diff(wantFaultTo, got.FaultTo); d != "" {
		t.Errorf("FaultTo (-want +got):\n%s", d)
	}
	if got.From == nil || got.From.Address != "urn:from" {
		t.Errorf("From = %+v", got.From)
	}
	if n := got.Headers.Remove("Tenant", "urn:h"); n != 1 || len(got.Headers) != 1 {
		t.Errorf("Remove = %d, left %d", n, len(got.Headers))
	}
}

func TestReadAddressing200408(t *testing.T) {
	const doc = `<S:Envelope xmlns:S="http://www.w3.org/2003/05/soap-envelope" xmlns:w="http://schemas.xmlsoap.org/ws/2004/08/addressing">
<S:Header><w:Action S:mustUnderstand="true">urn:op</w:Action><w:MessageID>uuid:not-a-guid</w:MessageID>
<w:ReplyTo><w:Address>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</w:Address><w:ReferenceProperties><k>1</k></w:ReferenceProperties></w:ReplyTo>
</S:Header><S:Body> <x:Op xmlns:x="urn:x"/> </S:Body></S:Envelope>`
	m, err := readXML(t, doc, ReadOptions{Version: Soap12WSAddressing10})
	if err != nil {
		t.Fatal(err)
	}
	if m.Version.Addressing != Addressing200408 || m.Action != "urn:op" || m.MessageID.String() != "uuid:not-a-guid" {
		t.Errorf("got %v %q %v", m.Version, m.Action, m.MessageID)
	}
	if _, isGUID := m.MessageID.GUID(); isGUID {
		t.Error("non-URN MessageID held as GUID")
	}
	if m.ReplyTo.Address != Addressing200408.Anonymous() || len(m.ReplyTo.ReferenceParameters) != 1 {
		t.Errorf("ReplyTo = %+v", m.ReplyTo)
	}
	if got := m.BodyName(); !got.Is("Op", "urn:x") {
		t.Errorf("BodyName = %v", got)
	}
	e, err := m.BodyElement()
	if err != nil || e.Tag != "Op" || e.NamespaceURI() != "urn:x" {
		t.Errorf("BodyElement = %v, %v", e, err)
	}
}

func TestReadErrors(t *testing.T) {
	const s12 = `xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://www.w3.org/2005/08/addressing"`
	tests := []struct {
		name string
		doc  string
		opts ReadOptions
		want error
	}{
		{"version mismatch", `<s:Envelope ` + s12 + `><s:Body/></s:Envelope>`, ReadOptions{Version: Soap11}, ErrVersionMismatch},
		{"unknown envelope ns", `<s:Envelope xmlns:s="urn:x"><s:Body/></s:Envelope>`, ReadOptions{}, ErrVersionMismatch},
		{"not an envelope", `<s:Body ` + s12 + `/>`, ReadOptions{}, ErrMalformed},
		{"no body", `<s:Envelope ` + s12 + `><s:Header/></s:Envelope>`, ReadOptions{}, ErrMalformed},
		{"duplicate action", `<s:Envelope ` + s12 + `><s:Header><a:Action>x</a:Action><a:Action>y</a:Action></s:Header><s:Body/></s:Envelope>`, ReadOptions{}, ErrDuplicateHeader},
		{"bad mustUnderstand", `<s:Envelope ` + s12 + `><s:Header><h s:mustUnderstand="maybe"/></s:Header><s:Body/></s:Envelope>`, ReadOptions{}, ErrMalformed},
		{"text in envelope", `<s:Envelope ` + s12 + `>junk<s:Body/></s:Envelope>`, ReadOptions{}, ErrMalformed},
		{"element in Action", `<s:Envelope ` + s12 + `><s:Header><a:Action><x/></a:Action></s:Header><s:Body/></s:Envelope>`, ReadOptions{}, ErrMalformed},
		{"empty", ``, ReadOptions{}, ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readXML(t, tt.doc, tt.opts)
			if !errors.Is(err, tt.want) {
				t.Errorf("ReadEnvelope = %v, want %v", err, tt.want)
			}
		})
	}
}

// Every truncation of a valid envelope fails cleanly (never panics).
func TestReadTruncatedTrees(t *testing.T) {
	body := httpBodies(t, "soap12_http.hex.log", true)[0]
	full := parseXML(t, body)
	var w infoset.TreeWriter
	_ = WriteEnvelope(&w, addRequestMessage(t))
	for _, nodes := range [][]*infoset.Node{full, w.Nodes(), monoFaultTree()} {
		for cut := 0; cut < countNodes(nodes); cut++ {
			trimmed := truncateTree(nodes, cut)
			m, err := ReadEnvelope(infoset.NewTreeReader(trimmed...), ReadOptions{})
			if err != nil {
				continue
			}
			if m.IsFault() {
				_, _ = m.Fault()
			} else if !m.IsEmpty() {
				_, _ = m.BodyElement()
			}
		}
	}
}

func countNodes(ns []*infoset.Node) int {
	n := 0
	for _, c := range ns {
		n += 1 + countNodes(c.Children)
	}
	return n
}

// truncateTree keeps the first keep nodes in document order; elements are
// still closed (a tree cannot be unbalanced), so this cuts content instead.
func truncateTree(ns []*infoset.Node, keep int) []*infoset.Node {
	var out []*infoset.Node
	var walk func(src []*infoset.Node) []*infoset.Node
	walk = func(src []*infoset.Node) []*infoset.Node {
		var dst []*infoset.Node
		for _, c := range src {
			if keep <= 0 {
				break
			}
			keep--
			cp := *c
			cp.Children = walk(c.Children)
			dst = append(dst, &cp)
		}
		return dst
	}
	out = walk(ns)
	return out
}

func TestMessageIDForms(t *testing.T) {
	g := mustGUID(t, addGUIDStr)
	tests := []struct {
		text   infoset.Text
		want   string
		isGUID bool
	}{
		{infoset.UniqueID(g), "urn:uuid:" + addGUIDStr, true},
		{infoset.String(" urn:uuid:" + strings.ToUpper(addGUIDStr) + "\n"), "urn:uuid:" + addGUIDStr, true},
		{infoset.String("urn:uuid:nope"), "urn:uuid:nope", false},
		{infoset.GUID(g), addGUIDStr, false},
	}
	for _, tt := range tests {
		id := messageIDFromText(tt.text)
		if _, isGUID := id.GUID(); id.String() != tt.want || isGUID != tt.isGUID {
			t.Errorf("messageIDFromText(%v) = %q guid=%v, want %q guid=%v", tt.text, id, isGUID, tt.want, tt.isGUID)
		}
	}
	a, b := NewMessageID(), NewMessageID()
	if a == b || a.IsZero() {
		t.Errorf("NewMessageID not unique: %v %v", a, b)
	}
	if s := a.String(); len(s) != 45 || s[23] != '4' {
		t.Errorf("NewMessageID = %q, want a version-4 urn:uuid", s)
	}
}
