package servicemodel

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

// syncBuffer is a bytes.Buffer safe for the proxy's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// The proxy logs its changes of state at Debug and the loss of its
// channel at Warn, to the *slog.Logger of its options.
func TestProxyLogs(t *testing.T) {
	defer goleak.VerifyNone(t)
	var out syncBuffer
	log := slog.New(slog.NewTextHandler(&out, &slog.HandlerOptions{Level: slog.LevelDebug}))
	p, b := newOpenProxy(t, &ProxyOptions{Logger: log})
	call := startBlocked(t, p, b)
	b.last(t).Drop(io.ErrUnexpectedEOF)
	await(t, call, "pending call")
	waitState(t, p, Faulted)
	if err := p.Close(context.Background()); err != nil {
		t.Fatalf("Close: %v", err)
	}
	got := out.String()
	for _, want := range []string{
		`level=DEBUG msg="service proxy state" from=Created to=Opening`,
		`level=DEBUG msg="service proxy state" from=Opening to=Open`,
		`level=WARN msg="service proxy channel dropped" address=` + testAddress + ` error="unexpected EOF"`,
		`level=DEBUG msg="service proxy state" from=Faulted to=Closing`,
		`level=DEBUG msg="service proxy state" from=Closing to=Closed`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("log lacks %s\nlog:\n%s", want, got)
		}
	}
}
