//go:build soak

// The soak of issue 10: against a running wshost with default limits,
// -soak.sessions sessions each make -soak.calls Adds, -soak.depth in flight
// at once on the session; every call must be answered right, no session
// refused. Run it as
//
//	go run ./cmd/wshost &
//	go test -tags soak -run TestSoak -v ./servicemodel
package servicemodel_test

import (
	"context"
	"flag"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

var (
	soakAddr     = flag.String("soak.addr", "net.tcp://127.0.0.1:8808/calculator", "the wshost endpoint")
	soakSessions = flag.Int("soak.sessions", 200, "concurrent sessions")
	soakCalls    = flag.Int("soak.calls", 1000, "Adds per session")
	soakDepth    = flag.Int("soak.depth", 8, "Adds in flight per session")
)

func TestSoak(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	var opened, refused, failed, answered atomic.Int64
	var all, ready sync.WaitGroup
	ready.Add(*soakSessions)
	start := make(chan struct{})
	for i := range *soakSessions {
		all.Add(1)
		go func() {
			defer all.Done()
			p, err := openCalc(ctx, *soakAddr)
			ready.Done()
			if err != nil {
				refused.Add(1)
				t.Errorf("session %d: Open: %v", i, err)
				return
			}
			defer p.Abort()
			opened.Add(1)
			<-start
			var next atomic.Int64
			var wg sync.WaitGroup
			for range *soakDepth {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for {
						k := next.Add(1)
						if k > int64(*soakCalls) {
							return
						}
						if err := add(ctx, p, int32(i), int32(k)); err != nil {
							failed.Add(1)
							t.Errorf("session %d call %d: %v", i, k, err)
							return
						}
						answered.Add(1)
					}
				}()
			}
			wg.Wait()
			if err := p.Close(ctx); err != nil {
				t.Errorf("session %d: Close: %v", i, err)
			}
		}()
	}
	ready.Wait()
	began := time.Now()
	close(start)
	all.Wait()
	el := time.Since(began)
	t.Logf("%d sessions opened at once, %d refused; %d calls answered, %d failed, in %v (%.0f calls/s)",
		opened.Load(), refused.Load(), answered.Load(), failed.Load(), el, float64(answered.Load())/el.Seconds())
	if want := int64(*soakSessions) * int64(*soakCalls); answered.Load() != want {
		t.Errorf("answered %d calls, want %d", answered.Load(), want)
	}
}
