package servicemodel

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
)

// TestHTTPMetadataWrittenOnce: the listener writes its metadata set once
// and answers every query from it, as WCF writes its metadata once.
func TestHTTPMetadataWrittenOnce(t *testing.T) {
	checkLeaks(t)
	var calls atomic.Int32
	counting := func(c *Contract, eps []MetadataEndpoint, base string) (*MetadataSet, error) {
		calls.Add(1)
		return fakeMetadata(c, eps, base)
	}
	b := NewWSHTTPBinding()
	l, err := b.Listen("http://127.0.0.1:0/calc/meta", testListenOptions(t, "http://127.0.0.1:0/calc/meta"))
	if err != nil {
		t.Fatal(err)
	}
	svc := &hcService{}
	c := svc.contract()
	l.(MetadataPublisher).PublishMetadata(c, counting)
	if err := l.Start(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	wait := serveContract(ctx, t, l, c)
	defer func() {
		l.Close()
		cancel()
		wait()
	}()
	url := l.(*httpListener).URL()
	for _, q := range []string{"wsdl", "xsd=xsd0", "singleWsdl", "wsdl"} {
		resp, err := http.Get(url + "?" + q)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(string(body), "<") {
			t.Errorf("?%s: %d %q", q, resp.StatusCode, body)
		}
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("MetadataFunc called %d times for 4 queries; want 1", n)
	}
}
