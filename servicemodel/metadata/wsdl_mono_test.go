package metadata

// The WSDL a host serves, fed to Mono's wsdl.exe (the ASMX proxy
// generator): the proxy it writes must compile with mcs and call the Go
// server's SOAP 1.1 endpoint (Add(2,3) = 5).

import (
	"strings"
	"testing"

	"github.com/wwsgo/wws/internal/monotest"
	"github.com/wwsgo/wws/servicemodel"
)

const wsdlClientMain = `using System;
public static class Program {
    public static int Main(string[] args) {
        var c = new CalculatorService();
        c.Url = args[0];
        int sum; bool sumSpecified;
        c.Add(2, true, 3, true, out sum, out sumSpecified);
        string echo = c.Echo("hello");
        Console.WriteLine("Add=" + sum + " Echo=" + echo);
        return sum == 5 && echo == "hello" ? 0 : 1;
    }
}
`

func TestWSDLMonoProxy(t *testing.T) {
	monotest.Require(t)
	base := freeBase(t)
	openCalcHost(t, &servicemodel.HostOptions{Metadata: HTTPGet}, base, []string{"soap12", "soap11"},
		[]*servicemodel.HTTPBinding{servicemodel.NewWSHTTPBinding(), servicemodel.NewBasicHTTPBinding()})
	basic := base + "soap11"

	if out := monotest.RunWSDLClient(t, basic+"?wsdl", wsdlClientMain, basic); !strings.Contains(out, "Add=5 Echo=hello") {
		t.Errorf("client output %q; want Add=5 Echo=hello", out)
	}
}
