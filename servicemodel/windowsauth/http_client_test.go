package windowsauth

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wwsgo/wws/internal/gsspeer"
	"github.com/wwsgo/wws/servicemodel/windowsauth/ntlm"
)

// countingTransport returns an HTTPTransport whose connections are
// counted.
func countingTransport(cred ntlm.Credentials, scheme string, dials *atomic.Int32) *HTTPTransport {
	return &HTTPTransport{Credentials: cred, Scheme: scheme, New: func() *http.Transport {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
			dials.Add(1)
			var d net.Dialer
			return d.DialContext(ctx, network, addr)
		}
		return t
	}}
}

func post(t *testing.T, c *http.Client, url, body string) (int, string) {
	t.Helper()
	resp, err := c.Post(url, "application/soap+xml", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestHTTPTransportWithGSSHost: against testdata/gss/http_peer.py
// (gss-ntlmssp, bare and under MIT's SPNEGO), two requests on one
// authenticated connection.
func TestHTTPTransportWithGSSHost(t *testing.T) {
	for _, scheme := range []string{"Negotiate", "NTLM"} {
		t.Run(scheme, func(t *testing.T) {
			p := gsspeer.Start(t, "http_peer.py", testUsers, "--scheme", scheme)
			url := fmt.Sprintf("http://127.0.0.1:%s/calc", p.Expect("LISTENING")[1])
			var dials atomic.Int32
			tr := countingTransport(alice, scheme, &dials)
			defer tr.CloseIdleConnections()
			c := &http.Client{Transport: tr}
			for _, body := range []string{"<Add/>", "<Subtract/>"} {
				if code, got := post(t, c, url, body); code != 200 || got != `hello WWS\alice `+body {
					t.Fatalf("%s: %d %q", body, code, got)
				}
			}
			if n := dials.Load(); n != 1 {
				t.Fatalf("%d connections, want 1", n)
			}
			auto := countingTransport(alice, "", &dials) // Negotiate, else the server's NTLM
			defer auto.CloseIdleConnections()
			if code, got := post(t, &http.Client{Transport: auto}, url, "<Add/>"); code != 200 || got != `hello WWS\alice <Add/>` {
				t.Fatalf("default scheme: %d %q", code, got)
			}
			badTr := &HTTPTransport{Credentials: ntlm.Credentials{Domain: "WWS", User: "alice", Password: "x"}, Scheme: scheme}
			defer badTr.CloseIdleConnections()
			bad := &http.Client{Transport: badTr}
			if code, _ := post(t, bad, url, "<Add/>"); code != 401 {
				t.Fatalf("wrong password: %d", code)
			}
		})
	}
}

// TestHTTPTransportWithGoHost: against HTTPHost, concurrent callers each
// get an authenticated connection.
func TestHTTPTransportWithGoHost(t *testing.T) {
	srv := startHTTPHost(t)
	for _, scheme := range []string{"Negotiate", "NTLM"} {
		var dials atomic.Int32
		tr := countingTransport(alice, scheme, &dials)
		c := &http.Client{Transport: tr}
		var wg sync.WaitGroup
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range 5 {
					resp, err := c.Post(srv.URL, "text/xml", strings.NewReader("x"))
					if err != nil {
						t.Error(err)
						return
					}
					b, _ := io.ReadAll(resp.Body)
					resp.Body.Close()
					if resp.StatusCode != 200 || string(b) != `hello WWS\alice NTLM` {
						t.Errorf("%s: %d %q", scheme, resp.StatusCode, b)
					}
				}
			}()
		}
		wg.Wait()
		tr.CloseIdleConnections()
		if n := dials.Load(); n < 1 || n > 4 {
			t.Errorf("%s: %d connections for 4 callers", scheme, n)
		}
	}
}

// TestHTTPTransportMaxConnsPerHost: callers beyond the bound wait for a
// connection instead of opening (and authenticating) another; a waiter
// whose context ends gives up.
func TestHTTPTransportMaxConnsPerHost(t *testing.T) {
	srv := startHTTPHost(t)
	var dials atomic.Int32
	tr := countingTransport(alice, "Negotiate", &dials)
	tr.MaxConnsPerHost = 2
	defer tr.CloseIdleConnections()
	c := &http.Client{Transport: tr}
	var wg sync.WaitGroup
	for range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 5 {
				resp, err := c.Post(srv.URL, "text/xml", strings.NewReader("x"))
				if err != nil {
					t.Error(err)
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					t.Errorf("%d", resp.StatusCode)
				}
			}
		}()
	}
	wg.Wait()
	if n := dials.Load(); n < 1 || n > 2 {
		t.Fatalf("%d connections with MaxConnsPerHost 2", n)
	}
	// Hold both connections (bodies unread): a third caller waits until
	// its deadline (without the bound it would get its 200 at once).
	var held []*http.Response
	for range 2 {
		resp, err := c.Post(srv.URL, "text/xml", strings.NewReader("x"))
		if err != nil {
			t.Fatal(err)
		}
		held = append(held, resp)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "POST", srv.URL, strings.NewReader("x"))
	if resp, err := c.Do(req); !errors.Is(err, context.DeadlineExceeded) {
		if err == nil {
			resp.Body.Close()
		}
		t.Fatalf("third caller: %v, want context.DeadlineExceeded", err)
	}
	for _, resp := range held {
		resp.Body.Close()
	}
	if code, _ := post(t, c, srv.URL, "x"); code != 200 {
		t.Fatalf("after release: %d", code)
	}
}
