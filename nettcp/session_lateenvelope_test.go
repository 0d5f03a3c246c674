package nettcp

import (
	"context"
	"testing"
	"time"
)

// TestCloseDropsLateEnvelopes: envelopes the peer sends after our End and
// before its own (late replies nobody waits for) do not fail Close.
func TestCloseDropsLateEnvelopes(t *testing.T) {
	l, via := newTestListener(t, nil)
	defer l.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		s, err := l.Accept(ctx)
		if err != nil {
			done <- err
			return
		}
		if _, err := s.Receive(ctx, nil); err != nil { // the client's End: io.EOF
			_ = err
		}
		for i := 0; i < 3; i++ { // late replies after the client's End
			if err := s.Send(ctx, []byte("late")); err != nil {
				done <- err
				return
			}
		}
		done <- s.Close(ctx)
	}()
	s, err := Dial(ctx, via, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(ctx); err != nil {
		t.Fatalf("Close with late envelopes in flight: %v", err)
	}
	if err := <-done; err != nil {
		t.Fatalf("server: %v", err)
	}
}
