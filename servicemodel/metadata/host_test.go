package metadata

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.uber.org/goleak"

	"github.com/wwsgo/wws/internal/monotest"
	"github.com/wwsgo/wws/servicemodel"
	"github.com/wwsgo/wws/servicemodel/calculator"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// openCalcHost opens a host of the Calculator with opts at the HTTP
// endpoints base+path (paths[i] with bindings[i]), all on one port.
func openCalcHost(t *testing.T, opts *servicemodel.HostOptions, base string, paths []string, bindings []*servicemodel.HTTPBinding) {
	t.Helper()
	c := calculator.Contract()
	var eps []*servicemodel.Endpoint
	for i, p := range paths {
		eps = append(eps, &servicemodel.Endpoint{Address: base + p, Binding: bindings[i], Contract: c})
	}
	h, err := servicemodel.NewHost(opts, eps...)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := h.Open(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := h.Close(ctx); err != nil {
			t.Errorf("host Close: %v", err)
		}
	})
}

func freeBase(t *testing.T) string {
	return "http://127.0.0.1:" + strconv.Itoa(monotest.FreePort(t)) + "/calc/"
}

func get(t *testing.T, url string) (*http.Response, []byte) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

// TestHTTPGet: a host with HostOptions.Metadata = HTTPGet answers, on each
// HTTP endpoint, ?singleWsdl with the WSDL of every endpoint of the port
// (in path order, with the bound addresses) and ?wsdl with the same WSDL
// whose schemas are the parts ?xsd=xsdN located at that endpoint; an
// unknown part is 404.
func TestHTTPGet(t *testing.T) {
	base := freeBase(t)
	paths := []string{"soap12", "binary", "basic"}
	bindings := []*servicemodel.HTTPBinding{servicemodel.NewWSHTTPBinding(), servicemodel.NewBinaryHTTPBinding(), servicemodel.NewBasicHTTPBinding()}
	openCalcHost(t, &servicemodel.HostOptions{Metadata: HTTPGet}, base, paths, bindings)
	eps := []Endpoint{{Address: base + "basic", Binding: bindings[2]},
		{Address: base + "binary", Binding: bindings[1]},
		{Address: base + "soap12", Binding: bindings[0]}}
	single, err := WSDL(calculator.Contract(), "", eps...)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range paths {
		set, err := Set(calculator.Contract(), "", base+p, eps...)
		if err != nil {
			t.Fatal(err)
		}
		if len(set.Documents) != 3 { // the WSDL, the contract's schema, Serialization's
			t.Errorf("%d documents; want 3", len(set.Documents))
		}
		want := map[string][]byte{"singleWsdl": single, "SINGLEWSDL": single, "WSDL": set.Documents[0].Data}
		for _, d := range set.Documents {
			want[d.Name] = d.Data
		}
		if !strings.Contains(string(set.Documents[0].Data), `schemaLocation="`+base+p+`?xsd=xsd0"`) {
			t.Errorf("%s?wsdl does not locate xsd0 at the endpoint:\n%s", p, set.Documents[0].Data)
		}
		for q, doc := range want {
			resp, body := get(t, base+p+"?"+q)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("%s?%s: status %d; want 200", p, q, resp.StatusCode)
			}
			if ct := resp.Header.Get("Content-Type"); ct != "text/xml; charset=UTF-8" {
				t.Errorf("%s?%s: Content-Type %q", p, q, ct)
			}
			if diff := cmp.Diff(string(doc), string(body)); diff != "" {
				t.Errorf("%s?%s (-want +got):\n%s", p, q, diff)
			}
		}
		if resp, _ := get(t, base+p+"?xsd=xsd7"); resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s?xsd=xsd7: status %d; want 404", p, resp.StatusCode)
		}
	}
}

// TestNoMetadata: without HostOptions.Metadata a host publishes nothing;
// GET ?wsdl gets 405 with Allow: POST, as any other GET.
func TestNoMetadata(t *testing.T) {
	base := freeBase(t)
	openCalcHost(t, &servicemodel.HostOptions{}, base, []string{"soap12"}, []*servicemodel.HTTPBinding{servicemodel.NewWSHTTPBinding()})
	resp, body := get(t, base+"soap12?wsdl")
	if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != http.MethodPost {
		t.Errorf("status %d, Allow %q, body %.200q; want 405, POST", resp.StatusCode, resp.Header.Get("Allow"), body)
	}
}
