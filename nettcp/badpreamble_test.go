package nettcp

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// TestBadPreambles sends hostile preambles over real loopback sockets, one
// connection per case, while a well-formed session keeps exchanging
// envelopes on the same listener.
func TestBadPreambles(t *testing.T) {
	cfg := &ListenerConfig{ChannelInitializationTimeout: 400 * time.Millisecond, FaultDrainTimeout: 200 * time.Millisecond}
	l, via := newTestListener(t, cfg)
	if err := l.Handle("/stream", EndpointConfig{Mode: ModeSingletonUnsized}); err != nil {
		t.Fatal(err)
	}
	wait := echoServer(t, l)
	defer func() { l.Close(); wait() }()
	addr := l.Addr().String()

	good := startChatter(t, via)
	viaRec := func(v string) []byte { return appendString([]byte{recVia}, v) }
	pre := func(mode Mode, v string, enc ...byte) []byte {
		return bytes.Join([][]byte{{0, 1, 0, recMode, byte(mode)}, viaRec(v), enc}, nil)
	}
	ok := pre(ModeDuplex, via, recKnownEncoding, 8)
	fault := func(c FaultCode) []byte { return appendFault(nil, c) }
	ack := []byte{recPreambleAck}
	tests := []struct {
		name string
		send []byte
		want []byte // exact bytes the server sends before closing
	}{
		{"endpoint not found", append(pre(ModeDuplex, "net.tcp://"+addr+"/nope", 3, 8), 0x0c), fault(FaultEndpointNotFound)},
		{"content type invalid", append(pre(ModeDuplex, via, 3, 3), 0x0c), fault(FaultContentTypeInvalid)},
		{"unsupported version", []byte{0, 2, 0, 1, 2}, fault(FaultUnsupportedVersion)},
		{"unsupported mode 3", append(pre(ModeSimplex, via, 3, 8), 0x0c), fault(FaultUnsupportedMode)},
		{"mode mismatch", append(pre(ModeSingletonUnsized, via, 3, 7), 0x0c), fault(FaultUnsupportedMode)},
		{"via too long", append([]byte{0, 1, 0, 1, 2, 2}, appendSize(nil, 2049)...), fault(FaultViaTooLong)},
		{"content type too long", append(pre(ModeDuplex, via, 4), appendSize(nil, 257)...), fault(FaultContentTypeTooLong)},
		{"upgrade invalid", appendUpgradeRequest(ok, UpgradeTLS), fault(FaultUpgradeInvalid)},
		{"max message size", bytes.Join([][]byte{ok, {0x0c, 6}, appendSize(nil, 65537)}, nil), append(ack, fault(FaultMaxMessageSizeExceeded)...)},
		{"garbage first bytes", []byte("GET / HTTP/1.1\r\n\r\n"), nil},
		{"truncated preamble", ok[:9], nil},
		{"silence", nil, nil},
		{"size beyond 2^31", bytes.Join([][]byte{ok, {0x0c, 6, 0xff, 0xff, 0xff, 0xff, 0x0f}}, nil), ack},
		{"unexpected record in preamble", append(ok, recPreambleAck), nil},
		{"bytes after End", append(ok, 0x0c, recEnd, 6, 1, 'x'), []byte{recPreambleAck, recEnd}},
		{"stream endpoint wrong encoding", append(pre(ModeSingletonUnsized, "net.tcp://"+addr+"/stream", 3, 8), 0x0c), fault(FaultContentTypeInvalid)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, elapsed := exchangeRaw(t, addr, tt.send)
			if !bytes.Equal(got, tt.want) {
				t.Errorf("got % x (%q), want % x", got, got, tt.want)
			}
			if elapsed > 3*time.Second {
				t.Errorf("server took %v to close", elapsed)
			}
		})
	}
	n := good.stop(t)
	if n < 2 {
		t.Errorf("concurrent session exchanged %d envelopes, want several", n)
	}
}

// exchangeRaw writes send (nothing for silence) and reads until the server
// closes.
func exchangeRaw(t *testing.T, addr string, send []byte) ([]byte, time.Duration) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	start := time.Now()
	if len(send) > 0 {
		if _, err := c.Write(send); err != nil {
			t.Fatal(err)
		}
	}
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	got, err := io.ReadAll(c)
	if err != nil && !isReset(err) {
		t.Fatalf("read: %v", err)
	}
	return got, time.Since(start)
}

func isReset(err error) bool { return errors.Is(err, syscall.ECONNRESET) }

// chatter is a session that exchanges envelopes in the background.
type chatter struct {
	n    atomic.Int64
	quit chan struct{}
	wg   sync.WaitGroup
	err  error
}

