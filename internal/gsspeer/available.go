package gsspeer

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/wwsgo/wws/internal/testpeer"
)

// Python is Debian's interpreter, which has the python3-gssapi module (the
// python3 on PATH may be another one).
const Python = "/usr/bin/python3"

// NTLMMechOID is gss-ntlmssp's mechanism OID.
const NTLMMechOID = "1.3.6.1.4.1.311.2.2.10"

// InstallHint names the Debian packages the peers need.
const InstallHint = "apt-get install -y python3-gssapi gss-ntlmssp"

// ErrMissing reports that python3-gssapi or gss-ntlmssp is not installed.
var ErrMissing = errors.New("gsspeer: python3-gssapi or gss-ntlmssp is not installed (" + InstallHint + ")")

var available = sync.OnceValue(probe)

// Available reports whether the peers can run; its error wraps ErrMissing
// and says what is missing. It is computed once per process.
func Available() error { return available() }

func probe() error {
	if err := exec.Command(Python, "-c", "import gssapi").Run(); err != nil {
		return fmt.Errorf("%w: %s cannot import gssapi: %v", ErrMissing, Python, err)
	}
	if NTLMMechLibrary() == "" {
		return fmt.Errorf("%w: no /etc/gss/mech.d entry for %s whose library exists", ErrMissing, NTLMMechOID)
	}
	return nil
}

// NTLMMechLibrary returns the library of the NTLM mechanism registered in
// /etc/gss/mech.d, if it exists, else "".
func NTLMMechLibrary() string {
	confs, _ := filepath.Glob("/etc/gss/mech.d/*")
	for _, c := range confs {
		b, err := os.ReadFile(c)
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(b), "\n") {
			f := strings.Fields(line)
			if len(f) >= 3 && !strings.HasPrefix(f[0], "#") && f[1] == NTLMMechOID {
				if _, err := os.Stat(f[2]); err == nil {
					return f[2]
				}
			}
		}
	}
	return ""
}

// Require ends the test unless the peers can run (internal/testpeer's
// policy: t.Fatal when CI=true or WWS_REQUIRE_GSS=1, t.Skip otherwise).
func Require(t testing.TB) {
	t.Helper()
	testpeer.Require(t, Available(), "WWS_REQUIRE_GSS")
}
