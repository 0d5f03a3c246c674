package e2e

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestCallExitCodes(t *testing.T) {
	h := startHost(t, 1, "-nettcp", freePort(t), "-http", "off")
	addr := h.addr("nettcp")
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"add", []string{"call", addr, "Add", "a=2", "b=3"}, 0, "<AddResult>5</AddResult>", ""},
		{"echo xml", []string{"call", addr, "http://tempuri.org/ICalculator/Echo", `<Echo xmlns="http://tempuri.org/"><text>hi</text></Echo>`}, 0, "<EchoResult>hi</EchoResult>", ""},
		{"fault", []string{"call", addr, "Fail", "reason=boom"}, 1, "", "boom"},
		{"usage", []string{"call", addr}, 2, "", "usage"},
		{"unreachable", []string{"call", "-timeout", "3s", "net.tcp://" + freePort(t) + "/calculator", "Add", "a=1", "b=2"}, 3, "", ""},
		{"wrong path", []string{"call", strings.TrimSuffix(addr, "/calculator") + "/nope", "Add", "a=1", "b=2"}, 3, "", "EndpointNotFound"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := wsproxy(t, tt.args...)
			if r.code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, tt.code, r.stdout, r.stderr)
			}
			mustContain(t, "stdout", r.stdout, tt.stdout)
			mustContain(t, "stderr", r.stderr, tt.stderr)
		})
	}
}

// SIGTERM while a Delay call is pending: the call completes, then wshost
// exits 0.
func TestGracefulShutdown(t *testing.T) {
	admin := freePort(t)
	h := startHost(t, 1, "-nettcp", freePort(t), "-http", "off", "-admin", admin)
	done := make(chan result, 1)
	go func() { done <- wsproxy(t, "call", h.addr("nettcp"), "Delay", "milliseconds=1500") }()
	waitMetric(t, "http://"+admin+"/metrics", "wws_open_sessions{", " 1")
	waitMetric(t, "http://"+admin+"/metrics", "wws_throttle_calls", " 1") // Delay is running
	if err := h.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	r := <-done
	if r.code != 0 || !strings.Contains(r.stdout, "<DelayResult>1500</DelayResult>") {
		t.Errorf("Delay during shutdown: exit %d, stdout %q, stderr %q; want 0 and DelayResult 1500", r.code, r.stdout, r.stderr)
	}
	if code := h.wait(t, 20*time.Second); code != 0 {
		t.Errorf("wshost exit %d after SIGTERM, want 0", code)
	}
}

// waitMetric polls url until a line starting with prefix ends with suffix.
func waitMetric(t *testing.T, url, prefix, suffix string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if body, err := tryGet(url); err == nil && hasLine(body, prefix, suffix) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("%s never showed %s…%s:\n%s", url, prefix, suffix, get(t, url))
}

// waitStatus polls url until it answers with status code.
func waitStatus(t *testing.T, url string, code int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(url); err == nil {
			resp.Body.Close()
			if resp.StatusCode == code {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("%s never answered %d", url, code)
}

func hasLine(body, prefix, suffix string) bool {
	for _, l := range strings.Split(body, "\n") {
		if strings.HasPrefix(l, prefix) && strings.HasSuffix(l, suffix) {
			return true
		}
	}
	return false
}

func get(t *testing.T, url string) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		body, err := tryGet(url)
		if err == nil {
			return body
		}
		if time.Now().After(deadline) {
			t.Fatal(err)
		}
		time.Sleep(20 * time.Millisecond) // the admin server opens after the endpoints
	}
}

func tryGet(url string) (string, error) {
	resp, err := http.Get(url)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return string(b), err
}

func TestAdmin(t *testing.T) {
	admin := freePort(t)
	h := startHost(t, 1, "-nettcp", freePort(t), "-http", "off", "-admin", admin)
	wsproxy(t, "call", h.addr("nettcp"), "Add", "a=1", "b=1")
	wsproxy(t, "call", h.addr("nettcp"), "Fail", "reason=x")
	if body := get(t, "http://"+admin+"/healthz"); body != "ok\n" {
		t.Errorf("/healthz = %q, want ok", body)
	}
	m := get(t, "http://"+admin+"/metrics")
	l := `{endpoint="` + h.addr("nettcp") + `"}`
	mustContain(t, "/metrics", m, "wws_calls_total"+l+" 2\n", "wws_faults_total"+l+" 1\n", "wws_call_duration_seconds_count"+l+" 2\n")
}

