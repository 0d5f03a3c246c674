package binxml

import (
	"errors"
	"io"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Worked session messages (the Echo request and reply, whose headers are
// the bytes of WCF's BinaryMessageEncoder.MessagePatterns, and an msbin1
// message of typed values) decode to the documented XML.

var specExample72 = bin("5A",
	str("http://tempuri.org/IEcho/Echo"), str("net.tcp://localhost:9000/echo"),
	str("Echo"), str("http://tempuri.org/"), str("text"),
	"56 02 0B 01 73 04 0B 01 61 06 56 08",
	"44 0A 1E 00 82 AB 01",
	"44 1A AD 53 B4 68 7C FB 7D 2D 4A AD 42 56 A5 DC BF AB 7F",
	"44 2C 44 2A AB 14 01",
	"44 0C 1E 00 82 AB 03",
	"01 56 0E",
	"42 05 0A 07 42 09 99 02 68 69",
	"01 01 01")

var specExample73 = bin("52",
	str("http://tempuri.org/IEcho/EchoResponse"), str("EchoResponse"), str("http://tempuri.org/"), str("EchoResult"),
	"56 02 0B 01 73 04 0B 01 61 06 56 08",
	"44 0A 1E 00 82 AB 01",
	"44 12 AD 53 B4 68 7C FB 7D 2D 4A AD 42 56 A5 DC BF AB 7F",
	"44 0C 1E 00 82 AB 14 01",
	"56 0E 42 03 0A 05 42 07 99 02 68 69 01 01 01")

var specExample74 = bin(
	"56 02 0B 01 73 04 0B 01 61 06 56 08 44 0A 1E 00 82 99 06", raw("urn:op"), "01 56 0E",
	"40 01", raw("V"), "40 01", raw("i"), "8B 2C 01",
	"40 01", raw("d"), "91 00 00 C0 3F",
	"40 01", raw("m"), "95 00 00 06 00 00 00 00 00 80 2D 4E 00 00 00 00 00",
	"40 01", raw("t"), "97 80 00 3B 6D 30 8F D7 48",
	"40 01", raw("g"), "B1 00 11 22 33 44 55 66 77 88 99 AA BB CC DD EE FF",
	"01 01 01")

const envOpen = `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://www.w3.org/2005/08/addressing">`

func TestSpecExamples(t *testing.T) {
	cases := []struct {
		name    string
		payload []byte
		session bool
		want    string
	}{
		{"7.2 request", specExample72, true, envOpen + `<s:Header>` +
			`<a:Action s:mustUnderstand="1">http://tempuri.org/IEcho/Echo</a:Action>` +
			`<a:MessageID>urn:uuid:7c68b453-7dfb-4a2d-ad42-56a5dcbfab7f</a:MessageID>` +
			`<a:ReplyTo><a:Address>http://www.w3.org/2005/08/addressing/anonymous</a:Address></a:ReplyTo>` +
			`<a:To s:mustUnderstand="1">net.tcp://localhost:9000/echo</a:To>` +
			`</s:Header><s:Body><Echo xmlns="http://tempuri.org/"><text>hi</text></Echo></s:Body></s:Envelope>`},
		{"7.3 reply", specExample73, true, envOpen + `<s:Header>` +
			`<a:Action s:mustUnderstand="1">http://tempuri.org/IEcho/EchoResponse</a:Action>` +
			`<a:RelatesTo>urn:uuid:7c68b453-7dfb-4a2d-ad42-56a5dcbfab7f</a:RelatesTo>` +
			`<a:To s:mustUnderstand="1">http://www.w3.org/2005/08/addressing/anonymous</a:To>` +
			`</s:Header><s:Body><EchoResponse xmlns="http://tempuri.org/"><EchoResult>hi</EchoResult></EchoResponse></s:Body></s:Envelope>`},
		{"7.4 msbin1 values", specExample74, false, envOpen + `<s:Header>` +
			`<a:Action s:mustUnderstand="1">urn:op</a:Action></s:Header><s:Body>` +
			`<V><i>300</i><d>1.5</d><m>5.123456</m><t>2020-01-02T03:04:05Z</t><g>33221100-5544-7766-8899-aabbccddeeff</g></V>` +
			`</s:Body></s:Envelope>`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc, s := c.payload, (*ReadSession)(nil)
			if c.session {
				s = NewReadSession(0)
				n, err := s.ReadTable(doc)
				if err != nil {
					t.Fatalf("ReadTable: %v", err)
				}
				doc = doc[n:]
			}
			got, err := DecodeXML(doc, s, Quotas{}, false)
			if err != nil {
				t.Fatalf("DecodeXML: %v", err)
			}
			if d := cmp.Diff(c.want, string(got)); d != "" {
				t.Errorf("XML (-want +got):\n%s", d)
			}
			checkPrefixesFail(t, c.name, doc, s)
		})
	}
}

// TestSecondMessageReusesIDs: a second message on the session sends an
// empty table (00) and reuses ids 1..9 ([MC-NBFSE] 2.1).
func TestSecondMessageReusesIDs(t *testing.T) {
	s := NewReadSession(0)
	n, err := s.ReadTable(specExample72)
	if err != nil {
		t.Fatal(err)
	}
	second := append([]byte{0}, specExample72[n:]...)
	m, err := s.ReadTable(second)
	if err != nil || m != 1 {
		t.Fatalf("ReadTable(second) = %d, %v; want 1, nil", m, err)
	}
	a, err := DecodeXML(specExample72[n:], s, Quotas{}, false)
	if err != nil {
		t.Fatal(err)
	}
	b, err := DecodeXML(second[m:], s, Quotas{}, false)
	if err != nil || string(a) != string(b) {
		t.Errorf("second message: got %s, %v; want %s", b, err, a)
	}
}

// TestStreamEquivalence: every valid document reads the same from a slice
// and one byte at a time, and every strict prefix fails.
func TestStreamEquivalence(t *testing.T) {
	for _, c := range allRecordCases() {
		want, err := readEvents(NewReader(c.doc, c.sess(t), Quotas{}))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		got, err := oneByteEvents(c.doc, c.sess(t), Quotas{})
		if err != nil {
			t.Fatalf("%s: streamed: %v", c.name, err)
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("%s: streamed events (-slice +stream):\n%s", c.name, d)
		}
		checkPrefixesFail(t, c.name, c.doc, c.sess(t))
	}
}

// TestEmptyDocument: no root element is not a document.
func TestEmptyDocument(t *testing.T) {
	_, err := NewReader(nil, nil, Quotas{}).Next()
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("Next on empty input: got %v, want io.ErrUnexpectedEOF", err)
	}
}

// TestReset: a Reader reused with Reset reads each document afresh.
func TestReset(t *testing.T) {
	r := NewReader(nil, nil, Quotas{})
	for _, c := range allRecordCases()[:20] {
		r.Reset(c.doc, c.sess(t))
		got, err := AppendXML(nil, r, false)
		if err != nil || string(got) != c.xml {
			t.Errorf("%s after Reset: got %s, %v; want %s", c.name, got, err, c.xml)
		}
	}
}
