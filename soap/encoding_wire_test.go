package soap

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wwsgo/wws/internal/capture"
	"github.com/wwsgo/wws/soap/infoset"
	"github.com/wwsgo/wws/soap/internal/binxml"
	"github.com/wwsgo/wws/soap/xmltext"
)

func unhexSpaced(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.Join(strings.Fields(s), ""))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func lenString(s string) []byte { return append([]byte{byte(len(s))}, s...) }

type echoText struct {
	XMLName struct{} `xml:"http://tempuri.org/ Echo"`
	Text    string   `xml:"text"`
}

// wire72 is the first Echo request of a session, with the header bytes
// WCF's BinaryMessageEncoder.MessagePatterns write (dotnet/wcf BinaryMessageEncoder.cs).
func wire72(t testing.TB) (msg *Message, table, records []byte) {
	msg = NewMessage(Soap12WSAddressing10, "http://tempuri.org/IEcho/Echo", &echoText{Text: "hi"})
	msg.MessageID = MessageIDFromGUID(mustGUID(t, "7c68b453-7dfb-4a2d-ad42-56a5dcbfab7f"))
	msg.ReplyTo = &EndpointReference{Address: Addressing10.Anonymous()}
	msg.To = "net.tcp://localhost:9000/echo"
	table = []byte{0x5A}
	for _, s := range []string{"http://tempuri.org/IEcho/Echo", "net.tcp://localhost:9000/echo", "Echo", "http://tempuri.org/", "text"} {
		table = append(table, lenString(s)...)
	}
	records = unhexSpaced(t, `56 02 0B 01 73 04 0B 01 61 06 56 08
		44 0A 1E 00 82 AB 01
		44 1A AD 53 B4 68 7C FB 7D 2D 4A AD 42 56 A5 DC BF AB 7F
		44 2C 44 2A AB 14 01
		44 0C 1E 00 82 AB 03
		01 56 0E 42 05 0A 07 42 09 99 02 68 69 01 01 01`)
	return msg, table, records
}

// TestBinarySessionMatchesWire72 encodes wire72's request through the
// session encoder: 159 bytes, byte for byte, then the same message again
// with an empty string table.
func TestBinarySessionMatchesWire72(t *testing.T) {
	msg, table, records := wire72(t)
	enc := NewBinaryEncoding(true, EncodingOptions{}).NewEncoder()
	got, err := enc.WriteMessage(nil, msg)
	if err != nil {
		t.Fatal(err)
	}
	want := append(append([]byte{}, table...), records...)
	if len(want) != 159 || !bytes.Equal(got, want) {
		t.Fatalf("first message:\n got % X\nwant % X", got, want)
	}
	got, err = enc.WriteMessage(got[:0], msg)
	if err != nil {
		t.Fatal(err)
	}
	if want := append([]byte{0}, records...); !bytes.Equal(got, want) {
		t.Fatalf("second message:\n got % X\nwant % X", got, want)
	}
}

// TestAddRequestHeaderPattern checks the Calculator Add request against the
// header pattern WCF's binary encoder fast-paths (dotnet/wcf BinaryMessageEncoder.cs,
// BinaryMessageEncoder.MessagePatterns): Action and To as the first two
// session strings, then the exact envelope and header records.
func TestAddRequestHeaderPattern(t *testing.T) {
	enc := NewBinaryEncoding(true, EncodingOptions{}).NewEncoder()
	got, err := enc.WriteMessage(nil, addRequestMessage(t))
	if err != nil {
		t.Fatal(err)
	}
	rs := binxml.NewReadSession(2048)
	n, err := rs.ReadTable(got)
	if err != nil {
		t.Fatal(err)
	}
	if s, _ := rs.Lookup(1); s != addAction {
		t.Errorf("session string 1 = %q, want the Action", s)
	}
	if s, _ := rs.Lookup(3); s != calcTo {
		t.Errorf("session string 3 = %q, want the To address", s)
	}
	guid := mustGUID(t, addGUIDStr)
	pattern := append(unhexSpaced(t, `56 02 0B 01 73 04 0B 01 61 06 56 08 44 0A 1E 00 82 AB 01 44 1A AD`), guid[:]...)
	pattern = append(pattern, unhexSpaced(t, `44 2C 44 2A AB 14 01 44 0C 1E 00 82 AB 03 01 56 0E`)...)
	if rec := got[n:]; !bytes.HasPrefix(rec, pattern) {
		t.Fatalf("records:\n got % X\nwant prefix % X", rec, pattern)
	}
}

