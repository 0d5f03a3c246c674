// Available and Require: the policy for tests that need Mono (internal/monotest package doc).

package monotest

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"github.com/wwsgo/wws/internal/testpeer"
)

// InstallHint names the Debian packages that provide everything this package needs.
const InstallHint = "apt-get install -y mono-devel libmono-system-servicemodel4.0a-cil"

// ErrMonoMissing reports that mono, mcs or System.ServiceModel.dll is not installed.
var ErrMonoMissing = errors.New("monotest: Mono WCF is not installed (" + InstallHint + ")")

var available = sync.OnceValue(probe)

// Available reports whether mono, mcs and System.ServiceModel.dll are installed. Its error wraps
// ErrMonoMissing and names what is missing. The answer is computed once per process.
func Available() error { return available() }

// probe looks for the tools and the assembly.
func probe() error {
	monoPath, err := exec.LookPath("mono")
	if err != nil {
		return fmt.Errorf("%w: no mono on PATH", ErrMonoMissing)
	}
	if _, err := exec.LookPath("mcs"); err != nil {
		return fmt.Errorf("%w: no mcs on PATH", ErrMonoMissing)
	}
	if findAssembly(monoPath, "System.ServiceModel.dll") == "" {
		return fmt.Errorf("%w: no System.ServiceModel.dll next to %s", ErrMonoMissing, monoPath)
	}
	return nil
}

// findAssembly returns the path of name in the 4.5 profile of the Mono installed at monoPath
// (PREFIX/bin/mono → PREFIX/lib/mono/4.5/name), or "".
func findAssembly(monoPath, name string) string {
	if p, err := filepath.EvalSymlinks(monoPath); err == nil {
		monoPath = p
	}
	prefix := filepath.Dir(filepath.Dir(monoPath))
	for _, profile := range []string{"4.5", "4.5-api"} {
		p := filepath.Join(prefix, "lib", "mono", profile, name)
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}

// Require ends the test unless Mono is available (internal/testpeer's
// policy: t.Fatal when CI=true or WWS_REQUIRE_MONO=1, t.Skip otherwise).
// Both messages carry the install hint.
func Require(t testing.TB) {
	t.Helper()
	testpeer.Require(t, Available(), "WWS_REQUIRE_MONO")
}
