package servicemodel

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/wwsgo/wws/soap"
)

type echoReq struct {
	XMLName struct{} `xml:"http://tempuri.org/ Echo"`
	Text    string   `xml:"text"`
}

type echoResp struct {
	XMLName    struct{} `xml:"http://tempuri.org/ EchoResponse"`
	EchoResult string   `xml:"EchoResult"`
}

const echoAction = "http://tempuri.org/IEcho/Echo"

// freeAddr returns a net.tcp address on a free loopback port.
func freeAddr(t testing.TB, path string) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return fmt.Sprintf("net.tcp://%s%s", l.Addr(), path)
}

// serveEcho answers Echo requests on every channel of ln until it closes;
// a request whose text is "slow" is answered after 50 ms.
func serveEcho(t testing.TB, ln ChannelListener) *sync.WaitGroup {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			ch, err := ln.Accept(context.Background())
			if err != nil {
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					rc, err := ch.Receive(context.Background())
					if err != nil {
						if errors.Is(err, io.EOF) {
							_ = ch.Close(context.Background())
						}
						return
					}
					var req echoReq
					m := rc.Message()
					if err := m.DecodeBody(&req); err != nil {
						t.Errorf("server decode: %v", err)
						return
					}
					reply := soap.NewMessage(m.Version, echoAction+"Response", &echoResp{EchoResult: req.Text})
					reply.RelatesTo = m.MessageID
					go func() {
						if req.Text == "slow" {
							time.Sleep(50 * time.Millisecond)
						}
						_ = rc.Reply(context.Background(), reply)
					}()
				}
			}()
		}
	}()
	return &wg
}

func echoCall(ctx context.Context, c ClientChannel, addr, text string) (string, error) {
	m := soap.NewMessage(soap.Soap12WSAddressing10, echoAction, &echoReq{Text: text})
	m.To = addr
	m.ReplyTo = &soap.EndpointReference{Address: soap.Addressing10.Anonymous()}
	var out echoResp
	err := c.Request(ctx, m, func(r *soap.Message) error {
		if r.To != soap.Addressing10.Anonymous() {
			return fmt.Errorf("reply To = %q, want anonymous", r.To)
		}
		return r.DecodeBody(&out)
	})
	return out.EchoResult, err
}

// dialEcho starts an echo service on a net.tcp listener and dials a
// channel to it; end closes the channel (an error fails t), then the
// listener, and waits for the service.
func dialEcho(ctx context.Context, t *testing.T) (addr string, c ClientChannel, end func()) {
	t.Helper()
	b := NewNetTCPBinding()
	addr = freeAddr(t, "/echo")
	ln, err := b.Listen(addr, ListenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := ln.Start(); err != nil {
		t.Fatal(err)
	}
	wg := serveEcho(t, ln)
	c, err = b.DialChannel(ctx, addr)
	if err != nil {
		ln.Close()
		wg.Wait()
		t.Fatal(err)
	}
	return addr, c, func() {
		if err := c.Close(ctx); err != nil {
			t.Errorf("Close: %v", err)
		}
		ln.Close()
		wg.Wait()
	}
}

// TestDuplexConcurrentCallsOneSession runs many goroutines over one
// net.tcp session, with replies sent out of order: each caller must get
// its own reply.
func TestDuplexConcurrentCallsOneSession(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	addr, c, end := dialEcho(ctx, t)
	defer end()
	var calls sync.WaitGroup
	for i := 0; i < 50; i++ {
		calls.Add(1)
		go func() {
			defer calls.Done()
			text := fmt.Sprintf("call-%d", i)
			if i%5 == 0 {
				text = "slow"
			}
			got, err := echoCall(ctx, c, addr, text)
			if err != nil || got != text {
				t.Errorf("call %d: got %q, %v; want %q", i, got, err, text)
			}
		}()
	}
	calls.Wait()
}

// TestDuplexDisconnectFailsPending: aborting the server side fails a
// pending request with ErrEndpointDisconnected.
func TestDuplexDisconnectFailsPending(t *testing.T) {
	b := NewNetTCPBinding()
	addr := freeAddr(t, "/drop")
	ln, err := b.Listen(addr, ListenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := ln.Start(); err != nil {
		t.Fatal(err)
	}
	got := make(chan ServerChannel, 1)
	go func() {
		ch, err := ln.Accept(context.Background())
		if err == nil {
			_, _ = ch.Receive(context.Background()) // take the request, never answer
			got <- ch
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := b.DialChannel(ctx, addr)
	if err != nil {
		t.Fatal(err)
	}
	res := make(chan error, 1)
	go func() { _, err := echoCall(ctx, c, addr, "x"); res <- err }()
	ch := <-got
	ch.Abort()
	if err := <-res; !errors.Is(err, ErrEndpointDisconnected) {
		t.Fatalf("pending call: err = %v, want ErrEndpointDisconnected", err)
	}
	<-c.Done()
	ln.Abort()
}

// TestDuplexReusedPendingCalls: pending calls are reused from one request
// to the next; a request withdrawn while its reply is late, or while a
// reader delivers it, leaves nothing for a later request to find.
func TestDuplexReusedPendingCalls(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	addr, c, end := dialEcho(ctx, t)
	defer end()
	var calls sync.WaitGroup
	for i := range 8 {
		calls.Go(func() {
			for j := range 20 {
				if j%4 == 0 {
					short, stop := context.WithTimeout(ctx, time.Duration(40+i*2)*time.Millisecond)
					_, _ = echoCall(short, c, addr, "slow") // withdrawn about when its reply comes
					stop()
					continue
				}
				text := fmt.Sprintf("call-%d-%d", i, j)
				if got, err := echoCall(ctx, c, addr, text); err != nil || got != text {
					t.Errorf("got %q, %v; want %q", got, err, text)
				}
			}
		})
	}
	calls.Wait()
}

// TestDuplexRequestCancelledWhileReading: a Request whose context can be
// cancelled reads its own reply on its goroutine; cancelling the context
// while it waits for a reply that never comes wakes it with the context's
// error, and the session goes on serving the next request.
func TestDuplexRequestCancelledWhileReading(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	b := NewNetTCPBinding()
	addr := freeAddr(t, "/mute")
	ln, err := b.Listen(addr, ListenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := ln.Start(); err != nil {
		t.Fatal(err)
	}
	defer ln.Abort()
	first := make(chan struct{})
	go func() {
		ch, err := ln.Accept(ctx)
		if err != nil {
			return
		}
		defer ch.Abort()
		if _, err := ch.Receive(ctx); err != nil { // the first request: never answered
			return
		}
		close(first)
		rc, err := ch.Receive(ctx)
		if err != nil {
			return
		}
		m := rc.Message()
		var req echoReq
		if err := m.DecodeBody(&req); err != nil {
			return
		}
		reply := soap.NewMessage(m.Version, echoAction+"Response", &echoResp{EchoResult: req.Text})
		reply.RelatesTo = m.MessageID
		_ = rc.Reply(ctx, reply)
	}()
	c, err := b.DialChannel(ctx, addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Abort()

	callCtx, stop := context.WithCancel(ctx)
	res := make(chan error, 1)
	go func() { _, err := echoCall(callCtx, c, addr, "never"); res <- err }()
	<-first
	stop()
	if err := <-res; !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled request: err = %v, want context.Canceled", err)
	}
	if got, err := echoCall(ctx, c, addr, "next"); err != nil || got != "next" {
		t.Fatalf("next request: got %q, %v", got, err)
	}
}
