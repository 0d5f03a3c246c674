package servicemodel

import (
	"runtime"
	"strings"
	"testing"
	"time"
)

// Test hooks for the servicemodel_test package.

// LateRepliesDropped returns how many replies to withdrawn calls (a call
// that timed out, was cancelled or abandoned before its reply came) the
// reader of p's net.tcp session has dropped.
func LateRepliesDropped(p *ServiceProxy) uint64 {
	p.mu.Lock()
	ch := p.ch
	p.mu.Unlock()
	if d, ok := ch.(*duplexClient); ok {
		return d.late.Load()
	}
	return 0
}

// WaitGoroutine waits up to 5 s for a goroutine whose stack holds every
// one of frames (function names as runtime.Stack prints them, such as
// "servicemodel.(*duplexClient).lead(") and that is blocked (not running),
// and fails the test if none comes. It lets a test wait for a goroutine to
// reach the path it names, where the code has no event to wait for.
func WaitGoroutine(t testing.TB, frames ...string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		for _, g := range strings.Split(string(buf[:n]), "\n\n") {
			if goroutineAt(g, frames) {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no goroutine blocked in %v", frames)
		}
		time.Sleep(time.Millisecond) // poll interval: the condition is checked, not assumed
	}
}

// goroutineAt reports whether the stack g, one goroutine of
// runtime.Stack's output, is blocked with every one of frames on it.
func goroutineAt(g string, frames []string) bool {
	header, _, _ := strings.Cut(g, "\n")
	if strings.Contains(header, "[running]") || strings.Contains(header, "[runnable]") {
		return false
	}
	for _, f := range frames {
		if !strings.Contains(g, f) {
			return false
		}
	}
	return true
}
