// StartHost: running CalcHost.exe (testdata/mono/CalcHost.cs) for the length of a test.

package monotest

import (
	"errors"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Binding names, as CalcHost.exe and CalcClient.exe spell them.
const (
	NetTCP = "nettcp" // NetTcpBinding(SecurityMode.None)
	SOAP12 = "soap12" // CustomBinding: TextMessageEncoding(Soap12WSAddressing10) + HttpTransport
	SOAP11 = "soap11" // BasicHttpBinding
	WSHTTP = "wshttp" // WSHttpBinding(SecurityMode.None): SOAP 1.2 + WS-Addressing 1.0, text
)

// Timeouts of the host's life cycle.
const (
	readyTimeout = 60 * time.Second // from start to READY
	stopTimeout  = 20 * time.Second // from "quit" to exit, before the host is killed
)

// ErrHostKilled reports that a host did not exit within stopTimeout of "quit" and was killed.
var ErrHostKilled = errors.New("monotest: host did not stop and was killed")

// Endpoint is one endpoint of a host: a binding name and the address it listens on.
type Endpoint struct {
	Binding string // NetTCP, SOAP12, SOAP11 or WSHTTP
	Address string // e.g. net.tcp://127.0.0.1:18861/calc
}

// NewEndpoint returns an endpoint of the binding on a free loopback port, with the paths of the
// recorded captures: /calc for net.tcp, /calc/<binding> for HTTP.
func NewEndpoint(t testing.TB, binding string) Endpoint {
	t.Helper()
	return endpointAt(t, binding, FreePort(t))
}

// AllEndpoints returns the three endpoints of the interop contract (NetTCP, SOAP12, SOAP11):
// net.tcp on one free port, both HTTP endpoints on another.
func AllEndpoints(t testing.TB) []Endpoint {
	t.Helper()
	httpPort := FreePort(t)
	return []Endpoint{
		NewEndpoint(t, NetTCP),
		endpointAt(t, SOAP12, httpPort),
		endpointAt(t, SOAP11, httpPort),
	}
}

func endpointAt(t testing.TB, binding string, port int) Endpoint {
	t.Helper()
	hostPort := "127.0.0.1:" + strconv.Itoa(port)
	switch binding {
	case NetTCP:
		return Endpoint{binding, "net.tcp://" + hostPort + "/calc"}
	case SOAP12, SOAP11, WSHTTP:
		return Endpoint{binding, "http://" + hostPort + "/calc/" + binding}
	}
	t.Fatalf("monotest: unknown binding %q (want %s, %s, %s or %s)", binding, NetTCP, SOAP12, SOAP11, WSHTTP)
	return Endpoint{}
}

// Host is a running CalcHost.exe.
type Host struct {
	// Endpoints are the endpoints the host opened.
	Endpoints []Endpoint

	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stderr tailBuffer
	stdout tailBuffer    // lines other than READY and CLOSED
	ready  chan struct{} // closed when the host prints READY
	once   sync.Once     // closes ready
	closed atomic.Bool   // the host printed CLOSED
	exited chan struct{} // closed after the process has been waited for
	err    error         // the process's exit status; set before exited is closed

	stopOnce sync.Once
	stopErr  error
}

// StartHost builds the programs, starts CalcHost.exe with the endpoints and waits until it prints
// READY. t.Cleanup stops it (see Stop), and logs its stderr if the test failed.
func StartHost(t testing.TB, endpoints ...Endpoint) *Host {
	t.Helper()
	dir := Build(t)
	if len(endpoints) == 0 {
		t.Fatal("monotest: StartHost needs at least one endpoint")
	}
	h, err := startHost(dir, endpoints)
	if err != nil {
		t.Fatalf("monotest: start host: %v", err)
	}
	t.Cleanup(func() { h.cleanup(t) })
	if err := h.waitReady(); err != nil {
		t.Fatalf("monotest: %v\nhost stderr:\n%s", err, h.Stderr())
	}
	return h
}

func startHost(dir string, endpoints []Endpoint) (*Host, error) {
	h := &Host{Endpoints: endpoints, ready: make(chan struct{}), exited: make(chan struct{})}
	args := []string{"--debug", filepath.Join(dir, hostExe)}
	for _, e := range endpoints {
		args = append(args, "--"+e.Binding, e.Address)
	}
	h.cmd = exec.Command("mono", args...)
	h.cmd.Dir = dir
	h.cmd.Stderr = &h.stderr
	lw := &lineWriter{fn: h.stdoutLine}
	h.cmd.Stdout = lw
	h.cmd.WaitDelay = 5 * time.Second
	var err error
	if h.stdin, err = h.cmd.StdinPipe(); err != nil {
		return nil, err
	}
	if err := h.cmd.Start(); err != nil {
		return nil, err
	}
	go func() {
		h.err = h.cmd.Wait()
		lw.Close()
		close(h.exited)
	}()
	return h, nil
}

// stdoutLine handles one line the host printed.
func (h *Host) stdoutLine(line string) {
	switch line {
	case "READY":
		h.once.Do(func() { close(h.ready) })
	case "CLOSED":
		h.closed.Store(true)
	default:
		fmt.Fprintln(&h.stdout, line)
	}
}

// waitReady waits for READY; it kills the host if READY does not come.
func (h *Host) waitReady() error {
	timer := time.NewTimer(readyTimeout)
	defer timer.Stop()
	select {
	case <-h.ready:
		return nil
	case <-h.exited:
		return fmt.Errorf("host exited before READY: %v; stdout:\n%s", h.err, h.stdout.String())
	case <-timer.C:
		h.kill()
		return fmt.Errorf("host not READY after %v", readyTimeout)
	}
}

// Address returns the address of the host's first endpoint with the binding, or "".
func (h *Host) Address(binding string) string {
	for _, e := range h.Endpoints {
		if e.Binding == binding {
			return e.Address
		}
	}
	return ""
}

// Exited is closed when the host process has exited, for tests that expect it to crash.
func (h *Host) Exited() <-chan struct{} { return h.exited }

// Stderr returns the tail of what the host wrote to stderr.
func (h *Host) Stderr() string { return h.stderr.String() }

// Stop asks the host to close (a line "quit", then end of input) and waits for it to exit,
// killing it after stopTimeout. It returns ErrHostKilled when it had to kill, an error when the
// host exited with an error or without printing CLOSED, and nil after a clean close. Stop is
// idempotent; t.Cleanup calls it.
func (h *Host) Stop() error {
	h.stopOnce.Do(func() { h.stopErr = h.stop() })
	return h.stopErr
}

func (h *Host) stop() error {
	io.WriteString(h.stdin, "quit\n") // fails harmlessly if the host has gone
	h.stdin.Close()
	timer := time.NewTimer(stopTimeout)
	defer timer.Stop()
	select {
	case <-h.exited:
	case <-timer.C:
		h.kill()
		return ErrHostKilled
	}
	if h.err != nil {
		return fmt.Errorf("monotest: host exited: %w", h.err)
	}
	if !h.closed.Load() {
		return errors.New("monotest: host exited without printing CLOSED")
	}
	return nil
}

// kill ends the process and waits for it.
func (h *Host) kill() {
	h.cmd.Process.Kill()
	<-h.exited
}

// cleanup stops the host; a hang fails the test, other stop errors are logged.
func (h *Host) cleanup(t testing.TB) {
	err := h.Stop()
	if err != nil || t.Failed() {
		t.Logf("monotest: host stop: %v\nhost stderr:\n%s\nhost stdout:\n%s", err, h.Stderr(), h.stdout.String())
	}
	if errors.Is(err, ErrHostKilled) {
		t.Errorf("monotest: %v", err)
	}
}
