package servicemodel_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wwsgo/wws/servicemodel"
	"github.com/wwsgo/wws/servicemodel/calculator"
	"github.com/wwsgo/wws/soap"
)

// balancerBinding is a client binding that connects to addr whatever the
// address it is given, as a client of a load balancer does: the Via and
// the To stay the public address. With header set, the connection starts
// with it (a PROXY protocol header, as the balancer would send).
func balancerBinding(addr net.Addr, header string) *servicemodel.NetTCPBinding {
	b := servicemodel.NewNetTCPBinding()
	b.DialContext = func(ctx context.Context, network, _ string) (net.Conn, error) {
		var d net.Dialer
		c, err := d.DialContext(ctx, network, addr.String())
		if err == nil && header != "" {
			_, err = c.Write([]byte(header))
		}
		return c, err
	}
	return b
}

func openEndpoint(t *testing.T, ep *servicemodel.Endpoint) *servicemodel.Host {
	t.Helper()
	h, err := servicemodel.NewHost(&servicemodel.HostOptions{}, ep)
	if err != nil {
		t.Fatal(err)
	}
	open(t, h)
	t.Cleanup(h.Abort)
	return h
}

func addOver(t *testing.T, c *tcpClient) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var r calculator.AddResponse
	err := c.call(ctx, "Add", &calculator.AddRequest{A: 2, B: 3}, &r)
	if err == nil && r.AddResult != 5 {
		t.Errorf("Add = %d", r.AddResult)
	}
	return err
}

func isDestinationUnreachable(err error) bool {
	var f *soap.Fault
	return errors.As(err, &f) && f.Code.Has("DestinationUnreachable", soap.NamespaceAddressing10)
}

// Behind a balancer, the public address is in the Via and the To. Without
// ListenURI the endpoint's own address is not the public one: the To
// filter answers DestinationUnreachable (and a Via of another path finds
// no endpoint). With ListenURI, Address is the public address: the calls
// go through, by the public path and by the listen path.
func TestListenURI(t *testing.T) {
	const public = "net.tcp://balancer.test:9000/public"

	t.Run("without", func(t *testing.T) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		own := "net.tcp://" + l.Addr().String() + "/public" // a port of its own, not the balancer's
		l.Close()
		h := openEndpoint(t, &servicemodel.Endpoint{Address: own,
			Binding: servicemodel.NewNetTCPBinding(), Contract: calculator.Contract()})
		c := dialTCP(t, balancerBinding(h.Addrs()[0], ""), public)
		defer c.ch.Abort()
		if err := addOver(t, c); !isDestinationUnreachable(err) {
			t.Fatalf("err = %v, want the DestinationUnreachable fault", err)
		}
	})
	t.Run("with", func(t *testing.T) {
		h := openEndpoint(t, &servicemodel.Endpoint{Address: public, ListenURI: "net.tcp://127.0.0.1:0/instance",
			Binding: servicemodel.NewNetTCPBinding(), Contract: calculator.Contract()})
		c := dialTCP(t, balancerBinding(h.Addrs()[0], ""), public)
		defer c.ch.Abort()
		if err := addOver(t, c); err != nil {
			t.Fatalf("through the public address: %v", err)
		}
		// A client of the instance itself: its Via routes by the listen
		// path, and its To must still be the public address (WCF's filter).
		direct := "net.tcp://" + h.Addrs()[0].String() + "/instance"
		d := dialTCP(t, servicemodel.NewNetTCPBinding(), direct)
		defer d.ch.Abort()
		if err := addOver(t, d); !isDestinationUnreachable(err) {
			t.Fatalf("direct with its own To: err = %v, want DestinationUnreachable", err)
		}
		d.to = public
		if err := addOver(t, d); err != nil {
			t.Fatalf("direct with the public To: %v", err)
		}
	})
	t.Run("address filter any", func(t *testing.T) {
		h := openEndpoint(t, &servicemodel.Endpoint{Address: "net.tcp://127.0.0.1:0/public", AddressFilter: servicemodel.AddressFilterAny,
			Binding: servicemodel.NewNetTCPBinding(), Contract: calculator.Contract()})
		c := dialTCP(t, balancerBinding(h.Addrs()[0], ""), public)
		defer c.ch.Abort()
		if err := addOver(t, c); err != nil {
			t.Fatalf("AddressFilterAny: %v", err)
		}
	})
}

func TestListenURIRejected(t *testing.T) {
	for _, ep := range []*servicemodel.Endpoint{
		{Address: "net.tcp://a:1/x", ListenURI: "http://127.0.0.1:0/x"},
		{Address: "net.tcp://a:1/x", ListenURI: "/x"},
		{Address: "net.tcp://a:1/x", AddressFilter: 7},
	} {
		ep.Binding, ep.Contract = servicemodel.NewNetTCPBinding(), calculator.Contract()
		if _, err := servicemodel.NewHost(&servicemodel.HostOptions{}, ep); !errors.Is(err, servicemodel.ErrInvalidEndpoint) {
			t.Errorf("%+v: err = %v, want ErrInvalidEndpoint", ep, err)
		}
	}
}

// remoteRecorder is an AcceptChannel that records each channel's remote
// address: what an operation sees through ChannelStateFromContext.
type remoteRecorder struct {
	mu    sync.Mutex
	addrs []string
}

