package nettcp_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/wwsgo/wws/nettcp"
)

// A listener serving one endpoint, and a client that opens a duplex
// session to it, exchanges one envelope and closes with the End handshake.
// Envelopes are opaque bytes here; the service model puts SOAP messages in
// them (see package servicemodel).
func Example() {
	l, err := nettcp.Listen("tcp", "127.0.0.1:0", nil)
	if err != nil {
		log.Fatal(err)
	}
	defer l.Close()
	if err := l.Handle("/echo", nettcp.EndpointConfig{}); err != nil { // duplex, msbinsession1
		log.Fatal(err)
	}
	go func() {
		ctx := context.Background()
		s, err := l.Accept(ctx)
		if err != nil {
			return
		}
		for {
			env, err := s.Receive(ctx, nil) // io.EOF once the client sent End
			if err != nil {
				_ = s.Close(ctx)
				return
			}
			_ = s.Send(ctx, env)
		}
	}()

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	s, err := nettcp.Dial(ctx, "net.tcp://"+l.Addr().String()+"/echo", nil)
	if err != nil {
		log.Fatal(err)
	}
	if err := s.Send(ctx, []byte("hello")); err != nil {
		log.Fatal(err)
	}
	reply, err := s.Receive(ctx, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s over %s\n", reply, s.ContentType())
	if err := s.Close(ctx); err != nil {
		log.Fatal(err)
	}
	// Output: hello over application/soap+msbinsession1
}

// A framing fault record from the server surfaces as a typed error.
func ExampleFaultError() {
	l, err := nettcp.Listen("tcp", "127.0.0.1:0", nil)
	if err != nil {
		log.Fatal(err)
	}
	defer l.Close()
	_, err = nettcp.Dial(context.Background(), "net.tcp://"+l.Addr().String()+"/nowhere", nil)
	var fe *nettcp.FaultError
	if errors.As(err, &fe) {
		fmt.Println(fe.Code)
	}
	// Output: EndpointNotFound
}
