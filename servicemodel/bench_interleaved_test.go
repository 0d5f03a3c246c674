package servicemodel_test

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/wwsgo/wws/servicemodel/calculator"
)

// BenchmarkAddCallInterleaved is BenchmarkAddCall with its two halves run
// in alternating blocks of 200 in one loop, so that the machine's drift
// (this VM's ping-pong moves by a quarter within a minute) falls on both
// alike. It reports the Add call's and the ping-pong's round trip and
// their ratio, and the same for the process's CPU time.
func BenchmarkAddCallInterleaved(b *testing.B) {
	reqSize, replySize := addSizes(b)
	ctx := context.Background()
	p := openAddProxy(b, openAddHost(b))
	c := pingPongConn(b, reqSize, replySize)

	req, resp := &calculator.AddRequest{A: 2, B: 3}, &calculator.AddResponse{}
	var ccpu, pcpu time.Duration // process CPU time of the blocks
	calls := func(n int) time.Duration {
		start, cpu := time.Now(), processCPU()
		for range n {
			if err := p.Call(ctx, "Add", req, resp); err != nil {
				b.Fatal(err)
			}
		}
		ccpu += processCPU() - cpu
		return time.Since(start)
	}
	out, in := make([]byte, reqSize), make([]byte, replySize)
	pings := func(n int) time.Duration {
		start, cpu := time.Now(), processCPU()
		for range n {
			if _, err := c.Write(out); err != nil {
				b.Fatal(err)
			}
			if _, err := io.ReadFull(c, in); err != nil {
				b.Fatal(err)
			}
		}
		pcpu += processCPU() - cpu
		return time.Since(start)
	}
	calls(200) // warm both
	pings(200)
	ccpu, pcpu = 0, 0
	const block = 200
	var tc, tp time.Duration
	n := 0
	b.ResetTimer()
	for round := 0; n < b.N; round++ {
		if round%2 == 0 { // alternate which goes first
			tc += calls(block)
			tp += pings(block)
		} else {
			tp += pings(block)
			tc += calls(block)
		}
		n += 2 * block
	}
	b.StopTimer()
	rounds := float64(n / 2)
	cns, pns := float64(tc.Nanoseconds())/rounds, float64(tp.Nanoseconds())/rounds
	b.ReportMetric(cns, "call-ns/op")
	b.ReportMetric(pns, "pingpong-ns/op")
	b.ReportMetric(cns/pns, "ratio")
	b.ReportMetric(float64(ccpu.Nanoseconds())/rounds, "call-cpu-ns/op")
	b.ReportMetric(float64(pcpu.Nanoseconds())/rounds, "pingpong-cpu-ns/op")
	b.ReportMetric(float64(ccpu)/float64(pcpu), "cpu-ratio")
}
