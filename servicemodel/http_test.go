package servicemodel

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/wwsgo/wws/soap"
)

// startHTTP starts a listener of b at address (port 0: a fresh port) that
// serves the Calculator, and returns its URL. Cleanup stops everything.
func startHTTP(t testing.TB, b *HTTPBinding, address string, svc *hcService) string {
	t.Helper()
	l, err := b.Listen(address, testListenOptions(t, address))
	if err != nil {
		t.Fatalf("Listen(%s): %v", address, err)
	}
	c := svc.contract()
	l.(MetadataPublisher).PublishMetadata(c, fakeMetadata)
	if err := l.Start(); err != nil {
		t.Fatalf("Start: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	wait := serveContract(ctx, t, l, c)
	t.Cleanup(func() {
		l.Close()
		cancel()
		wait()
	})
	return l.(*httpListener).URL()
}

// fakeMetadata stands in for metadata.HTTPGet (which imports this
// package): it names the contract and lists the endpoints it is given.
// Its part ?xsd=xsd0 names the base it is given.
func fakeMetadata(c *Contract, endpoints []MetadataEndpoint, base string) (*MetadataSet, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "<doc contract=%q>", c.Name)
	for _, ep := range endpoints {
		fmt.Fprintf(&b, "<port address=%q envelope=%q/>", ep.Address, ep.Binding.MessageVersion().Envelope)
	}
	b.WriteString("</doc>")
	doc := []byte(b.String())
	return &MetadataSet{
		Documents: []MetadataDocument{
			{Dialect: MetadataDialectWSDL, Identifier: c.Namespace, Name: "wsdl", Data: doc},
			{Dialect: MetadataDialectXSD, Identifier: c.Namespace, Name: "xsd=xsd0", Data: []byte(fmt.Sprintf("<schema base=%q/>", base))},
		},
		SingleWSDL: doc,
	}, nil
}

func dial(t testing.TB, b *HTTPBinding, address string) ClientChannel {
	t.Helper()
	ch, err := b.DialChannel(context.Background(), address)
	if err != nil {
		t.Fatalf("DialChannel(%s): %v", address, err)
	}
	t.Cleanup(func() { ch.Close(context.Background()) })
	return ch
}

// raised returns b with quotas for a 60000-byte Blob.
func raised(b *HTTPBinding) *HTTPBinding {
	b.MaxReceivedMessageSize = 4 << 20
	b.ReaderQuotas = soap.ReaderQuotas{MaxArrayLength: 4 << 20, MaxStringContentLength: 4 << 20, MaxBytesPerRead: 4 << 20}
	return b
}

var httpBindings = []struct {
	name string
	new  func() *HTTPBinding
}{
	{"soap12", NewWSHTTPBinding},
	{"soap11", NewBasicHTTPBinding},
	{"binary", NewBinaryHTTPBinding},
}

// TestHTTPGoToGo calls every Calculator operation over each HTTP binding,
// client channel to listener, on loopback.
func TestHTTPGoToGo(t *testing.T) {
	checkLeaks(t)
	for _, tb := range httpBindings {
		t.Run(tb.name, func(t *testing.T) {
			svc := &hcService{}
			url := startHTTP(t, raised(tb.new()), "http://127.0.0.1:0/calc", svc)
			b := raised(tb.new())
			runCalculator(t, dial(t, b, url), b.MessageVersion(), svc)
		})
	}
}

// runCalculator runs every Calculator operation over ch.
func runCalculator(t *testing.T, ch ClientChannel, v soap.MessageVersion, svc *hcService) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var add hcAddResponse
	if err := hcCall(ctx, ch, v, "Add", &hcAdd{A: 2, B: 3}, &add); err != nil || add.AddResult != 5 {
		t.Errorf("Add(2,3) = %d, %v; want 5, nil", add.AddResult, err)
	}
	for _, s := range []string{"hello", "<&> \"quotes\" 'apos' éüß 日本 😀", ""} {
		var echo hcEchoResponse
		err := hcCall(ctx, ch, v, "Echo", &hcEcho{Text: &s}, &echo)
		if err != nil || echo.EchoResult == nil || *echo.EchoResult != s {
			t.Errorf("Echo(%q) = %v, %v; want %q", s, echo.EchoResult, err, s)
		}
	}
	boom := "boom"
	err := hcCall(ctx, ch, v, "Fail", &hcFail{Reason: &boom}, &hcFailResponse{})
	var f *soap.Fault
	if !errors.As(err, &f) || f.Reason() != "boom" || !f.Code.IsSender() {
		t.Errorf("Fail(boom) error = %v; want a Sender fault with reason boom", err)
	}
	ping := "ping"
	before := svc.notified.Load()
	if err := ch.Send(ctx, soap.NewMessage(v, hcAction+"Notify", &hcNotify{Text: &ping})); err != nil {
		t.Errorf("Notify: %v", err)
	}
	var count hcNotifyCountResponse
	if err := hcCall(ctx, ch, v, "NotifyCount", &hcNotifyCount{}, &count); err != nil || count.NotifyCountResult != before+1 {
		t.Errorf("NotifyCount = %d, %v; want %d", count.NotifyCountResult, err, before+1)
	}
	var blob hcBlobResponse
	if err := hcCall(ctx, ch, v, "Blob", &hcBlob{Size: 60000}, &blob); err != nil || string(blob.BlobResult) != string(hcBlobBytes(60000)) {
		t.Errorf("Blob(60000): %d bytes, %v; want the 60000-byte pattern", len(blob.BlobResult), err)
	}
}

