package nettcp

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"testing"
	"time"
)

// TestParkedReader: a plain-TCP server session holds no read buffer
// between messages, and reads every message right however its bytes
// arrive — whole, split across writes, larger than the pooled buffers, or
// several in one write.
func TestParkedReader(t *testing.T) {
	l, via := newTestListener(t, &ListenerConfig{MaxMessageSize: 1 << 20})
	ctx := testCtx(t, 20*time.Second)
	c, err := net.Dial("tcp", l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	pre := append(appendPreamble(nil, preamble{ModeDuplex, via, ContentTypeBinarySession}), recPreambleEnd)
	if _, err := c.Write(pre); err != nil {
		t.Fatal(err)
	}
	s, err := l.Accept(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Abort()
	if ack := make([]byte, 1); func() error { _, err := io.ReadFull(c, ack); return err }() != nil || ack[0] != recPreambleAck {
		t.Fatal("no Preamble Ack")
	}
	parked := func() bool {
		s.rmu.Lock()
		defer s.rmu.Unlock()
		return s.br == nil
	}
	if s.lazy == nil || !parked() {
		t.Fatal("an idle plain-TCP session holds a read buffer")
	}
	record := func(body []byte) []byte { return append(appendEnvelopeHeader(nil, len(body)), body...) }
	bodies := [][]byte{
		[]byte("small"),
		bytes.Repeat([]byte("0123456789abcdef"), 4096), // 64 KiB: several reads past the first chunk
		[]byte(strings.Repeat("x", connectionBufferSize-2)),
		[]byte("split"),
	}
	for i, body := range bodies {
		rec := record(body)
		if i == len(bodies)-1 { // split mid-size and mid-body
			for _, part := range [][]byte{rec[:1], rec[1:3], rec[3:]} {
				if _, err := c.Write(part); err != nil {
					t.Fatal(err)
				}
			}
		} else if _, err := c.Write(rec); err != nil {
			t.Fatal(err)
		}
		got, err := s.Receive(ctx, nil)
		if err != nil {
			t.Fatalf("message %d: %v", i, err)
		}
		if !bytes.Equal(got, body) {
			t.Fatalf("message %d: got %d bytes, want %d", i, len(got), len(body))
		}
		if !parked() {
			t.Errorf("message %d: the reader was not given back with nothing buffered", i)
		}
	}
	// Two messages and End in one write: the reader stays while bytes are
	// buffered, and End is seen.
	var burst []byte
	for i := range 2 {
		burst = append(burst, record([]byte(fmt.Sprint("burst ", i)))...)
	}
	burst = append(burst, recEnd)
	if _, err := c.Write(burst); err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		got, err := s.Receive(ctx, nil)
		if err != nil || string(got) != fmt.Sprint("burst ", i) {
			t.Fatalf("burst %d: %q, %v", i, got, err)
		}
	}
	if _, err := s.Receive(ctx, nil); err != io.EOF {
		t.Fatalf("after End: %v, want io.EOF", err)
	}
}

// TestParkedReaderDeadline: a parked session's wait honours the receive
// deadline.
func TestParkedReaderDeadline(t *testing.T) {
	l, via := newTestListener(t, &ListenerConfig{ReceiveTimeout: 50 * time.Millisecond})
	ctx := testCtx(t, 10*time.Second)
	dialed := make(chan error, 1)
	go func() {
		c, err := Dial(ctx, via, nil) // returns once Accept acknowledged it
		if err == nil {
			t.Cleanup(c.Abort)
		}
		dialed <- err
	}()
	s, err := l.Accept(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Abort()
	if err := <-dialed; err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if _, err := s.Receive(context.Background(), nil); !errors.Is(err, ErrTimeout) {
		t.Fatalf("Receive on a silent session: %v, want ErrTimeout", err)
	}
	if el := time.Since(start); el > 5*time.Second {
		t.Errorf("the 50ms receive timeout fired after %v", el)
	}
}
