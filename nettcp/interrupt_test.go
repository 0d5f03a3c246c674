package nettcp

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"
	"time"
)

// interruptPair dials a session and returns it with the server's session,
// whose raw connection the test writes records to by hand.
func interruptPair(t *testing.T) (client, server *Session) {
	t.Helper()
	l, via := newTestListener(t, nil)
	ctx := testCtx(t, 10*time.Second)
	accepted := make(chan *Session, 1)
	go func() {
		s, err := l.Accept(ctx)
		if err != nil {
			t.Error(err)
		}
		accepted <- s
	}()
	c, err := Dial(ctx, via, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Abort)
	s := <-accepted
	if s == nil {
		t.FailNow()
	}
	t.Cleanup(s.Abort)
	return c, s
}

// receiveAsync runs one Receive and delivers its result.
func receiveAsync(s *Session) <-chan receiveResult {
	out := make(chan receiveResult, 1)
	go func() {
		b, err := s.Receive(context.Background(), nil)
		out <- receiveResult{b, err}
	}()
	return out
}

type receiveResult struct {
	b   []byte
	err error
}

// TestInterruptReceiveWaiting: a Receive blocked with nothing to read
// returns ErrInterrupted; the session stays open and the next Receive gets
// the next envelope.
func TestInterruptReceiveWaiting(t *testing.T) {
	c, srv := interruptPair(t)
	res := receiveAsync(c)
	waitReading(t, c)
	c.InterruptReceive()
	r := <-res
	if !errors.Is(r.err, ErrInterrupted) {
		t.Fatalf("Receive = %v; want ErrInterrupted", r.err)
	}
	if st := c.State(); st != StateOpen {
		t.Fatalf("state after interrupt %v; want Open", st)
	}
	if err := srv.Send(context.Background(), []byte("after")); err != nil {
		t.Fatal(err)
	}
	b, err := c.Receive(testCtx(t, 5*time.Second), nil)
	if err != nil || string(b) != "after" {
		t.Fatalf("Receive after interrupt = %q, %v; want \"after\"", b, err)
	}
}

// TestInterruptReceiveBeforeReceive: an interrupt with no Receive under way
// is taken by the next one, and only by it.
func TestInterruptReceiveBeforeReceive(t *testing.T) {
	c, srv := interruptPair(t)
	if err := srv.Send(context.Background(), []byte("queued")); err != nil {
		t.Fatal(err)
	}
	c.InterruptReceive()
	if _, err := c.Receive(context.Background(), nil); !errors.Is(err, ErrInterrupted) {
		t.Fatalf("first Receive = %v; want ErrInterrupted", err)
	}
	b, err := c.Receive(testCtx(t, 5*time.Second), nil)
	if err != nil || string(b) != "queued" {
		t.Fatalf("second Receive = %q, %v; want \"queued\"", b, err)
	}
}

// TestInterruptReceiveMidEnvelope: an envelope whose first part was read
// when the interrupt came is completed by the next Receive, from another
// goroutine, byte for byte.
func TestInterruptReceiveMidEnvelope(t *testing.T) {
	c, srv := interruptPair(t)
	body := bytes.Repeat([]byte("0123456789"), 1000)
	rec := appendEnvelopeHeader(nil, len(body))
	rec = append(rec, body...)
	cut := 3 + 4000 // the header and part of the body
	if _, err := srv.conn.Write(rec[:cut]); err != nil {
		t.Fatal(err)
	}
	for !c.part.active || len(c.part.body) != cut-3 {
		res := receiveAsync(c)
		waitReading(t, c)
		c.InterruptReceive()
		if r := <-res; !errors.Is(r.err, ErrInterrupted) {
			t.Fatalf("Receive mid-envelope = %q, %v; want ErrInterrupted", r.b, r.err)
		}
	}
	res := receiveAsync(c)
	if _, err := srv.conn.Write(rec[cut:]); err != nil {
		t.Fatal(err)
	}
	r := <-res
	if r.err != nil || !bytes.Equal(r.b, body) {
		t.Fatalf("resumed Receive = %d bytes, %v; want the %d-byte body", len(r.b), r.err, len(body))
	}
	if err := srv.Send(context.Background(), []byte("next")); err != nil {
		t.Fatal(err)
	}
	if b, err := c.Receive(testCtx(t, 5*time.Second), nil); err != nil || string(b) != "next" {
		t.Fatalf("Receive after resumed envelope = %q, %v", b, err)
	}
}

// TestInterruptedEnvelopeDroppedOnClose: Close reads past an envelope a
// receiver was interrupted in, then completes the End handshake.
func TestInterruptedEnvelopeDroppedOnClose(t *testing.T) {
	c, srv := interruptPair(t)
	rec := appendEnvelopeHeader(nil, 100)
	rec = append(rec, bytes.Repeat([]byte("x"), 100)...)
	if _, err := srv.conn.Write(rec[:50]); err != nil {
		t.Fatal(err)
	}
	for !c.part.active {
		res := receiveAsync(c)
		waitReading(t, c)
		c.InterruptReceive()
		<-res
	}
	srvDone := make(chan error, 1)
	go func() {
		if _, err := srv.conn.Write(rec[50:]); err != nil {
			srvDone <- err
			return
		}
		if _, err := srv.Receive(context.Background(), nil); !errors.Is(err, io.EOF) {
			srvDone <- err
			return
		}
		srvDone <- srv.Close(context.Background())
	}()
	if err := c.Close(testCtx(t, 5*time.Second)); err != nil {
		t.Fatalf("Close after an interrupted envelope: %v", err)
	}
	if err := <-srvDone; err != nil {
		t.Fatalf("server: %v", err)
	}
}

// TestReceiveTimeoutStillFaults: a real deadline is not an interrupt.
func TestReceiveTimeoutStillFaults(t *testing.T) {
	c, _ := interruptPair(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	if _, err := c.Receive(ctx, nil); errors.Is(err, ErrInterrupted) || err == nil {
		t.Fatalf("Receive past its deadline = %v; want a timeout", err)
	}
	if st := c.State(); st != StateFaulted {
		t.Fatalf("state %v; want Faulted", st)
	}
}

// TestSendPastDeadlineKeepsSession: a Send whose deadline passed before a
// byte went out fails alone; the session carries the next message.
func TestSendPastDeadlineKeepsSession(t *testing.T) {
	c, srv := interruptPair(t)
	ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel()
	if err := c.Send(ctx, []byte("late")); !errors.Is(err, ErrTimeout) {
		t.Fatalf("Send past its deadline = %v; want ErrTimeout", err)
	}
	if st := c.State(); st != StateOpen {
		t.Fatalf("state %v; want Open", st)
	}
	if err := c.Send(testCtx(t, 5*time.Second), []byte("next")); err != nil {
		t.Fatal(err)
	}
	if b, err := srv.Receive(testCtx(t, 5*time.Second), nil); err != nil || string(b) != "next" {
		t.Fatalf("server got %q, %v; want \"next\" (and not the failed one)", b, err)
	}
}