func TestBinaryReplyMatchesWire73Headers(t *testing.T) {
	enc := NewBinaryEncoding(true, EncodingOptions{}).NewEncoder()
	got, err := enc.WriteMessage(nil, addReplyMessage(t))
	if err != nil {
		t.Fatal(err)
	}
	size, k, _ := binxml.ReadMB31(got)
	n := k + int(size)
	guid := mustGUID(t, addGUIDStr)
	pattern := append(unhexSpaced(t, `56 02 0B 01 73 04 0B 01 61 06 56 08 44 0A 1E 00 82 AB 01 44 12 AD`), guid[:]...)
	pattern = append(pattern, unhexSpaced(t, `44 0C 1E 00 82 AB 14 01 56 0E`)...)
	if rec := got[n:]; !bytes.HasPrefix(rec, pattern) {
		t.Fatalf("reply records:\n got % X\nwant prefix % X", rec, pattern)
	}
}

// loadGoldens returns every golden infoset recorded from the captures.
func loadGoldens(t *testing.T) map[string][]*infoset.Node {
	t.Helper()
	files, _ := filepath.Glob("../testdata/golden/*/*.json")
	if len(files) < 30 {
		t.Fatalf("found %d golden files, want the 11 net.tcp and 22 HTTP ones", len(files))
	}
	out := map[string][]*infoset.Node{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var nodes []*infoset.Node
		if err := json.Unmarshal(b, &nodes); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out[f] = nodes
	}
	return out
}

var roundTripQuotas = ReaderQuotas{MaxStringContentLength: 1 << 20, MaxArrayLength: 1 << 20}

// TestTextBinaryTextRoundTrip writes every golden infoset as text, reads
// it, writes it as binary with a session table, reads it, writes text
// again and reads it: the infoset must survive unchanged.
func TestTextBinaryTextRoundTrip(t *testing.T) {
	for name, golden := range loadGoldens(t) {
		t.Run(filepath.Base(filepath.Dir(name))+"/"+filepath.Base(name), func(t *testing.T) {
			text1 := writeText(t, golden)
			nodes1 := readText(t, text1)
			ws, rs := binxml.NewWriteSession(2048), binxml.NewReadSession(2048)
			bin := writeBinary(t, nodes1, ws)
			nodes2 := readBinary(t, bin, rs)
			text2 := writeText(t, nodes2)
			nodes3 := readText(t, text2)
			want, got := canonical(golden), canonical(nodes3)
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("infoset changed by text→binary→text (-golden +round trip):\n%s", d)
			}
			// A second message on the same session reuses the table.
			again := writeBinary(t, nodes1, ws)
			if again[0] != 0 {
				t.Errorf("second message adds %d table bytes, want 0", again[0])
			}
			if d := cmp.Diff(want, canonical(readBinary(t, again, rs))); d != "" {
				t.Errorf("second binary message differs:\n%s", d)
			}
		})
	}
}

