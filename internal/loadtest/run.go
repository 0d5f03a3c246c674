// The run: build wshost and wsproxy, start the two servers, warm them,
// then alternate the measured client runs and print the table.

package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/wwsgo/wws/servicemodel/calculator"
	"github.com/wwsgo/wws/soap"
)

type options struct {
	c, n, n1, rounds, rounds1 int
	bin                       string
	verbose                   bool
}

// server is a running server process.
type server struct {
	cmd  *exec.Cmd
	addr string
}

// cpu is a process's CPU time, and how often its threads were switched
// out (voluntary and involuntary context switches): a call that wakes
// another goroutine on a sleeping thread, or blocks, costs a switch.
type cpu struct {
	user, sys time.Duration
	switches  int64
}

func (c cpu) sub(d cpu) cpu  { return cpu{c.user - d.user, c.sys - d.sys, c.switches - d.switches} }
func (c cpu) add(d cpu) cpu  { return cpu{c.user + d.user, c.sys + d.sys, c.switches + d.switches} }
func (c cpu) total() float64 { return float64(c.user+c.sys) / float64(time.Microsecond) }

// side sums one side's measured runs.
type side struct {
	calls          int
	seconds        float64
	server, client cpu
	p50            []float64 // of the -c 1 runs, ms, one per alternation
	p50ratio       []float64 // p50 over the ping-pong's of the same alternation
	calls1         int       // calls of the -c 1 runs
	server1        cpu       // the -c 1 runs' server and client CPU
	client1        cpu
}

