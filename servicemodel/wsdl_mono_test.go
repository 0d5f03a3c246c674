package servicemodel

// The WSDL our listener serves, fed to Mono's wsdl.exe (the ASMX proxy
// generator): the proxy it writes must compile with mcs and call the Go
// server's SOAP 1.1 endpoint (Add(2,3) = 5).

import (
	"strconv"
	"strings"
	"testing"

	"github.com/wwsgo/wws/internal/monotest"
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
	checkLeaks(t)
	svc := &hcService{}
	base := "http://127.0.0.1:" + strconv.Itoa(monotest.FreePort(t)) + "/calc/"
	startHTTP(t, NewWSHTTPBinding(), base+"soap12", svc)
	basic := startHTTP(t, NewBasicHTTPBinding(), base+"soap11", svc)

	if out := monotest.RunWSDLClient(t, basic+"?wsdl", wsdlClientMain, basic); !strings.Contains(out, "Add=5 Echo=hello") {
		t.Errorf("client output %q; want Add=5 Echo=hello", out)
	}
}
