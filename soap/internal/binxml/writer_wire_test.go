package binxml

import (
	"bytes"
	"testing"

	"github.com/wwsgo/wws/soap/infoset"
)

// Worked session messages (the Echo request and reply, whose headers are
// the bytes of WCF's BinaryMessageEncoder.MessagePatterns, and an msbin1
// message of typed values), byte for byte.

const (
	echoAction   = "http://tempuri.org/IEcho/Echo"
	echoTo       = "net.tcp://localhost:9000/echo"
	echoNS       = "http://tempuri.org/"
	echoReplyAct = "http://tempuri.org/IEcho/EchoResponse"
)

var echoMsgID = mustGUID("7c68b453-7dfb-4a2d-ad42-56a5dcbfab7f")

func mustGUID(s string) [16]byte {
	g, ok := infoset.ParseGUID(s)
	if !ok {
		panic("bad GUID " + s)
	}
	return g
}

// mustUnderstand writes s:mustUnderstand="1" as WCF's headers do.
func mustUnderstand(w infoset.Writer) { w.Attr("s", "mustUnderstand", nsSoap, infoset.String("1")) }

// writeEchoRequest writes the §7.2 request in WCF's header order.
func writeEchoRequest(w infoset.Writer) {
	w.StartElement("s", "Envelope", nsSoap)
	w.Xmlns("a", nsWSA)
	w.StartElement("s", "Header", nsSoap)

	w.StartElement("a", "Action", nsWSA)
	mustUnderstand(w)
	w.Text(infoset.DictString(echoAction))
	w.EndElement()

	w.StartElement("a", "MessageID", nsWSA)
	w.Text(infoset.UniqueID(echoMsgID))
	w.EndElement()

	w.StartElement("a", "ReplyTo", nsWSA)
	w.StartElement("a", "Address", nsWSA)
	w.Text(infoset.DictString(nsAnon))
	w.EndElement()
	w.EndElement()

	w.StartElement("a", "To", nsWSA)
	mustUnderstand(w)
	w.Text(infoset.DictString(echoTo))
	w.EndElement()

	w.EndElement() // Header
	w.StartElement("s", "Body", nsSoap)
	w.StartElement("", "Echo", echoNS)
	w.StartElement("", "text", echoNS)
	w.Text(infoset.String("hi"))
	w.EndElement()
	w.EndElement()
	w.EndElement() // Body
	w.EndElement() // Envelope
}

// writeEchoReply writes the §7.3 reply.
func writeEchoReply(w infoset.Writer) {
	w.StartElement("s", "Envelope", nsSoap)
	w.Xmlns("a", nsWSA)
	w.StartElement("s", "Header", nsSoap)
	w.StartElement("a", "Action", nsWSA)
	mustUnderstand(w)
	w.Text(infoset.DictString(echoReplyAct))
	w.EndElement()
	w.StartElement("a", "RelatesTo", nsWSA)
	w.Text(infoset.UniqueID(echoMsgID))
	w.EndElement()
	w.StartElement("a", "To", nsWSA)
	mustUnderstand(w)
	w.Text(infoset.DictString(nsAnon))
	w.EndElement()
	w.EndElement() // Header
	w.StartElement("s", "Body", nsSoap)
	w.StartElement("", "EchoResponse", echoNS)
	w.StartElement("", "EchoResult", echoNS)
	w.Text(infoset.String("hi"))
	w.EndElement()
	w.EndElement()
	w.EndElement()
	w.EndElement()
}

// echoRequestRecords is §7.2 after the string table.
var echoRequestRecords = cat(
	"56 02 0B 01 73 04 0B 01 61 06", // <s:Envelope xmlns:s xmlns:a>
	"56 08",                         // <s:Header>
	"44 0A 1E 00 82 AB 01",          // Action [id1]
	"44 1A AD 53 B4 68 7C FB 7D 2D 4A AD 42 56 A5 DC BF AB 7F", // MessageID
	"44 2C 44 2A AB 14 01",    // ReplyTo/Address anonymous
	"44 0C 1E 00 82 AB 03",    // To [id3]
	"01 56 0E",                // </s:Header><s:Body>
	"42 05 0A 07 42 09 99 02", // <Echo xmlns=[id7]><text>
	txt("hi"),
	"01 01 01",
)