func run(o *options) error {
	bins := strings.Split(o.bin, ",")
	if o.bin == "" {
		dir, err := os.MkdirTemp("", "wws-loadtest")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		fmt.Fprintln(os.Stderr, "building wshost and wsproxy…")
		b := exec.Command("go", "build", "-o", dir+"/", "./cmd/wshost", "./cmd/wsproxy")
		b.Stdout, b.Stderr = os.Stderr, os.Stderr
		if err := b.Run(); err != nil {
			return fmt.Errorf("go build (run from the repository root): %w", err)
		}
		bins = []string{dir}
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}

	// The sizes of the messages to one wshost's address: the others' differ
	// by the port only, of the same length.
	reqSize, replySize, err := addSizes("net.tcp://127.0.0.1:65000/calculator")
	if err != nil {
		return err
	}
	pp, err := startServer(exec.Command(self, "pingpong-server", "-reply", strconv.Itoa(replySize)), "")
	if err != nil {
		return err
	}
	defer stop(pp)
	kinds := []*kind{{name: "ping-pong", srv: pp, client: func(c, n int) *exec.Cmd {
		return exec.Command(self, "pingpong-client", "-addr", pp.addr, "-req", strconv.Itoa(reqSize),
			"-c", strconv.Itoa(c), "-n", strconv.Itoa(n))
	}}}
	for _, bin := range bins {
		port, err := freePort()
		if err != nil {
			return err
		}
		hostport := fmt.Sprintf("127.0.0.1:%d", port)
		ws, err := startServer(exec.Command(filepath.Join(bin, "wshost"), "-nettcp", hostport, "-http", "off", "-log-level", "warn"), hostport)
		if err != nil {
			return err
		}
		defer stop(ws)
		addr := "net.tcp://" + hostport + "/calculator"
		name := "wws"
		if len(bins) > 1 {
			name = "wws " + bin
		}
		kinds = append(kinds, &kind{name: name, srv: ws, client: func(c, n int) *exec.Cmd {
			return exec.Command(filepath.Join(bin, "wsproxy"), "bench", "-json", "-c", strconv.Itoa(c), "-n", strconv.Itoa(n),
				addr, "Add", "a=2", "b=3")
		}})
	}

	fmt.Fprintf(os.Stderr, "request %d bytes, reply %d bytes (framed); warming…\n", reqSize, replySize)
	for _, k := range kinds {
		if _, _, _, err := measure(k.srv, k.client(o.c, o.n/20)); err != nil {
			return fmt.Errorf("%s warm-up: %w", k.name, err)
		}
	}
	for r := range o.rounds {
		for i := range kinds {
			k := kinds[(i+r)%len(kinds)] // rotate which goes first
			rep, srv, cli, err := measure(k.srv, k.client(o.c, o.n))
			if err != nil {
				return fmt.Errorf("%s: %w", k.name, err)
			}
			k.sum.calls += rep.Calls
			k.sum.seconds += rep.Seconds
			k.sum.server = k.sum.server.add(srv)
			k.sum.client = k.sum.client.add(cli)
			if o.verbose {
				fmt.Fprintf(os.Stderr, "round %d %-9s c=%d %6d calls %8.0f calls/s  server %5.1f µs/call  client %5.1f µs/call\n",
					r+1, k.name, o.c, rep.Calls, rep.CallsPerSec, srv.total()/float64(rep.Calls), cli.total()/float64(rep.Calls))
			}
		}
	}
	// The -c 1 latency: short runs of each side in turn, so that a change
	// of the machine's load (other work on the same cores) moves both
	// sides of an alternation alike; each alternation gives a p50 ratio.
	for r := range o.rounds1 {
		p50 := make([]float64, len(kinds))
		for i := range kinds {
			j := (i + r) % len(kinds) // rotate which goes first
			k := kinds[j]
			rep, srv, cli, err := measure(k.srv, k.client(1, o.n1))
			if err != nil {
				return fmt.Errorf("%s -c 1: %w", k.name, err)
			}
			p50[j] = rep.P50ms
			k.sum.p50 = append(k.sum.p50, rep.P50ms)
			k.sum.calls1 += rep.Calls
			k.sum.server1 = k.sum.server1.add(srv)
			k.sum.client1 = k.sum.client1.add(cli)
			if o.verbose {
				fmt.Fprintf(os.Stderr, "alternation %d %-9s c=1  p50 %.1f µs  server %5.1f µs/call %4.2f switches/call  client %5.1f µs/call %4.2f switches/call\n",
					r+1, k.name, rep.P50ms*1000, srv.total()/float64(rep.Calls), float64(srv.switches)/float64(rep.Calls),
					cli.total()/float64(rep.Calls), float64(cli.switches)/float64(rep.Calls))
			}
		}
		for j, k := range kinds[1:] {
			k.sum.p50ratio = append(k.sum.p50ratio, p50[j+1]/p50[0])
		}
	}
	fmt.Printf("c=%d, %d calls × %d rounds (request %d B, reply %d B); -c 1: %d calls × %d alternations, median p50 and p50 ratio\n\n",
		o.c, o.n, o.rounds, reqSize, replySize, o.n1, o.rounds1)
	for _, k := range kinds[1:] {
		if len(kinds) > 2 {
			fmt.Printf("%s\n", k.name)
		}
		printTable(&kinds[0].sum, &k.sum)
		fmt.Println()
	}
	fmt.Println("server: ping-pong server / wshost; client: ping-pong client / wsproxy bench")
	return nil
}

// kind is one side: its server and how to run its client.
type kind struct {
	name   string
	srv    *server
	client func(c, n int) *exec.Cmd
	sum    side
}

