package servicemodel

import (
	"context"
	"testing"
)

type addReq struct {
	A, B int32
}
type addResp struct{ R int32 }

func TestContractDefaults(t *testing.T) {
	c, err := NewContract("ICalculator", "",
		Op("Add", func(ctx context.Context, r *addReq) (*addResp, error) { return &addResp{r.A + r.B}, nil }),
		OneWayOp[addReq]("Notify", nil),
		Op[addReq, addResp]("Custom", nil).WithAction("urn:custom", "urn:customReply"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ op, action, reply string }{
		{"Add", "http://tempuri.org/ICalculator/Add", "http://tempuri.org/ICalculator/AddResponse"},
		{"Notify", "http://tempuri.org/ICalculator/Notify", ""},
		{"Custom", "urn:custom", "urn:customReply"},
	}
	for _, tt := range tests {
		op, ok := c.Operation(tt.op)
		if !ok {
			t.Fatalf("operation %s missing", tt.op)
		}
		if op.Action != tt.action || op.ReplyAction != tt.reply {
			t.Errorf("%s: action %q reply %q; want %q %q", tt.op, op.Action, op.ReplyAction, tt.action, tt.reply)
		}
		if got, ok := c.ResolveOperation(tt.action); !ok || got != op {
			t.Errorf("ResolveOperation(%q) did not find %s", tt.action, tt.op)
		}
	}
	if op, _ := c.Operation("Notify"); !op.OneWay || op.ResponseType != nil || op.HasHandler() {
		t.Errorf("Notify: oneway=%v resp=%v handler=%v", op.OneWay, op.ResponseType, op.HasHandler())
	}
}

func TestContractRejectsDuplicates(t *testing.T) {
	if _, err := NewContract("C", "", OneWayOp[addReq]("X", nil), OneWayOp[addReq]("X", nil)); err == nil {
		t.Error("duplicate operation names accepted")
	}
	if _, err := NewContract("C", "", OneWayOp[addReq]("X", nil).WithAction("u", ""), OneWayOp[addReq]("Y", nil).WithAction("u", "")); err == nil {
		t.Error("duplicate actions accepted")
	}
	if _, err := NewContract("", ""); err == nil {
		t.Error("empty contract name accepted")
	}
}
