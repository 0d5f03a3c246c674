package nettcp

import (
	"context"
	"errors"
	"net"
	"testing"
	"time"
)

// TestStopLetsSessionsFinish: after Stop, a session already accepted still
// exchanges envelopes and closes cleanly, while new connections are refused.
func TestStopLetsSessionsFinish(t *testing.T) {
	l, err := Listen("tcp", "127.0.0.1:0", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if err := l.Handle("/x", EndpointConfig{}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	via := "net.tcp://" + l.Addr().String() + "/x"
	done := make(chan error, 1)
	go func() {
		s, err := l.Accept(ctx)
		if err != nil {
			done <- err
			return
		}
		for {
			b, err := s.Receive(ctx, nil)
			if err != nil {
				done <- s.Close(ctx)
				return
			}
			if err := s.Send(ctx, b); err != nil {
				done <- err
				return
			}
		}
	}()
	c, err := Dial(ctx, via, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Send(ctx, []byte("before")); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Receive(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if err := l.Stop(); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Accept(ctx); !errors.Is(err, ErrListenerClosed) {
		t.Errorf("Accept after Stop: %v, want ErrListenerClosed", err)
	}
	if _, err := net.DialTimeout("tcp", l.Addr().String(), time.Second); err == nil {
		t.Error("a new connection was accepted after Stop")
	}
	if err := c.Send(ctx, []byte("after")); err != nil {
		t.Fatalf("Send on the accepted session after Stop: %v", err)
	}
	if b, err := c.Receive(ctx, nil); err != nil || string(b) != "after" {
		t.Fatalf("Receive after Stop: %q, %v", b, err)
	}
	if err := c.Close(ctx); err != nil {
		t.Errorf("client Close: %v", err)
	}
	if err := <-done; err != nil {
		t.Errorf("server session: %v", err)
	}
}
