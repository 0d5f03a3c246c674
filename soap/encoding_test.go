package soap

import (
	"errors"
	"testing"

	"github.com/wwsgo/wws/soap/infoset"
)

// treeCodec is a stand-in XMLCodec: the "encoding" is a node tree kept
// beside the bytes (the real text and binary codecs are written elsewhere).
type treeCodec struct{ trees map[string][]*infoset.Node }

func (c *treeCodec) NewWriter(dst []byte) (infoset.Writer, func() ([]byte, error)) {
	w := &infoset.TreeWriter{}
	return w, func() ([]byte, error) {
		s := renderXML(w.Nodes())
		c.trees[s] = w.Nodes()
		return append(dst, s...), w.Err()
	}
}

func (c *treeCodec) NewReader(b []byte) (infoset.Reader, error) {
	nodes, ok := c.trees[string(b)]
	if !ok {
		return nil, errors.New("treeCodec: unknown document")
	}
	return infoset.NewTreeReader(nodes...), nil
}

type testEncoding struct {
	ct string
	v  MessageVersion
}

func (e testEncoding) ContentType() string            { return e.ct }
func (e testEncoding) MessageVersion() MessageVersion { return e.v }
func (e testEncoding) NewEncoder() Encoder {
	return &XMLEncoder{Type: e.ct, Codec: &treeCodec{trees: map[string][]*infoset.Node{}}, Options: ReadOptions{Version: e.v}}
}

func TestRegistry(t *testing.T) {
	registry.Lock()
	saved := append([]Encoding(nil), registry.list...)
	registry.Unlock()
	t.Cleanup(func() {
		registry.Lock()
		registry.list = saved
		registry.Unlock()
	})
	RegisterEncoding(testEncoding{"application/soap+xml; charset=utf-8", Soap12WSAddressing10})
	RegisterEncoding(testEncoding{"text/xml; charset=utf-8", Soap11})
	RegisterEncoding(testEncoding{"application/soap+msbin1", Soap12WSAddressing10})
	tests := []struct {
		ct     string
		want   string
		wantOK bool
	}{
		{"application/soap+xml; charset=utf-8", "application/soap+xml; charset=utf-8", true},
		{"Application/SOAP+XML;Charset=UTF-8; action=\"urn:x\"", "application/soap+xml; charset=utf-8", true},
		{"application/soap+xml; charset=utf-8; action=urn:x/y", "application/soap+xml; charset=utf-8", true},
		{"application/soap+xml", "application/soap+xml; charset=utf-8", true},
		{"application/soap+xml; charset=utf-16", "", false},
		{"text/xml; charset=utf-8", "text/xml; charset=utf-8", true},
		{"application/soap+msbin1", "application/soap+msbin1", true},
		{"application/soap+msbinsession1", "application/soap+msbinsession1", true}, // registered by default
		{"", "", false},
		{"garbage", "", false},
	}
	for _, tt := range tests {
		e, ok := LookupEncoding(tt.ct)
		got := ""
		if ok {
			got = e.ContentType()
		}
		if ok != tt.wantOK || got != tt.want {
			t.Errorf("LookupEncoding(%q) = %q, %v; want %q, %v", tt.ct, got, ok, tt.want, tt.wantOK)
		}
	}
	RegisterEncoding(testEncoding{"APPLICATION/soap+msbin1", Soap11})
	if e, _ := LookupEncoding("application/soap+msbin1"); e.MessageVersion() != Soap11 {
		t.Errorf("re-registering did not replace the encoding")
	}
}

func TestXMLEncoderRoundTripAndQuota(t *testing.T) {
	enc := testEncoding{"application/soap+xml; charset=utf-8", Soap12WSAddressing10}.NewEncoder()
	b, err := enc.WriteMessage([]byte("prefix:"), addRequestMessage(t))
	if err != nil {
		t.Fatal(err)
	}
	m, err := enc.ReadMessage(b[len("prefix:"):])
	if err != nil {
		t.Fatal(err)
	}
	var req AddRequest
	if err := m.DecodeBody(&req); err != nil || req.A != 2 || req.B != 3 || m.Action != addAction {
		t.Errorf("read back %+v %q, %v", req, m.Action, err)
	}
	big := make([]byte, DefaultMaxReceivedMessageSize+1)
	_, err = enc.ReadMessage(big)
	if !errors.Is(err, ErrQuotaExceeded) || err.Error() != "soap: quota exceeded: MaxReceivedMessageSize (65536)" {
		t.Errorf("oversized ReadMessage = %v", err)
	}
	if err := (ReadOptions{MaxReceivedMessageSize: 10}).CheckSize(10); err != nil {
		t.Errorf("CheckSize at the limit = %v", err)
	}
}

func TestVersions(t *testing.T) {
	if Soap12WSAddressing10.Envelope.ContentType() != "application/soap+xml" || Soap11.Envelope.ContentType() != "text/xml" {
		t.Error("content types")
	}
	if EnvelopeSoap11.SenderCode() != "Client" || EnvelopeSoap12.ReceiverCode() != "Receiver" {
		t.Error("fault code names")
	}
	if Addressing200408.Anonymous() != "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous" ||
		Addressing10.Anonymous() != "http://www.w3.org/2005/08/addressing/anonymous" {
		t.Error("anonymous URIs")
	}
	if s := Soap12WSAddressing10.String(); s != "Soap12WSAddressing10" {
		t.Errorf("String = %q", s)
	}
}

// TestDefaultEncodingsRegistered: a transport finds every encoding WCF's
// standard bindings use by its content type.
func TestDefaultEncodingsRegistered(t *testing.T) {
	for ct, want := range map[string]MessageVersion{
		ContentTypeSoap12Text:    Soap12WSAddressing10,
		ContentTypeSoap11Text:    Soap11,
		ContentTypeBinary:        Soap12WSAddressing10,
		ContentTypeBinarySession: Soap12WSAddressing10,
	} {
		e, ok := LookupEncoding(ct)
		if !ok || e.MessageVersion() != want {
			t.Errorf("LookupEncoding(%q) = %v, %v", ct, e, ok)
		}
	}
}