// TestHTTPConcurrentCalls runs calls from many goroutines over one channel.
func TestHTTPConcurrentCalls(t *testing.T) {
	checkLeaks(t)
	url := startHTTP(t, NewWSHTTPBinding(), "http://127.0.0.1:0/calc", &hcService{})
	b := NewWSHTTPBinding()
	ch := dial(t, b, url)
	var wg sync.WaitGroup
	for i := range int32(16) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range int32(10) {
				var r hcAddResponse
				if err := hcCall(context.Background(), ch, b.MessageVersion(), "Add", &hcAdd{A: i, B: j}, &r); err != nil || r.AddResult != i+j {
					t.Errorf("Add(%d,%d) = %d, %v", i, j, r.AddResult, err)
				}
			}
		}()
	}
	wg.Wait()
}

// TestHTTPSharedPort serves two bindings on one host:port by path, and
// frees the port when the last endpoint closes.
func TestHTTPSharedPort(t *testing.T) {
	checkLeaks(t)
	svc := &hcService{}
	url12 := startHTTP(t, NewWSHTTPBinding(), "http://127.0.0.1:0/calc/soap12", svc)
	base := strings.TrimSuffix(url12, "/soap12")
	url11 := startHTTP(t, NewBasicHTTPBinding(), base+"/soap11", svc)
	for _, tc := range []struct {
		url string
		b   *HTTPBinding
	}{{url12, NewWSHTTPBinding()}, {url11, NewBasicHTTPBinding()}} {
		var r hcAddResponse
		if err := hcCall(context.Background(), dial(t, tc.b, tc.url), tc.b.MessageVersion(), "Add", &hcAdd{A: 20, B: 22}, &r); err != nil || r.AddResult != 42 {
			t.Errorf("%s: Add = %d, %v; want 42", tc.url, r.AddResult, err)
		}
	}
	dup, err := NewBasicHTTPBinding().Listen(url11, testListenOptions(t, "dup"))
	if err != nil {
		t.Fatal(err)
	}
	if err := dup.Start(); !errors.Is(err, ErrAddressInUse) {
		t.Errorf("second endpoint on %s: Start = %v; want ErrAddressInUse", url11, err)
		dup.Close()
	}
	tls := NewWSHTTPBinding()
	tls.TLS = testTLS(t).server
	other, _ := tls.Listen(strings.Replace(base, "http:", "https:", 1)+"/tls", testListenOptions(t, "tls"))
	if err := other.Start(); !errors.Is(err, ErrAddressInUse) {
		t.Errorf("https endpoint on an http port: Start = %v; want ErrAddressInUse", err)
		other.Close()
	}
}