var echoRequest = cat("5A",
	name(echoAction), name(echoTo), name("Echo"), name(echoNS), name("text"),
	echoRequestRecords)

var echoReply = cat("52",
	name(echoReplyAct), name("EchoResponse"), name(echoNS), name("EchoResult"),
	"56 02 0B 01 73 04 0B 01 61 06 56 08",
	"44 0A 1E 00 82 AB 01",
	"44 12 AD", echoMsgID[:],
	"44 0C 1E 00 82 AB 14 01",
	"56 0E 42 03 0A 05 42 07 99 02", txt("hi"), "01 01 01")

func TestEchoRequestSession(t *testing.T) {
	s := NewWriteSession(DefaultMaxSessionSize)
	tests := []struct {
		name string
		want []byte
	}{
		{"first message: string table of 5", echoRequest},
		{"second message: empty table, ids reused", cat("00", echoRequestRecords)},
		{"third message", cat("00", echoRequestRecords)},
	}
	for _, tt := range tests {
		got, err := encode(writeEchoRequest, s)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if !bytes.Equal(got, tt.want) {
			t.Errorf("%s: %s", tt.name, hexDiff(got, tt.want))
		}
	}
	if len(echoRequest) != 159 {
		t.Errorf("§7.2 vector is %d bytes, want 159", len(echoRequest))
	}
	if got, want := s.Len(), 5; got != want {
		t.Errorf("session Len = %d, want %d", got, want)
	}
	if got, want := s.Size(), 90; got != want {
		t.Errorf("session Size = %d, want %d", got, want)
	}
	for i, str := range []string{echoAction, echoTo, "Echo", echoNS, "text"} {
		if id, ok := s.Lookup(str); !ok || id != uint32(2*i+1) {
			t.Errorf("Lookup(%q) = %d, %v; want %d", str, id, ok, 2*i+1)
		}
	}
}

func TestEchoReplySession(t *testing.T) {
	s := NewWriteSession(DefaultMaxSessionSize)
	got, err := encode(writeEchoReply, s)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, echoReply) {
		t.Errorf("§7.3 reply: %s", hexDiff(got, echoReply))
	}
}

// TestMsbin1Values is §7.4: plain msbin1 value encodings. Mono wrote the
// body names as plain strings, so they are inline ("t" is static id 0x1D6
// otherwise): the name filter keeps dictionary ids for namespaced names.
func TestMsbin1Values(t *testing.T) {
	w := NewWriter(nil, nil)
	w.SetNameFilter(func(ns string) bool { return ns != "" })
	w.StartElement("s", "Envelope", nsSoap)
	w.Xmlns("a", nsWSA)
	w.StartElement("s", "Header", nsSoap)
	w.StartElement("a", "Action", nsWSA)
	mustUnderstand(w)
	w.Text(infoset.DictString("urn:op"))
	w.EndElement()
	w.EndElement()
	w.StartElement("s", "Body", nsSoap)
	w.StartElement("", "V", "")
	for _, v := range []struct {
		local string
		val   infoset.Text
	}{
		{"i", infoset.Int(300)},
		{"d", infoset.Float64(1.5)},
		{"m", infoset.DecimalText(infoset.Decimal{Lo: 5123456, Scale: 6})},
		{"t", infoset.DateTime(testTime)},
		{"g", infoset.GUID(testGUID)},
	} {
		w.StartElement("", v.local, "")
		w.Text(v.val)
		w.EndElement()
	}
	w.EndElement()
	w.EndElement()
	w.EndElement()
	got, err := w.Finish()
	if err != nil {
		t.Fatal(err)
	}
	want := cat("56 02 0B 01 73 04 0B 01 61 06 56 08 44 0A 1E 00 82 99 06", txt("urn:op"), "01 56 0E",
		"40 01", txt("V"), "40 01", txt("i"), "8B 2C 01",
		"40 01", txt("d"), "91 00 00 C0 3F",
		"40 01", txt("m"), "95 00 00 06 00 00 00 00 00 80 2D 4E 00 00 00 00 00",
		"40 01", txt("t"), "97 80 00 3B 6D 30 8F D7 48",
		"40 01", txt("g"), "B1", testGUIDHex,
		"01 01 01")
	if !bytes.Equal(got, want) {
		t.Errorf("§7.4: %s", hexDiff(got, want))
	}
}
