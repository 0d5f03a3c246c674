package servicemodel_test

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/wwsgo/wws/servicemodel"
	"github.com/wwsgo/wws/servicemodel/calculator"
)

// TestSharedPortConflict: endpoints of one host sharing a host:port with
// different listener settings fail Open with an error naming both.
func TestSharedPortConflict(t *testing.T) {
	tcpPort := strings.TrimSuffix(freeNetTCPAddr(t), "/calculator")
	httpPort := "http://" + strings.TrimPrefix(tcpPort, "net.tcp://")
	slow := servicemodel.NewNetTCPBinding()
	slow.ChannelInitializationTimeout = time.Minute
	noKeepAlive := servicemodel.NewWSHTTPBinding()
	noKeepAlive.KeepAlive = false
	tcpProxied := servicemodel.NewNetTCPBinding()
	tcpProxied.ProxyProtocol = &servicemodel.ProxyProtocol{}
	httpProxied := servicemodel.NewWSHTTPBinding()
	httpProxied.ProxyProtocol = &servicemodel.ProxyProtocol{}
	for _, tc := range []struct {
		name   string
		a, b   *servicemodel.Endpoint
		detail string
	}{
		{"net.tcp", &servicemodel.Endpoint{Address: tcpPort + "/a", Binding: servicemodel.NewNetTCPBinding()},
			&servicemodel.Endpoint{Address: tcpPort + "/b", Binding: slow}, "ChannelInitializationTimeout"},
		{"http", &servicemodel.Endpoint{Address: httpPort + "/a", Binding: servicemodel.NewWSHTTPBinding()},
			&servicemodel.Endpoint{Address: httpPort + "/b", Binding: noKeepAlive}, "KeepAlive"},
		// The PROXY header is read from every connection of the socket.
		{"net.tcp proxy protocol", &servicemodel.Endpoint{Address: tcpPort + "/a", Binding: servicemodel.NewNetTCPBinding()},
			&servicemodel.Endpoint{Address: tcpPort + "/b", Binding: tcpProxied}, "ProxyProtocol off and on"},
		{"http proxy protocol", &servicemodel.Endpoint{Address: httpPort + "/a", Binding: httpProxied},
			&servicemodel.Endpoint{Address: httpPort + "/b", Binding: servicemodel.NewWSHTTPBinding()}, "ProxyProtocol on and off"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.a.Contract, tc.b.Contract = calculator.Contract(), calculator.Contract()
			h, err := servicemodel.NewHost(nil, tc.a, tc.b)
			if err != nil {
				t.Fatal(err)
			}
			defer h.Abort()
			err = h.Open(context.Background())
			if !errors.Is(err, servicemodel.ErrAddressInUse) {
				t.Fatalf("Open = %v, want ErrAddressInUse", err)
			}
			for _, want := range []string{tc.a.Address, tc.b.Address, tc.detail} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not name %q", err, want)
				}
			}
		})
	}
}

// TestSharedPortCompatible: endpoints of one host that agree on the
// listener settings share the port (their session settings may differ);
// another host cannot bind it.
func TestSharedPortCompatible(t *testing.T) {
	port := strings.TrimSuffix(freeNetTCPAddr(t), "/calculator")
	small := servicemodel.NewNetTCPBinding()
	small.MaxReceivedMessageSize, small.ReceiveTimeout = 4096, time.Minute
	a := &servicemodel.Endpoint{Address: port + "/a", Binding: servicemodel.NewNetTCPBinding(), Contract: calculator.Contract()}
	b := &servicemodel.Endpoint{Address: port + "/b", Binding: small, Contract: calculator.Contract()}
	h, err := servicemodel.NewHost(nil, a, b)
	if err != nil {
		t.Fatal(err)
	}
	if err := h.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer h.Abort()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, ep := range []*servicemodel.Endpoint{a, b} {
		p, err := openCalc(ctx, ep.Address)
		if err != nil {
			t.Fatalf("%s: %v", ep.Address, err)
		}
		if err := add(ctx, p, 1, 2); err != nil {
			t.Errorf("%s: %v", ep.Address, err)
		}
		p.Abort()
	}
	other, err := servicemodel.NewHost(nil,
		&servicemodel.Endpoint{Address: port + "/c", Binding: servicemodel.NewNetTCPBinding(), Contract: calculator.Contract()})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Abort()
	var opErr *net.OpError
	if err := other.Open(ctx); !errors.Is(err, servicemodel.ErrAddressInUse) || !errors.As(err, &opErr) {
		t.Errorf("a second host on the port: Open = %v, want ErrAddressInUse from the bind", err)
	}
}