// printTable prints the two sides and their ratios against the targets:
// the rows of the runs at -c, if any, and the -c 1 p50 with its spread.
func printTable(p, w *side) {
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "\tping-pong\twws\tratio\ttarget\t")
	if p.calls > 0 && w.calls > 0 {
		perCall := func(c cpu, calls int) string {
			n := float64(calls)
			return fmt.Sprintf("%.1f (user %.1f, sys %.1f)", c.total()/n,
				float64(c.user)/float64(time.Microsecond)/n, float64(c.sys)/float64(time.Microsecond)/n)
		}
		pRate, wRate := float64(p.calls)/p.seconds, float64(w.calls)/w.seconds
		pSrv, wSrv := p.server.total()/float64(p.calls), w.server.total()/float64(w.calls)
		pCli, wCli := p.client.total()/float64(p.calls), w.client.total()/float64(w.calls)
		fmt.Fprintf(tw, "calls/s\t%.0f\t%.0f\t%.2f\t≥ 0.70\t%s\n", pRate, wRate, wRate/pRate, check(wRate >= 0.7*pRate))
		fmt.Fprintf(tw, "server CPU µs/call\t%s\t%s\t%.2f\t≤ 1.50\t%s\n", perCall(p.server, p.calls), perCall(w.server, w.calls),
			wSrv/pSrv, check(wSrv <= 1.5*pSrv))
		fmt.Fprintf(tw, "client CPU µs/call\t%s\t%s\t%.2f\t≤ 1.50\t%s\n", perCall(p.client, p.calls), perCall(w.client, w.calls),
			wCli/pCli, check(wCli <= 1.5*pCli))
	}
	if len(w.p50ratio) > 0 {
		ratio := median(w.p50ratio)
		fmt.Fprintf(tw, "-c 1 p50 µs\t%.1f\t%.1f\t%.2f\t≤ 1.30\t%s\n", median(p.p50)*1000, median(w.p50)*1000, ratio, check(ratio <= 1.3))
		sw := func(c cpu, calls int) float64 { return float64(c.switches) / float64(calls) }
		fmt.Fprintf(tw, "-c 1 server switches/call\t%.2f\t%.2f\t%.2f\t\t\n", sw(p.server1, p.calls1), sw(w.server1, w.calls1),
			sw(w.server1, w.calls1)/sw(p.server1, p.calls1))
		fmt.Fprintf(tw, "-c 1 client switches/call\t%.2f\t%.2f\t%.2f\t\t\n", sw(p.client1, p.calls1), sw(w.client1, w.calls1),
			sw(w.client1, w.calls1)/sw(p.client1, p.calls1))
	}
	tw.Flush()
	if len(w.p50ratio) > 0 {
		lo, q1, q3, hi := spread(w.p50ratio)
		fmt.Printf("-c 1 p50 ratio (wws over ping-pong of the same alternation), %d alternations: median %.2f, quartiles %.2f–%.2f, range %.2f–%.2f\n",
			len(w.p50ratio), median(w.p50ratio), q1, q3, lo, hi)
	}
}

func check(ok bool) string {
	if ok {
		return "ok"
	}
	return "MISSED"
}

func median(v []float64) float64 { return quantile(v, 0.5) }

// spread returns the least, the lower and upper quartiles and the largest of v.
func spread(v []float64) (lo, q1, q3, hi float64) {
	return quantile(v, 0), quantile(v, 0.25), quantile(v, 0.75), quantile(v, 1)
}

// quantile returns the q-quantile of v, interpolating between the two
// nearest values (the median of an even count is their mean).
func quantile(v []float64, q float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	x := q * float64(len(s)-1)
	i := int(x)
	if i+1 >= len(s) {
		return s[len(s)-1]
	}
	return s[i] + (x-float64(i))*(s[i+1]-s[i])
}

// measure runs client to its end and returns its report, the server's CPU
// time over the run and the client's.
func measure(srv *server, client *exec.Cmd) (report, cpu, cpu, error) {
	var rep report
	var out bytes.Buffer
	client.Stdout, client.Stderr = &out, os.Stderr
	before, err := procCPU(srv.cmd.Process.Pid)
	if err != nil {
		return rep, cpu{}, cpu{}, err
	}
	err = client.Run()
	after, err2 := procCPU(srv.cmd.Process.Pid)
	if err != nil {
		return rep, cpu{}, cpu{}, fmt.Errorf("%v: %w\n%s", client.Args, err, out.Bytes())
	}
	if err2 != nil {
		return rep, cpu{}, cpu{}, err2
	}
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		return rep, cpu{}, cpu{}, fmt.Errorf("client report %q: %w", out.Bytes(), err)
	}
	if rep.Errors > 0 {
		return rep, cpu{}, cpu{}, fmt.Errorf("%d errors, first %s", rep.Errors, rep.FirstError)
	}
	ps := client.ProcessState
	c := cpu{user: ps.UserTime(), sys: ps.SystemTime()}
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		c.switches = ru.Nvcsw + ru.Nivcsw
	}
	return rep, after.sub(before), c, nil
}

// clockTick is USER_HZ, the unit of /proc/PID/stat's times (100 on Linux).
const clockTick = 10 * time.Millisecond

