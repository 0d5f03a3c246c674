package metadata

// Test 4c, Python: Debian's python3-zeep reads the Go host's ?wsdl (with
// its ?xsd=xsdN parts) and calls every Orders operation, the typed fault's
// detail (OrderFault) and the shared Person of GetTeam/DescribeTeam (z:Id
// and z:Ref, as the attributes Id and Ref the schema gives Person) included
// (testdata/zeep/orders_client.py). zeep is a peer under
// internal/testpeer's policy: missing, the test skips (fails under CI=true
// or WWS_REQUIRE_ZEEP=1).

import (
	"context"
	"errors"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wwsgo/wws/internal/testpeer"
)

// debianPython is the interpreter with Debian's python3 modules (the
// python3 on PATH may be another, without them).
const debianPython = "/usr/bin/python3"

// zeepAvailable reports whether Debian's python3-zeep can be imported.
func zeepAvailable() error {
	if out, err := exec.Command(debianPython, "-c", "import zeep").CombinedOutput(); err != nil {
		return errors.New("python3-zeep for " + debianPython + " (apt-get install python3-zeep): " + strings.TrimSpace(string(out)))
	}
	return nil
}

func TestZeepClient(t *testing.T) {
	testpeer.Require(t, zeepAvailable(), "WWS_REQUIRE_ZEEP")
	base := freeBase(t)
	openOrdersHost(t, base, nil)
	reversed := sampleKey
	slices.Reverse(reversed[:])
	for _, tc := range []struct{ path, port string }{
		{"soap11", "BasicHttpBinding_IOrderService"},
		{"soap12", "WSHttpBinding_IOrderService"},
	} {
		t.Run(tc.port, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, debianPython, "../../testdata/zeep/orders_client.py",
				base+tc.path+"?wsdl", tc.port, sampleKey.String(), reversed.String())
			out, err := cmd.CombinedOutput()
			if err != nil || !strings.HasSuffix(strings.TrimSpace(string(out)), "ALL OK") {
				t.Fatalf("zeep client: %v\n%s", err, out)
			}
			t.Logf("zeep client:\n%s", out)
		})
	}
}
