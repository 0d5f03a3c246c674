package windowsauth

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/wwsgo/wws/nettcp"
)

// Sealed Kerberos sessions side by side, each with its envelopes
// pipelined (sent while earlier replies are still coming back), some
// spanning several NNS frames: every reply comes back whole and in order.
func TestKerberosSoak(t *testing.T) {
	const sessions, calls = 4, 200
	r := startRealm(t)
	cl := r.client(t, "alice", krbPassword)
	prot := nettcp.NNSProtectionEncryptAndSign
	via, callers, stop := krbGoHost(t, &NegotiateServerConfig{Kerberos: r.acceptor(t)}, prot)
	defer stop()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	envelope := func(s, i int) []byte {
		n := 300
		if i%50 == 49 {
			n = 3*0xFC00 + 7 // several frames
		}
		tag := fmt.Sprintf("<%d.%d>", s, i)
		return bytes.Repeat([]byte(tag), n/len(tag)+1)[:n]
	}
	var wg sync.WaitGroup
	errs := make(chan error, 2*sessions)
	for s := range sessions {
		sess, err := nettcp.Dial(ctx, via, &nettcp.ClientConfig{MaxMessageSize: 1 << 20,
			Upgrader: NegotiateUpgrader(&NegotiateClientConfig{Kerberos: cl, TargetName: krbSPN}, nil, prot)})
		if err != nil {
			t.Fatal(err)
		}
		wg.Add(2)
		go func() {
			defer wg.Done()
			for i := range calls {
				if err := sess.Send(ctx, envelope(s, i)); err != nil {
					errs <- err
					return
				}
			}
		}()
		go func() {
			defer wg.Done()
			defer sess.Close(ctx)
			for i := range calls {
				got, err := sess.Receive(ctx, nil)
				if err != nil {
					errs <- err
					return
				}
				if !bytes.Equal(got, envelope(s, i)) {
					errs <- fmt.Errorf("session %d call %d: %d bytes back, not its envelope", s, i, len(got))
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	stop()
	if len(*callers) != sessions {
		t.Fatalf("host saw %d callers", len(*callers))
	}
}
