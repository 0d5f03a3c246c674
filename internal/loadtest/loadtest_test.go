package main

import (
	"bufio"
	"bytes"
	"os"
	"runtime"
	"testing"
	"time"
)

// A ping-pong frame is as long as asked (one byte short where the size's
// encoding grows), and reads back whole.
func TestFrame(t *testing.T) {
	for _, n := range []int{3, 62, 74, 129, 130, 131, 200, 20000} {
		f := frame(n)
		if len(f) != n && !(n == 130 && len(f) == 129) {
			t.Errorf("frame(%d) is %d bytes", n, len(f))
			continue
		}
		n = len(f)
		r := bufio.NewReader(bytes.NewReader(append(f, f...)))
		for range 2 {
			b, err := readFrame(r, nil)
			if err != nil || 1+uvarintLen(len(b))+len(b) != n {
				t.Errorf("frame(%d) reads back as %d payload bytes, %v", n, len(b), err)
			}
		}
	}
}

// The Add envelopes' sizes are those of a warm binary session message:
// small, the request larger than the reply.
func TestAddSizes(t *testing.T) {
	req, reply, err := addSizes("net.tcp://127.0.0.1:65000/calculator")
	if err != nil {
		t.Fatal(err)
	}
	if !(reply > 20 && req > reply && req < 1000) {
		t.Errorf("request %d, reply %d bytes", req, reply)
	}
}

func TestProcCPU(t *testing.T) {
	before, err := procCPU(os.Getpid())
	if err != nil {
		t.Skipf("no /proc here: %v", err)
	}
	x := 0
	for i := range 200_000_000 { // some CPU time
		x += i
	}
	runtime.Gosched()
	time.Sleep(time.Millisecond) // at least one switch: the thread sleeps
	after, err := procCPU(os.Getpid())
	if err != nil || after.total() < before.total() || after.switches <= before.switches || x == 0 {
		t.Errorf("procCPU went from %+v to %+v (%v)", before, after, err)
	}
}

// Quantiles interpolate between the nearest values; the spread of the
// -c 1 ratios is read from them.
func TestQuantile(t *testing.T) {
	v := []float64{1.4, 1.0, 1.2, 1.1}
	for _, c := range []struct{ q, want float64 }{{0, 1.0}, {0.5, 1.15}, {1, 1.4}, {0.25, 1.075}} {
		if got := quantile(v, c.q); got < c.want-1e-9 || got > c.want+1e-9 {
			t.Errorf("quantile(%v, %v) = %v, want %v", v, c.q, got, c.want)
		}
	}
	if v[0] != 1.4 {
		t.Error("quantile sorted its argument")
	}
	if got := median([]float64{3, 1, 2}); got != 2 {
		t.Errorf("median = %v, want 2", got)
	}
	if got := median(nil); got != 0 {
		t.Errorf("median(nil) = %v", got)
	}
}
