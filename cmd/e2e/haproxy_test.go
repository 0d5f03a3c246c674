package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/wwsgo/wws/internal/haproxytest"
	"github.com/wwsgo/wws/servicemodel"
	"github.com/wwsgo/wws/servicemodel/calculator"
)

// haproxyConfig is the README's configuration for n wshost instances
// (section "Behind HAProxy"), on the test's ports.
func haproxyConfig(tcpFront, httpFront string, nettcp, http, admin []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `frontend wshost_nettcp
	mode tcp
	bind %s
	default_backend wshost_nettcp
backend wshost_nettcp
	mode tcp
	balance leastconn
	retries 3
	option redispatch
	option httpchk GET /healthz
	http-check expect status 200
	default-server inter 200ms fall 3 rise 1
`, tcpFront)
	for i := range nettcp {
		fmt.Fprintf(&b, "\tserver w%d %s send-proxy-v2 check port %s\n", i, nettcp[i], portOf(admin[i]))
	}
	fmt.Fprintf(&b, `frontend wshost_http
	mode http
	bind %s
	default_backend wshost_http
backend wshost_http
	mode http
	balance leastconn
	retries 3
	option redispatch
	option httpchk GET /healthz
	http-check expect status 200
	default-server inter 200ms fall 3 rise 1
`, httpFront)
	for i := range http {
		fmt.Fprintf(&b, "\tserver w%d %s send-proxy-v2 check port %s\n", i, http[i], portOf(admin[i]))
	}
	return b.String()
}

func portOf(hostport string) string {
	_, p, _ := net.SplitHostPort(hostport)
	return p
}

// wshostBehind writes the configuration of one instance: the public
// addresses are HAProxy's, the listen URIs the instance's, PROXY protocol
// on.
func wshostBehind(t *testing.T, tcpFront, httpFront, nettcp, http, admin string) string {
	cfg := map[string]any{
		"admin":         admin,
		"close_timeout": "30s",
		"log":           map[string]string{"level": "debug"},
		"endpoints": []map[string]any{
			// Default limits: when one instance stops, its 20 sessions move
			// to the other two (30 each), which the default throttle
			// admits (100 × CPUs sessions; 12 × CPUs bounds only the
			// connections not yet handed to an endpoint).
			{"binding": "nettcp", "address": "net.tcp://" + tcpFront + "/calculator",
				"listen_uri": "net.tcp://" + nettcp + "/calculator", "proxy_protocol": true},
			{"binding": "soap12", "address": "http://" + httpFront + "/calculator",
				"listen_uri": "http://" + http + "/calculator", "proxy_protocol": true},
		},
	}
	b, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "wshost.json")
	if err := os.WriteFile(file, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return file
}

// ledger records the calls the clients made: every id answered once.
type ledger struct {
	mu       sync.Mutex
	answered map[int64]int
	calls    atomic.Int64 // answered calls of every kind (Add, Delay, HTTP)
	ended    atomic.Int64 // sessions ended by a host's End (the documented error)
	locals   map[string]bool
}

func (l *ledger) answer(id int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.answered[id]++
}

func (l *ledger) local(a net.Addr) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.locals[a.String()] = true
}

