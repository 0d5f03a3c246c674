package servicemodel_test

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/beevik/etree"

	"github.com/wwsgo/wws/servicemodel"
	"github.com/wwsgo/wws/servicemodel/calculator"
	"github.com/wwsgo/wws/soap"
)

// listAddresses is a MetadataFunc whose one document lists the endpoints'
// addresses and the base.
func listAddresses(_ *servicemodel.Contract, eps []servicemodel.MetadataEndpoint, base string) (*servicemodel.MetadataSet, error) {
	var a []string
	for _, ep := range eps {
		a = append(a, ep.Address)
	}
	a = append(a, "base="+base)
	return &servicemodel.MetadataSet{Documents: []servicemodel.MetadataDocument{{Data: []byte(strings.Join(a, " "))}}}, nil
}

// echoDescription is a MetadataExchangeFunc that answers any request with
// the description as the text of an element.
func echoDescription(_ context.Context, req *soap.Message, describe func() (*servicemodel.MetadataSet, error)) (*soap.Message, error) {
	set, err := describe()
	if err != nil {
		return nil, err
	}
	e := etree.NewElement("d")
	e.CreateAttr("xmlns", "urn:d")
	e.SetText(string(set.Documents[0].Data))
	return soap.NewMessage(req.Version, "urn:described", e), nil
}

func TestMetadataExchangeAddress(t *testing.T) {
	for in, want := range map[string]string{
		"net.tcp://h:808/Service.svc":    "net.tcp://h:808/Service.svc/mex",
		"http://h/calc/":                 "http://h/calc/mex",
		"https://h:8443/a/b":             "https://h:8443/a/b/mex",
		"http://h/calc?x=1":              "http://h/calc/mex?x=1",
		"net.tcp://h/":                   "net.tcp://h/mex",
		"http://127.0.0.1:8080/c/basic/": "http://127.0.0.1:8080/c/basic/mex",
	} {
		if got := servicemodel.MetadataExchangeAddress(in); got != want {
			t.Errorf("MetadataExchangeAddress(%q) = %q; want %q", in, got, want)
		}
	}
}

// TestHostMetadataExchangeEndpoints: HostOptions.MetadataExchange adds,
// after the endpoints given, one MEX endpoint per endpoint, with WCF's MEX
// binding of its scheme sharing its port's settings; it needs Metadata and
// a binding it knows.
func TestHostMetadataExchangeEndpoints(t *testing.T) {
	c := calculator.Contract()
	tcp := servicemodel.NewNetTCPBinding()
	tcp.MaxConnections, tcp.TLS, tcp.MaxReceivedMessageSize = 7, &tls.Config{}, 1<<20
	https := servicemodel.NewBasicHTTPBinding()
	https.TLS, https.ReceiveTimeout = &tls.Config{}, time.Minute
	eps := []*servicemodel.Endpoint{
		{Address: "net.tcp://127.0.0.1:1/calc", Binding: tcp, Contract: c},
		{Address: "https://127.0.0.1:2/calc", ListenURI: "https://127.0.0.1:3/in", Binding: https, Contract: c},
	}
	opts := &servicemodel.HostOptions{Metadata: listAddresses, MetadataExchange: echoDescription}
	h, err := servicemodel.NewHost(opts, eps...)
	if err != nil {
		t.Fatal(err)
	}
	got := h.Endpoints()
	if len(got) != 4 || got[0] != eps[0] || got[1] != eps[1] {
		t.Fatalf("endpoints %v; want the two given, then two MEX endpoints", got)
	}
	if len(eps) != 2 {
		t.Errorf("NewHost changed the caller's slice")
	}
	mt, ok := got[2].Binding.(*servicemodel.NetTCPBinding)
	if got[2].Address != "net.tcp://127.0.0.1:1/calc/mex" || !ok || mt.TLS != tcp.TLS || mt.Security != tcp.Security || mt.MaxConnections != 7 ||
		mt.MaxReceivedMessageSize != 0 || mt.MessageVersion() != soap.Soap12WSAddressing10 || got[2].Contract.Name != "IMetadataExchange" {
		t.Errorf("net.tcp MEX endpoint %+v, binding %+v; want mexTcpBinding at …/calc/mex on the port's settings, its security included", got[2], mt)
	}
	mh, ok := got[3].Binding.(*servicemodel.HTTPBinding)
	if got[3].Address != "https://127.0.0.1:2/calc/mex" || got[3].ListenURI != "https://127.0.0.1:3/in/mex" || !ok ||
		mh.TLS != https.TLS || mh.ReceiveTimeout != time.Minute || mh.MessageVersion() != soap.Soap12WSAddressing10 || mh.Encoding != servicemodel.HTTPText {
		t.Errorf("https MEX endpoint %+v, binding %+v; want mexHttpsBinding at …/calc/mex", got[3], mh)
	}

	if _, err := servicemodel.NewHost(&servicemodel.HostOptions{MetadataExchange: echoDescription}, eps...); !errors.Is(err, servicemodel.ErrInvalidEndpoint) ||
		!strings.Contains(err.Error(), "Metadata") {
		t.Errorf("MetadataExchange without Metadata: %v", err)
	}
	fake := &servicemodel.Endpoint{Address: "fake://x/y", Binding: newFakeBinding(), Contract: c}
	if _, err := servicemodel.NewHost(opts, fake); !errors.Is(err, servicemodel.ErrInvalidEndpoint) || !strings.Contains(err.Error(), "metadata exchange binding") {
		t.Errorf("MEX of an unknown binding: %v", err)
	}
	if h, err := servicemodel.NewHost(&servicemodel.HostOptions{Metadata: listAddresses}, eps...); err != nil || len(h.Endpoints()) != 2 {
		t.Errorf("without MetadataExchange: %v, %d endpoints; want no MEX endpoint (WCF's default)", err, len(h.Endpoints()))
	}
}