func TestBenchJSON(t *testing.T) {
	h := startHost(t, 1, "-nettcp", freePort(t), "-http", "off")
	r := wsproxy(t, "bench", "-n", "50", "-c", "5", "-json", h.addr("nettcp"), "Add", "a=2", "b=3")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var rep struct {
		Calls, Errors int
		P50           float64 `json:"p50_ms"`
		P99           float64 `json:"p99_ms"`
		CPS           float64 `json:"calls_per_second"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("bench -json: %v\n%s", err, r.stdout)
	}
	if rep.Calls != 50 || rep.Errors != 0 || rep.P50 <= 0 || rep.P99 < rep.P50 || rep.CPS <= 0 {
		t.Errorf("report %+v", rep)
	}
}

func TestDecodeCapture(t *testing.T) {
	r := wsproxy(t, "decode", "../../testdata/vectors/nettcp_session.hex.log")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	mustContain(t, "decode output", r.stdout, "<AddResult>5</AddResult>", `<s:Text xml:lang="en-US">boom</s:Text>`,
		"<EchoResult>hello</EchoResult>", "Via net.tcp://127.0.0.1:18861/calc", "@1356   End")
}

func TestBadConfig(t *testing.T) {
	dir := t.TempDir()
	tests := []struct{ name, json, field string }{
		{"unknown field", `{"endpoints": [{"binding": "nettcp", "address": "net.tcp://127.0.0.1:1/x", "quota": 1}]}`, "quota"},
		{"bad binding", `{"endpoints": [{"binding": "tcp", "address": "net.tcp://127.0.0.1:1/x"}]}`, "endpoints[0].binding"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, "c.json")
			if err := os.WriteFile(path, []byte(tt.json), 0o644); err != nil {
				t.Fatal(err)
			}
			r := run(t, "wshost", "-config", path)
			if r.code != 2 || !strings.Contains(r.stderr, tt.field) {
				t.Errorf("exit %d, stderr %q; want 2 naming %q", r.code, r.stderr, tt.field)
			}
		})
	}
	if r := run(t, "wshost", "-nettcp", "nowhere"); r.code != 2 {
		t.Errorf("-nettcp nowhere: exit %d, want 2", r.code)
	}
}

// Add(2,3) over each of the three default endpoints (moved to free ports).
func TestAddEveryEndpoint(t *testing.T) {
	h := startHost(t, 3, "-nettcp", freePort(t), "-http", freePort(t))
	for _, tt := range []struct{ binding, flag string }{{"nettcp", ""}, {"soap12", ""}, {"soap11", "soap11"}} {
		t.Run(tt.binding, func(t *testing.T) {
			args := []string{"call", h.addr(tt.binding), "Add", "a=2", "b=3"}
			if tt.flag != "" {
				args = append([]string{"call", "-binding", tt.flag}, args[1:]...)
			}
			r := wsproxy(t, args...)
			if r.code != 0 || !strings.Contains(r.stdout, "<AddResult>5</AddResult>") {
				t.Errorf("exit %d stdout %q stderr %q; want 0 and AddResult 5", r.code, r.stdout, r.stderr)
			}
			if r := wsproxy(t, append(args[:len(args)-3:len(args)-3], "Fail", "reason=boom")...); r.code != 1 || !strings.Contains(r.stderr, "boom") {
				t.Errorf("Fail: exit %d stderr %q; want 1 and boom", r.code, r.stderr)
			}
		})
	}
}

// A second signal aborts at once: a pending 10 s Delay is cut (the caller
// gets a transport error, exit 3) and wshost exits 0 well before the Delay
// would have ended.
func TestSecondSignalAborts(t *testing.T) {
	admin := freePort(t)
	h := startHost(t, 1, "-nettcp", freePort(t), "-http", "off", "-admin", admin)
	done := make(chan result, 1)
	go func() { done <- wsproxy(t, "call", h.addr("nettcp"), "Delay", "milliseconds=10000") }()
	waitMetric(t, "http://"+admin+"/metrics", "wws_open_sessions{", " 1")
	waitMetric(t, "http://"+admin+"/metrics", "wws_throttle_calls", " 1") // Delay is running
	start := time.Now()
	if err := h.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	// The first signal was taken (the host is Closing, /healthz says 503)
	// before the second is sent, which the kernel would otherwise merge
	// with it.
	waitStatus(t, "http://"+admin+"/healthz", http.StatusServiceUnavailable)
	if err := h.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code := h.wait(t, 20*time.Second); code != 0 {
		t.Errorf("wshost exit %d after two signals, want 0", code)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("wshost took %v to exit after the second signal; the 10 s Delay was not aborted", took)
	}
	if r := <-done; r.code != 3 {
		t.Errorf("aborted Delay: exit %d, want 3 (transport error)\nstdout %q\nstderr %q", r.code, r.stdout, r.stderr)
	}
}

// The HTTP endpoints of wshost describe themselves: GET ?wsdl returns the
// WSDL of the Calculator contract (what svcutil, wsdl.exe, zeep or SoapUI
// build a client from).
func TestWSDLFromWshost(t *testing.T) {
	h := startHost(t, 2, "-nettcp", "off", "-http", freePort(t))
	for _, b := range []string{"soap12", "soap11"} {
		body := get(t, h.addr(b)+"?wsdl")
		for _, want := range []string{"wsdl:definitions", `name="ICalculator"`, "ICalculator_Add_InputMessage",
			`soapAction="http://tempuri.org/ICalculator/Add"`, h.addr(b)} {
			if !strings.Contains(body, want) {
				t.Errorf("%s ?wsdl lacks %q", b, want)
			}
		}
	}
}

// With "metadata_exchange": true, wshost adds a MEX endpoint at each
// endpoint's address + "/mex", and wsproxy gen reads the Calculator's
// metadata from the net.tcp one (mexTcpBinding) and from an HTTP one.
func TestGenFromWshostMEX(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "wshost.json")
	if err := os.WriteFile(cfg, []byte(`{"metadata_exchange": true}`), 0o644); err != nil {
		t.Fatal(err)
	}
	h := startHost(t, 3, "-config", cfg, "-nettcp", freePort(t), "-http", freePort(t))
	for _, src := range []string{h.addr("nettcp") + "/mex", h.addr("soap12") + "/mex"} {
		out := filepath.Join(t.TempDir(), "calc")
		r := wsproxy(t, "gen", "-o", out, src)
		if r.code != 0 {
			t.Fatalf("gen %s: exit %d\nstderr:\n%s", src, r.code, r.stderr)
		}
		b, err := os.ReadFile(filepath.Join(out, "calc.go"))
		if err != nil {
			t.Fatal(err)
		}
		mustContain(t, "calc.go", string(b), "func DialCalculator(", "Add(ctx context.Context, a int32, b int32) (int32, error)", h.addr("soap12"))
	}
}

// -v traces the framing records both ways (read from the bytes on the
// connection) and the envelopes as XML.
func TestCallVerboseTrace(t *testing.T) {
	h := startHost(t, 1, "-nettcp", freePort(t), "-http", "off")
	r := wsproxy(t, "call", "-v", h.addr("nettcp"), "Add", "a=2", "b=3")
	if r.code != 0 {
		t.Fatalf("exit %d\nstderr:\n%s", r.code, r.stderr)
	}
	for _, want := range []string{"> Version 1.0", "> Via " + h.addr("nettcp"), "> PreambleEnd", "< PreambleAck",
		"> SizedEnvelope", "<a:Action s:mustUnderstand=\"1\">http://tempuri.org/ICalculator/Add</a:Action>",
		"< SizedEnvelope", "<AddResult>5</AddResult>", "> End", "< End"} {
		mustContain(t, "stderr", r.stderr, want)
	}
}
