package e2e

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// binDir holds wshost and wsproxy, built once by TestMain.
var binDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "wws-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	cmd := exec.Command("go", "build", "-o", dir+string(filepath.Separator), "../wshost", "../wsproxy")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building the binaries:", err)
		os.Exit(1)
	}
	binDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	if code == 0 {
		if err := goleak.Find(); err != nil {
			fmt.Fprintln(os.Stderr, "goleak: goroutines left after the tests:", err)
			code = 1
		}
	}
	os.Exit(code)
}

// freePort returns a loopback host:port that was free a moment ago.
func freePort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// host is a running wshost.
type host struct {
	cmd       *exec.Cmd
	addrs     map[string]string // binding → address, from the log
	admin     string            // http://host:port/ or ""
	mu        sync.Mutex
	log       bytes.Buffer
	exited    chan struct{}
	exitCode  int
	stderrEOF chan struct{}
}

// logLine is one JSON log line of wshost.
type logLine struct {
	Msg     string `json:"msg"`
	Address string `json:"address"`
	Binding string `json:"binding"`
}

// startHost starts wshost with args (plus JSON logging) and waits until it
// has logged want endpoint lines.
func startHost(t *testing.T, want int, args ...string) *host {
	t.Helper()
	h := &host{addrs: map[string]string{}, exited: make(chan struct{}), stderrEOF: make(chan struct{})}
	h.cmd = exec.Command(filepath.Join(binDir, "wshost"), append([]string{"-log-format", "json"}, args...)...)
	stderr, err := h.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := h.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ready := make(chan struct{})
	go h.readLog(stderr, want, ready)
	go func() {
		<-h.stderrEOF
		h.cmd.Wait()
		h.exitCode = h.cmd.ProcessState.ExitCode()
		close(h.exited)
	}()
	t.Cleanup(func() {
		h.cmd.Process.Kill()
		<-h.exited
		if t.Failed() {
			t.Logf("wshost log:\n%s", h.logText())
		}
	})
	select {
	case <-ready:
	case <-h.exited:
		t.Fatalf("wshost exited with %d before it was ready:\n%s", h.exitCode, h.logText())
	case <-time.After(30 * time.Second):
		t.Fatalf("wshost not ready after 30s:\n%s", h.logText())
	}
	return h
}

// readLog collects the log and the open endpoints.
func (h *host) readLog(r io.Reader, want int, ready chan struct{}) {
	defer close(h.stderrEOF)
	sc := bufio.NewScanner(r)
	n := 0
	for sc.Scan() {
		h.mu.Lock()
		h.log.Write(sc.Bytes())
		h.log.WriteByte('\n')
		var l logLine
		if json.Unmarshal(sc.Bytes(), &l) == nil {
			switch l.Msg {
			case "endpoint open":
				h.addrs[l.Binding] = l.Address
				n++
			case "admin open":
				h.admin = l.Address
			}
		}
		h.mu.Unlock()
		if n == want && ready != nil {
			close(ready)
			ready = nil
		}
	}
}

func (h *host) logText() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.log.String()
}

func (h *host) addr(binding string) string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.addrs[binding]
}

// wait waits for wshost to exit and returns its exit code.
func (h *host) wait(t *testing.T, d time.Duration) int {
	t.Helper()
	select {
	case <-h.exited:
		return h.exitCode
	case <-time.After(d):
		t.Fatalf("wshost still running after %v", d)
		return -1
	}
}

// result is a finished wsproxy run.
type result struct {
	code           int
	stdout, stderr string
}

// wsproxy runs wsproxy to completion.
func wsproxy(t *testing.T, args ...string) result {
	t.Helper()
	return run(t, "wsproxy", args...)
}

// run runs one of the binaries to completion.
func run(t *testing.T, bin string, args ...string) result {
	t.Helper()
	cmd := exec.Command(filepath.Join(binDir, bin), args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		t.Fatal(err)
	}
	return result{cmd.ProcessState.ExitCode(), out.String(), errb.String()}
}

// mustContain fails unless s contains each of want.
func mustContain(t *testing.T, what, s string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(s, w) {
			t.Errorf("%s lacks %q:\n%s", what, w, s)
		}
	}
}
