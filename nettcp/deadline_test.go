package nettcp

import (
	"context"
	"testing"
	"time"
)

func TestArmedDeadline(t *testing.T) {
	var a armedDeadline
	d := 10 * time.Minute
	first, arm := a.next(context.Background(), d)
	if !arm || first.IsZero() {
		t.Fatalf("first timeout deadline not armed: %v %v", first, arm)
	}
	if _, arm := a.next(context.Background(), d); arm {
		t.Error("a timeout deadline armed a moment ago was re-armed")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	dl, _ := ctx.Deadline()
	if got, arm := a.next(ctx, d); !arm || !got.Equal(dl) {
		t.Errorf("context deadline: got %v armed %v, want %v armed", got, arm, dl)
	}
	if _, arm := a.next(ctx, d); arm {
		t.Error("the same context deadline was re-armed")
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
	a = armedDeadline{at: time.Now().Add(d - 2*deadlineSlack(d))}
	if _, arm := a.next(context.Background(), d); !arm {
		t.Error("a timeout deadline older than the slack was not re-armed")
	}
}
