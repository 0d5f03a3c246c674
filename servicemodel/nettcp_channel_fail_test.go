package servicemodel

import (
	"context"
	"errors"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/wwsgo/wws/soap"
)

// brokenSession is a byteSession whose sends fail and end it, as a write
// to a connection the peer reset does.
type brokenSession struct {
	once sync.Once
	done chan struct{}
}

var errReset = errors.New("connection reset by peer")

func (s *brokenSession) Send(context.Context, []byte) error {
	s.once.Do(func() { close(s.done) })
	return errReset
}
func (s *brokenSession) Receive(context.Context, []byte) ([]byte, error) {
	<-s.done
	return nil, errReset
}
func (s *brokenSession) Close(context.Context) error { return nil }
func (s *brokenSession) Abort()                      { s.once.Do(func() { close(s.done) }) }
func (s *brokenSession) Done() <-chan struct{}       { return s.done }
func (s *brokenSession) Err() error {
	select {
	case <-s.done:
		return errReset
	default:
		return nil
	}
}
func (s *brokenSession) RemoteAddr() net.Addr { return &net.TCPAddr{} }
func (s *brokenSession) InterruptReceive()    {}

// TestDuplexClientFailedSendEndsChannel: a send that ends the session
// while nobody reads it ends the channel, so its owner sees the fault.
func TestDuplexClientFailedSendEndsChannel(t *testing.T) {
	c := newDuplexClient(&brokenSession{done: make(chan struct{})}, soap.NewBinaryEncoding(true, soap.EncodingOptions{}).NewEncoder())
	m := soap.NewMessage(soap.Soap12WSAddressing10, echoAction, &echoReq{Text: "x"})
	if err := c.Request(context.Background(), m, func(*soap.Message) error { return nil }); err == nil {
		t.Fatal("Request over a broken session succeeded")
	}
	select {
	case <-c.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("channel not ended by its session's end")
	}
	if err := c.Err(); !errors.Is(err, ErrEndpointDisconnected) {
		t.Fatalf("channel error %v; want ErrEndpointDisconnected", err)
	}
}
