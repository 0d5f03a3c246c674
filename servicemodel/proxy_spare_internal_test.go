package servicemodel

import (
	"context"
	"errors"
	"math/rand/v2"
	"sync"
	"testing"
	"time"
)

type reuseReq struct {
	XMLName struct{} `xml:"http://tempuri.org/ Echo"`
	N       int32    `xml:"n"`
	SleepMS int32    `xml:"s"`
}

type reuseResp struct {
	XMLName struct{} `xml:"http://tempuri.org/ EchoResponse"`
	R       int32
}

// reusePair opens a host whose Echo answers N after sleeping SleepMS, and
// a proxy to it; ids records the requests' MessageIDs.
func reusePair(t *testing.T, ids *sync.Map) *ServiceProxy {
	t.Helper()
	echo := Op("Echo", func(ctx context.Context, r *reuseReq) (*reuseResp, error) {
		if m := RequestFromContext(ctx); m != nil && ids != nil {
			if _, dup := ids.LoadOrStore(m.MessageID, true); dup {
				t.Errorf("MessageID %v sent twice", m.MessageID)
			}
		}
		time.Sleep(time.Duration(r.SleepMS) * time.Millisecond)
		return &reuseResp{R: r.N}, nil
	})
	c := MustContract("IReuse", "http://tempuri.org/", echo)
	_, addr := openTestHost(t, "/reuse", c)
	ctx := context.Background()
	p, err := NewServiceProxy(NewNetTCPBinding(), c, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Open(ctx, addr); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Abort)
	return p
}

// Calls made ahead (makeSpare) carry MessageIDs that are never sent twice.
func TestProxySpareCallsMessageIDs(t *testing.T) {
	var ids sync.Map
	p := reusePair(t, &ids)
	ctx := context.Background()
	for i := range int32(50) {
		var resp reuseResp
		if err := p.Call(ctx, "Echo", &reuseReq{N: i}, &resp); err != nil || resp.R != i {
			t.Fatalf("Echo(%d) = %d, %v", i, resp.R, err)
		}
	}
}

// A call whose caller was let go first (timed out, cancelled, abandoned)
// leaves the proxy serving the next call; its late reply is dropped.
func TestProxyCallAfterReleasedCall(t *testing.T) {
	for _, how := range []string{"timeout", "cancel", "abandon"} {
		t.Run(how, func(t *testing.T) {
			p := reusePair(t, nil)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			switch how {
			case "timeout":
				ctx, cancel = context.WithTimeout(ctx, 20*time.Millisecond)
				defer cancel()
			case "cancel":
				time.AfterFunc(20*time.Millisecond, cancel)
			case "abandon":
				time.AfterFunc(20*time.Millisecond, func() { _ = p.AbandonAll() })
			}
			err := p.Call(ctx, "Echo", &reuseReq{N: 1, SleepMS: 200}, nil)
			if err == nil {
				t.Fatal("Call of a slow operation ended without error")
			}
			// The abandoned I/O ends; then calls go on as usual.
			var resp reuseResp
			if err := p.Call(context.Background(), "Echo", &reuseReq{N: 7}, &resp); err != nil || resp.R != 7 {
				t.Fatalf("Echo(7) after the released call = %d, %v", resp.R, err)
			}
		})
	}
}

// Calls that end every way at once, on one session: each caller gets its
// own call's result or the error of how it ended.
func TestProxyCallEndsHammer(t *testing.T) {
	p := reusePair(t, nil)
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Go(func() {
		for {
			select {
			case <-stop:
				return
			case <-time.After(3 * time.Millisecond):
				_ = p.AbandonCall(3)
			}
		}
	})
	var callers sync.WaitGroup
	for g := range int32(8) {
		callers.Go(func() {
			for i := range int32(100) {
				n := g*1000 + i
				ctx, cancel := context.Background(), context.CancelFunc(func() {})
				var opts []CallOption
				sleep := int32(0)
				switch i % 4 {
				case 1: // timeouts about as long as the operation
					ctx, cancel = context.WithTimeout(ctx, time.Duration(500+rand.IntN(2000))*time.Microsecond)
					sleep = 1
				case 2:
					opts = append(opts, WithCallID(3))
					sleep = 2
				}
				var resp reuseResp
				err := p.Call(ctx, "Echo", &reuseReq{N: n, SleepMS: sleep}, &resp, opts...)
				cancel()
				switch {
				case err == nil && resp.R != n:
					t.Errorf("Echo(%d) answered %d", n, resp.R)
				case err != nil && !errors.Is(err, ErrTimedOut) && !errors.Is(err, ErrAbandoned) && !errors.Is(err, ErrAborted):
					t.Errorf("Echo(%d): %v", n, err)
				case err != nil && i%4 != 1 && i%4 != 2:
					t.Errorf("Echo(%d), neither timed nor abandoned: %v", n, err)
				}
			}
		})
	}
	callers.Wait()
	close(stop)
	wg.Wait()
}
