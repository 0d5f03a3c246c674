package calculator

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/wwsgo/wws/soap"
)

func str(s string) *string { return &s }

func TestOperations(t *testing.T) {
	ctx := context.Background()
	s := New()
	if r, err := s.Add(ctx, &AddRequest{A: 2, B: 3}); err != nil || r.AddResult != 5 {
		t.Errorf("Add(2, 3) = %v, %v; want 5", r, err)
	}
	if r, _ := s.Add(ctx, &AddRequest{A: 1<<31 - 1, B: 1}); r.AddResult != -1<<31 {
		t.Errorf("Add(MaxInt32, 1) = %d, want MinInt32 (unchecked)", r.AddResult)
	}
	for _, in := range []*string{nil, str(""), str("héllo")} {
		r, err := s.Echo(ctx, &EchoRequest{Text: in})
		if err != nil || !cmp.Equal(r.EchoResult, in) {
			t.Errorf("Echo(%v) = %v, %v", in, r.EchoResult, err)
		}
	}
	for i := range 3 {
		if err := s.Notify(ctx, &NotifyRequest{Text: "x"}); err != nil {
			t.Fatal(err)
		}
		r, _ := s.NotifyCount(ctx, &NotifyCountRequest{})
		if r.NotifyCountResult != int32(i+1) {
			t.Errorf("NotifyCount after %d Notify = %d", i+1, r.NotifyCountResult)
		}
	}
	if r, _ := New().NotifyCount(ctx, &NotifyCountRequest{}); r.NotifyCountResult != 0 {
		t.Errorf("a new Service counts %d, want 0", r.NotifyCountResult)
	}
}

func TestFail(t *testing.T) {
	_, err := New().Fail(context.Background(), &FailRequest{Reason: "it broke: <&>"})
	var f *soap.Fault
	if !errors.As(err, &f) {
		t.Fatalf("Fail = %v, want a *soap.Fault", err)
	}
	want := []soap.FaultReason{{Text: "it broke: <&>", Lang: "en-US"}}
	if diff := cmp.Diff(want, f.Reasons); diff != "" || !f.Code.IsSender() || f.Code.Subcode != nil {
		t.Errorf("fault code %s, reasons (-want +got):\n%s", f.Code.String(), diff)
	}
}

func TestBlob(t *testing.T) {
	s := &Service{MaxBlobSize: 1000}
	for _, size := range []int32{0, 1, 250, 251, 252, 1000} {
		r, err := s.Blob(context.Background(), &BlobRequest{Size: size})
		if err != nil {
			t.Fatalf("Blob(%d): %v", size, err)
		}
		want := make([]byte, size)
		for i := range want {
			want[i] = byte(i % 251)
		}
		if !bytes.Equal(r.BlobResult, want) {
			t.Errorf("Blob(%d) = % x…, want the i%%251 pattern", size, r.BlobResult[:min(int(size), 8)])
		}
	}
	for _, size := range []int32{-1, 1001, 1<<31 - 1} {
		var f *soap.Fault
		if _, err := s.Blob(context.Background(), &BlobRequest{Size: size}); !errors.As(err, &f) || !f.Code.IsSender() {
			t.Errorf("Blob(%d) = %v, want a Sender fault", size, err)
		}
	}
}

func TestDelayDirect(t *testing.T) {
	s := New()
	r, err := s.Delay(context.Background(), &DelayRequest{Milliseconds: 5})
	if err != nil || r.DelayResult != 5 {
		t.Errorf("Delay(5) = %v, %v; want 5", r, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	if _, err := s.Delay(ctx, &DelayRequest{Milliseconds: 60000}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Delay under an ending context = %v, want DeadlineExceeded", err)
	}
	var f *soap.Fault
	if _, err := s.Delay(context.Background(), &DelayRequest{Milliseconds: -1}); !errors.As(err, &f) {
		t.Errorf("Delay(-1) = %v, want a fault", err)
	}
}

func TestContracts(t *testing.T) {
	type opInfo struct {
		Action, Reply string
		OneWay, Impl  bool
	}
	describe := func(impl bool) map[string]opInfo {
		c := ClientContract()
		if impl {
			c = Contract()
		}
		if c.Name != "ICalculator" || c.Namespace != "http://tempuri.org/" {
			t.Errorf("contract %s %s", c.Name, c.Namespace)
		}
		m := map[string]opInfo{}
		for _, op := range c.Operations() {
			m[op.Name] = opInfo{op.Action, op.ReplyAction, op.OneWay, op.HasHandler()}
		}
		return m
	}
	want := map[string]opInfo{}
	for _, name := range []string{"Add", "Echo", "Delay", "Fail", "NotifyCount", "Blob"} {
		a := "http://tempuri.org/ICalculator/" + name
		want[name] = opInfo{a, a + "Response", false, true}
	}
	want["Notify"] = opInfo{"http://tempuri.org/ICalculator/Notify", "", true, true}
	if diff := cmp.Diff(want, describe(true)); diff != "" {
		t.Errorf("Contract() (-want +got):\n%s", diff)
	}
	for name, o := range want {
		o.Impl = false
		want[name] = o
	}
	if diff := cmp.Diff(want, describe(false)); diff != "" {
		t.Errorf("ClientContract() (-want +got):\n%s", diff)
	}
}
