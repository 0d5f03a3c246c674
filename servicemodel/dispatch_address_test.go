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
