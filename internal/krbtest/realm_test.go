package krbtest

import (
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// TestRealm starts a realm, adds a user and a service, and has MIT's own
// kinit and kvno use it: the KDC answers on its port.
func TestRealm(t *testing.T) {
	start := time.Now()
	k := Start(t)
	t.Logf("realm up in %v", time.Since(start))
	k.AddUser(t, "alice", "Passw0rd!")
	kt := k.AddService(t, "host/server.example")
	if fi, err := os.Stat(kt); err != nil || fi.Size() == 0 {
		t.Fatalf("keytab %s: %v", kt, err)
	}
	cc := k.Kinit(t, "alice", "Passw0rd!")
	cmd := exec.Command("kvno", "host/server.example")
	cmd.Env = k.Env(cc, "")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "kvno = ") {
		t.Fatalf("kvno: %v: %s", err, out)
	}
	cmd = exec.Command("kinit", "alice@"+Realm)
	cmd.Env = k.Env(t.TempDir()+"/cc", "")
	cmd.Stdin = strings.NewReader("wrong\n")
	if out, err := cmd.CombinedOutput(); err == nil {
		t.Fatalf("kinit with a wrong password succeeded: %s", out)
	}
}