// TestHostMetadataExchangeServes: a MEX endpoint answers over net.tcp and
// HTTP through the MetadataExchangeFunc, whose description lists the
// host's endpoints of the contract (not the MEX ones) with their bound
// ports and no base; a proxy reads that answer, which no Go type
// describes, as a **etree.Element.
func TestHostMetadataExchangeServes(t *testing.T) {
	c := calculator.Contract()
	httpEP := &servicemodel.Endpoint{Address: "http://127.0.0.1:0/calc", Binding: servicemodel.NewWSHTTPBinding(), Contract: c}
	tcpEP := &servicemodel.Endpoint{Address: "net.tcp://127.0.0.1:0/calc", Binding: servicemodel.NewNetTCPBinding(), Contract: c}
	h, err := servicemodel.NewHost(&servicemodel.HostOptions{Metadata: listAddresses, MetadataExchange: echoDescription}, httpEP, tcpEP)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := h.Open(ctx); err != nil {
		t.Fatal(err)
	}
	defer h.Close(ctx)
	addrs := h.Addrs()
	port := func(i int) string { return strconv.Itoa(addrs[i].(*net.TCPAddr).Port) }
	want := "http://127.0.0.1:" + port(0) + "/calc net.tcp://127.0.0.1:" + port(1) + "/calc base="
	get := servicemodel.MustContract("IMetadataExchange", "", servicemodel.Op[struct{}, struct{}]("Get", nil).
		WithAction("http://schemas.xmlsoap.org/ws/2004/09/transfer/Get", "urn:described"))
	for i, b := range map[int]servicemodel.Binding{2: servicemodel.NewWSHTTPBinding(), 3: servicemodel.NewNetTCPBinding()} {
		addr := strings.Replace(h.Endpoints()[i].Address, ":0/", ":"+port(i)+"/", 1)
		p, err := servicemodel.NewServiceProxy(b, get, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := p.Open(ctx, addr); err != nil {
			t.Fatal(err)
		}
		var body *etree.Element
		if err := p.Call(ctx, "Get", nil, &body); err != nil {
			t.Errorf("%s: %v", addr, err)
		} else if body.Tag != "d" || body.Text() != want {
			t.Errorf("%s answered %q; want %q", addr, body.Text(), want)
		}
		p.Close(ctx)
	}
}
