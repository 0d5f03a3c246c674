package nettcp

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"sync"
	"testing"
	"time"
)

// roundTrip sends msg and expects it echoed.
func roundTrip(t *testing.T, ctx context.Context, s *Session, msg string) {
	t.Helper()
	if err := s.Send(ctx, []byte(msg)); err != nil {
		t.Fatalf("Send: %v", err)
	}
	got, err := s.Receive(ctx, nil)
	if err != nil || string(got) != msg {
		t.Fatalf("Receive: got %q, %v; want %q", got, err, msg)
	}
}

func TestPoolReuseAfterEnd(t *testing.T) {
	l, via := newTestListener(t, nil)
	wait := echoServer(t, l)
	defer func() { l.Close(); wait() }()
	ctx := testCtx(t, 10*time.Second)
	pool := NewPool(nil)
	defer pool.Close()
	cfg := &ClientConfig{Pool: pool}
	var local net.Addr
	for i := range 3 {
		s, err := Dial(ctx, via, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if i > 0 && s.LocalAddr().String() != local.String() {
			t.Errorf("session %d: local addr %v, want reused %v", i, s.LocalAddr(), local)
		}
		local = s.LocalAddr()
		roundTrip(t, ctx, s, "hello")
		if err := s.Close(ctx); err != nil {
			t.Fatal(err)
		}
		if got := pool.Idle(); got != 1 {
			t.Fatalf("after close %d: pool idle %d, want 1", i, got)
		}
	}
}

func TestPoolExpiry(t *testing.T) {
	l, via := newTestListener(t, nil)
	wait := echoServer(t, l)
	defer func() { l.Close(); wait() }()
	ctx := testCtx(t, 10*time.Second)
	tests := []struct {
		name string
		cfg  PoolConfig
		idle int // after close
	}{
		{"idle timeout", PoolConfig{IdleTimeout: 50 * time.Millisecond}, 1},
		{"lease timeout", PoolConfig{LeaseTimeout: 50 * time.Millisecond}, 1},
		{"max idle", PoolConfig{MaxIdlePerEndpoint: 1}, 1},
	}
	for _, tt := range tests {
		pool := NewPool(&tt.cfg)
		cfg := &ClientConfig{Pool: pool}
		s1, err := Dial(ctx, via, cfg)
		if err != nil {
			t.Fatal(err)
		}
		s2, err := Dial(ctx, via, cfg)
		if err != nil {
			t.Fatal(err)
		}
		s1.Close(ctx)
		s2.Close(ctx)
		if got := pool.Idle(); got != tt.idle && tt.name == "max idle" {
			t.Errorf("%s: idle %d, want %d", tt.name, got, tt.idle)
		}
		time.Sleep(100 * time.Millisecond)
		s3, err := Dial(ctx, via, cfg)
		if err != nil {
			t.Fatal(err)
		}
		reused := s3.LocalAddr().String() == s1.LocalAddr().String() || s3.LocalAddr().String() == s2.LocalAddr().String()
		if want := tt.name == "max idle"; reused != want {
			t.Errorf("%s: reused %v, want %v", tt.name, reused, want)
		}
		s3.Close(ctx)
		pool.Close()
		if got := pool.Idle(); got != 0 {
			t.Errorf("%s: idle after Close %d", tt.name, got)
		}
	}
}

// TestServerInitiatedClose: the server closes first; the client sees
// io.EOF, closes, and the connection is reused.
func TestServerInitiatedClose(t *testing.T) {
	l, via := newTestListener(t, nil)
	defer l.Close()
	ctx := testCtx(t, 10*time.Second)
	pool := NewPool(nil)
	defer pool.Close()
	errc := make(chan error, 2)
	go func() {
		for range 2 {
			s, err := l.Accept(ctx)
			if err != nil {
				errc <- err
				return
			}
			errc <- s.Close(ctx)
		}
	}()
	for range 2 {
		s, err := Dial(ctx, via, &ClientConfig{Pool: pool})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Receive(ctx, nil); err != io.EOF {
			t.Fatalf("Receive: got %v, want io.EOF", err)
		}
		if err := s.Close(ctx); err != nil {
			t.Fatalf("client Close: %v", err)
		}
		if err := <-errc; err != nil {
			t.Fatalf("server Close: %v", err)
		}
	}
	if got := pool.Idle(); got != 1 {
		t.Errorf("pool idle %d, want 1", got)
	}
}

// TestCloseToleratesPeerFIN: a Mono-like server closes the socket after
// the client's End without sending End.
func TestCloseToleratesPeerFIN(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		buf := make([]byte, 256)
		n, _ := c.Read(buf) // the preamble in one write
		if n > 0 && buf[n-1] == recPreambleEnd {
			c.Write(ackRecord)
		}
		c.Read(buf) // End
	}()
	ctx := testCtx(t, 5*time.Second)
	s, err := Dial(ctx, "net.tcp://"+ln.Addr().String()+"/calc", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(ctx); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if s.Err() != ErrClosed {
		t.Errorf("Err: got %v, want ErrClosed", s.Err())
	}
}

// TestCloseTimeout: a peer that never answers End makes Close return the
// context's error within its deadline.
func TestCloseTimeout(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	hold := make(chan struct{})
	defer close(hold)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		c.Read(make([]byte, 256))
		c.Write(ackRecord)
		<-hold
	}()
	s, err := Dial(testCtx(t, 5*time.Second), "net.tcp://"+ln.Addr().String()+"/calc", nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	err = s.Close(ctx)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Close: got %v, want DeadlineExceeded", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("Close took %v", d)
	}
	if s.State() != StateFaulted {
		t.Errorf("state %v, want Faulted", s.State())
	}
}

