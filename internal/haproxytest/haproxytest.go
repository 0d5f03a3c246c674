// Package haproxytest runs Debian's haproxy for tests: a configuration
// written to a temporary file, haproxy in the foreground, ready once its
// monitor URI answers, stopped at the end of the test.
package haproxytest

import (
	"bytes"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/wwsgo/wws/internal/testpeer"
)

// Path returns haproxy's path. Where it is not installed it ends the test
// by internal/testpeer's policy: a skip saying what to install, or, under
// CI (where .ci/run installs it) or with WWS_REQUIRE_HAPROXY=1, a failure.
func Path(t testing.TB) string {
	t.Helper()
	p, err := exec.LookPath("haproxy")
	if err != nil {
		p, err = exec.LookPath("/usr/sbin/haproxy") // Debian's, when sbin is not on PATH
	}
	if err != nil {
		testpeer.Require(t, fmt.Errorf("haproxy is not installed (apt-get install -y haproxy): %w", err), "WWS_REQUIRE_HAPROXY")
	}
	return p
}

// FreePort returns a loopback host:port that was free a moment ago.
func FreePort(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// Proxy is a running haproxy.
type Proxy struct {
	cmd *exec.Cmd
	mu  sync.Mutex
	out bytes.Buffer
}

// Write collects haproxy's output.
func (p *Proxy) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out.Write(b)
}

// Output returns what haproxy printed so far.
func (p *Proxy) Output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out.String()
}

// Start runs haproxy with cfg (global and defaults sections are added: a
// monitor frontend on a free port, and the timeouts) and waits until it
// serves.
func Start(t testing.TB, cfg string) *Proxy {
	t.Helper()
	bin := Path(t)
	monitor := FreePort(t)
	full := fmt.Sprintf(`global
	maxconn 4096
defaults
	timeout connect 5s
	timeout client 2m
	timeout server 2m
	timeout check 2s
frontend monitor
	mode http
	bind %s
	monitor-uri /ready
%s`, monitor, cfg)
	file := filepath.Join(t.TempDir(), "haproxy.cfg")
	if err := os.WriteFile(file, []byte(full), 0o600); err != nil {
		t.Fatal(err)
	}
	p := &Proxy{}
	p.cmd = exec.Command(bin, "-db", "-f", file)
	p.cmd.Stdout, p.cmd.Stderr = p, p
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { _ = p.cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = p.cmd.Process.Kill()
		<-exited
		if t.Failed() {
			t.Logf("haproxy output:\n%s", p.Output())
		}
	})
	deadline := time.Now().Add(20 * time.Second)
	for {
		resp, err := http.Get("http://" + monitor + "/ready")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return p
			}
		}
		select {
		case <-exited:
			t.Fatalf("haproxy exited:\n%s\nconfiguration:\n%s", p.Output(), full)
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("haproxy not ready after 20s:\n%s", p.Output())
		}
	}
}
