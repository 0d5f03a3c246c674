package soap

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wwsgo/wws/soap/infoset"
)

// replayReader replays recorded nodes without allocating, for allocation
// guards (TreeReader allocates while it walks).
type replayReader struct {
	evs []replayEvent
	i   int
}

type replayEvent struct {
	kind  infoset.Kind
	name  infoset.Name
	attrs []infoset.Attr
	text  infoset.Text
	depth int
}

func newReplay(t testing.TB, nodes []*infoset.Node) *replayReader {
	r := infoset.NewTreeReader(nodes...)
	rr := &replayReader{i: -1}
	for {
		k, err := r.Next()
		if err != nil {
			t.Fatal(err)
		}
		ev := replayEvent{kind: k, depth: r.Depth()}
		switch k {
		case infoset.StartElement:
			ev.name, ev.attrs = r.Name(), append([]infoset.Attr(nil), r.Attrs()...)
		case infoset.EndElement:
			ev.name = r.Name()
		case infoset.CharData:
			ev.text = r.Text()
		}
		rr.evs = append(rr.evs, ev)
		if k == infoset.EOF {
			return rr
		}
	}
}

func (r *replayReader) reset() { r.i = -1 }
func (r *replayReader) Next() (infoset.Kind, error) {
	if r.i < len(r.evs)-1 {
		r.i++
	}
	return r.evs[r.i].kind, nil
}
func (r *replayReader) Name() infoset.Name                    { return r.evs[r.i].name }
func (r *replayReader) Attrs() []infoset.Attr                 { return r.evs[r.i].attrs }
func (r *replayReader) Text() infoset.Text                    { return r.evs[r.i].text }
func (r *replayReader) Depth() int                            { return r.evs[r.i].depth }
func (r *replayReader) LookupNamespace(string) (string, bool) { return "", false }

func encodeNodes(t testing.TB, v any) []*infoset.Node {
	t.Helper()
	var w infoset.TreeWriter
	if err := Encode(&w, v); err != nil {
		t.Fatalf("Encode(%T): %v", v, err)
	}
	return w.Nodes()
}

// decodeXML decodes the root element of doc into v.
func decodeXML(t testing.TB, doc string, v any) error {
	t.Helper()
	r := infoset.NewTreeReader(parseXML(t, doc)...)
	if k, err := r.Next(); err != nil || k != infoset.StartElement {
		t.Fatalf("decodeXML: first node %v %v", k, err)
	}
	return Decode(r, v)
}

func blob(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i % 251)
	}
	return b
}

