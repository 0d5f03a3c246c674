package interop

import (
	"strings"
	"testing"

	"github.com/wwsgo/wws/internal/monotest"
	"github.com/wwsgo/wws/servicemodel"
	"github.com/wwsgo/wws/servicemodel/calculator"
)

// The client program for the proxy Mono's wsdl.exe generates from the Go
// host's WSDL (an ASMX-style SOAP 1.1 proxy).
const wsdlCalcClient = `using System;
using System.Web.Services.Protocols;
public static class Program {
    public static int Main(string[] args) {
        var c = new CalculatorService();
        c.Url = args[0];
        int sum; bool sumSpecified;
        c.Add(2, true, 3, true, out sum, out sumSpecified);
        string echo = c.Echo("hello");
        string fault = "none";
        try { c.Fail("boom"); } catch (SoapException e) { fault = e.Message; }
        Console.WriteLine("Add=" + sum + " Echo=" + echo + " Fail=" + fault);
        return sum == 5 && echo == "hello" && fault == "boom" ? 0 : 1;
    }
}
`

// TestWSDLOfBuiltInCalculator: the WSDL the Go host serves for the built-in
// Calculator endpoint is consumed by a real tool — Mono's wsdl.exe — whose
// generated proxy compiles with mcs and calls the Go host: Add returns 5,
// Echo echoes, Fail arrives as a SOAP fault with the reason "boom".
func TestWSDLOfBuiltInCalculator(t *testing.T) {
	monotest.Require(t)
	eps := monotest.AllEndpoints(t)[1:] // SOAP 1.2 and SOAP 1.1 on one port
	contract := calculator.Contract()
	startGoHost(t,
		&servicemodel.Endpoint{Address: eps[0].Address, Binding: servicemodel.NewWSHTTPBinding(), Contract: contract},
		&servicemodel.Endpoint{Address: eps[1].Address, Binding: servicemodel.NewBasicHTTPBinding(), Contract: contract})
	basic := eps[1].Address

	if out := monotest.RunWSDLClient(t, basic+"?wsdl", wsdlCalcClient, basic); !strings.Contains(out, "Add=5 Echo=hello Fail=boom") {
		t.Errorf("generated client printed %q; want Add=5 Echo=hello Fail=boom", out)
	}
}