// procCPU reads a running process's user and system time, and the
// context switches of its threads.
func procCPU(pid int) (cpu, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return cpu{}, err
	}
	// Fields after the command name (which is in parentheses and may hold
	// spaces): state is field 3, utime 14, stime 15.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return cpu{}, errors.New("unreadable /proc/PID/stat")
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return cpu{}, errors.New("short /proc/PID/stat")
	}
	u, err1 := strconv.ParseInt(f[11], 10, 64)
	s, err2 := strconv.ParseInt(f[12], 10, 64)
	if err := errors.Join(err1, err2); err != nil {
		return cpu{}, err
	}
	sw, err := procSwitches(pid)
	if err != nil {
		return cpu{}, err
	}
	return cpu{time.Duration(u) * clockTick, time.Duration(s) * clockTick, sw}, nil
}

// procSwitches sums the context switches of a process's threads, from
// /proc/PID/task/TID/status (a thread that has exited is not counted: a
// Go server keeps its threads).
func procSwitches(pid int) (int64, error) {
	tasks, err := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/status", pid))
	if err != nil || len(tasks) == 0 {
		return 0, fmt.Errorf("no threads of %d in /proc: %v", pid, err)
	}
	var n int64
	for _, t := range tasks {
		b, err := os.ReadFile(t)
		if err != nil {
			continue // the thread ended
		}
		for line := range strings.Lines(string(b)) {
			name, v, ok := strings.Cut(line, ":")
			if ok && (name == "voluntary_ctxt_switches" || name == "nonvoluntary_ctxt_switches") {
				k, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
				if err != nil {
					return 0, fmt.Errorf("%s: %w", t, err)
				}
				n += k
			}
		}
	}
	return n, nil
}

// startServer starts cmd and waits until it accepts at addr, or, when addr
// is "", until it prints its address on stdout.
func startServer(cmd *exec.Cmd, addr string) (*server, error) {
	cmd.Stderr = os.Stderr
	var stdout *bytes.Buffer
	if addr == "" {
		r, err := cmd.StdoutPipe()
		if err != nil {
			return nil, err
		}
		if err := cmd.Start(); err != nil {
			return nil, err
		}
		var line [64]byte
		n, err := r.Read(line[:])
		if err != nil {
			cmd.Process.Kill()
			return nil, fmt.Errorf("%s: %w", cmd.Path, err)
		}
		addr = strings.TrimSpace(string(line[:n]))
	} else {
		stdout = new(bytes.Buffer)
		cmd.Stdout = stdout
		if err := cmd.Start(); err != nil {
			return nil, err
		}
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
			return &server{cmd: cmd, addr: addr}, nil
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			return nil, fmt.Errorf("%s does not accept at %s: %w", cmd.Path, addr, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// stop ends a server.
func stop(s *server) {
	s.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		s.cmd.Process.Kill()
		<-done
	}
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// addSizes returns the framed sizes of a warm Add request to address and
// of its reply, as the net.tcp binary session encoding writes them.
func addSizes(address string) (int, int, error) {
	enc := soap.NewBinaryEncoding(true, soap.EncodingOptions{}).NewEncoder()
	req := soap.NewMessage(soap.Soap12WSAddressing10, "http://tempuri.org/ICalculator/Add", &calculator.AddRequest{A: 2, B: 3})
	req.MessageID = soap.NewMessageID()
	req.ReplyTo = &soap.EndpointReference{Address: soap.Addressing10.Anonymous()}
	req.To = address
	rep := soap.NewMessage(soap.Soap12WSAddressing10, "http://tempuri.org/ICalculator/AddResponse", &calculator.AddResponse{AddResult: 5})
	rep.RelatesTo, rep.To = req.MessageID, soap.Addressing10.Anonymous()
	var sizes [2]int
	for i, m := range []*soap.Message{req, rep} {
		if _, err := enc.WriteMessage(nil, m); err != nil { // the first carries the session strings
			return 0, 0, err
		}
		b, err := enc.WriteMessage(nil, m)
		if err != nil {
			return 0, 0, err
		}
		sizes[i] = 1 + uvarintLen(len(b)) + len(b)
	}
	return sizes[0], sizes[1], nil
}
