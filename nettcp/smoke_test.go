package nettcp

import (
	"bytes"
	"io"
	"testing"
	"time"
)

func TestDuplexEcho(t *testing.T) {
	l, via := newTestListener(t, nil)
	wait := echoServer(t, l)
	defer func() { l.Close(); wait() }()
	ctx := testCtx(t, 10*time.Second)
	s, err := Dial(ctx, via, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		msg := bytes.Repeat([]byte{byte(i)}, 100*i+1)
		if err := s.Send(ctx, msg); err != nil {
			t.Fatal(err)
		}
		got, err := s.Receive(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, msg) {
			t.Fatalf("echo %d: got %d bytes, want %d", i, len(got), len(msg))
		}
	}
	if err := s.Close(ctx); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if _, err := s.Receive(ctx, nil); err != io.EOF && err != ErrClosed {
		t.Fatalf("Receive after Close: got %v", err)
	}
	if got := s.State(); got != StateClosed {
		t.Fatalf("state: got %v, want Closed", got)
	}
}
