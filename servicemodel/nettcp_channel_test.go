package servicemodel

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"sync/atomic"
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

// echoPeer is the service side of serveEcho.
type echoPeer struct {
	wg sync.WaitGroup
	// slowGate, when set before requests come, holds "slow" replies until
	// it closes instead of for 50 ms.
	slowGate chan struct{}
	// overtaken counts "slow" replies sent after the reply to a request
	// that the same channel received later: replies out of order.
	overtaken atomic.Int32
	slowIn    atomic.Int32 // "slow" requests received
}

// serveEcho answers Echo requests on every channel of ln until it closes;
// a request whose text is "slow" is answered after 50 ms (or slowGate).
func serveEcho(t testing.TB, ln ChannelListener) *echoPeer {
	e := new(echoPeer)
	e.wg.Add(1)
	go func() {
		defer e.wg.Done()
		for {
			ch, err := ln.Accept(context.Background())
			if err != nil {
				return
			}
			e.wg.Add(1)
			go func() {
				defer e.wg.Done()
				var last atomic.Int64 // the highest arrival index replied to
				for n := int64(1); ; n++ {
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
					if req.Text == "slow" {
						e.slowIn.Add(1)
					}
					go func() {
						if req.Text == "slow" {
							if e.slowGate != nil {
								<-e.slowGate
							} else {
								time.Sleep(50 * time.Millisecond) // a slow reply: the behaviour under test
							}
						}
						// Counted before the reply goes, so that a caller
						// that has its reply finds it counted.
						if req.Text == "slow" && last.Load() > n {
							e.overtaken.Add(1)
						}
						for cur := last.Load(); cur < n && !last.CompareAndSwap(cur, n); cur = last.Load() {
						}
						_ = rc.Reply(context.Background(), reply)
					}()
				}
			}()
		}
	}()
	return e
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

// dialEcho starts an echo service on a net.tcp listener (set up by
// prepare, when not nil, before it serves) and dials a channel to it; end
// closes the channel (an error fails t), then the listener, and waits for
// the service.
func dialEcho(ctx context.Context, t *testing.T, prepare func(*echoPeer)) (addr string, c ClientChannel, e *echoPeer, end func()) {
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
	e = serveEcho(t, ln)
	if prepare != nil {
		prepare(e)
	}
	c, err = b.DialChannel(ctx, addr)
	if err != nil {
		ln.Close()
		e.wg.Wait()
		t.Fatal(err)
	}
	return addr, c, e, func() {
		if err := c.Close(ctx); err != nil {
			t.Errorf("Close: %v", err)
		}
		ln.Close()
		e.wg.Wait()
	}
}

// TestDuplexConcurrentCallsOneSession runs many goroutines over one
// net.tcp session, with replies sent out of order: the slow calls go
// first, and their replies wait until every later call has its own. Each
// caller must get its own reply.
func TestDuplexConcurrentCallsOneSession(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	gate := make(chan struct{})
	addr, c, e, end := dialEcho(ctx, t, func(e *echoPeer) { e.slowGate = gate })
	defer end()
	var slow, fast sync.WaitGroup
	call := func(wg *sync.WaitGroup, i int, text string) {
		wg.Go(func() {
			if got, err := echoCall(ctx, c, addr, text); err != nil || got != text {
				t.Errorf("call %d: got %q, %v; want %q", i, got, err, text)
			}
		})
	}
	const nSlow, nFast = 10, 40
	for i := range nSlow {
		call(&slow, i, "slow")
	}
	for e.slowIn.Load() != nSlow { // poll: the condition is checked, not assumed
		if ctx.Err() != nil {
			t.Fatalf("the service received %d slow requests, want %d", e.slowIn.Load(), nSlow)
		}
		time.Sleep(time.Millisecond)
	}
	for i := range nFast {
		call(&fast, nSlow+i, fmt.Sprintf("call-%d", i))
	}
	fast.Wait()
	close(gate)
	slow.Wait()
	if n := e.overtaken.Load(); n != nSlow {
		t.Errorf("slow replies sent after a later request's = %d, want %d", n, nSlow)
	}
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
	addr, c, _, end := dialEcho(ctx, t, nil)
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