// sessionClient calls Add with unique ids (and now and then a Delay, so
// that calls are in flight when a host closes) through HAProxy until stop
// closes; a session the host ends is re-opened and the unanswered call
// sent again.
func sessionClient(ctx context.Context, b *servicemodel.NetTCPBinding, addr string, ids *atomic.Int64,
	l *ledger, stop <-chan struct{}, progress *atomic.Int64) error {
	var p *servicemodel.ServiceProxy
	defer func() {
		if p != nil {
			p.Abort()
		}
	}()
	id := ids.Add(1)
	for n := 0; ; n++ {
		if p == nil {
			var err error
			if p, err = servicemodel.NewServiceProxy(b, calculator.Contract(), nil); err != nil {
				return err
			}
			if err := p.Open(ctx, addr); err != nil {
				return fmt.Errorf("re-open through HAProxy: %w", err)
			}
		}
		select {
		case <-stop:
			return p.Close(ctx)
		default:
		}
		var err error
		if n%8 == 7 {
			var r calculator.DelayResponse
			err = p.Call(ctx, "Delay", &calculator.DelayRequest{Milliseconds: 30}, &r)
		} else {
			var r calculator.AddResponse
			err = p.Call(ctx, "Add", &calculator.AddRequest{A: int32(id), B: 0}, &r)
			if err == nil {
				if int64(r.AddResult) != id {
					return fmt.Errorf("Add(%d) answered %d", id, r.AddResult)
				}
				l.answer(id)
				id = ids.Add(1)
			}
		}
		if err == nil {
			l.calls.Add(1)
			progress.Add(1)
			continue
		}
		// The documented error of a session the service closed: its End,
		// ErrEndpointDisconnected wrapping io.EOF. The call was not run.
		if !errors.Is(err, servicemodel.ErrEndpointDisconnected) || !errors.Is(err, io.EOF) {
			return fmt.Errorf("call: %w", err)
		}
		l.ended.Add(1)
		p.Abort()
		p = nil
	}
}

// metricSum sums the samples of a metric family in a /metrics body.
func metricSum(body, name string) int64 {
	var n int64
	for _, line := range strings.Split(body, "\n") {
		if !strings.HasPrefix(line, name+"{") {
			continue
		}
		v, err := strconv.ParseInt(line[strings.LastIndexByte(line, ' ')+1:], 10, 64)
		if err == nil {
			n += v
		}
	}
	return n
}

