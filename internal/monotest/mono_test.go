package monotest

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestMonoToMono proves the harness: CalcHost with all three endpoints of the contract (plus
// WSHttpBinding on the HTTP port), and CalcClient running every op against each of them.
//
// The clients run one after another on purpose: Mono's HTTP host serves one request at a time,
// so one client's Delay(5000) holds up the others and running them in parallel is not faster.
func TestMonoToMono(t *testing.T) {
	start := time.Now()
	eps := AllEndpoints(t)
	eps = append(eps, Endpoint{WSHTTP, strings.Replace(eps[1].Address, SOAP12, WSHTTP, 1)})
	h := StartHost(t, eps...)
	t.Logf("host READY after %v", time.Since(start).Round(time.Millisecond))
	for _, binding := range []string{NetTCP, SOAP12, SOAP11, WSHTTP} {
		t.Run(binding, func(t *testing.T) {
			r, err := RunClient(t, binding, h.Address(binding))
			if err != nil {
				t.Fatalf("RunClient(%s, %s) = %v; ops: %+v", binding, h.Address(binding), err, r.Ops)
			}
			if got, want := len(r.Ops), len(allOps); got != want {
				t.Errorf("got %d op results, want %d: %+v", got, want, r.Ops)
			}
			checkNotifyCount(t, r)
			t.Logf("%s: %d ops OK in %v (%s)", binding, len(r.Ops), r.Elapsed.Round(time.Millisecond), opTimes(r.Stderr))
		})
	}
	stop := time.Now()
	if err := h.Stop(); err != nil {
		t.Errorf("host Stop = %v, want a clean close", err)
	}
	t.Logf("host stopped in %v; total %v", time.Since(stop).Round(time.Millisecond), time.Since(start).Round(time.Millisecond))
}

// opTimes collects the client's "CalcClient: <op> took N ms" stderr lines.
func opTimes(stderr string) string {
	var times []string
	for line := range strings.Lines(stderr) {
		if op, ms, ok := strings.Cut(strings.TrimPrefix(strings.TrimSpace(line), "CalcClient: "), " took "); ok {
			times = append(times, op+" "+ms)
		}
	}
	return strings.Join(times, ", ")
}

// checkNotifyCount checks the "count=N" detail of the notify op.
func checkNotifyCount(t *testing.T, r Result) {
	t.Helper()
	o, ok := r.Op("notify")
	if !ok {
		t.Fatal("no notify result")
	}
	n, err := strconv.Atoi(strings.TrimPrefix(o.Detail, "count="))
	if err != nil || n < 1 {
		t.Errorf("notify detail = %q, want count=N with N >= 1", o.Detail)
	}
}

// TestClientReportsFailure proves that a broken peer fails the client rather than passing or
// hanging: nothing listens on the address.
func TestClientReportsFailure(t *testing.T) {
	Require(t)
	addr := NewEndpoint(t, NetTCP).Address
	r, err := RunClient(t, NetTCP, addr, "add", "no-such-op")
	if !errors.Is(err, ErrClientFailed) {
		t.Fatalf("RunClient against a closed port = %v, want ErrClientFailed", err)
	}
	for _, op := range []string{"add", "no-such-op"} {
		if o, ok := r.Op(op); !ok || o.OK {
			t.Errorf("op %s = %+v (present %v), want a FAIL line", op, o, ok)
		}
	}
	if r.ExitCode != 1 {
		t.Errorf("exit code = %d, want 1", r.ExitCode)
	}
}

// TestHostBadArgs proves that StartHost reports a host that cannot open.
func TestHostBadArgs(t *testing.T) {
	dir := Build(t)
	h, err := startHost(dir, []Endpoint{{Binding: "bogus", Address: "http://127.0.0.1:1/x"}})
	if err != nil {
		t.Fatalf("startHost: %v", err)
	}
	defer h.Stop()
	if err := h.waitReady(); err == nil || !strings.Contains(err.Error(), "exited before READY") {
		t.Errorf("waitReady = %v, want exited before READY", err)
	}
}

// TestBuildCached checks that Build returns one directory holding both programs, named by the
// sources' hash.
func TestBuildCached(t *testing.T) {
	dir := Build(t)
	if again := Build(t); again != dir {
		t.Errorf("second Build = %q, want %q", again, dir)
	}
	for _, exe := range []string{hostExe, clientExe} {
		if _, err := os.Stat(filepath.Join(dir, exe)); err != nil {
			t.Errorf("%s: %v", exe, err)
		}
	}
	src, err := sourceDir()
	if err != nil {
		t.Fatal(err)
	}
	files, err := csFiles(src)
	if err != nil {
		t.Fatal(err)
	}
	key, err := sourceHash(src, files)
	if err != nil {
		t.Fatal(err)
	}
	if want := "wws-monotest-" + key; filepath.Base(dir) != want {
		t.Errorf("Build dir = %q, want base %q", dir, want)
	}
}

// TestSourceHashChanges checks that the cache key follows the sources.
func TestSourceHashChanges(t *testing.T) {
	src := t.TempDir()
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(src, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(hostSrc, "class H {}")
	write(clientSrc, "class C {}")
	files, err := csFiles(src)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := sourceHash(src, files)
	write(clientSrc, "class C { }")
	b, _ := sourceHash(src, files)
	if a == b {
		t.Errorf("hash %s unchanged after editing %s", a, clientSrc)
	}
	os.Remove(filepath.Join(src, hostSrc))
	if _, err := csFiles(src); err == nil {
		t.Errorf("csFiles without %s = nil error, want one", hostSrc)
	}
}
