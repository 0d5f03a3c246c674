package servicemodel

import "testing"

func TestAddressMatches(t *testing.T) {
	const ep = "net.tcp://localhost:8808/calculator"
	tests := []struct {
		to, address string
		want        bool
	}{
		{"", ep, true},
		{ep, ep, true},
		{"net.tcp://10.0.0.1:8808/calculator", ep, true},
		{"NET.TCP://LOCALHOST:8808/Calculator/", ep, true},
		{"net.tcp://localhost:8809/calculator", ep, false},
		{"net.tcp://localhost:8808/other", ep, false},
		{"http://localhost:8808/calculator", ep, false},
		{"net.tcp://localhost/calculator", "net.tcp://localhost:808/calculator", true},
		{"http://h/calc", "http://h:80/calc", true},
		{"net.tcp://127.0.0.1:40001/calculator", "net.tcp://127.0.0.1:0/calculator", true},
		{"net.tcp://localhost:8808/calculator?x=1", ep, false},
		{"%zz", ep, false},
	}
	for _, tc := range tests {
		if got := addressMatches(tc.to, tc.address); got != tc.want {
			t.Errorf("addressMatches(%q, %q) = %v, want %v", tc.to, tc.address, got, tc.want)
		}
	}
}

// TestToMatchesRemembers: the dispatcher's remembered To answers the same
// To again, and other addresses are still checked in full.
func TestToMatchesRemembers(t *testing.T) {
	d := &dispatcher{ep: &Endpoint{Address: "net.tcp://0.0.0.0:8808/calculator"}}
	for range 2 {
		if !d.toMatches("net.tcp://127.0.0.1:8808/calculator") {
			t.Fatal("matching To refused")
		}
	}
	if last := d.matchedTo.Load(); last == nil || *last != "net.tcp://127.0.0.1:8808/calculator" {
		t.Fatalf("remembered To = %v", last)
	}
	for _, to := range []string{"net.tcp://127.0.0.1:8809/calculator", "net.tcp://127.0.0.1:8808/other", "http://127.0.0.1:8808/calculator"} {
		if d.toMatches(to) {
			t.Errorf("To %q accepted after a remembered match", to)
		}
	}
	if !d.toMatches("net.tcp://127.0.0.1:8808/calculator") {
		t.Error("remembered To refused after mismatches")
	}
}
