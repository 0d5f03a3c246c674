package monotest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// RunWSDLClient is the path a .NET developer takes with a WSDL: Mono's
// wsdl.exe generates a SOAP 1.1 proxy from wsdlURL, mcs compiles it with
// mainSource (a C# Main that uses the proxy), and mono runs the program
// with args. It returns what the program printed, and fails the test if a
// step fails or a tool is missing (mono-devel provides them all).
func RunWSDLClient(t testing.TB, wsdlURL, mainSource string, args ...string) string {
	t.Helper()
	for _, tool := range []string{"wsdl", "mcs", "mono"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("monotest: %s is not on PATH: mono-devel provides it (%s)", tool, InstallHint)
		}
	}
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	run := func(name string, args ...string) string {
		t.Helper()
		cmd := exec.CommandContext(ctx, name, args...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("monotest: %s %s: %v\n%s", name, strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	run("wsdl", "/nologo", "/out:Proxy.cs", wsdlURL)
	if err := os.WriteFile(filepath.Join(dir, "Main.cs"), []byte(mainSource), 0o644); err != nil {
		t.Fatal(err)
	}
	run("mcs", "-nologo", "-r:System.Web.Services", "-r:System.Xml", "-out:client.exe", "Proxy.cs", "Main.cs")
	return run("mono", append([]string{"client.exe"}, args...)...)
}
