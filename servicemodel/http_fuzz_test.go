package servicemodel

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"testing"

	"github.com/wwsgo/wws/internal/capture"
	"github.com/wwsgo/wws/soap"
)

// FuzzHTTPRequest feeds arbitrary request bodies, content types and
// SOAPAction headers to the HTTP host's request handling (content-type
// check, size limit, envelope reader, transport action, dispatch hand-off).
// It must never panic and must answer with one of the statuses WCF uses.
// Seeds: every HTTP body of the SOAP 1.2 and SOAP 1.1 captures, each also
// sent to the endpoint of the other version (VersionMismatch).
func FuzzHTTPRequest(f *testing.F) {
	for _, file := range []string{"soap12_http.hex.log", "soap11_http.hex.log"} {
		chunks, err := capture.ParseFile(filepath.Join("..", "testdata", "vectors", file))
		if err != nil {
			f.Fatal(err)
		}
		for _, c := range chunks {
			if c.ToServer && (bytes.HasPrefix(c.Data, []byte("<")) || bytes.HasPrefix(c.Data, []byte("\xef\xbb\xbf<"))) {
				f.Add(c.Data, byte(0), `"http://tempuri.org/ICalculator/Add"`)
				f.Add(c.Data, byte(1), "")
				f.Add(c.Data, byte(2), "") // the other version's media type at the SOAP 1.1 endpoint: VersionMismatch
			}
		}
	}
	contentTypes := []string{soap.ContentTypeSoap11Text, soap.ContentTypeSoap12Text,
		soap.ContentTypeSoap12Text + `; action="urn:x"`, "text/xml", "application/json", ""}
	listeners := []*httpListener{
		fuzzListener(f, NewBasicHTTPBinding(), "http://127.0.0.1:1/fuzz/basic"),
		fuzzListener(f, NewWSHTTPBinding(), "http://127.0.0.1:1/fuzz"),
	}
	allowed := map[int]bool{200: true, 202: true, 400: true, 413: true, 415: true, 500: true, 503: true}
	f.Fuzz(func(t *testing.T, body []byte, sel byte, soapAction string) {
		l := listeners[int(sel)%len(listeners)]
		req := httptest.NewRequest(http.MethodPost, l.u.String(), bytes.NewReader(body))
		if ct := contentTypes[int(sel>>1)%len(contentTypes)]; ct != "" {
			req.Header.Set("Content-Type", ct)
		}
		if soapAction != "" {
			req.Header.Set("SOAPAction", soapAction)
		}
		rec := httptest.NewRecorder()
		l.serveHTTP(rec, req)
		if !allowed[rec.Code] {
			t.Fatalf("status %d for content type %q", rec.Code, req.Header.Get("Content-Type"))
		}
	})
}

// fuzzListener returns a listener, not bound to any port, whose requests a
// minimal acceptor answers: Add gets a reply, anything else none.
func fuzzListener(f *testing.F, b *HTTPBinding, address string) *httpListener {
	u, err := url.Parse(address)
	if err != nil {
		f.Fatal(err)
	}
	l := newHTTPListener(b, u, ListenOptions{})
	ctx, cancel := context.WithCancel(context.Background())
	f.Cleanup(cancel)
	go func() {
		for {
			ch, err := l.Accept(ctx)
			if err != nil {
				return
			}
			rc, err := ch.Receive(ctx)
			if err != nil {
				ch.Abort()
				continue
			}
			m := rc.Message()
			var req struct {
				XMLName struct{} `xml:"http://tempuri.org/ Add"`
				A       int32    `xml:"a"`
				B       int32    `xml:"b"`
			}
			if m.Action == "http://tempuri.org/ICalculator/Add" && m.DecodeBody(&req) == nil {
				_ = rc.Reply(ctx, soap.NewMessage(m.Version, m.Action+"Response", &req))
			} else {
				_ = rc.NoReply(ctx)
			}
			_, _ = ch.Receive(ctx) // io.EOF: the request is answered
			_ = ch.Close(ctx)
		}
	}()
	return l
}

var _ = io.EOF
