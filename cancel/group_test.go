package cancel

import (
	"context"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestGroupChannelFaultAndHostAbort: a host group holds every call, a channel
// group the calls of one channel. A channel fault cancels that channel's
// calls only; a host abort cancels the rest.
func TestGroupChannelFaultAndHostAbort(t *testing.T) {
	var host, chanA, chanB Group
	type live struct {
		c   *Call
		ctx context.Context
		r   *recorder
	}
	newCall := func(ch *Group, name string) live {
		c, ctx := NewCall(context.Background())
		host.Add(c)
		ch.Add(c)
		r := newRecorder()
		r.register(t, c, name)
		return live{c, ctx, r}
	}
	a1, a2, b1 := newCall(&chanA, "a1"), newCall(&chanA, "a2"), newCall(&chanB, "b1")
	if got := []int{host.Len(), chanA.Len(), chanB.Len()}; !cmp.Equal(got, []int{3, 2, 1}) {
		t.Fatalf("Len of host, A, B = %v, want [3 2 1]", got)
	}

	chanA.CancelAll(ChannelFault)
	<-a1.r.cancel
	<-a2.r.cancel
	if b1.ctx.Err() != nil {
		t.Fatalf("call on channel B cancelled by a fault of channel A: %v", context.Cause(b1.ctx))
	}
	host.CancelAll(HostAbort)
	<-b1.r.cancel

	for _, l := range []live{a1, a2, b1} {
		l.c.Complete()
	}
	for _, tc := range []struct {
		l         live
		want      []string
		wantCause error
	}{
		{a1, []string{"cancel ChannelFault a1", "free a1"}, ErrChannelFaulted},
		{a2, []string{"cancel ChannelFault a2", "free a2"}, ErrChannelFaulted},
		{b1, []string{"cancel HostAbort b1", "free b1"}, ErrHostAborted},
	} {
		if diff := cmp.Diff(tc.want, tc.l.r.got()); diff != "" {
			t.Errorf("callbacks (-want +got):\n%s", diff)
		}
		checkCause(t, tc.l.ctx, tc.wantCause)
	}
	if got := []int{host.Len(), chanA.Len(), chanB.Len()}; !cmp.Equal(got, []int{0, 0, 0}) {
		t.Errorf("Len of host, A, B after Complete = %v, want [0 0 0]", got)
	}
}

func TestGroupAddAfterCancelAll(t *testing.T) {
	var g Group
	g.CancelAll(ChannelFault)
	g.CancelAll(HostAbort) // the first reason sticks
	c, ctx := NewCall(context.Background())
	if !g.Add(c) {
		t.Fatal("Add of a live call = false, want true")
	}
	checkCause(t, ctx, ErrChannelFaulted)
	c.Complete()
	if n := g.Len(); n != 0 {
		t.Errorf("Len() = %d, want 0", n)
	}
}

func TestGroupAddCompleted(t *testing.T) {
	var g Group
	c, _ := NewCall(context.Background())
	c.Complete()
	if g.Add(c) {
		t.Error("Add of a completed call = true, want false")
	}
	if n := g.Len(); n != 0 {
		t.Errorf("Len() = %d, want 0", n)
	}
}

func TestGroupAddTwice(t *testing.T) {
	var g Group
	c, _ := NewCall(context.Background())
	g.Add(c)
	g.Add(c)
	if n := g.Len(); n != 1 {
		t.Errorf("Len() after adding a call twice = %d, want 1", n)
	}
	c.Complete()
	if n := g.Len(); n != 0 {
		t.Errorf("Len() after Complete = %d, want 0", n)
	}
}

// TestGroupHammer races Add, Register, CancelAll and Complete: every call's
// callbacks keep their guarantees and the group ends empty.
func TestGroupHammer(t *testing.T) {
	for round := range 20 {
		var g Group
		const n = 100
		ks := make([]*counts, n)
		var wg sync.WaitGroup
		for i := range n {
			ks[i] = new(counts)
			wg.Go(func() {
				c, _ := NewCall(context.Background())
				g.Add(c)
				if err := ks[i].register(c); err != nil {
					t.Errorf("Register: %v", err)
				}
				c.Complete()
			})
			if i == n/2 {
				wg.Go(func() { g.CancelAll(HostAbort) })
			}
		}
		wg.Wait()
		if l := g.Len(); l != 0 {
			t.Fatalf("round %d: Len() = %d after every Complete, want 0", round, l)
		}
		for i, k := range ks {
			if k.cancels > 1 || k.frees != 1 || k.order[len(k.order)-1] != "free" {
				t.Fatalf("round %d call %d: cancels=%d frees=%d order=%v", round, i, k.cancels, k.frees, k.order)
			}
		}
	}
}

func TestGroupZeroValueCancelAll(t *testing.T) {
	var g Group
	g.CancelAll(HostAbort) // no calls, no map: must not panic
	if n := g.Len(); n != 0 {
		t.Errorf("Len() = %d, want 0", n)
	}
}

// TestGroupLeaveAnyOrder: calls leave a group from its head, middle and
// tail, and a call in more groups than the usual two leaves each of them;
// CancelAll reaches exactly the calls still in the group.
func TestGroupLeaveAnyOrder(t *testing.T) {
	groups := make([]Group, 4)
	calls := make([]*Call, 5)
	for i := range calls {
		calls[i], _ = NewCall(context.Background())
		for j := range groups {
			groups[j].Add(calls[i])
			groups[j].Add(calls[i]) // again: still one place
		}
	}
	for _, i := range []int{2, 0, 4} { // middle, oldest, newest
		calls[i].Complete()
	}
	for j := range groups {
		if n := groups[j].Len(); n != 2 {
			t.Errorf("group %d: Len() = %d, want 2", j, n)
		}
	}
	groups[3].CancelAll(ChannelFault)
	for i, c := range calls {
		cancelled := context.Cause(c.Context()) == ErrChannelFaulted
		if want := i == 1 || i == 3; cancelled != want {
			t.Errorf("call %d cancelled by the group = %v, want %v", i, cancelled, want)
		}
	}
	calls[1].Complete()
	calls[3].Complete()
	for j := range groups {
		if n := groups[j].Len(); n != 0 {
			t.Errorf("group %d: Len() after every Complete = %d, want 0", j, n)
		}
	}
}