func TestAbort(t *testing.T) {
	l, via := newTestListener(t, nil)
	defer l.Close()
	ctx := testCtx(t, 5*time.Second)
	srv := make(chan *Session, 1)
	go func() {
		s, err := l.Accept(ctx)
		if err == nil {
			srv <- s
		}
	}()
	s, err := Dial(ctx, via, nil)
	if err != nil {
		t.Fatal(err)
	}
	ss := <-srv
	recv := make(chan error, 1)
	go func() { _, err := s.Receive(ctx, nil); recv <- err }()
	waitReading(t, s)
	start := time.Now()
	s.Abort()
	s.Abort()
	if d := time.Since(start); d > 50*time.Millisecond {
		t.Errorf("Abort blocked %v", d)
	}
	if err := <-recv; !errors.Is(err, ErrAborted) {
		t.Errorf("pending Receive: got %v, want ErrAborted", err)
	}
	<-s.Done()
	if err := s.Send(ctx, []byte("x")); !errors.Is(err, ErrAborted) {
		t.Errorf("Send after Abort: got %v, want ErrAborted", err)
	}
	// The server sees the connection drop, not an End.
	if _, err := ss.Receive(ctx, nil); err == nil || err == io.EOF {
		t.Errorf("server Receive after client Abort: got %v, want a failure", err)
	}
	<-ss.Done()
}

func TestConcurrentSenders(t *testing.T) {
	l, via := newTestListener(t, nil)
	wait := echoServer(t, l)
	defer func() { l.Close(); wait() }()
	ctx := testCtx(t, 20*time.Second)
	s, err := Dial(ctx, via, nil)
	if err != nil {
		t.Fatal(err)
	}
	const senders, each = 8, 50
	var wg sync.WaitGroup
	for g := range senders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			msg := bytes.Repeat([]byte{byte('a' + g)}, 100+g*1000)
			for range each {
				if err := s.Send(ctx, msg); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	counts := map[byte]int{}
	var buf []byte
	for range senders * each {
		buf, err = s.Receive(ctx, buf[:0])
		if err != nil {
			t.Fatal(err)
		}
		if len(buf) != 100+int(buf[0]-'a')*1000 || bytes.Count(buf, buf[:1]) != len(buf) {
			t.Fatalf("interleaved envelope: %d bytes starting %q", len(buf), buf[:1])
		}
		counts[buf[0]]++
	}
	wg.Wait()
	for g := range senders {
		if counts[byte('a'+g)] != each {
			t.Errorf("sender %d: got %d envelopes, want %d", g, counts[byte('a'+g)], each)
		}
	}
	if err := s.Close(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestReceiveMaxMessageSizeClient(t *testing.T) {
	l, via := newTestListener(t, nil)
	wait := echoServer(t, l)
	defer func() { l.Close(); wait() }()
	ctx := testCtx(t, 5*time.Second)
	s, err := Dial(ctx, via, &ClientConfig{MaxMessageSize: 10})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Send(ctx, make([]byte, 11)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Receive(ctx, nil); !errors.Is(err, ErrMaxMessageSize) {
		t.Fatalf("got %v, want ErrMaxMessageSize", err)
	}
	if s.State() != StateFaulted {
		t.Errorf("state %v, want Faulted", s.State())
	}
}

func TestReceiveContextCancel(t *testing.T) {
	l, via := newTestListener(t, nil)
	wait := echoServer(t, l)
	defer func() { l.Close(); wait() }()
	s, err := Dial(testCtx(t, 5*time.Second), via, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(30*time.Millisecond, cancel)
	if _, err := s.Receive(ctx, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	<-s.Done()
}
