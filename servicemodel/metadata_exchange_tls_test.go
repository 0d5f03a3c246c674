package servicemodel

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/beevik/etree"

	"github.com/wwsgo/wws/soap"
)

type mexPing struct {
	XMLName struct{} `xml:"urn:p Ping"`
}

// TestMetadataExchangeOnTLSPort: a net.tcp endpoint over TLS gets a MEX
// endpoint over the same TLS — endpoints on one port agree on transport
// security — which opens beside it and answers a TLS client.
func TestMetadataExchangeOnTLSPort(t *testing.T) {
	checkLeaks(t)
	certs := testTLS(t)
	c := MustContract("IPing", "urn:p", Op[mexPing, mexPing]("Ping", func(context.Context, *mexPing) (*mexPing, error) { return &mexPing{}, nil }))
	sb := NewNetTCPBinding()
	sb.TLS = certs.server
	describe := func(c *Contract, eps []MetadataEndpoint, base string) (*MetadataSet, error) {
		return &MetadataSet{Documents: []MetadataDocument{{Data: []byte(eps[0].Address)}}}, nil
	}
	answer := func(_ context.Context, req *soap.Message, d func() (*MetadataSet, error)) (*soap.Message, error) {
		set, err := d()
		if err != nil {
			return nil, err
		}
		e := etree.NewElement("d")
		e.SetText(string(set.Documents[0].Data))
		return soap.NewMessage(req.Version, "urn:described", e), nil
	}
	addr := freeAddr(t, "/ping")
	h, err := NewHost(&HostOptions{Metadata: describe, MetadataExchange: answer}, &Endpoint{Address: addr, Binding: sb, Contract: c})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := h.Open(ctx); err != nil {
		t.Fatalf("Open with a MEX endpoint on a TLS port: %v", err)
	}
	defer h.Close(ctx)
	get := MustContract("IMetadataExchange", "", Op[struct{}, struct{}]("Get", nil).
		WithAction("http://schemas.xmlsoap.org/ws/2004/09/transfer/Get", "urn:described"))
	cb := NewNetTCPBinding()
	cb.TLS = certs.client
	p, err := NewServiceProxy(cb, get, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Abort()
	if err := p.Open(ctx, MetadataExchangeAddress(addr)); err != nil {
		t.Fatal(err)
	}
	var body *etree.Element
	if err := p.Call(ctx, "Get", nil, &body); err != nil || !strings.HasSuffix(body.Text(), "/ping") {
		t.Fatalf("Get over TLS: %v, %v", body, err)
	}
	p.Close(ctx)
}
