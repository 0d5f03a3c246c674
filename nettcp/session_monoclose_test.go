package nettcp

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"testing"
	"time"
)

// TestCloseWhilePeerClosesInsteadOfEnd: a peer that answers our End by
// closing the connection (Mono's host) gives a clean Close, and a Receive
// running at the same time sees io.EOF, not an error.
func TestCloseWhilePeerClosesInsteadOfEnd(t *testing.T) {
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
		br := bufio.NewReader(c)
		for { // the preamble ends with PreambleEnd
			b, err := br.ReadByte()
			if err != nil {
				return
			}
			if b == recPreambleEnd {
				break
			}
		}
		if _, err := c.Write([]byte{recPreambleAck}); err != nil {
			return
		}
		for { // wait for End, then close without answering
			b, err := br.ReadByte()
			if err != nil || b == recEnd {
				return
			}
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	s, err := Dial(ctx, "net.tcp://"+ln.Addr().String()+"/x", nil)
	if err != nil {
		t.Fatal(err)
	}
	recv := make(chan error, 1)
	go func() {
		_, err := s.Receive(ctx, nil)
		recv <- err
	}()
	time.Sleep(20 * time.Millisecond) // let Receive block first
	if err := s.Close(ctx); err != nil {
		t.Fatalf("Close: %v, want nil", err)
	}
	if err := <-recv; !errors.Is(err, io.EOF) {
		t.Fatalf("Receive: %v, want io.EOF", err)
	}
}
