package cli

import (
	"encoding/json"
	"net"
	"strings"
	"testing"
	"time"
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
