// `wsproxy bench ADDRESS ACTION [BODY] -n N -c C`: C concurrent callers,
// each on its own channel (its own session on net.tcp), make N calls in all;
// the report gives calls/s, latency percentiles and the error count.

package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/pprof"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wwsgo/wws/servicemodel"
	"github.com/wwsgo/wws/soap"
	"github.com/wwsgo/wws/soap/infoset"
)

// benchCmd holds the flags of bench.
type benchCmd struct {
	callCmd
	n, c       int
	json       bool
	cpuprofile string
}

func (b *benchCmd) flags(fs *flag.FlagSet) {
	b.callCmd.flags(fs)
	fs.IntVar(&b.n, "n", 1000, "calls in all")
	fs.IntVar(&b.c, "c", 8, "concurrent callers, each with its own channel")
	fs.BoolVar(&b.json, "json", false, "print the report as JSON")
	fs.StringVar(&b.cpuprofile, "cpuprofile", "", "write a CPU profile of the calls (pprof) to `FILE`")
}

// BenchReport is what bench prints (as JSON with -json).
type BenchReport struct {
	Calls       int     `json:"calls"`
	Errors      int     `json:"errors"`
	Concurrency int     `json:"concurrency"`
	Seconds     float64 `json:"seconds"`
	CallsPerSec float64 `json:"calls_per_second"`
	P50ms       float64 `json:"p50_ms"`
	P90ms       float64 `json:"p90_ms"`
	P99ms       float64 `json:"p99_ms"`
	MaxMs       float64 `json:"max_ms"`
	FirstError  string  `json:"first_error,omitempty"`
}

// runBench is the bench command. It exits 0 when every call succeeded,
// otherwise with the code of the first error.
func runBench(e *env, args []string) error {
	var b benchCmd
	fs := newFlagSet("bench", "ADDRESS ACTION [BODY]", e)
	b.flags(fs)
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) < 2 || b.n < 1 || b.c < 1 {
		fs.Usage()
		return usagef(errors.New("bench needs ADDRESS and ACTION, -n ≥ 1 and -c ≥ 1"))
	}
	b.c = min(b.c, b.n)
	req, err := b.prepare(e, pos)
	if err != nil {
		return usagef(err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	stopProfile, err := startCPUProfile(b.cpuprofile)
	if err != nil {
		return usagef(err)
	}
	rep, firstErr := b.run(ctx, req)
	if err := stopProfile(); err != nil {
		return err
	}
	if err := b.print(e.stdout, rep); err != nil {
		return err
	}
	return firstErr
}

// worker results.
type benchResult struct {
	latencies []time.Duration
	errors    int
	firstErr  error
}

// run makes the calls and summarises them.
func (b *benchCmd) run(ctx context.Context, req *request) (BenchReport, error) {
	var left atomic.Int64
	left.Store(int64(b.n))
	results := make([]benchResult, b.c)
	workers := make([]benchWorker, b.c)
	stop := make(chan struct{})
	go watchCalls(ctx, workers, b.timeout, stop)
	start := time.Now()
	var wg sync.WaitGroup
	for i := range results {
		wg.Go(func() { results[i] = b.worker(ctx, req, &left, &workers[i]) })
	}
	wg.Wait()
	close(stop)
	return summarise(results, time.Since(start), b.c)
}

// errCallTimeout ends a call that ran past -timeout.
var errCallTimeout = fmt.Errorf("call timed out: %w", context.DeadlineExceeded)

// benchWorker is a worker's channel and call under way, for watchCalls,
// which aborts the channel of a call that runs past the timeout, and every
// channel when the bench is interrupted. The calls themselves run in a
// context that cannot be cancelled: no timer, AfterFunc or waker per call,
// which cost the bench client a tenth of its CPU and each call a wakeup.
type benchWorker struct {
	mu       sync.Mutex // mu guards following
	ch       servicemodel.ClientChannel
	start    time.Time // of the call under way; zero between calls
	timedOut bool      // watchCalls aborted the call under way
}

// begin records a call on ch starting at t0.
func (w *benchWorker) begin(ch servicemodel.ClientChannel, t0 time.Time) {
	w.mu.Lock()
	w.ch, w.start, w.timedOut = ch, t0, false
	w.mu.Unlock()
}

// end marks the call returned, and reports whether watchCalls aborted it
// for its timeout.
func (w *benchWorker) end() (timedOut bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.start = time.Time{}
	return w.timedOut
}

// expire aborts the channel of the call under way if it started before
// now-timeout, or whatever its start when interrupted.
func (w *benchWorker) expire(now time.Time, timeout time.Duration, interrupted bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.start.IsZero() || !interrupted && now.Sub(w.start) < timeout {
		return
	}
	w.timedOut = !interrupted
	w.start = time.Time{}
	w.ch.Abort()
}

// watchCalls ends the calls that run past timeout, looking every tenth of
// it (between 1 ms and 1 s), and every call when ctx ends, until stop
// closes.
func watchCalls(ctx context.Context, workers []benchWorker, timeout time.Duration, stop <-chan struct{}) {
	t := time.NewTicker(min(max(timeout/10, time.Millisecond), time.Second))
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-ctx.Done():
			for i := range workers {
				workers[i].expire(time.Now(), timeout, true)
			}
			<-stop
			return
		case now := <-t.C:
			for i := range workers {
				workers[i].expire(now, timeout, false)
			}
		}
	}
}

