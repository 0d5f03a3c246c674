package nettcp

import (
	"context"
	"time"

	"github.com/wwsgo/wws/internal/monoclock"
)

// Deadlines: every operation takes its context's deadline, or the
// configured timeout when the context has none (WCF's Send/Receive/Close
// timeouts, TransportDefaults.cs). A cancellable context also cuts the I/O
// short.

// aLongTimeAgo is a deadline in the past, used to interrupt blocked I/O.
var aLongTimeAgo = time.Unix(1, 0)

// deadlineFor returns ctx's deadline, or now+d, or no deadline when d ≤ 0.
func deadlineFor(ctx context.Context, d time.Duration) time.Time {
	if dl, ok := ctx.Deadline(); ok {
		return dl
	}
	if d <= 0 {
		return time.Time{}
	}
	return time.Now().Add(d)
}

// watch interrupts s's reads (read) or writes (!read) when ctx is
// cancelled, until the returned stop is called. It allocates nothing for
// contexts that cannot be cancelled.
func (s *Session) watch(ctx context.Context, read bool) (stop func() bool) {
	if ctx.Done() == nil {
		return nil
	}
	return context.AfterFunc(ctx, func() {
		if read {
			_ = s.conn.SetReadDeadline(aLongTimeAgo)
		} else {
			_ = s.conn.SetWriteDeadline(aLongTimeAgo)
		}
	})
}

// unwatch stops a watch. It reports false when the watch had already
// fired, so the connection's deadline may have been moved.
func unwatch(stop func() bool) bool {
	if stop != nil {
		return stop()
	}
	return true
}

// armedDeadline remembers the last deadline a hot path gave a connection,
// so that a timeout-based deadline is not re-armed on every message: moving
// a runtime timer is a measurable share of a loopback round trip. Reads use
// one under rmu, writes one under wmu; code that sets a deadline by other
// means calls forget.
type armedDeadline struct {
	at    time.Time
	mono  time.Duration // a timeout-based at, as a monoclock reading
	exact bool          // at came from a context, not from a timeout
}

// deadlineSlack is how stale a timeout-based deadline may get before it is
// re-armed: an eighth of the timeout, at most a second.
func deadlineSlack(d time.Duration) time.Duration { return max(0, min(d/8, time.Second)) }

// next returns the deadline to arm for ctx and timeout d, and whether it
// must be armed (false: the armed one is within the slack).
func (a *armedDeadline) next(ctx context.Context, d time.Duration) (time.Time, bool) {
	if dl, ok := ctx.Deadline(); ok {
		// A context deadline is armed a little late (by half the slack
		// of the time left), so that the next operations, whose deadlines are a
		// little later each (a proxy's call timeout from now), find it
		// armed: moving a runtime timer wakes an idle thread, a
		// measurable share of a loopback round trip. A context that can
		// be cancelled is also watched, and cut at its exact deadline.
		slack := deadlineSlack(time.Until(dl))
		if a.exact && !a.at.Before(dl) && a.at.Sub(dl) <= slack {
			return a.at, false
		}
		a.at, a.exact = dl.Add(slack/2), true
		return a.at, true
	}
	if d <= 0 {
		if a.at.IsZero() && !a.exact {
			return time.Time{}, false
		}
		a.at, a.exact = time.Time{}, false
		return time.Time{}, true
	}
	want := monoclock.Reading() + d
	if !a.exact && !a.at.IsZero() && want <= a.mono+deadlineSlack(d) && want >= a.mono {
		return a.at, false
	}
	a.at, a.mono, a.exact = monoclock.Time(want), want, false
	return a.at, true
}

// forget makes the next call arm its deadline.
func (a *armedDeadline) forget() { a.at, a.exact = time.Time{}, true }
