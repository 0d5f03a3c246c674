package servicemodel_test

import (
	"syscall"
	"testing"
	"time"
)

// cpuClock reports the process's CPU time (user+system) per op as
// cpu-ns/op: on a machine shared with other work, CPU time moves less than
// wall time. Start it where the timer is reset; call the returned stop at
// the end of the loop.
func cpuClock(b *testing.B) (stop func()) {
	start := processCPU()
	return func() {
		b.ReportMetric(float64((processCPU()-start).Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
}

func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
