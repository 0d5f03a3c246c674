// Package monoclock reads the monotonic clock alone. time.Since of a time
// with a monotonic reading reads nothing else, where time.Now reads the
// wall clock too; code that checks a deadline on every message (nettcp's
// timeouts, a proxy call's timeout) needs only the monotonic reading.
package monoclock

import "time"

// base is the origin of the readings.
var base = time.Now()

// Reading is the monotonic clock now, as a duration since base.
func Reading() time.Duration { return time.Since(base) }

// Time is the time of reading d, with a monotonic reading: comparisons and
// deadlines use that. Its wall reading drifts from the system clock's as
// the monotonic clock does.
func Time(d time.Duration) time.Time { return base.Add(d) }

// Now is time.Now from the monotonic clock alone: Time(Reading()).
func Now() time.Time { return base.Add(time.Since(base)) }
