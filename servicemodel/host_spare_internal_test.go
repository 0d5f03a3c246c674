package servicemodel

import (
	"context"
	"testing"
	"time"
)

type spareReq struct {
	XMLName struct{} `xml:"http://tempuri.org/ Twice"`
	N       int32    `xml:"n"`
}

type spareResp struct {
	XMLName struct{} `xml:"http://tempuri.org/ TwiceResponse"`
	R       int32
}

// A host session makes the cancel.Call of its next message ahead, in the
// host's group; once the session ends, the groups hold no call of it, used
// or not.
func TestHostSpareCallsLeaveGroups(t *testing.T) {
	twice := Op("Twice", func(_ context.Context, r *spareReq) (*spareResp, error) { return &spareResp{R: 2 * r.N}, nil })
	c := MustContract("ISpare", "http://tempuri.org/", twice)
	h, addr := openTestHost(t, "/spare", c)
	ctx := context.Background()
	run := h.run
	for range 3 {
		p, err := NewServiceProxy(NewNetTCPBinding(), c, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := p.Open(ctx, addr); err != nil {
			t.Fatal(err)
		}
		for i := range int32(5) {
			var resp spareResp
			if err := p.Call(ctx, "Twice", &spareReq{N: i}, &resp); err != nil || resp.R != 2*i {
				t.Fatalf("Twice(%d) = %d, %v", i, resp.R, err)
			}
		}
		// The call made ahead joins the group just after the reply goes.
		if n := waitLen(run, 1); n != 1 {
			t.Errorf("host group holds %d calls between messages, want the 1 made ahead", n)
		}
		if err := p.Close(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if n := waitLen(run, 0); n != 0 {
		t.Errorf("host group holds %d calls after every session ended, want 0", n)
	}
}

// waitLen waits up to 5 s for the run's group to hold want calls, and
// returns how many it holds.
func waitLen(run *hostRun, want int) int {
	deadline := time.Now().Add(5 * time.Second)
	for run.calls.Len() != want && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	return run.calls.Len()
}

// openTestHost opens a host of c over net.tcp at a free address ending in
// path, aborted with t, and returns it and its address.
func openTestHost(t *testing.T, path string, c *Contract) (*Host, string) {
	t.Helper()
	addr := freeAddr(t, path)
	h, err := NewHost(nil, &Endpoint{Address: addr, Binding: NewNetTCPBinding(), Contract: c})
	if err != nil {
		t.Fatal(err)
	}
	if err := h.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(h.Abort)
	return h, addr
}
