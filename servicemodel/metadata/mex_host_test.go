package metadata_test

// The Go host's MEX endpoints (HostOptions.MetadataExchange = MEX) over
// HTTP and net.tcp, read back by Import: the same description as the
// host's ?wsdl, which generates internal/genmex, whose client then calls
// the host over net.tcp.

import (
	"context"
	"flag"
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/wwsgo/wws/internal/monotest"
	"github.com/wwsgo/wws/servicemodel"
	"github.com/wwsgo/wws/servicemodel/calculator"
	"github.com/wwsgo/wws/servicemodel/metadata"
	"github.com/wwsgo/wws/servicemodel/metadata/internal/genmex"
)

// mexHost opens a Calculator host with MEX on a SOAP 1.2 and a SOAP 1.1
// HTTP endpoint and a net.tcp endpoint, and returns their addresses.
func mexHost(t *testing.T) (httpBase, tcpAddr string) {
	t.Helper()
	httpBase = fmt.Sprintf("http://127.0.0.1:%d/calculator/", monotest.FreePort(t))
	tcpAddr = fmt.Sprintf("net.tcp://127.0.0.1:%d/calculator", monotest.FreePort(t))
	c := calculator.Contract()
	h, err := servicemodel.NewHost(&servicemodel.HostOptions{Metadata: metadata.HTTPGet, MetadataExchange: metadata.MEX},
		&servicemodel.Endpoint{Address: httpBase + "soap12", Binding: servicemodel.NewWSHTTPBinding(), Contract: c},
		&servicemodel.Endpoint{Address: httpBase + "soap11", Binding: servicemodel.NewBasicHTTPBinding(), Contract: c},
		&servicemodel.Endpoint{Address: tcpAddr, Binding: servicemodel.NewNetTCPBinding(), Contract: c})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(h.Endpoints()); n != 6 {
		t.Fatalf("%d endpoints; want the 3 given and their 3 MEX endpoints", n)
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
	return httpBase, tcpAddr
}

var updateMEX = flag.Bool("update-mex", false, "rewrite internal/genmex from the live host's MEX")

// genmexPort and genmexTCPPort are the HTTP and net.tcp ports the golden
// package's addresses carry.
const (
	genmexPort    = "127.0.0.1:8810"
	genmexTCPPort = "127.0.0.1:8811"
)

// TestMEXImportGenerateCall: Import of each MEX address (HTTP, net.tcp)
// and of the ?wsdl read the same description, which generates
// internal/genmex; its client calls the host over net.tcp.
func TestMEXImportGenerateCall(t *testing.T) {
	httpBase, tcpAddr := mexHost(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	hu, _ := url.Parse(httpBase)
	tu, _ := url.Parse(tcpAddr)
	normalize := func(src []byte) string {
		return strings.NewReplacer(hu.Host, genmexPort, tu.Host, genmexTCPPort).Replace(string(src))
	}
	generate := func(t *testing.T, source string) string {
		t.Helper()
		d, err := metadata.Import(ctx, source, nil)
		if err != nil {
			t.Fatal(err)
		}
		src, err := metadata.Generate(d, metadata.GenOptions{Package: "genmex", Source: "the Go host's Calculator MEX"})
		if err != nil {
			t.Fatal(err)
		}
		return normalize(src)
	}
	fromWSDL := generate(t, httpBase+"soap12?wsdl")
	for _, src := range []string{
		httpBase + "soap12/mex",                       // mexHttpBinding
		servicemodel.MetadataExchangeAddress(tcpAddr), // mexTcpBinding
		tcpAddr,             // a net.tcp service address: MEX there (ActionNotSupported), then at its /mex
		httpBase + "soap11", // a service address: MEX there (it has none), then ?wsdl, as svcutil
		strings.Replace(httpBase, "http:", "HTTP:", 1) + "soap11/mex", // the scheme is case-insensitive
	} {
		t.Run(src, func(t *testing.T) {
			if got := generate(t, src); got != fromWSDL {
				t.Errorf("MEX at %s generates another package than ?wsdl", src)
			}
		})
	}
	if *updateMEX {
		if err := os.WriteFile("internal/genmex/calc.go", []byte(fromWSDL), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile("internal/genmex/calc.go")
	if err != nil {
		t.Fatal(err)
	}
	if fromWSDL != string(want) {
		t.Errorf("the host's metadata generates another package than internal/genmex (run go test -run %s -update-mex and review the diff)", t.Name())
	}

	// The generated client calls the host over net.tcp.
	c, err := genmex.DialCalculator(ctx, servicemodel.NewNetTCPBinding(), tcpAddr, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Abort()
	if n, err := c.Add(ctx, 2, 3); err != nil || n != 5 {
		t.Errorf("Add(2, 3) = %d, %v; want 5", n, err)
	}
	if s, err := c.Echo(ctx, "über"); err != nil || s != "über" {
		t.Errorf("Echo = %q, %v", s, err)
	}
	if err := c.Close(ctx); err != nil {
		t.Errorf("Close: %v", err)
	}
	// Its default endpoints are the host's, with their bindings: both HTTP
	// ones, and the net.tcp one once the WSDL writer lists net.tcp ports.
	hostEPs := map[string]string{
		"BasicHttpBinding_ICalculator": "http://" + genmexPort + "/calculator/soap11",
		"WSHttpBinding_ICalculator":    "http://" + genmexPort + "/calculator/soap12",
		"NetTcpBinding_ICalculator":    "net.tcp://" + genmexTCPPort + "/calculator",
	}
	seen := map[string]bool{}
	for _, ep := range genmex.Endpoints {
		if hostEPs[ep.Name] != ep.Address || ep.NewBinding == nil {
			t.Errorf("endpoint %s at %s (binding %v); want one of the host's", ep.Name, ep.Address, ep.NewBinding != nil)
		}
		seen[ep.Name] = true
	}
	if !seen["BasicHttpBinding_ICalculator"] || !seen["WSHttpBinding_ICalculator"] {
		t.Errorf("endpoints %+v lack an HTTP endpoint of the host", genmex.Endpoints)
	}
}
