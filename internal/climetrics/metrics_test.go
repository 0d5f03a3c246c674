package climetrics

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/wwsgo/wws/servicemodel"
	"github.com/wwsgo/wws/soap"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestWriteText(t *testing.T) {
	r := NewRegistry()
	e := r.Endpoint(`net.tcp://h:1/"x"`)
	e.Observe(300*time.Microsecond, false)
	e.Observe(20*time.Millisecond, true)
	e.Observe(time.Minute, false)
	e.SessionOpened()
	if r.Endpoint(`net.tcp://h:1/"x"`) != e {
		t.Fatal("Endpoint does not return the same counters for the same name")
	}
	var b strings.Builder
	if err := r.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	const l = `endpoint="net.tcp://h:1/\"x\""`
	for _, want := range []string{
		"# TYPE wws_calls_total counter\nwws_calls_total{" + l + "} 3\n",
		"wws_faults_total{" + l + "} 1\n",
		"wws_open_sessions{" + l + "} 1\n",
		"# TYPE wws_call_duration_seconds histogram\n",
		"wws_call_duration_seconds_bucket{" + l + `,le="0.0005"} 1` + "\n",
		"wws_call_duration_seconds_bucket{" + l + `,le="0.01"} 1` + "\n",
		"wws_call_duration_seconds_bucket{" + l + `,le="0.025"} 2` + "\n",
		"wws_call_duration_seconds_bucket{" + l + `,le="10"} 2` + "\n",
		"wws_call_duration_seconds_bucket{" + l + `,le="+Inf"} 3` + "\n",
		"wws_call_duration_seconds_sum{" + l + "} 60.0203\n",
		"wws_call_duration_seconds_count{" + l + "} 3\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("exposition lacks %q:\n%s", want, out)
		}
	}
}

func TestObserveAllocs(t *testing.T) {
	e := NewRegistry().Endpoint("x")
	if n := testing.AllocsPerRun(100, func() { e.Observe(time.Millisecond, false) }); n != 0 {
		t.Errorf("Observe allocates %v times, want 0", n)
	}
}

func TestHandler(t *testing.T) {
	r := NewRegistry()
	r.Endpoint("a").Observe(time.Millisecond, false)
	var health error
	srv := httptest.NewServer(Handler(r, func() error { return health }))
	defer srv.Close()
	get := func(path string) (int, string) {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := get("/healthz"); code != 200 || body != "ok\n" {
		t.Errorf("/healthz = %d %q, want 200 ok", code, body)
	}
	health = errors.New("host Closing")
	if code, body := get("/healthz"); code != 503 || !strings.Contains(body, "Closing") {
		t.Errorf("/healthz = %d %q, want 503 naming the state", code, body)
	}
	if code, body := get("/metrics"); code != 200 || !strings.Contains(body, `wws_calls_total{endpoint="a"} 1`) {
		t.Errorf("/metrics = %d %q", code, body)
	}
}

// The decorator counts sessions and calls through a real net.tcp channel.
func TestBindingCounts(t *testing.T) {
	e := NewRegistry().Endpoint("calc")
	b := Binding(servicemodel.NewNetTCPBinding(), e)
	ln, err := b.Listen("net.tcp://127.0.0.1:0/calc", servicemodel.ListenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := ln.Start(); err != nil {
		t.Fatal(err)
	}
	defer ln.Abort()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	served := make(chan struct{})
	go func() {
		defer close(served)
		ch, err := ln.Accept(ctx)
		if err != nil {
			return
		}
		defer ch.Abort()
		for i := 0; i < 2; i++ {
			rc, err := ch.Receive(ctx)
			if err != nil {
				return
			}
			reply := soap.NewMessage(rc.Message().Version, "r", nil)
			if i == 1 {
				reply = soap.NewFaultMessage(rc.Message().Version, soap.SenderFault("no"))
			}
			reply.RelatesTo = rc.Message().MessageID
			rc.Reply(ctx, reply)
		}
		ch.Receive(ctx) // until the client's End
	}()
	addr := "net.tcp://" + ln.Addr().(*net.TCPAddr).String() + "/calc"
	cc, err := b.DialChannel(ctx, addr)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		m := soap.NewMessage(soap.Soap12WSAddressing10, "a", nil)
		m.To = addr
		if err := cc.Request(ctx, m, func(*soap.Message) error { return nil }); err != nil {
			t.Fatal(err)
		}
	}
	if got := e.Sessions(); got != 1 {
		t.Errorf("open sessions during the session = %d, want 1", got)
	}
	cc.Close(ctx)
	<-served
	deadline := time.Now().Add(5 * time.Second)
	for e.Sessions() != 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if e.Calls() != 2 || e.Faults() != 1 || e.Sessions() != 0 {
		t.Errorf("calls %d faults %d sessions %d, want 2 1 0", e.Calls(), e.Faults(), e.Sessions())
	}
}

func TestWriteTextHost(t *testing.T) {
	r := NewRegistry()
	r.SetHost(func() servicemodel.HostStats {
		return servicemodel.HostStats{Sessions: 3, Calls: 2, QueuedSessions: 4, QueuedCalls: 1, SessionWaits: 7,
			CallWaits: 8, PendingConnections: 5, RefusedConnections: 6, AcceptPauses: 9}
	})
	var b strings.Builder
	if err := r.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"# TYPE wws_queued_sessions gauge\nwws_queued_sessions 4\n",
		"wws_throttle_sessions 3\n", "wws_throttle_calls 2\n", "wws_queued_calls 1\n",
		`wws_throttle_waits_total{throttle="sessions"} 7` + "\n",
		`wws_throttle_waits_total{throttle="calls"} 8` + "\n",
		"wws_pending_connections 5\n",
		"# TYPE wws_refused_connections_total counter\nwws_refused_connections_total 6\n",
		"wws_accept_pauses_total 9\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("exposition lacks %q:\n%s", want, out)
		}
	}
}

type fakeChannel struct {
	servicemodel.ServerChannel
	next *fakeRequest
}

func (f *fakeChannel) Receive(context.Context) (servicemodel.RequestContext, error) {
	return f.next, nil
}

type fakeRequest struct {
	servicemodel.RequestContext
	released int
}

func (f *fakeRequest) Release() { f.released++ }

// The decorator forwards the host's Release to the request it wraps, then
// wraps the channel's next request in the same counted request; the host
// sees the channel it counts through Unwrap.
func TestChannelForwardsRelease(t *testing.T) {
	inner := &fakeChannel{}
	c := &channel{ServerChannel: inner, e: NewRegistry().Endpoint("x")}
	if c.Unwrap() != inner {
		t.Fatal("Unwrap does not return the wrapped channel")
	}
	first, second := &fakeRequest{}, &fakeRequest{}
	inner.next = first
	rc, _ := c.Receive(context.Background())
	rc.(interface{ Release() }).Release()
	if first.released != 1 {
		t.Fatalf("inner request released %d times, want 1", first.released)
	}
	inner.next = second
	rc2, _ := c.Receive(context.Background())
	if rc2 != rc {
		t.Error("the released request was not reused for the next Receive")
	}
	if got := rc2.(*request).RequestContext; got != second {
		t.Errorf("the reused request wraps %p, want the channel's next %p", got, second)
	}
	if n := testing.AllocsPerRun(100, func() {
		rc, _ := c.Receive(context.Background())
		rc.(interface{ Release() }).Release()
	}); n != 0 {
		t.Errorf("Receive and Release allocate %v times, want 0", n)
	}
}
