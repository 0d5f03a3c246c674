package nettcp

import (
	"context"
	"testing"
	"time"

	"github.com/wwsgo/wws/internal/monoclock"
)

func TestArmedDeadline(t *testing.T) {
	var a armedDeadline
	d := 10 * time.Minute
	first, arm := a.next(context.Background(), d)
	if !arm || first.IsZero() {
		t.Fatalf("first timeout deadline not armed: %v %v", first, arm)
	}
	if left := time.Until(first); left > d || left < d-time.Second {
		t.Errorf("timeout deadline %v from now, want %v", left, d)
	}
	if _, arm := a.next(context.Background(), d); arm {
		t.Error("a timeout deadline armed a moment ago was re-armed")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	dl, _ := ctx.Deadline()
	got, arm := a.next(ctx, d)
	if !arm || got.Before(dl) || got.After(dl.Add(deadlineSlack(time.Second))) {
		t.Errorf("context deadline: got %v armed %v, want %v (+ slack) armed", got, arm, dl)
	}
	if _, arm := a.next(ctx, d); arm {
		t.Error("the same context deadline was re-armed")
	}
	// A slightly later context deadline (the next call's) reuses it.
	ctx2, cancel2 := context.WithDeadline(context.Background(), dl.Add(time.Millisecond))
	defer cancel2()
	if again, arm := a.next(ctx2, d); arm || !again.Equal(got) {
		t.Errorf("a context deadline 1ms later re-armed (%v, %v)", again, arm)
	}
	// A deadline past the armed one is armed: I/O is never cut early.
	ctx3, cancel3 := context.WithDeadline(context.Background(), got.Add(time.Millisecond))
	defer cancel3()
	if again, arm := a.next(ctx3, d); !arm || again.Before(got.Add(time.Millisecond)) {
		t.Errorf("a context deadline past the armed one: %v armed %v", again, arm)
	}
	// An earlier one is armed too: I/O never runs much past its deadline.
	ctx4, cancel4 := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel4()
	if _, arm := a.next(ctx4, d); !arm {
		t.Error("a much earlier context deadline was not armed")
	}
	if _, arm := a.next(context.Background(), d); !arm {
		t.Error("a timeout after an exact context deadline was not armed")
	}
	a.forget()
	if _, arm := a.next(context.Background(), d); !arm {
		t.Error("forget did not force the next deadline to be armed")
	}
	if _, arm := a.next(context.Background(), 0); !arm {
		t.Error("clearing an armed deadline (no timeout) was skipped")
	}
	if _, arm := a.next(context.Background(), 0); arm {
		t.Error("an already cleared deadline was cleared again")
	}
	// Past the slack, a timeout deadline is re-armed.
	stale := monoclock.Reading() + d - 2*deadlineSlack(d)
	a = armedDeadline{at: monoclock.Time(stale), mono: stale}
	if _, arm := a.next(context.Background(), d); !arm {
		t.Error("a timeout deadline older than the slack was not re-armed")
	}
}
