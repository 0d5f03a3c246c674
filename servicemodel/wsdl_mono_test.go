package servicemodel

// The WSDL our listener serves, fed to Mono's wsdl.exe (the ASMX proxy
// generator): the proxy it writes must compile with mcs and call the Go
// server's SOAP 1.1 endpoint (Add(2,3) = 5).

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

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
	for _, tool := range []string{"wsdl", "mcs", "mono"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is not on PATH: mono-devel provides it (%s)", tool, monotest.InstallHint)
		}
	}
	checkLeaks(t)
	svc := &hcService{}
	base := "http://127.0.0.1:" + strconv.Itoa(monotest.FreePort(t)) + "/calc/"
	startHTTP(t, NewWSHTTPBinding(), base+"soap12", svc)
	basic := startHTTP(t, NewBasicHTTPBinding(), base+"soap11", svc)

	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	run := func(name string, args ...string) string {
		t.Helper()
		cmd := exec.CommandContext(ctx, name, args...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	run("wsdl", "/nologo", "/out:Proxy.cs", basic+"?wsdl")
	if err := os.WriteFile(filepath.Join(dir, "Main.cs"), []byte(wsdlClientMain), 0o644); err != nil {
		t.Fatal(err)
	}
	run("mcs", "-nologo", "-r:System.Web.Services", "-r:System.Xml", "-out:client.exe", "Proxy.cs", "Main.cs")
	out := run("mono", "client.exe", basic)
	if !strings.Contains(out, "Add=5 Echo=hello") {
		t.Errorf("client output %q; want Add=5 Echo=hello", out)
	}
}