func TestCodecCalculator(t *testing.T) {
	big := blob(60000)
	tests := []struct {
		name string
		v    any
		xml  string
	}{
		{"Add", &AddRequest{A: 2, B: 3}, `<Add xmlns="http://tempuri.org/"><a>2</a><b>3</b></Add>`},
		{"AddResponse", &AddResponse{AddResult: -5}, `<AddResponse xmlns="http://tempuri.org/"><AddResult>-5</AddResult></AddResponse>`},
		{"Echo", &EchoRequest{Text: strp("hello <&>")}, `<Echo xmlns="http://tempuri.org/"><text>hello &lt;&amp;&gt;</text></Echo>`},
		{"Echo nil", &EchoRequest{}, `<Echo xmlns="http://tempuri.org/"><text i:nil="true" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"></text></Echo>`},
		{"Echo empty", &EchoRequest{Text: strp("")}, `<Echo xmlns="http://tempuri.org/"><text></text></Echo>`},
		{"EchoResponse", &EchoResponse{EchoResult: strp("hi")}, `<EchoResponse xmlns="http://tempuri.org/"><EchoResult>hi</EchoResult></EchoResponse>`},
		{"Delay", &DelayRequest{Milliseconds: 1500}, `<Delay xmlns="http://tempuri.org/"><milliseconds>1500</milliseconds></Delay>`},
		{"DelayResponse", &DelayResponse{DelayResult: 1500}, `<DelayResponse xmlns="http://tempuri.org/"><DelayResult>1500</DelayResult></DelayResponse>`},
		{"Fail", &FailRequest{Reason: "boom"}, `<Fail xmlns="http://tempuri.org/"><reason>boom</reason></Fail>`},
		{"Notify", &NotifyRequest{Text: "ping"}, `<Notify xmlns="http://tempuri.org/"><text>ping</text></Notify>`},
		{"NotifyCount", &NotifyCountRequest{}, `<NotifyCount xmlns="http://tempuri.org/"></NotifyCount>`},
		{"NotifyCountResponse", &NotifyCountResponse{NotifyCountResult: 7}, `<NotifyCountResponse xmlns="http://tempuri.org/"><NotifyCountResult>7</NotifyCountResult></NotifyCountResponse>`},
		{"Blob", &BlobRequest{Size: 60000}, `<Blob xmlns="http://tempuri.org/"><size>60000</size></Blob>`},
		{"BlobResponse 16", &BlobResponse{BlobResult: blob(16)}, `<BlobResponse xmlns="http://tempuri.org/"><BlobResult>AAECAwQFBgcICQoLDA0ODw==</BlobResult></BlobResponse>`},
		{"BlobResponse 60000", &BlobResponse{BlobResult: big}, `<BlobResponse xmlns="http://tempuri.org/"><BlobResult>` + infoset.Bytes(big).String() + `</BlobResult></BlobResponse>`},
		{"BlobResponse nil", &BlobResponse{}, `<BlobResponse xmlns="http://tempuri.org/"><BlobResult i:nil="true" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"></BlobResult></BlobResponse>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := encodeNodes(t, tt.v)
			if d := cmp.Diff(parseXML(t, tt.xml), got); d != "" {
				t.Errorf("Encode tree mismatch (-want +got):\n%s", d)
			}
			back := newLike(tt.v)
			if err := decodeXML(t, tt.xml, back); err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if d := cmp.Diff(tt.v, back); d != "" {
				t.Errorf("round trip (-want +got):\n%s", d)
			}
		})
	}
}

func TestCodecKitchenSink(t *testing.T) {
	seven := int32(7)
	in := &kitchenSink{
		ID: -9, Name: "n", Ok: true, U8: 255, U64: 1 << 63, F32: 1.5, F64: -2.25e-10,
		When: time.Date(2020, 1, 2, 3, 4, 5, 600, time.UTC), Wait: 90 * time.Second,
		Data: []byte{1, 2, 3}, OptSet: &seven, Items: []string{"x", "y"},
		Inner: inner{Unit: "kg", Value: 3.5}, InnerPtr: &inner{Unit: "m", Value: 1}, Other: "o",
		Skipped: "not written",
	}
	nodes := encodeNodes(t, in)
	golden(t, "kitchen_sink.xml", renderXML(nodes))
	var out kitchenSink
	r := infoset.NewTreeReader(nodes...)
	_, _ = r.Next()
	if err := Decode(r, &out); err != nil {
		t.Fatal(err)
	}
	in.Skipped = ""
	in.When = in.When.Truncate(100 * time.Nanosecond)
	if d := cmp.Diff(in, &out, cmp.AllowUnexported(kitchenSink{})); d != "" {
		t.Errorf("round trip (-want +got):\n%s", d)
	}
}

func TestCodecLenientAndErrors(t *testing.T) {
	var add AddRequest
	doc := `<Add xmlns="http://tempuri.org/"><x><deep><deeper/></deep></x><a> 2 </a><!-- c --><zz>q</zz><b>3</b><extra/></Add>`
	if err := decodeXML(t, doc, &add); err != nil || add.A != 2 || add.B != 3 {
		t.Errorf("unknown members: got %+v, %v", add, err)
	}
	add = AddRequest{}
	if err := decodeXML(t, `<Add xmlns="http://tempuri.org/"><b>3</b></Add>`, &add); err != nil || add.A != 0 || add.B != 3 {
		t.Errorf("missing member: got %+v, %v", add, err)
	}
	tests := []struct {
		name, doc string
		v         any
		want      []error
		wantText  string
	}{
		{"abc into int32", `<Add xmlns="http://tempuri.org/"><a>abc</a></Add>`, &AddRequest{}, []error{ErrDecode, infoset.ErrTextType}, "element a"},
		{"int32 overflow", `<Add xmlns="http://tempuri.org/"><b>99999999999</b></Add>`, &AddRequest{}, []error{ErrDecode}, "element b"},
		{"bad base64", `<BlobResponse xmlns="http://tempuri.org/"><BlobResult>!!</BlobResult></BlobResponse>`, &BlobResponse{}, []error{ErrDecode}, "element BlobResult"},
		{"child in scalar", `<Fail xmlns="http://tempuri.org/"><reason><x/></reason></Fail>`, &FailRequest{}, []error{ErrDecode, ErrMalformed}, "element reason"},
		{"wrong wrapper", `<Sub xmlns="http://tempuri.org/"/>`, &AddRequest{}, []error{ErrDecode}, "want Add"},
		{"wrong namespace", `<Add xmlns="urn:other"/>`, &AddRequest{}, []error{ErrDecode}, "urn:other"},
		{"bad bool attr", `<Sink xmlns="urn:sink" id="x"/>`, &kitchenSink{}, []error{ErrDecode}, "attribute id"},
		{"not a pointer", `<Add/>`, AddRequest{}, []error{ErrUnsupportedType}, "non-nil pointer"},
		{"map field", `<Bad/>`, &struct{ M map[string]int }{}, []error{ErrUnsupportedType}, "map"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := decodeXML(t, tt.doc, tt.v)
			for _, w := range tt.want {
				if !errors.Is(err, w) {
					t.Errorf("Decode = %v, want errors.Is %v", err, w)
				}
			}
			if err != nil && !strings.Contains(err.Error(), tt.wantText) {
				t.Errorf("Decode error %q does not mention %q", err, tt.wantText)
			}
		})
	}
}

type nest struct {
	XMLName struct{} `xml:"n"`
	Child   *nest    `xml:"n"`
}

func TestCodecDepthLimit(t *testing.T) {
	doc := strings.Repeat("<n>", MaxDecodeDepth+5) + strings.Repeat("</n>", MaxDecodeDepth+5)
	if err := decodeXML(t, doc, &nest{}); !errors.Is(err, ErrQuotaExceeded) {
		t.Errorf("deep Decode = %v, want ErrQuotaExceeded", err)
	}
	ok := strings.Repeat("<n>", 10) + strings.Repeat("</n>", 10)
	var n nest
	if err := decodeXML(t, ok, &n); err != nil || n.Child == nil {
		t.Errorf("shallow Decode = %v", err)
	}
}

func TestCodecEncodeErrors(t *testing.T) {
	var w infoset.TreeWriter
	for _, v := range []any{(*AddRequest)(nil), 42, &struct{ C chan int }{}} {
		if err := Encode(&w, v); !errors.Is(err, ErrUnsupportedType) {
			t.Errorf("Encode(%T) = %v, want ErrUnsupportedType", v, err)
		}
	}
}

func TestCodecAllocs(t *testing.T) {
	var cw countWriter
	req := &AddRequest{A: 2, B: 3}
	if err := Encode(&cw, req); err != nil {
		t.Fatal(err)
	}
	if cw.starts != 3 || cw.texts != 2 {
		t.Fatalf("countWriter saw %d starts %d texts, want 3 and 2", cw.starts, cw.texts)
	}
	if n := testing.AllocsPerRun(200, func() { _ = Encode(&cw, req) }); n != 0 {
		t.Errorf("Encode(AddRequest) allocates %v times, want 0", n)
	}
	rr := newReplay(t, encodeNodes(t, req))
	var got AddRequest
	decode := func() {
		rr.reset()
		_, _ = rr.Next()
		if err := Decode(rr, &got); err != nil {
			t.Fatal(err)
		}
	}
	if n := testing.AllocsPerRun(200, decode); n != 0 {
		t.Errorf("Decode(AddRequest) allocates %v times, want 0", n)
	}
	fr := newReplay(t, encodeNodes(t, &FailRequest{Reason: "boom"}))
	var fail FailRequest
	if n := testing.AllocsPerRun(200, func() {
		fr.reset()
		_, _ = fr.Next()
		_ = Decode(fr, &fail)
	}); n > 1 {
		// At most the string: none when the reader hands over a string
		// (a dictionary string), one copy when it hands over bytes.
		t.Errorf("Decode(FailRequest) allocates %v times, want at most 1 (the string)", n)
	}
}
