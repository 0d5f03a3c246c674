package cli

import (
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wwsgo/wws/servicemodel"
)

func TestCall(t *testing.T) {
	addr := startCalc(t)
	const addResult = "<AddResponse xmlns=\"http://tempuri.org/\">\n  <AddResult>5</AddResult>\n</AddResponse>\n"
	tests := []struct {
		name      string
		stdin     string
		args      []string
		code      int
		stdout    string // exact, when set
		contains  string // in stdout
		errSubstr string // in stderr
	}{
		{name: "pairs", args: []string{"call", addr, "Add", "a=2", "b=3"}, stdout: addResult},
		{name: "xml body", args: []string{"call", addr, "http://tempuri.org/ICalculator/Add", `<Add xmlns="http://tempuri.org/"><a>2</a><b>3</b></Add>`}, stdout: addResult},
		{name: "stdin body", stdin: `<Add xmlns="http://tempuri.org/"><a>2</a><b>3</b></Add>`, args: []string{"call", addr, "Add", "-"}, stdout: addResult},
		{name: "flags last", args: []string{"call", addr, "Add", "a=2", "b=3", "-timeout", "5s"}, stdout: addResult},
		{name: "envelope", args: []string{"call", "-envelope", addr, "Add", "a=2", "b=3"}, contains: "<a:Action s:mustUnderstand=\"1\">http://tempuri.org/ICalculator/AddResponse</a:Action>"},
		{name: "header", args: []string{"call", "-H", `<t:Trace xmlns:t="urn:t">1</t:Trace>`, addr, "Add", "a=2", "b=3"}, stdout: addResult},
		{name: "verbose", args: []string{"call", "-v", addr, "Add", "a=2", "b=3"}, stdout: addResult, errSubstr: "< SizedEnvelope"},
		{name: "fault", args: []string{"call", addr, "Fail", "reason=boom"}, code: ExitFault, errSubstr: "fault: Sender: boom"},
		{name: "fault detail", args: []string{"call", addr, "FailDetail", "reason=boom"}, code: ExitFault,
			errSubstr: "fault: Sender: typed\ndetail:\n<CalcFault xmlns=\"http://schemas.datacontract.org/2004/07/Calc\">\n  <Code>42</Code>\n  <Why>boom</Why>\n</CalcFault>\n"},
		{name: "unknown action", args: []string{"call", addr, "Nope"}, code: ExitFault, errSubstr: "ActionNotSupported"},
		{name: "no action", args: []string{"call", addr}, code: ExitUsage},
		{name: "bad pair", args: []string{"call", addr, "Add", "a"}, code: ExitUsage},
		{name: "bad xml", args: []string{"call", addr, "Add", "<Add>"}, code: ExitUsage},
		{name: "bad scheme", args: []string{"call", "ftp://x/y", "Add"}, code: ExitUsage},
		{name: "bad binding", args: []string{"call", "-binding", "smtp", addr, "Add"}, code: ExitUsage},
		{name: "wrong path", args: []string{"call", strings.TrimSuffix(addr, "/calc") + "/nothere", "Add", "a=1", "b=1"}, code: ExitTransport, errSubstr: "EndpointNotFound"},
		{name: "unreachable", args: []string{"call", "-timeout", "2s", "net.tcp://" + closedPort(t) + "/calc", "Add", "a=1", "b=1"}, code: ExitTransport},
		{name: "unknown command", args: []string{"frob"}, code: ExitUsage},
		{name: "no command", args: nil, code: ExitUsage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := run(t, tt.stdin, tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, out, errs)
			}
			if tt.stdout != "" && out != tt.stdout {
				t.Errorf("stdout:\n%s\nwant:\n%s", out, tt.stdout)
			}
			if !strings.Contains(out, tt.contains) {
				t.Errorf("stdout lacks %q:\n%s", tt.contains, out)
			}
			if !strings.Contains(errs, tt.errSubstr) {
				t.Errorf("stderr lacks %q:\n%s", tt.errSubstr, errs)
			}
		})
	}
}

// closedPort returns a loopback host:port nothing listens on.
func closedPort(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

func TestBench(t *testing.T) {
	addr := startCalc(t)
	code, out, errs := run(t, "", "bench", "-n", "40", "-c", "4", "-json", addr, "Add", "a=2", "b=3")
	if code != ExitOK {
		t.Fatalf("exit %d, want 0\n%s\n%s", code, out, errs)
	}
	var rep BenchReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("bench -json output does not parse: %v\n%s", err, out)
	}
	if rep.Calls != 40 || rep.Errors != 0 || rep.Concurrency != 4 {
		t.Errorf("calls %d errors %d concurrency %d, want 40 0 4", rep.Calls, rep.Errors, rep.Concurrency)
	}
	if !(rep.P50ms > 0 && rep.P50ms <= rep.P90ms && rep.P90ms <= rep.P99ms && rep.P99ms <= rep.MaxMs && rep.CallsPerSec > 0) {
		t.Errorf("inconsistent report %+v", rep)
	}
	code, out, _ = run(t, "", "bench", "-n", "6", "-c", "2", addr, "Fail", "reason=x")
	if code != ExitFault || !strings.Contains(out, "calls        6 (6 errors)") {
		t.Errorf("bench of Fail: exit %d, want %d; output:\n%s", code, ExitFault, out)
	}
}

