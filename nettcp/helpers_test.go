package nettcp

import (
	"context"
	"fmt"
	"net"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// testCtx returns a context bounded by d, cancelled at cleanup.
func testCtx(t testing.TB, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

// newTestListener listens on loopback with one duplex endpoint at /calc.
func newTestListener(t testing.TB, cfg *ListenerConfig) (*Listener, string) {
	t.Helper()
	l, err := Listen("tcp", "127.0.0.1:0", cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	if err := l.Handle("/calc", EndpointConfig{}); err != nil {
		t.Fatal(err)
	}
	return l, fmt.Sprintf("net.tcp://%s/calc", l.Addr())
}

// echoServer accepts sessions and echoes every envelope until End, then
// closes the session. It returns a wait function.
func echoServer(t testing.TB, l *Listener) (wait func()) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			s, err := l.Accept(context.Background())
			if err != nil {
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				echo(s)
			}()
		}
	}()
	return wg.Wait
}

// echo serves one session: envelopes back, End answered with Close.
func echo(s *Session) {
	ctx := context.Background()
	var buf []byte
	for {
		var err error
		buf, err = s.Receive(ctx, buf[:0])
		if err != nil {
			s.Close(ctx)
			return
		}
		if s.Send(ctx, buf) != nil {
			return
		}
	}
}

// pipeListener is a net.Listener over net.Pipe connections.
type pipeListener struct {
	conns chan net.Conn
	done  chan struct{}
	once  sync.Once
}

func newPipeListener() *pipeListener {
	return &pipeListener{conns: make(chan net.Conn), done: make(chan struct{})}
}

// dial returns the client end of a new pipe whose server end is accepted.
func (p *pipeListener) dial() net.Conn {
	c, s := net.Pipe()
	select {
	case p.conns <- s:
	case <-p.done:
		s.Close()
	}
	return c
}

func (p *pipeListener) Accept() (net.Conn, error) {
	select {
	case c := <-p.conns:
		return c, nil
	case <-p.done:
		return nil, net.ErrClosed
	}
}

func (p *pipeListener) Close() error { p.once.Do(func() { close(p.done) }); return nil }

func (p *pipeListener) Addr() net.Addr { return pipeAddr{} }

type pipeAddr struct{}

func (pipeAddr) Network() string { return "pipe" }
func (pipeAddr) String() string  { return "pipe" }

// waitReading waits up to 5 s for a goroutine blocked reading s: in
// s.Receive, waiting on the connection for bytes that have not come. It
// lets a test act on a Receive that is blocked, not one about to start
// (which takes a pending interrupt or abort on another path). The
// goroutine is told from others by s, the receiver its stack prints.
func waitReading(t testing.TB, s *Session) {
	t.Helper()
	frame := fmt.Sprintf("nettcp.(*Session).Receive(%p", s)
	deadline := time.Now().Add(5 * time.Second)
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		for _, g := range strings.Split(string(buf[:n]), "\n\n") {
			header, _, _ := strings.Cut(g, "\n")
			if strings.Contains(header, "[IO wait") && strings.Contains(g, frame) {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("no Receive blocked reading")
		}
		time.Sleep(time.Millisecond) // poll interval: the condition is checked, not assumed
	}
}
