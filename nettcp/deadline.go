package nettcp

import (
	"context"
	"time"
)

// Deadlines: every operation takes its context's deadline, or the
// configured timeout when the context has none (WCF's Send/Receive/Close
// timeouts, wire.md §5.3). A cancellable context also cuts the I/O short.

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

// unwatch stops a watch.
func unwatch(stop func() bool) {
	if stop != nil {
		stop()
	}
}
