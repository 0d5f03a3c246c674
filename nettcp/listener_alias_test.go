package nettcp

import (
	"context"
	"testing"
	"time"
)

// TestHandleAliases: a Via at an endpoint's alias (any case, trailing
// slash) reaches that endpoint: AcceptAt at its own path returns the
// session, whose Endpoint is the registered path. A Via of neither path
// goes elsewhere.
func TestHandleAliases(t *testing.T) {
	l, err := Listen("tcp", "127.0.0.1:0", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if err := l.Handle("/listen", EndpointConfig{Aliases: []string{"/Public"}}); err != nil {
		t.Fatal(err)
	}
	if err := l.Handle("/other", EndpointConfig{}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	base := "net.tcp://" + l.Addr().String()
	for _, tc := range []struct{ via, at string }{
		{base + "/listen", "/listen"},
		{base + "/public/", "/listen"},
		{base + "/other", "/other"},
	} {
		got := make(chan error, 1)
		go func() {
			s, err := l.AcceptAt(ctx, tc.at)
			if err != nil {
				got <- err
				return
			}
			defer s.Abort()
			if s.Endpoint() != tc.at || s.Via() != tc.via {
				t.Errorf("Via %s: session of %q with Via %q", tc.via, s.Endpoint(), s.Via())
			}
			if err := s.Acknowledge(); err != nil {
				got <- err
				return
			}
			b, err := s.Receive(ctx, nil)
			if err == nil {
				err = s.Send(ctx, b)
			}
			got <- err
		}()
		c, err := Dial(ctx, tc.via, nil)
		if err != nil {
			t.Fatalf("Dial %s: %v", tc.via, err)
		}
		if err := c.Send(ctx, []byte("ping")); err != nil {
			t.Fatal(err)
		}
		if b, err := c.Receive(ctx, nil); err != nil || string(b) != "ping" {
			t.Fatalf("Via %s: Receive = %q, %v", tc.via, b, err)
		}
		c.Abort()
		if err := <-got; err != nil {
			t.Errorf("Via %s: server: %v", tc.via, err)
		}
	}
}
