package nettcp

import (
	"context"
	"io"
	"net"
	"testing"
)

// BenchmarkRoundTrip compares a 300-byte envelope round trip over one
// loopback connection (framing) with a plain 300-byte TCP ping-pong (plain).
func BenchmarkRoundTrip(b *testing.B) {
	msg := make([]byte, 300)
	b.Run("framing", func(b *testing.B) {
		l, via := newTestListener(b, nil)
		ctx := context.Background()
		srvDone := make(chan struct{})
		go func() {
			defer close(srvDone)
			s, err := l.Accept(ctx)
			if err != nil {
				return
			}
			echo(s)
		}()
		s, err := Dial(ctx, via, nil)
		if err != nil {
			b.Fatal(err)
		}
		buf := make([]byte, 0, 512)
		b.ReportAllocs()
		b.SetBytes(int64(len(msg)))
		for b.Loop() {
			if err := s.Send(ctx, msg); err != nil {
				b.Fatal(err)
			}
			if buf, err = s.Receive(ctx, buf[:0]); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		s.Close(ctx)
		<-srvDone
		l.Close()
	})
	b.Run("plain", func(b *testing.B) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			b.Fatal(err)
		}
		defer ln.Close()
		srvDone := make(chan struct{})
		go func() {
			defer close(srvDone)
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close()
			buf := make([]byte, 300)
			for {
				if _, err := io.ReadFull(c, buf); err != nil {
					return
				}
				if _, err := c.Write(buf); err != nil {
					return
				}
			}
		}()
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			b.Fatal(err)
		}
		buf := make([]byte, 300)
		b.ReportAllocs()
		b.SetBytes(int64(len(msg)))
		for b.Loop() {
			if _, err := c.Write(msg); err != nil {
				b.Fatal(err)
			}
			if _, err := io.ReadFull(c, buf); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		c.Close()
		<-srvDone
	})
}

// TestSendReceiveAllocs guards the hot path: no allocation per envelope on
// Send or Receive once buffers are warm.
func TestSendReceiveAllocs(t *testing.T) {
	l, via := newTestListener(t, nil)
	wait := echoServer(t, l)
	defer func() { l.Close(); wait() }()
	ctx := context.Background()
	s, err := Dial(testCtx(t, 5e9), via, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(ctx)
	msg, buf := make([]byte, 300), make([]byte, 0, 512)
	allocs := testing.AllocsPerRun(200, func() {
		if err := s.Send(ctx, msg); err != nil {
			t.Fatal(err)
		}
		if buf, err = s.Receive(ctx, buf[:0]); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > 2 {
		t.Errorf("Send+Receive: %v allocs per round trip, want ≤ 2", allocs)
	}
}
