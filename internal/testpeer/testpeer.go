// Package testpeer is the one policy for tests that need an independent
// peer installed on the machine (Mono's WCF, haproxy, the GSSAPI peers): a
// missing peer skips the test and says what to install, except where the
// peer must be there — under CI (CI=true; .ci/run installs every peer) or
// when the peer's own variable is 1 — where it fails the test.
package testpeer

import (
	"os"
	"testing"
)

// Require ends the test when missing is not nil: with t.Fatalf when CI=true
// or requireVar=1, with t.Skipf otherwise. missing should name what to
// install; both messages carry it.
func Require(t testing.TB, missing error, requireVar string) {
	t.Helper()
	require(t, missing, requireVar, os.Getenv)
}

// require is Require with the environment injected, for tests.
func require(t testing.TB, missing error, requireVar string, getenv func(string) string) {
	t.Helper()
	if missing == nil {
		return
	}
	if getenv("CI") == "true" || getenv(requireVar) == "1" {
		t.Fatalf("%v (required because CI=true or %s=1)", missing, requireVar)
		return
	}
	t.Skipf("%v; set %s=1 to fail instead of skipping", missing, requireVar)
}
