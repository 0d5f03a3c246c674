package servicemodel_test

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/wwsgo/wws/nettcp"
	"github.com/wwsgo/wws/servicemodel"
)

var idleSessions = flag.Int("idle.sessions", 2000, "sessions BenchmarkIdleSessions opens")

// BenchmarkIdleSessions measures what an idle net.tcp session costs a host
// (issue 10: at most 12 KB): the host runs in this process; a child
// process (this test binary, TestIdleClients) opens -idle.sessions sessions
// over loopback — preamble acknowledged, no message — and holds them. The
// result is the host process's RSS growth per session, with the Go heap's
// share beside it. b.N is ignored: one measurement per run. With
// WWS_IDLE_HEAPPROFILE=FILE it writes the heap profile of the held sessions.
func BenchmarkIdleSessions(b *testing.B) {
	n := *idleSessions
	raiseFileLimit(b, uint64(n+256)) // each process holds one end of each session; the child inherits the limit
	h, addr := openCalcHost(b, &servicemodel.HostOptions{MaxConcurrentSessions: n}, nil)
	rss0, heap0 := footprint()
	child := exec.Command(os.Args[0], "-test.run=^TestIdleClients$")
	child.Env = append(os.Environ(), "WWS_IDLE_ADDR="+addr, "WWS_IDLE_SESSIONS="+strconv.Itoa(n))
	stdin, _ := child.StdinPipe()
	stdout, _ := child.StdoutPipe()
	child.Stderr = os.Stderr
	if err := child.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() {
		stdin.Close() // the child closes its sessions and exits
		child.Wait()
	}()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || strings.TrimSpace(line) != "ready" {
		b.Fatalf("client process: %q, %v", line, err)
	}
	deadline := time.Now().Add(time.Minute)
	for h.Stats().Sessions != n {
		if time.Now().After(deadline) {
			b.Fatalf("host holds %d sessions, want %d", h.Stats().Sessions, n)
		}
		runtime.Gosched()
	}
	rss1, heap1 := footprint()
	if path := os.Getenv("WWS_IDLE_HEAPPROFILE"); path != "" {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		b.Logf("goroutines %d, stacks %d B, heap in use %d B", runtime.NumGoroutine(), ms.StackInuse, ms.HeapInuse)
		if f, err := os.Create(path); err == nil {
			pprof.WriteHeapProfile(f)
			f.Close()
		}
	}
	b.ReportMetric(float64(rss1-rss0)/float64(n), "rss-B/session")
	b.ReportMetric(float64(rss1)/(1<<20), "rss-MB")
	b.ReportMetric(float64(heap1-heap0)/float64(n), "go-B/session")
	b.ReportMetric(0, "ns/op")
}

// TestIdleClients is BenchmarkIdleSessions' client process: with
// WWS_IDLE_ADDR set it opens WWS_IDLE_SESSIONS sessions, says "ready" and
// holds them until stdin closes. Run alone it has nothing to do.
func TestIdleClients(t *testing.T) {
	addr := os.Getenv("WWS_IDLE_ADDR")
	if addr == "" {
		t.Skip("the client process of BenchmarkIdleSessions; runs only under it")
	}
	n, _ := strconv.Atoi(os.Getenv("WWS_IDLE_SESSIONS"))
	ctx := context.Background()
	ss := make([]*nettcp.Session, 0, n)
	for range n {
		s, err := nettcp.Dial(ctx, addr, nil)
		if err != nil {
			t.Fatalf("session %d: %v", len(ss), err)
		}
		ss = append(ss, s)
	}
	fmt.Println("ready")
	var one [1]byte
	os.Stdin.Read(one[:])
	for _, s := range ss {
		s.Abort()
	}
}

// footprint returns the process's resident set and the Go runtime's
// in-use memory (heap, stacks, runtime structures), after a GC that
// returns free memory to the system.
func footprint() (rss, gomem int64) {
	debug.FreeOSMemory()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b, _ := os.ReadFile("/proc/self/status")
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			rss = kb << 10
		}
	}
	return rss, int64(ms.Sys - ms.HeapReleased)
}

// raiseFileLimit raises the soft limit on open files to at least n, or
// skips saying why.
func raiseFileLimit(tb testing.TB, n uint64) {
	var l syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &l); err != nil {
		tb.Skipf("cannot read the open-file limit: %v", err)
	}
	if l.Cur >= n {
		return
	}
	if l.Max < n {
		tb.Skipf("needs %d open files; the hard limit is %d (raise it with ulimit -Hn)", n, l.Max)
	}
	l.Cur = n
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &l); err != nil {
		tb.Skipf("cannot raise the open-file limit to %d: %v", n, err)
	}
}
