package cancel

import (
	"context"
	"testing"
)

func noCancel(Reason, any) {}
func noFree(any)           {}

// BenchmarkCallLifecycle is the per-request cost the dispatcher pays: a call
// in a host group and a channel group, an operation that registers, and
// Complete.
func BenchmarkCallLifecycle(b *testing.B) {
	b.ReportAllocs()
	var host, channel Group
	parent := context.Background()
	for b.Loop() {
		c, _ := NewCall(parent)
		host.Add(c)
		channel.Add(c)
		if err := c.Register(noCancel, noFree, nil); err != nil {
			b.Fatal(err)
		}
		c.Complete()
	}
}

// BenchmarkCallUnregistered is a call whose operation never registers.
func BenchmarkCallUnregistered(b *testing.B) {
	b.ReportAllocs()
	parent := context.Background()
	for b.Loop() {
		c, _ := NewCall(parent)
		c.Complete()
	}
}

// TestCallLifecycleAllocs guards the per-request allocations measured by
// BenchmarkCallLifecycle: the Call, its context (made by Register:
// WithCancelCause and AfterFunc) and nothing per group membership.
func TestCallLifecycleAllocs(t *testing.T) {
	var host, channel Group
	parent := context.Background()
	got := testing.AllocsPerRun(200, func() {
		c, _ := NewCall(parent)
		host.Add(c)
		channel.Add(c)
		if err := c.Register(noCancel, noFree, nil); err != nil {
			t.Fatal(err)
		}
		c.Complete()
	})
	const want = 9
	if got > want {
		t.Errorf("allocations per call = %v, want at most %d", got, want)
	}
}