func writeText(t *testing.T, nodes []*infoset.Node) []byte {
	t.Helper()
	w := xmltext.NewWriter(nil)
	for _, n := range nodes {
		infoset.WriteNode(w, n)
	}
	b, err := w.Finish()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func readText(t *testing.T, b []byte) []*infoset.Node {
	t.Helper()
	r, err := xmltext.NewReader(b, roundTripQuotas.xmltext())
	if err != nil {
		t.Fatal(err)
	}
	nodes, err := infoset.ReadNodes(r)
	if err != nil {
		t.Fatalf("read text %q: %v", b, err)
	}
	return nodes
}

func writeBinary(t *testing.T, nodes []*infoset.Node, ws *binxml.WriteSession) []byte {
	t.Helper()
	w := binxml.NewWriter(nil, ws)
	for _, n := range nodes {
		infoset.WriteNode(w, n)
	}
	b, err := w.Finish()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func readBinary(t *testing.T, b []byte, rs *binxml.ReadSession) []*infoset.Node {
	t.Helper()
	n, err := rs.ReadTable(b)
	if err != nil {
		t.Fatal(err)
	}
	nodes, err := infoset.ReadNodes(binxml.NewReader(b[n:], rs, roundTripQuotas.nbfx()))
	if err != nil {
		t.Fatalf("read binary: %v", err)
	}
	return nodes
}

// canonical orders attributes and drops namespace declarations that repeat
// a binding already in scope: writers may place declarations differently
// without changing the infoset.
func canonical(nodes []*infoset.Node) []*infoset.Node {
	b, _ := json.Marshal(nodes)
	var out []*infoset.Node
	_ = json.Unmarshal(b, &out)
	canonicalize(out, map[string]string{})
	return out
}

func canonicalize(nodes []*infoset.Node, scope map[string]string) {
	for _, n := range nodes {
		inner := make(map[string]string, len(scope))
		for k, v := range scope {
			inner[k] = v
		}
		kept := n.Attrs[:0]
		for _, a := range n.Attrs {
			if p, ok := (infoset.Attr{Name: a.Name}).IsXmlns(); ok {
				if cur, bound := inner[p]; bound && cur == a.Value {
					continue
				}
				inner[p] = a.Value
			}
			kept = append(kept, a)
		}
		n.Attrs = kept
		if len(n.Attrs) == 0 {
			n.Attrs = nil
		}
		sort.Slice(n.Attrs, func(i, j int) bool {
			return n.Attrs[i].Name.String() < n.Attrs[j].Name.String()
		})
		canonicalize(n.Children, inner)
	}
}

// TestEncodersReadCaptures reads every net.tcp envelope of the Mono capture
// through the session encoder (tables carried per direction) and checks
// what a service model needs from each: action, body name and values.
func TestEncodersReadCaptures(t *testing.T) {
	chunks, err := capture.ParseFile("../testdata/vectors/nettcp_session.hex.log")
	if err != nil {
		t.Fatal(err)
	}
	var c2s, s2c []byte
	for _, s := range capture.Streams(chunks) {
		if s.ToServer {
			c2s = s.Data
		} else {
			s2c = s.Data
		}
	}
	req := envelopes(t, c2s)
	rep := envelopes(t, s2c)
	if len(req) != 6 || len(rep) != 5 {
		t.Fatalf("found %d requests and %d replies, want 6 and 5", len(req), len(rep))
	}
	server := NewBinaryEncoding(true, EncodingOptions{}).NewEncoder()
	client := NewBinaryEncoding(true, EncodingOptions{}).NewEncoder()

	m, err := server.ReadMessage(req[0])
	if err != nil {
		t.Fatal(err)
	}
	var add AddRequest
	if err := m.DecodeBody(&add); err != nil || add.A != 2 || add.B != 3 || m.Action != addAction {
		t.Fatalf("Add request: %+v action %q err %v", add, m.Action, err)
	}
	m, err = client.ReadMessage(rep[0])
	if err != nil {
		t.Fatal(err)
	}
	var sum AddResponse
	if err := m.DecodeBody(&sum); err != nil || sum.AddResult != 5 {
		t.Fatalf("Add reply: %+v err %v", sum, err)
	}
	for i, want := range []string{"Echo", "Fail", "Notify", "NotifyCount", "Blob"} {
		m, err := server.ReadMessage(req[i+1])
		if err != nil || m.BodyName().Local != want || m.Action != "http://tempuri.org/ICalculator/"+want {
			t.Fatalf("request %d: body %v action %q err %v", i+2, m.BodyName(), m.Action, err)
		}
	}
	var echo EchoResponse
	if m, err = client.ReadMessage(rep[1]); err != nil || m.DecodeBody(&echo) != nil || echo.EchoResult == nil || *echo.EchoResult != "hello" {
		t.Fatalf("Echo reply: %+v err %v", echo, err)
	}
	m, err = client.ReadMessage(rep[2])
	if err != nil || !m.IsFault() {
		t.Fatalf("Fail reply is not a fault: %v", err)
	}
	f, err := m.Fault()
	if err != nil || f.Reason() != "boom" || !f.Code.IsSender() {
		t.Fatalf("fault %+v err %v", f, err)
	}
	if _, err := client.ReadMessage(rep[3]); err != nil {
		t.Fatal(err)
	}
	var blob BlobResponse
	if m, err = client.ReadMessage(rep[4]); err != nil || m.DecodeBody(&blob) != nil || len(blob.BlobResult) != 16 || blob.BlobResult[15] != 15 {
		t.Fatalf("Blob reply: %v err %v", blob.BlobResult, err)
	}
}

// envelopes extracts the Sized Envelope payloads of one direction of a
// duplex framing session ([MC-NMF] 2.2.3.8 Sized Envelope records).
func envelopes(t *testing.T, b []byte) [][]byte {
	t.Helper()
	var out [][]byte
	for len(b) > 0 {
		switch rec := b[0]; rec {
		case 0x00:
			b = b[3:]
		case 0x01, 0x03:
			b = b[2:]
		case 0x02, 0x04, 0x06:
			n, k, err := binxml.ReadMB31(b[1:])
			if err != nil || k == 0 {
				t.Fatalf("bad size in record %02X", rec)
			}
			if rec == 0x06 {
				out = append(out, b[1+k:1+k+int(n)])
			}
			b = b[1+k+int(n):]
		case 0x07, 0x0B, 0x0C:
			b = b[1:]
		default:
			t.Fatalf("unexpected framing record %02X", rec)
		}
	}
	return out
}

func TestEncoderMaxReceivedMessageSize(t *testing.T) {
	for _, e := range []Encoding{
		NewBinaryEncoding(true, EncodingOptions{MaxReceivedMessageSize: 200}),
		NewTextEncoding(Soap12WSAddressing10, EncodingOptions{MaxReceivedMessageSize: 500}),
	} {
		limit := int(e.(interface{ maxSize() int64 }).maxSize())
		w := e.NewEncoder()
		msg := NewMessage(Soap12WSAddressing10, addAction, &echoText{})
		msg.MessageID = MessageIDFromGUID(mustGUID(t, addGUIDStr))
		base, err := w.WriteMessage(nil, msg)
		if err != nil {
			t.Fatal(err)
		}
		pad := limit - len(base)
		// A string of pad-k bytes fills the message to exactly the limit;
		// one byte more goes over it.
		for _, over := range []bool{false, true} {
			fresh := e.NewEncoder()
			var b []byte
			for k := 0; k < 8 && len(b) != limit+boolInt(over); k++ {
				msg.SetBody(&echoText{Text: strings.Repeat("x", pad-k+boolInt(over))})
				if b, err = fresh.WriteMessage(nil, msg); err != nil {
					t.Fatal(err)
				}
				fresh = e.NewEncoder()
			}
			if len(b) != limit+boolInt(over) {
				t.Fatalf("%s: could not build a %d-byte message", e.ContentType(), limit+boolInt(over))
			}
			_, err := e.NewEncoder().ReadMessage(b)
			if over && !errors.Is(err, ErrQuotaExceeded) {
				t.Errorf("%s: %d bytes over a %d limit: err = %v, want ErrQuotaExceeded", e.ContentType(), len(b), limit, err)
			}
			if !over && err != nil {
				t.Errorf("%s: %d bytes at a %d limit: %v", e.ContentType(), len(b), limit, err)
			}
		}
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