// Three wshost instances behind HAProxy: 60 net.tcp sessions through it,
// spread over every instance (≥ 10 each, leastconn); the instances see the
// clients' own addresses (PROXY protocol v2); SIGTERM to one instance
// ends its sessions with the close handshake after the calls in flight,
// its clients see ErrEndpointDisconnected wrapping io.EOF, re-open through
// HAProxy and go on; no answered call is lost and none answered twice,
// and the calls the instances report answering are exactly the calls the
// clients saw answered. HTTP calls go through HAProxy's mode http too.
func TestHAProxyScaleOut(t *testing.T) {
	haproxytest.Path(t)
	const instances, sessions = 3, 60
	tcpFront, httpFront := freePort(t), freePort(t)
	var nettcp, http, admin []string
	var hosts []*host
	for range instances {
		nettcp, http, admin = append(nettcp, freePort(t)), append(http, freePort(t)), append(admin, freePort(t))
	}
	for i := range instances {
		cfg := wshostBehind(t, tcpFront, httpFront, nettcp[i], http[i], admin[i])
		hosts = append(hosts, startHost(t, 2, "-config", cfg))
	}
	haproxytest.Start(t, haproxyConfig(tcpFront, httpFront, nettcp, http, admin))

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	l := &ledger{answered: map[int64]int{}, locals: map[string]bool{}}
	b := servicemodel.NewNetTCPBinding()
	b.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		var d net.Dialer
		c, err := d.DialContext(ctx, network, addr)
		if err == nil {
			l.local(c.LocalAddr())
		}
		return c, err
	}
	public := "net.tcp://" + tcpFront + "/calculator"

	// Open the 60 sessions one after the other, so that leastconn sees
	// each, then let them all call.
	var ids, progress atomic.Int64
	stop := make(chan struct{})
	errs := make(chan error, sessions)
	var wg sync.WaitGroup
	for i := range sessions {
		wg.Add(1)
		opened := progress.Load()
		go func() {
			defer wg.Done()
			errs <- sessionClient(ctx, b, public, &ids, l, stop, &progress)
		}()
		for progress.Load() == opened && ctx.Err() == nil && len(errs) == 0 {
			time.Sleep(time.Millisecond) // until this session's first call is answered
		}
		if len(errs) > 0 {
			close(stop)
			wg.Wait()
			t.Fatalf("session %d: %v", i, <-errs)
		}
	}
	for i := range hosts {
		open := metricSum(get(t, "http://"+admin[i]+"/metrics"), "wws_open_sessions")
		if open < 10 {
			t.Errorf("instance %d serves %d sessions, want ≥ 10", i, open)
		}
	}

	// HTTP through HAProxy's mode http.
	hp, err := servicemodel.NewServiceProxy(servicemodel.NewWSHTTPBinding(), calculator.Contract(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := hp.Open(ctx, "http://"+httpFront+"/calculator"); err != nil {
		t.Fatal(err)
	}
	for i := range 30 {
		var r calculator.AddResponse
		if err := hp.Call(ctx, "Add", &calculator.AddRequest{A: int32(i), B: 1}, &r); err != nil || r.AddResult != int32(i)+1 {
			t.Fatalf("HTTP call %d through HAProxy: %v (%d)", i, err, r.AddResult)
		}
		l.calls.Add(1)
	}
	hp.Close(ctx)

	// SIGTERM to instance 0 while every session calls.
	before := progress.Load()
	for progress.Load() < before+int64(sessions)*5 && ctx.Err() == nil {
		time.Sleep(5 * time.Millisecond)
	}
	if err := hosts[0].cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code := hosts[0].wait(t, 60*time.Second); code != 0 {
		t.Fatalf("instance 0 exit %d after SIGTERM, want 0", code)
	}
	if l.ended.Load() < 10 {
		t.Errorf("%d sessions saw the host's End, want the ≥ 10 of instance 0", l.ended.Load())
	}
	before = progress.Load()
	for progress.Load() < before+int64(sessions)*10 && ctx.Err() == nil {
		time.Sleep(5 * time.Millisecond)
	}
	close(stop)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if t.Failed() {
		return
	}

	// Every id up to the last one answered was answered exactly once.
	last := ids.Load()
	l.mu.Lock()
	for id, n := range l.answered {
		if n != 1 {
			t.Errorf("id %d answered %d times", id, n)
		}
	}
	missing := 0
	for id := int64(1); id <= last; id++ {
		if l.answered[id] == 0 {
			missing++
		}
	}
	locals := l.locals
	l.mu.Unlock()
	// Each session holds one unanswered id when it stops.
	if missing != sessions {
		t.Errorf("%d ids unanswered, want the %d the stopped sessions held", missing, sessions)
	}

	// The instances answered exactly the calls the clients saw answered.
	var served int64
	log0 := hosts[0].logText()
	served += stoppedCalls(t, log0)
	for i := 1; i < instances; i++ {
		served += metricSum(get(t, "http://"+admin[i]+"/metrics"), "wws_calls_total")
	}
	if served != l.calls.Load() {
		t.Errorf("instances answered %d calls, clients saw %d answered", served, l.calls.Load())
	}
	if strings.Contains(log0, "did not finish gracefully") {
		t.Errorf("instance 0 did not close gracefully:\n%s", log0)
	}
	// The instances saw the clients' own addresses (PROXY protocol v2).
	seen := 0
	for _, h := range hosts {
		for _, line := range strings.Split(h.logText(), "\n") {
			var e struct {
				Msg, Endpoint, Remote string
			}
			if json.Unmarshal([]byte(line), &e) != nil || e.Msg != "channel accepted" || !strings.HasPrefix(e.Endpoint, "net.tcp") {
				continue
			}
			seen++
			if !locals[e.Remote] {
				t.Errorf("instance saw remote %s, not a client's address", e.Remote)
			}
		}
	}
	if seen < sessions {
		t.Errorf("%d net.tcp channels logged, want ≥ %d", seen, sessions)
	}
	t.Logf("%d calls answered (%d ids), %d sessions re-opened after SIGTERM", l.calls.Load(), last-int64(missing), l.ended.Load())
}

// stoppedCalls reads the calls of wshost's "stopped" log line.
func stoppedCalls(t *testing.T, log string) int64 {
	t.Helper()
	for _, line := range strings.Split(log, "\n") {
		var e struct {
			Msg   string
			Calls int64
		}
		if json.Unmarshal([]byte(line), &e) == nil && e.Msg == "stopped" {
			return e.Calls
		}
	}
	t.Fatalf("no \"stopped\" line in the log:\n%s", log)
	return 0
}
