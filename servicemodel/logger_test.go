package servicemodel_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/wwsgo/wws/servicemodel"
	"github.com/wwsgo/wws/servicemodel/calculator"
)

// logBuffer collects the lines of a text slog.Logger; safe for the
// host's goroutines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func (b *logBuffer) logger(level slog.Level) *slog.Logger {
	return slog.New(slog.NewTextHandler(b, &slog.HandlerOptions{Level: level}))
}

// The host logs its changes of state and a channel's fault at Debug, and
// an Abort that cuts open channels short at Warn.
func TestHostLogs(t *testing.T) {
	defer goleak.VerifyNone(t)
	var out logBuffer
	opts := &servicemodel.HostOptions{Logger: out.logger(slog.LevelDebug)}

	svc := newWaitService(true)
	h, c := startWait(t, svc, opts)
	c.fault()
	waitFor(t, func() bool { return strings.Contains(out.String(), "service host channel faulted") })
	if err := h.Close(context.Background()); err != nil {
		t.Fatalf("Close: %v", err)
	}

	h, _ = startWait(t, newWaitService(true), opts) // one channel, its call under way
	h.Abort()
	if err := h.Close(context.Background()); err != nil {
		t.Fatalf("Close: %v", err)
	}
	got := out.String()
	if n := strings.Count(got, "service host channel faulted"); n != 1 {
		t.Errorf("channel faults logged = %d, want 1: an aborted channel is not a fault\nlog:\n%s", n, got)
	}
	for _, want := range []string{
		"level=DEBUG msg=\"service host state\" from=Created to=Opening",
		"level=DEBUG msg=\"service host state\" from=Opening to=Open",
		"level=DEBUG msg=\"service host channel faulted\" remote=client error=\"fake: transport fault\"",
		"level=DEBUG msg=\"service host state\" from=Open to=Faulted",
		"level=WARN msg=\"service host aborted with channels open\" channels=1",
		"level=DEBUG msg=\"service host state\" from=Open to=Closing",
		"level=DEBUG msg=\"service host state\" from=Faulted to=Closing",
		"level=DEBUG msg=\"service host state\" from=Closing to=Closed",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("log lacks %s\nlog:\n%s", want, got)
		}
	}
}

// At the Warn level a host that opens, serves and closes cleanly says
// nothing.
func TestHostQuietWhenClean(t *testing.T) {
	defer goleak.VerifyNone(t)
	var out logBuffer
	svc := newWaitService(true)
	h, c := startWait(t, svc, &servicemodel.HostOptions{Logger: out.logger(slog.LevelWarn)})
	svc.unblock()
	if r := c.recv(t); r == nil || r.IsFault() {
		t.Fatalf("reply = %v, want WaitResponse", r)
	}
	c.close()
	if err := h.Close(context.Background()); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if got := out.String(); got != "" {
		t.Errorf("log of a clean run at Warn = %q, want nothing", got)
	}
}

// Over net.tcp, a host Abort aborts a session: a Warn, and no channel
// fault (the listener aborts the session too, and must not be first).
func TestHostLogsAbortOverNetTCP(t *testing.T) {
	defer goleak.VerifyNone(t)
	var out logBuffer
	b := servicemodel.NewNetTCPBinding()
	h, err := servicemodel.NewHost(&servicemodel.HostOptions{Logger: out.logger(slog.LevelDebug)},
		&servicemodel.Endpoint{Address: "net.tcp://127.0.0.1:0/calculator", Binding: b, Contract: calculator.Contract()})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := h.Open(ctx); err != nil {
		t.Fatal(err)
	}
	p, err := servicemodel.NewServiceProxy(b, calculator.ClientContract(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Abort()
	if err := p.Open(ctx, "net.tcp://"+h.Addrs()[0].String()+"/calculator"); err != nil {
		t.Fatal(err)
	}
	var sum calculator.AddResponse
	if err := p.Call(ctx, "Add", &calculator.AddRequest{A: 2, B: 3}, &sum); err != nil {
		t.Fatal(err) // the session is served
	}
	h.Abort()
	if err := h.Close(ctx); err != nil {
		t.Fatalf("Close: %v", err)
	}
	got := out.String()
	if !strings.Contains(got, `level=WARN msg="service host aborted with channels open" channels=1`) {
		t.Errorf("log lacks the abort warning\nlog:\n%s", got)
	}
	if strings.Contains(got, "service host channel faulted") {
		t.Errorf("a channel the host aborted was logged as faulted\nlog:\n%s", got)
	}
}