// TestHTTPPortFreedOnClose checks the last Close releases the port.
func TestHTTPPortFreedOnClose(t *testing.T) {
	checkLeaks(t)
	b := NewWSHTTPBinding()
	l, _ := b.Listen("http://127.0.0.1:0/a", ListenOptions{})
	if err := l.Start(); err != nil {
		t.Fatal(err)
	}
	addr := l.(*httpListener).URL()
	l.Close()
	l2, _ := b.Listen(addr, ListenOptions{})
	if err := l2.Start(); err != nil {
		t.Fatalf("restart on %s after Close: %v", addr, err)
	}
	l2.Close()
	if _, err := l2.Accept(context.Background()); !errors.Is(err, ErrAborted) {
		t.Errorf("Accept after Close = %v; want ErrAborted", err)
	}
}

// TestHTTPClientAbort fails a call in flight and every later call.
func TestHTTPClientAbort(t *testing.T) {
	checkLeaks(t)
	svc := &hcService{delaying: make(chan struct{}, 1)}
	url := startHTTP(t, NewWSHTTPBinding(), "http://127.0.0.1:0/calc", svc)
	b := NewWSHTTPBinding()
	ch := dial(t, b, url)
	errc := make(chan error, 1)
	go func() {
		errc <- hcCall(context.Background(), ch, b.MessageVersion(), "Delay", &hcDelay{Milliseconds: 5000}, &hcDelayResponse{})
	}()
	select { // the call is in flight: the service runs it
	case <-svc.delaying:
	case <-time.After(5 * time.Second):
		t.Fatal("Delay did not reach the service")
	}
	ch.Abort()
	select {
	case err := <-errc:
		if !errors.Is(err, ErrAborted) {
			t.Errorf("call in flight after Abort: %v; want ErrAborted", err)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("Abort did not end the call in flight")
	}
	<-ch.Done()
	if err := hcCall(context.Background(), ch, b.MessageVersion(), "Add", &hcAdd{}, &hcAddResponse{}); !errors.Is(err, ErrAborted) {
		t.Errorf("call after Abort: %v; want ErrAborted", err)
	}
}

// TestHTTPCallTimeout bounds a call by its context's deadline.
func TestHTTPCallTimeout(t *testing.T) {
	checkLeaks(t)
	url := startHTTP(t, NewBasicHTTPBinding(), "http://127.0.0.1:0/calc", &hcService{})
	b := NewBasicHTTPBinding()
	ch := dial(t, b, url)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := hcCall(ctx, ch, b.MessageVersion(), "Delay", &hcDelay{Milliseconds: 3000}, &hcDelayResponse{})
	if !errors.Is(err, ErrTimedOut) || time.Since(start) > 2*time.Second {
		t.Errorf("Delay(3000) with a 200ms deadline: %v after %v; want ErrTimedOut soon", err, time.Since(start))
	}
	var r hcAddResponse
	if err := hcCall(context.Background(), ch, b.MessageVersion(), "Add", &hcAdd{A: 1, B: 1}, &r); err != nil || r.AddResult != 2 {
		t.Errorf("Add after a timeout = %d, %v", r.AddResult, err)
	}
}

// testPorts holds each test's port table: the listeners a test starts
// share ports as the endpoints of one host do.
var testPorts sync.Map // testing.TB → *portTable

// testListenOptions returns ListenOptions naming the endpoint name, with
// the test's port table (closed when the test ends).
func testListenOptions(t testing.TB, name string) ListenOptions {
	pt, loaded := testPorts.LoadOrStore(t, newPortTable())
	if !loaded {
		t.Cleanup(func() {
			testPorts.Delete(t)
			pt.(*portTable).close()
		})
	}
	return ListenOptions{ports: pt.(*portTable), endpoint: name}
}

// checkLeaks verifies, after every cleanup of t has run, that no goroutine
// is left behind.
func checkLeaks(t *testing.T) {
	t.Cleanup(func() {
		goleak.VerifyNone(t) // it retries while graceful shutdowns finish
	})
}