// worker calls until the shared budget is spent, redialling after a channel
// failure.
func (b *benchCmd) worker(ctx context.Context, req *request, left *atomic.Int64, w *benchWorker) benchResult {
	var r benchResult
	var ch servicemodel.ClientChannel
	defer func() {
		if ch != nil {
			ch.Close(ctx)
		}
	}()
	callCtx := context.WithoutCancel(ctx) // watchCalls ends the calls
	m := req.build()                      // the worker's request, sent again with a new MessageID each time
	for left.Add(-1) >= 0 && ctx.Err() == nil {
		t0 := time.Now()
		if !m.MessageID.IsZero() {
			m.MessageID = soap.NewMessageID()
		}
		var err error
		if ch == nil {
			ch, err = b.dial(ctx, req)
		}
		if err == nil {
			w.begin(ch, t0)
			err = benchRequest(callCtx, ch, m)
			if w.end() {
				err = errCallTimeout
			}
			if err != nil && !isFault(err) {
				ch.Abort()
				ch = nil
			}
		}
		r.latencies = append(r.latencies, time.Since(t0))
		if err != nil {
			r.errors++
			if r.firstErr == nil {
				r.firstErr = err
			}
		}
	}
	return r
}

// dial opens a channel within the timeout.
func (b *benchCmd) dial(ctx context.Context, req *request) (servicemodel.ClientChannel, error) {
	ctx, cancel := context.WithTimeout(ctx, b.timeout)
	defer cancel()
	return servicemodel.DialChannel(ctx, req.binding, req.address, req.opts)
}

// benchRequest sends m on an open channel and reads the reply through: a
// fault is returned as its *soap.Fault, any other body is read to its end
// without being kept or rendered (which is call's work, not the
// service's).
func benchRequest(ctx context.Context, ch servicemodel.ClientChannel, m *soap.Message) error {
	var fault *soap.Fault
	err := ch.Request(ctx, m, func(reply *soap.Message) error {
		if reply.IsFault() {
			f, err := reply.Fault()
			fault = f
			return err
		}
		return drainBody(reply)
	})
	if err == nil && fault != nil {
		return fault
	}
	return err
}

// drainBody reads the body element of m, if any, through its end.
func drainBody(m *soap.Message) error {
	if m.IsEmpty() {
		return nil
	}
	r, err := m.BodyReader()
	if err != nil {
		return err
	}
	depth := r.Depth()
	for {
		k, err := r.Next()
		switch {
		case err != nil:
			return err
		case k == infoset.EOF:
			return io.ErrUnexpectedEOF
		case k == infoset.EndElement && r.Depth() == depth:
			return nil
		}
	}
}

// summarise merges the workers' results.
func summarise(results []benchResult, elapsed time.Duration, c int) (BenchReport, error) {
	var all []time.Duration
	rep := BenchReport{Concurrency: c, Seconds: elapsed.Seconds()}
	var first error
	for _, r := range results {
		all = append(all, r.latencies...)
		rep.Errors += r.errors
		if first == nil {
			first = r.firstErr
		}
	}
	slices.Sort(all)
	rep.Calls = len(all)
	if elapsed > 0 {
		rep.CallsPerSec = float64(rep.Calls) / elapsed.Seconds()
	}
	rep.P50ms, rep.P90ms, rep.P99ms = percentile(all, 50), percentile(all, 90), percentile(all, 99)
	if len(all) > 0 {
		rep.MaxMs = ms(all[len(all)-1])
	}
	if first != nil {
		rep.FirstError = first.Error()
	}
	return rep, first
}

// percentile returns the p-th percentile (nearest rank) of sorted, in ms.
func percentile(sorted []time.Duration, p int) float64 {
	if len(sorted) == 0 {
		return 0
	}
	rank := (p*len(sorted) + 99) / 100 // ceil(p/100 × n)
	return ms(sorted[max(rank, 1)-1])
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// print writes the report.
func (b *benchCmd) print(w io.Writer, r BenchReport) error {
	if b.json {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	}
	fmt.Fprintf(w, "calls        %d (%d errors)\nconcurrency  %d\nduration     %.3fs\ncalls/s      %.1f\n",
		r.Calls, r.Errors, r.Concurrency, r.Seconds, r.CallsPerSec)
	fmt.Fprintf(w, "latency      p50 %.3fms  p90 %.3fms  p99 %.3fms  max %.3fms\n", r.P50ms, r.P90ms, r.P99ms, r.MaxMs)
	if r.FirstError != "" {
		fmt.Fprintf(w, "first error  %s\n", r.FirstError)
	}
	return nil
}

// startCPUProfile starts a CPU profile written to file ("": none) and returns
// the function that stops it.
func startCPUProfile(file string) (stop func() error, err error) {
	if file == "" {
		return func() error { return nil }, nil
	}
	f, err := os.Create(file)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() error {
		pprof.StopCPUProfile()
		return f.Close()
	}, nil
}
