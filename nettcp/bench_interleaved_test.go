package nettcp

import (
	"context"
	"io"
	"net"
	"testing"
	"time"
)

// BenchmarkRoundTripInterleaved compares, in one run, a 300-byte envelope
// round trip over a framing session with a plain 300-byte TCP ping-pong,
// alternating blocks of each so that machine noise and drift fall on both
// alike. It reports framing-ns/op, plain-ns/op and overhead-% (framing over
// plain); ns/op is the mean of the two.
func BenchmarkRoundTripInterleaved(b *testing.B) {
	msg := make([]byte, 300)
	ctx := context.Background()

	l, via := newTestListener(b, nil)
	wait := echoServer(b, l)
	defer func() { l.Close(); wait() }()
	s, err := Dial(ctx, via, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close(ctx)

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer ln.Close()
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		buf := make([]byte, len(msg))
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
	defer c.Close()

	framed := func(n int) time.Duration {
		buf := make([]byte, 0, 512)
		start := time.Now()
		for i := 0; i < n; i++ {
			if err := s.Send(ctx, msg); err != nil {
				b.Fatal(err)
			}
			if buf, err = s.Receive(ctx, buf[:0]); err != nil {
				b.Fatal(err)
			}
		}
		return time.Since(start)
	}
	plain := func(n int) time.Duration {
		buf := make([]byte, len(msg))
		start := time.Now()
		for i := 0; i < n; i++ {
			if _, err := c.Write(msg); err != nil {
				b.Fatal(err)
			}
			if _, err := io.ReadFull(c, buf); err != nil {
				b.Fatal(err)
			}
		}
		return time.Since(start)
	}
	framed(100) // warm both
	plain(100)
	const block = 200
	var tf, tp time.Duration
	nf, np := 0, 0
	b.ResetTimer()
	for done := 0; done < b.N; done += 2 * block {
		if (done/(2*block))%2 == 0 { // alternate which goes first
			tf += framed(block)
			tp += plain(block)
		} else {
			tp += plain(block)
			tf += framed(block)
		}
		nf += block
		np += block
	}
	b.StopTimer()
	fns := float64(tf.Nanoseconds()) / float64(nf)
	pns := float64(tp.Nanoseconds()) / float64(np)
	b.ReportMetric(fns, "framing-ns/op")
	b.ReportMetric(pns, "plain-ns/op")
	b.ReportMetric(100*(fns-pns)/pns, "overhead-%")
}