func startChatter(t *testing.T, via string) *chatter {
	ctx := testCtx(t, 30*time.Second)
	s, err := Dial(ctx, via, nil)
	if err != nil {
		t.Fatal(err)
	}
	c := &chatter{quit: make(chan struct{})}
	c.wg.Add(1)
	go func() {
		defer c.wg.Done()
		defer s.Close(ctx)
		var buf []byte
		for i := 0; ; i++ {
			select {
			case <-c.quit:
				return
			case <-time.After(10 * time.Millisecond):
			}
			msg := fmt.Appendf(nil, "msg %d", i)
			if err := s.Send(ctx, msg); err != nil {
				c.err = err
				return
			}
			if buf, err = s.Receive(ctx, buf[:0]); err != nil || !bytes.Equal(buf, msg) {
				c.err = fmt.Errorf("receive %d: %q, %v", i, buf, err)
				return
			}
			c.n.Add(1)
		}
	}()
	return c
}

func (c *chatter) stop(t *testing.T) int64 {
	close(c.quit)
	c.wg.Wait()
	if c.err != nil {
		t.Errorf("concurrent session: %v", c.err)
	}
	return c.n.Load()
}

// TestQueueTimeout: a session whose preamble is complete but that nobody
// accepts within QueueTimeout is refused with ServerTooBusy.
func TestQueueTimeout(t *testing.T) {
	l, via := newTestListener(t, &ListenerConfig{QueueTimeout: 50 * time.Millisecond, FaultDrainTimeout: 100 * time.Millisecond})
	defer l.Close()
	ctx := testCtx(t, 10*time.Second)
	_, err := Dial(ctx, via, nil)
	if !errors.Is(err, ErrServerTooBusy) {
		t.Fatalf("Dial with nobody accepting: got %v, want ErrServerTooBusy", err)
	}
	// The refused connection gives its pending slot back.
	waitFor(t, func() bool { st := l.Stats(); return st.Refused == 1 && st.Pending == 0 && st.Queued == 0 })
}

// TestPendingBound: at MaxPendingConnections the listener stops accepting
// (WCF's ConnectionAcceptor); the next client waits in the backlog, is not
// refused, and is served once a pending session is handed over.
func TestPendingBound(t *testing.T) {
	l, via := newTestListener(t, &ListenerConfig{MaxPendingConnections: 1})
	defer l.Close()
	ctx := testCtx(t, 10*time.Second)
	type dialed struct {
		s   *Session
		err error
	}
	results := make(chan dialed, 2)
	dial := func() {
		s, err := Dial(ctx, via, nil)
		results <- dialed{s, err}
	}
	go dial()
	waitFor(t, func() bool { st := l.Stats(); return st.Queued == 1 })
	go dial()
	waitFor(t, func() bool { return l.Stats().Paused >= 1 })
	if st := l.Stats(); st.Pending != 1 || st.Queued != 1 {
		t.Fatalf("at the bound: %+v, want 1 pending, 1 queued", st)
	}
	for range 2 {
		s, err := l.Accept(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Abort()
		r := <-results
		if r.err != nil {
			t.Fatalf("Dial: %v", r.err)
		}
		defer r.s.Abort()
	}
	if st := l.Stats(); st.Refused != 0 {
		t.Fatalf("refused %d, want 0", st.Refused)
	}
}

// waitFor polls cond, yielding, until it holds or the test's time is up.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition never held")
		}
		runtime.Gosched()
	}
}

func TestDialFaults(t *testing.T) {
	l, via := newTestListener(t, nil)
	wait := echoServer(t, l)
	defer func() { l.Close(); wait() }()
	ctx := testCtx(t, 10*time.Second)
	tests := []struct {
		name string
		via  string
		cfg  *ClientConfig
		want error
	}{
		{"endpoint", via + "x", nil, ErrEndpointNotFound},
		{"content type", via, &ClientConfig{ContentType: ContentTypeSoap12UTF8}, ErrContentTypeInvalid},
		{"upgrade", via, &ClientConfig{Upgrader: &TLSUpgrader{}}, ErrUpgradeInvalid},
		{"mode", via, nil, ErrUnsupportedMode}, // DialStream below
		{"bad via", "http://" + l.Addr().String() + "/calc", nil, ErrInvalidVia},
	}
	for _, tt := range tests {
		var err error
		if tt.name == "mode" {
			_, err = DialStream(ctx, tt.via, tt.cfg)
		} else {
			_, err = Dial(ctx, tt.via, tt.cfg)
		}
		if !errors.Is(err, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, err, tt.want)
		}
	}
}

func TestDialHTTPPeer(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	done := make(chan struct{})
	go func() {
		defer close(done)
		c, err := ln.Accept()
		if err != nil {
			return
		}
		c.Write([]byte("HTTP/1.1 400 Bad Request\r\n\r\n"))
		c.Close()
	}()
	_, err = Dial(testCtx(t, 5*time.Second), "net.tcp://"+ln.Addr().String()+"/x", nil)
	if !errors.Is(err, ErrLooksLikeHTTP) {
		t.Fatalf("got %v, want ErrLooksLikeHTTP", err)
	}
	<-done
}
