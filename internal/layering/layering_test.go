// The test of the module's import direction (see doc.go).
package layering

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/wwsgo/wws"

// wireRoots are the wire packages, with everything under them.
var wireRoots = []string{module + "/soap", module + "/nettcp", module + "/cancel"}

// listed is the part of `go list -json` the test reads.
type listed struct {
	ImportPath string
	Dir        string
	Standard   bool
	Imports    []string
	DepsErrors []struct{ Err string }
	Error      *struct{ Err string }
}

func TestWireImports(t *testing.T) {
	pkgs := goList(t, "./soap/...", "./nettcp/...", "./cancel/...")
	var wire []string
	for _, p := range pkgs {
		if isWire(p.ImportPath) {
			wire = append(wire, p.ImportPath)
			for _, imp := range p.Imports {
				if why := forbidden(p.ImportPath, imp); why != "" {
					t.Errorf("%s imports %s: %s", p.ImportPath, imp, why)
				}
			}
		}
	}
	for _, root := range wireRoots {
		if !slices.Contains(wire, root) {
			t.Errorf("go list did not list %s; the test would check nothing of it", root)
		}
	}
	// The packages the wire packages may leave to must stay leaves.
	for _, p := range pkgs {
		if p.ImportPath != module+"/internal/monoclock" {
			continue
		}
		for _, imp := range p.Imports {
			if !isStandard(pkgs, imp) {
				t.Errorf("%s imports %s: the wire packages' internal helpers import only the standard library", p.ImportPath, imp)
			}
		}
	}
}

// TestForbidden checks the rule itself on imports the tree does not have.
func TestForbidden(t *testing.T) {
	tests := []struct {
		from, imp string
		ok        bool
	}{
		{module + "/soap", module + "/soap/nbfx", true},
		{module + "/soap", module + "/soap/internal/binmsg", true},
		{module + "/soap/nbfx", "github.com/beevik/etree", true},
		{module + "/nettcp", module + "/internal/monoclock", true},
		{module + "/nettcp", module + "/soap", true},
		{module + "/cancel", "context", true},
		{module + "/nettcp", "github.com/beevik/etree", false},
		{module + "/soap", module + "/servicemodel", false},
		{module + "/nettcp", module + "/servicemodel/calculator", false},
		{module + "/cancel", module + "/cmd/wsproxy", false},
		{module + "/soap", module + "/internal/monotest", false},
		{module + "/nettcp", "go.uber.org/zap", false},
		{module + "/soap/xmltext", "golang.org/x/net/html", false},
	}
	for _, tc := range tests {
		if got := forbidden(tc.from, tc.imp) == ""; got != tc.ok {
			t.Errorf("%s → %s allowed = %v; want %v", tc.from, tc.imp, got, tc.ok)
		}
	}
}

func isWire(path string) bool {
	for _, root := range wireRoots {
		if path == root || strings.HasPrefix(path, root+"/") {
			return true
		}
	}
	return false
}

// forbidden returns why a wire package from may not import imp, or "".
func forbidden(from, imp string) string {
	switch {
	case isWire(imp):
		return ""
	case imp == module+"/internal/monoclock":
		return ""
	case imp == "github.com/beevik/etree":
		if from == module+"/soap" || strings.HasPrefix(from, module+"/soap/") {
			return ""
		}
		return "etree is for soap/... only"
	case imp == module || strings.HasPrefix(imp, module+"/"):
		return "a wire package imports no servicemodel, cmd or internal package (internal/monoclock excepted)"
	case !strings.Contains(strings.Split(imp, "/")[0], "."):
		return "" // the standard library: no dot in the first element
	}
	return "a wire package imports only the standard library and github.com/beevik/etree"
}

// isStandard reports whether go list marked imp as a standard package.
func isStandard(pkgs []listed, imp string) bool {
	for _, p := range pkgs {
		if p.ImportPath == imp {
			return p.Standard
		}
	}
	return false
}

// goList runs `go list -deps -json` on patterns from the module root.
func goList(t *testing.T, patterns ...string) []listed {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to list imports: %v", err)
	}
	cmd := exec.Command(goTool, append([]string{"list", "-deps", "-json"}, patterns...)...)
	cmd.Dir = "../.."
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	var pkgs []listed
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p listed
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("go list output: %v", err)
		}
		if p.Error != nil {
			t.Errorf("go list %s: %s", p.ImportPath, p.Error.Err)
		}
		for _, e := range p.DepsErrors {
			t.Errorf("go list %s: %s", p.ImportPath, e.Err)
		}
		pkgs = append(pkgs, p)
	}
	if len(pkgs) == 0 {
		t.Fatalf("go list %v listed nothing", patterns)
	}
	readSources(t, pkgs)
	return pkgs
}

// readSources reads the directory and the Go files of every package of the
// module that go list named. go list runs in a child process, whose reads
// go test's result cache does not see; reading them here makes a changed,
// added or removed file rerun the test instead of replaying a cached pass.
func readSources(t *testing.T, pkgs []listed) {
	t.Helper()
	for _, p := range pkgs {
		if p.Standard || p.Dir == "" || !strings.HasPrefix(p.ImportPath, module) {
			continue
		}
		entries, err := os.ReadDir(p.Dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".go") {
				if _, err := os.ReadFile(filepath.Join(p.Dir, e.Name())); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}
