package nettcp

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"
	"time"
)

// TestStreamedRoundTrip sends a 1 MiB message each way over a
// singleton-unsized session, twice on one pooled connection.
func TestStreamedRoundTrip(t *testing.T) {
	l, err := Listen("tcp", "127.0.0.1:0", nil)
	if err != nil {
		t.Fatal(err)
	}
	l.Handle("/stream", EndpointConfig{Mode: ModeSingletonUnsized, MaxMessageSize: 4 << 20})
	ctx := testCtx(t, 20*time.Second)
	srvErr := make(chan error, 1)
	go func() { // server: reply with the request reversed in chunks
		for range 2 {
			s, err := l.Accept(ctx)
			if err != nil {
				srvErr <- err
				return
			}
			r, err := s.NextReader(ctx)
			if err != nil {
				srvErr <- err
				return
			}
			w, _ := s.NextWriter(ctx)
			if _, err := io.Copy(w, r); err != nil {
				srvErr <- err
				return
			}
			if err := w.Close(); err != nil {
				srvErr <- err
				return
			}
			if err := s.Close(ctx); err != nil {
				srvErr <- err
				return
			}
		}
		srvErr <- nil
	}()
	defer l.Close()
	pool := NewPool(nil)
	defer pool.Close()
	msg := make([]byte, 1<<20)
	for i := range msg {
		msg[i] = byte(i * 7)
	}
	for range 2 {
		s, err := DialStream(ctx, "net.tcp://"+l.Addr().String()+"/stream", &ClientConfig{Pool: pool, MaxMessageSize: 4 << 20})
		if err != nil {
			t.Fatal(err)
		}
		go func() {
			w, _ := s.NextWriter(ctx)
			w.Write(msg)
			w.Close()
		}()
		r, err := s.NextReader(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(r)
		if err != nil || !bytes.Equal(got, msg) {
			t.Fatalf("reply: %d bytes, %v", len(got), err)
		}
		if _, err := s.NextWriter(ctx); !errors.Is(err, ErrClosed) && !errors.Is(err, errOneMessage) {
			t.Errorf("second NextWriter: got %v", err)
		}
		if err := s.Close(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if err := <-srvErr; err != nil {
		t.Fatal(err)
	}
	if pool.Idle() != 1 {
		t.Errorf("pool idle %d, want 1", pool.Idle())
	}
	if _, err := (&Session{p: preamble{mode: ModeDuplex}}).NextWriter(context.Background()); err != ErrWrongMode {
		t.Errorf("NextWriter on duplex: got %v", err)
	}
}