func (r *remoteRecorder) accept(_ context.Context, ch servicemodel.ServerChannel) (any, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.addrs = append(r.addrs, ch.RemoteAddr().String())
	return ch.RemoteAddr(), nil
}

func (r *remoteRecorder) seen() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.addrs...)
}

// With ProxyProtocol on a net.tcp binding, the client address of the
// PROXY header is the channel's remote address; a connection without a
// header is closed before its preamble and the host serves on.
func TestNetTCPProxyProtocol(t *testing.T) {
	b := servicemodel.NewNetTCPBinding()
	b.ProxyProtocol = &servicemodel.ProxyProtocol{Timeout: 5 * time.Second}
	var rec remoteRecorder
	// Echo answers with the caller's address as the operation sees it.
	contract := servicemodel.MustContract("ICalculator", "http://tempuri.org/",
		servicemodel.Op("Add", func(ctx context.Context, r *calculator.AddRequest) (*calculator.AddResponse, error) {
			return &calculator.AddResponse{AddResult: r.A + r.B}, nil
		}),
		servicemodel.Op("Echo", func(ctx context.Context, r *calculator.EchoRequest) (*calculator.EchoResponse, error) {
			caller := servicemodel.ChannelStateFromContext(ctx).(net.Addr).String()
			return &calculator.EchoResponse{EchoResult: &caller}, nil
		}))
	h := openEndpoint(t, &servicemodel.Endpoint{Address: "net.tcp://127.0.0.1:0/calculator", Binding: b,
		Contract: contract, AcceptChannel: rec.accept})
	to := "net.tcp://" + h.Addrs()[0].String() + "/calculator"
	silent(t, h.Addrs()[0]) // a client that sends no header holds up nobody

	for _, tc := range []struct{ header, caller string }{
		{"PROXY TCP4 192.0.2.7 198.51.100.1 56324 8808\r\n", "192.0.2.7:56324"},
		// v2: 192.0.2.8:56324 → 198.51.100.1:8808
		{"\r\n\r\n\x00\r\nQUIT\n\x21\x11\x00\x0c\xc0\x00\x02\x08\xc6\x33\x64\x01\xdc\x04\x22\x68", "192.0.2.8:56324"},
	} {
		c := dialTCP(t, balancerBinding(h.Addrs()[0], tc.header), to)
		if err := addOver(t, c); err != nil {
			t.Fatal(err)
		}
		var r calculator.EchoResponse
		if err := c.call(context.Background(), "Echo", &calculator.EchoRequest{}, &r); err != nil || r.EchoResult == nil || *r.EchoResult != tc.caller {
			t.Errorf("the operation saw caller %v (%v), want %s", r.EchoResult, err, tc.caller)
		}
		c.ch.Close(context.Background())
	}
	if got, want := strings.Join(rec.seen(), " "), "192.0.2.7:56324 192.0.2.8:56324"; got != want {
		t.Errorf("remote addresses %q, want %q", got, want)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if ch, err := servicemodel.NewNetTCPBinding().DialChannel(ctx, to); err == nil {
		ch.Abort()
		t.Fatal("a client without a PROXY header opened a session")
	}
	c := dialTCP(t, balancerBinding(h.Addrs()[0], "PROXY UNKNOWN\r\n"), to)
	defer c.ch.Abort()
	if err := addOver(t, c); err != nil {
		t.Fatalf("after a refused connection: %v", err)
	}
}

// With ProxyProtocol on an HTTP binding, the header's client address is
// the request channel's remote address.
func TestHTTPProxyProtocol(t *testing.T) {
	b := servicemodel.NewWSHTTPBinding()
	b.ProxyProtocol = &servicemodel.ProxyProtocol{}
	var rec remoteRecorder
	h := openEndpoint(t, &servicemodel.Endpoint{Address: "http://127.0.0.1:0/calculator", Binding: b,
		Contract: calculator.Contract(), AcceptChannel: rec.accept})
	url := "http://" + h.Addrs()[0].String() + "/calculator"
	silent(t, h.Addrs()[0])
	client := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		var d net.Dialer
		c, err := d.DialContext(ctx, network, addr)
		if err == nil {
			_, err = fmt.Fprintf(c, "PROXY TCP6 2001:db8::7 2001:db8::1 40000 80\r\n")
		}
		return c, err
	}}}
	defer client.CloseIdleConnections()
	body := `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://www.w3.org/2005/08/addressing"><s:Header><a:Action s:mustUnderstand="1">http://tempuri.org/ICalculator/Add</a:Action><a:To s:mustUnderstand="1">` + url + `</a:To></s:Header><s:Body><Add xmlns="http://tempuri.org/"><a>2</a><b>3</b></Add></s:Body></s:Envelope>`
	resp, err := client.Post(url, soap.ContentTypeSoap12Text, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if got := rec.seen(); len(got) != 1 || got[0] != "[2001:db8::7]:40000" {
		t.Errorf("remote addresses %q, want the header's client", got)
	}
	resp, err = http.Post(url, soap.ContentTypeSoap12Text, strings.NewReader(body))
	if err == nil {
		resp.Body.Close()
		t.Fatalf("a request without a PROXY header was answered %d", resp.StatusCode)
	}
}

// silent opens a connection to addr that never sends a byte, until the
// test ends.
func silent(t *testing.T, addr net.Addr) {
	t.Helper()
	c, err := net.Dial("tcp", addr.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
}
