package interop

import (
	"context"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wwsgo/wws/internal/monotest"
	"github.com/wwsgo/wws/servicemodel"
	"github.com/wwsgo/wws/soap"
)

// The Calculator shapes of ../../shared/interop-contract.md, as a
// DataContractSerializer writes them.
type addRequest struct {
	XMLName struct{} `xml:"http://tempuri.org/ Add"`
	A       int32    `xml:"a"`
	B       int32    `xml:"b"`
}

type addResponse struct {
	XMLName   struct{} `xml:"http://tempuri.org/ AddResponse"`
	AddResult int32    `xml:"AddResult"`
}

type echoRequest struct {
	XMLName struct{} `xml:"http://tempuri.org/ Echo"`
	Text    *string  `xml:"text"`
}

type echoResponse struct {
	XMLName    struct{} `xml:"http://tempuri.org/ EchoResponse"`
	EchoResult *string  `xml:"EchoResult"`
}

const calcNS = "http://tempuri.org/ICalculator/"

func request(version soap.MessageVersion, to, op string, body any) *soap.Message {
	m := soap.NewMessage(version, calcNS+op, body)
	m.To = to
	m.ReplyTo = &soap.EndpointReference{Address: soap.Addressing10.Anonymous()}
	return m
}

// TestGoClientMonoNetTCPHost: a Go client built from nettcp + soap (the
// duplex session channel of NetTCPBinding) calls Add and Echo on a Mono WCF
// NetTcpBinding(SecurityMode.None) host.
func TestGoClientMonoNetTCPHost(t *testing.T) {
	monotest.Require(t)
	ep := monotest.NewEndpoint(t, monotest.NetTCP)
	monotest.StartHost(t, ep)

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	b := servicemodel.NewNetTCPBinding()
	ch, err := b.DialChannel(ctx, ep.Address)
	if err != nil {
		t.Fatalf("dial %s: %v", ep.Address, err)
	}
	var sum addResponse
	err = ch.Request(ctx, request(b.MessageVersion(), ep.Address, "Add", &addRequest{A: 2, B: 3}),
		func(r *soap.Message) error {
			if r.Action != calcNS+"AddResponse" {
				t.Errorf("reply Action = %q", r.Action)
			}
			return r.DecodeBody(&sum)
		})
	if err != nil || sum.AddResult != 5 {
		t.Fatalf("Add(2,3) = %d, %v; want 5", sum.AddResult, err)
	}
	for _, text := range []string{"hello", "<&> ünïcödé", strings.Repeat("x", 3000)} {
		var out echoResponse
		err = ch.Request(ctx, request(b.MessageVersion(), ep.Address, "Echo", &echoRequest{Text: &text}),
			func(r *soap.Message) error { return r.DecodeBody(&out) })
		if err != nil || out.EchoResult == nil || *out.EchoResult != text {
			t.Fatalf("Echo(%.20q) = %v, %v", text, out.EchoResult, err)
		}
	}
	if err := ch.Close(ctx); err != nil {
		t.Errorf("Close: %v", err)
	}
}

// TestMonoClientGoNetTCPServer: a Mono WCF client calls Add and Echo on a
// minimal Go server built from nettcp + soap.
func TestMonoClientGoNetTCPServer(t *testing.T) {
	monotest.Require(t)
	ep := monotest.NewEndpoint(t, monotest.NetTCP)
	b := servicemodel.NewNetTCPBinding()
	ln, err := b.Listen(ep.Address, servicemodel.ListenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := ln.Start(); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	defer func() { ln.Abort(); wg.Wait() }()
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			ch, err := ln.Accept(context.Background())
			if err != nil {
				return
			}
			wg.Add(1)
			go func() { defer wg.Done(); serveAddEcho(t, ch) }()
		}
	}()
	res, err := monotest.RunClient(t, monotest.NetTCP, ep.Address, "add", "echo")
	if err != nil {
		t.Fatalf("Mono client: %v (ops %+v)", err, res.Ops)
	}
	for _, op := range []string{"add", "echo"} {
		if r, ok := res.Op(op); !ok || !r.OK {
			t.Errorf("op %s: %+v", op, r)
		}
	}
}

// serveAddEcho is a minimal dispatcher: Add and Echo, one call at a time.
func serveAddEcho(t *testing.T, ch servicemodel.ServerChannel) {
	ctx := context.Background()
	for {
		rc, err := ch.Receive(ctx)
		if err != nil {
			if errors.Is(err, io.EOF) {
				_ = ch.Close(ctx)
			} else {
				ch.Abort()
			}
			return
		}
		m := rc.Message()
		var reply *soap.Message
		switch m.Action {
		case calcNS + "Add":
			var req addRequest
			if err := m.DecodeBody(&req); err != nil {
				t.Errorf("decode Add: %v", err)
				ch.Abort()
				return
			}
			reply = soap.NewMessage(m.Version, calcNS+"AddResponse", &addResponse{AddResult: req.A + req.B})
		case calcNS + "Echo":
			var req echoRequest
			if err := m.DecodeBody(&req); err != nil {
				t.Errorf("decode Echo: %v", err)
				ch.Abort()
				return
			}
			reply = soap.NewMessage(m.Version, calcNS+"EchoResponse", &echoResponse{EchoResult: req.Text})
		default:
			reply = soap.NewFaultMessage(m.Version, soap.ActionNotSupportedFault(m.Action))
		}
		reply.RelatesTo = m.MessageID
		if err := rc.Reply(ctx, reply); err != nil {
			t.Errorf("reply: %v", err)
			return
		}
	}
}
