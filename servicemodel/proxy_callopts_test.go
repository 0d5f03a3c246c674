package servicemodel

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/wwsgo/wws/soap"
)

func TestCallOptions(t *testing.T) {
	h1, h2 := testHeader("A", "1"), testHeader("B", "2")
	id := soap.ParseMessageID("urn:custom")
	var dst soap.Headers
	var o callOptions
	o.apply([]CallOption{WithCallID(5), WithHeaders(h1), nil, WithHeaders(h2), WithMessageID(id), ReplyHeaders(&dst)})
	want := callOptions{id: 5, headers: soap.Headers{h1, h2}, messageID: id, replyHeaders: &dst}
	if diff := cmp.Diff(want, o, cmp.AllowUnexported(callOptions{}, soap.MessageID{}), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("options (-want +got):\n%s", diff)
	}
}

func TestProxyOptionsDefaults(t *testing.T) {
	tests := []struct {
		in, want ProxyOptions
		wantErr  bool
	}{
		{ProxyOptions{}, ProxyOptions{MaxPendingCalls: 100, CallTimeout: DefaultCallTimeout, MaxCloseTimeout: DefaultMaxCloseTimeout}, false},
		{ProxyOptions{MaxPendingCalls: 1, CallTimeout: -1, MaxCloseTimeout: 7}, ProxyOptions{MaxPendingCalls: 1, CallTimeout: -1, MaxCloseTimeout: 7}, false},
		{ProxyOptions{MaxPendingCalls: -1}, ProxyOptions{}, true},
	}
	for _, tc := range tests {
		got, err := tc.in.withDefaults()
		if (err != nil) != tc.wantErr {
			t.Errorf("withDefaults(%+v): err = %v, want error %v", tc.in, err, tc.wantErr)
			continue
		}
		if tc.wantErr {
			continue
		}
		if got.Logger == nil {
			t.Errorf("withDefaults(%+v): nil Logger", tc.in)
		}
		got.Logger = nil
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("withDefaults(%+v) (-want +got):\n%s", tc.in, diff)
		}
	}
}

func TestNewServiceProxyArguments(t *testing.T) {
	b := newFakeBinding(soap.Soap12WSAddressing10)
	if _, err := NewServiceProxy(nil, calculator, nil); err == nil {
		t.Error("nil binding accepted")
	}
	if _, err := NewServiceProxy(b, nil, nil); err == nil {
		t.Error("nil contract accepted")
	}
	if _, err := NewServiceProxy(b, calculator, &ProxyOptions{MaxPendingCalls: -3}); err == nil {
		t.Error("negative MaxPendingCalls accepted")
	}
	p, err := NewServiceProxy(b, calculator, nil)
	if err != nil || p.State() != Created || p.Options().MaxPendingCalls != DefaultMaxPendingCalls {
		t.Errorf("NewServiceProxy = %v, %v; want a Created proxy with defaults", p, err)
	}
}
