package config

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestLoadExample(t *testing.T) {
	c, err := Load("../../testdata/wshost.json")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(c.Endpoints), 3; got != want {
		t.Fatalf("%d endpoints, want %d", got, want)
	}
	e := c.Endpoints[0]
	if e.Binding != BindingNetTCP || e.Address != DefaultNetTCPAddress || e.Timeouts.Receive.D() != 10*time.Minute ||
		e.Limits.MaxConnections != 100 || e.ReaderQuotas.MaxArrayLength != 1<<20 {
		t.Errorf("endpoint 0 = %+v", e)
	}
	if c.CloseTimeout.D() != 5*time.Second || c.Admin != "127.0.0.1:9090" || c.Log.Level != "info" ||
		c.Limits != (HostLimits{MaxPendingConnections: 100, MaxConcurrentSessions: 1000, MaxConcurrentCalls: 64}) {
		t.Errorf("config = %+v", c)
	}
}

func TestParseDefaults(t *testing.T) {
	c, err := Parse(strings.NewReader(`{"admin": "127.0.0.1:0"}`))
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(DefaultEndpoints(), c.Endpoints); d != "" {
		t.Errorf("endpoints (-want +got):\n%s", d)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, in, field string
	}{
		{"unknown field", `{"endpoints": [], "colse_timeout": "1s"}`, `"colse_timeout"`},
		{"negative host limit", `{"limits": {"max_concurrent_sessions": -1}}`, "limits.max_concurrent_sessions"},
		{"unknown nested field", `{"endpoints": [{"binding": "nettcp", "address": "net.tcp://h:1/x", "limits": {"max_conns": 1}}]}`, `"max_conns"`},
		{"bad binding", `{"endpoints": [{"binding": "tcp", "address": "net.tcp://h:1/x"}]}`, "endpoints[0].binding"},
		{"scheme mismatch", `{"endpoints": [{"binding": "nettcp", "address": "net.tcp://h:1/x"}, {"binding": "soap11", "address": "net.tcp://h:1/y"}]}`, "endpoints[1].address"},
		{"relative address", `{"endpoints": [{"binding": "soap12", "address": "/calc"}]}`, "endpoints[0].address"},
		{"https without tls", `{"endpoints": [{"binding": "soap12", "address": "https://h:1/x"}]}`, "endpoints[0].tls"},
		{"tls without key", `{"endpoints": [{"binding": "nettcp", "address": "net.tcp://h:1/x", "tls": {"cert_file": "c.pem"}}]}`, "endpoints[0].tls"},
		{"negative quota", `{"endpoints": [{"binding": "nettcp", "address": "net.tcp://h:1/x", "reader_quotas": {"max_depth": -1}}]}`, "endpoints[0].reader_quotas.max_depth"},
		{"bad duration", `{"close_timeout": "soon"}`, "soon"},
		{"number duration", `{"close_timeout": 5}`, "duration string"},
		{"wrong type", `{"endpoints": [{"binding": "nettcp", "address": "net.tcp://h:1/x", "max_session_size": "big"}]}`, "max_session_size"},
		{"syntax", "{\n\"admin\": }", "line 2"},
		{"log level", `{"log": {"level": "loud"}}`, "log.level"},
		{"log format", `{"log": {"format": "xml"}}`, "log.format"},
		{"admin", `{"admin": "9090"}`, "admin"},
		{"two values", `{} {}`, "more than one"},
		{"listen_uri scheme", `{"endpoints": [{"binding": "nettcp", "address": "net.tcp://lb:1/x", "listen_uri": "http://h:2/x"}]}`, "endpoints[0].listen_uri"},
		{"relative listen_uri", `{"endpoints": [{"binding": "nettcp", "address": "net.tcp://lb:1/x", "listen_uri": "/x"}]}`, "endpoints[0].listen_uri"},
		{"proxy_protocol on a shared port", `{"endpoints": [{"binding": "soap12", "address": "http://h:1/x", "proxy_protocol": true}, {"binding": "soap11", "address": "http://h:1/y"}]}`, "endpoints[1].proxy_protocol"},
		{"address_filter", `{"endpoints": [{"binding": "soap12", "address": "http://lb:1/x", "address_filter": "prefix"}]}`, "endpoints[0].address_filter"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(tt.in))
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("got %v, want ErrInvalid", err)
			}
			if !strings.Contains(err.Error(), tt.field) {
				t.Errorf("error %q does not name %q", err, tt.field)
			}
		})
	}
}

func TestMoveListeners(t *testing.T) {
	tests := []struct {
		name, nettcp, http string
		want               []string
		fails              bool
	}{
		{"unchanged", "", "", []string{DefaultNetTCPAddress, DefaultSoap12Address, DefaultSoap11Address}, false},
		{"moved", "127.0.0.1:1", "127.0.0.1:2", []string{"net.tcp://127.0.0.1:1/calculator", "http://127.0.0.1:2/calculator", "http://127.0.0.1:2/calculator/basic"}, false},
		{"http off", "", "off", []string{DefaultNetTCPAddress}, false},
		{"nettcp off", "off", "", []string{DefaultSoap12Address, DefaultSoap11Address}, false},
		{"all off", "off", "off", nil, true},
		{"bad", "8808", "", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Default()
			err := c.MoveListeners(tt.nettcp, tt.http)
			if (err != nil) != tt.fails {
				t.Fatalf("err = %v, want failure %v", err, tt.fails)
			}
			if err != nil {
				return
			}
			var got []string
			for _, e := range c.Endpoints {
				got = append(got, e.Address)
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("addresses (-want +got):\n%s", d)
			}
		})
	}
}

// Behind a balancer: the public address stays, the listen URI moves with
// the flags, and proxy_protocol and address_filter are read.
func TestBalancedEndpoint(t *testing.T) {
	c, err := Parse(strings.NewReader(`{"endpoints": [{"binding": "nettcp", "address": "net.tcp://lb.example:8808/calculator",
		"listen_uri": "net.tcp://127.0.0.1:9001/calculator", "proxy_protocol": true, "address_filter": "any"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.MoveListeners("127.0.0.1:9002", ""); err != nil {
		t.Fatal(err)
	}
	e := c.Endpoints[0]
	if e.Address != "net.tcp://lb.example:8808/calculator" || e.ListenURI != "net.tcp://127.0.0.1:9002/calculator" ||
		!e.ProxyProtocol || e.AddressFilter != "any" {
		t.Errorf("%+v", e)
	}
}