// bench -cpuprofile writes a pprof CPU profile of the calls.
func TestBenchCPUProfile(t *testing.T) {
	addr := startCalc(t)
	file := filepath.Join(t.TempDir(), "cpu.prof")
	code, out, errs := run(t, "", "bench", "-n", "20", "-c", "2", "-cpuprofile", file, addr, "Add", "a=2", "b=3")
	if code != ExitOK {
		t.Fatalf("exit %d, want 0\n%s\n%s", code, out, errs)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) < 2 || b[0] != 0x1f || b[1] != 0x8b { // runtime/pprof writes gzipped protobuf
		t.Errorf("-cpuprofile wrote %d bytes, not a gzipped profile", len(b))
	}
}

func TestPercentile(t *testing.T) {
	var d []time.Duration
	for i := 1; i <= 100; i++ {
		d = append(d, time.Duration(i)*time.Millisecond)
	}
	for _, tt := range []struct {
		p    int
		want float64
	}{{50, 50}, {90, 90}, {99, 99}, {100, 100}, {1, 1}} {
		if got := percentile(d, tt.p); got != tt.want {
			t.Errorf("percentile(1..100ms, %d) = %v, want %v", tt.p, got, tt.want)
		}
	}
	if got := percentile(nil, 50); got != 0 {
		t.Errorf("percentile(nil) = %v, want 0", got)
	}
}

func TestResolveAction(t *testing.T) {
	for _, tt := range []struct{ in, ns, contract, full, op string }{
		{"Add", "http://tempuri.org/", "ICalculator", "http://tempuri.org/ICalculator/Add", "Add"},
		{"Add", "urn:x", "C", "urn:x/C/Add", "Add"},
		{"http://a/b/Op", "", "", "http://a/b/Op", "Op"},
		{"urn:act:Op", "", "", "urn:act:Op", "Op"},
	} {
		full, op := resolveAction(tt.in, tt.ns, tt.contract)
		if full != tt.full || op != tt.op {
			t.Errorf("resolveAction(%q, %q, %q) = %q, %q; want %q, %q", tt.in, tt.ns, tt.contract, full, op, tt.full, tt.op)
		}
	}
}

// A bench call that runs past -timeout is ended, counted as an error that
// says so, and the worker goes on with a new context and channel.
func TestBenchTimeout(t *testing.T) {
	addr := startCalc(t)
	start := time.Now()
	code, out, errs := run(t, "", "bench", "-n", "2", "-c", "1", "-timeout", "300ms", "-json", addr, "Delay", "milliseconds=3000")
	if elapsed := time.Since(start); elapsed > 2500*time.Millisecond {
		t.Errorf("bench of two slow calls took %v, want about 2 × 300ms", elapsed)
	}
	if code != ExitTransport {
		t.Fatalf("exit %d, want %d\n%s\n%s", code, ExitTransport, out, errs)
	}
	var rep BenchReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("bench -json output does not parse: %v\n%s", err, out)
	}
	// The watch or the session's receive timeout (the binding's, also
	// -timeout) ends the call, whichever comes first.
	if rep.Calls != 2 || rep.Errors != 2 || !strings.Contains(rep.FirstError, "timed out") && !strings.Contains(rep.FirstError, "timeout") {
		t.Errorf("calls %d errors %d first error %q, want 2 2 and a timeout", rep.Calls, rep.Errors, rep.FirstError)
	}
	if rep.MaxMs < 300 {
		t.Errorf("a call ended after %.0f ms, before the 300ms timeout", rep.MaxMs)
	}
}

// abortCounter is a ClientChannel that counts its aborts.
type abortCounter struct {
	servicemodel.ClientChannel
	aborts int
}

func (a *abortCounter) Abort() { a.aborts++ }

// The watch over a worker's calls aborts the channel of the call under way
// once it has run for the timeout (and says so), never the channel of one
// that returned, and every call's when the bench is interrupted.
func TestBenchWorkerExpire(t *testing.T) {
	const timeout = time.Second
	var w benchWorker
	ch := &abortCounter{}
	t0 := time.Now()
	w.begin(ch, t0)
	w.expire(t0.Add(timeout-time.Millisecond), timeout, false)
	if ch.aborts != 0 {
		t.Fatal("a call was aborted before its timeout")
	}
	w.expire(t0.Add(timeout), timeout, false)
	w.expire(t0.Add(timeout+time.Millisecond), timeout, false)
	if ch.aborts != 1 || !w.end() {
		t.Fatalf("a call past its timeout: %d aborts, timed out %v; want 1, true", ch.aborts, w.timedOut)
	}
	next := &abortCounter{}
	w.begin(next, t0)
	if w.end() {
		t.Error("the call after a timed-out one is reported timed out")
	}
	w.expire(t0.Add(2*timeout), timeout, false)
	w.expire(t0.Add(2*timeout), timeout, true)
	if next.aborts != 0 {
		t.Error("a returned call's channel was aborted")
	}
	w.begin(next, t0)
	w.expire(t0, timeout, true)
	if next.aborts != 1 || w.end() {
		t.Errorf("interrupted: %d aborts, timed out %v; want 1, false", next.aborts, w.timedOut)
	}
}
