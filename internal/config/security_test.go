package config

import (
	"errors"
	"strings"
	"testing"
)

const winHost = `"windows": {"ntlm_user_file": "/etc/wws/ntlm_users"}`

func TestParseSecurity(t *testing.T) {
	c, err := Parse(strings.NewReader(`{"endpoints": [
		{"binding": "nettcp", "address": "net.tcp://h:1/a", "security": {"mode": "transport", "credential": "windows"}},
		{"binding": "nettcp", "address": "net.tcp://h:2/b", "security": {"mode": "transport", "credential": "windows", "protection": "sign"}},
		{"binding": "soap11", "address": "http://h:3/c", "security": {"mode": "transport_credential_only", "credential": "windows"}},
		{"binding": "soap12", "address": "https://h:4/d", "tls": {"cert_file": "c", "key_file": "k"}, "security": {"mode": "transport", "credential": "windows"}},
		{"binding": "nettcp", "address": "net.tcp://h:5/e", "tls": {"cert_file": "c", "key_file": "k"}, "security": {"mode": "transport"}},
		{"binding": "nettcp", "address": "net.tcp://h:6/f"}
	], ` + winHost + `}`))
	if err != nil {
		t.Fatal(err)
	}
	want := []Security{
		{ModeTransport, CredentialWindows, ProtectionEncryptAndSign},
		{ModeTransport, CredentialWindows, ProtectionSign},
		{ModeTransportCredentialOnly, CredentialWindows, ProtectionEncryptAndSign},
		{ModeTransport, CredentialWindows, ProtectionEncryptAndSign},
		{ModeTransport, CredentialNone, ProtectionEncryptAndSign},
		{ModeNone, CredentialNone, ProtectionEncryptAndSign},
	}
	for i, w := range want {
		if got := c.Endpoints[i].SecurityOf(); got != w {
			t.Errorf("endpoints[%d]: %+v, want %+v", i, got, w)
		}
	}
	if c.Windows == nil || c.Windows.NTLMUserFile != "/etc/wws/ntlm_users" {
		t.Errorf("windows = %+v", c.Windows)
	}
}

func TestParseSecurityErrors(t *testing.T) {
	ep := func(s string) string { return `{"endpoints": [` + s + `], ` + winHost + `}` }
	tests := []struct{ name, in, field string }{
		{"bad mode", ep(`{"binding": "nettcp", "address": "net.tcp://h:1/x", "security": {"mode": "message"}}`), "endpoints[0].security.mode"},
		{"bad credential", ep(`{"binding": "nettcp", "address": "net.tcp://h:1/x", "security": {"mode": "transport", "credential": "certificate"}}`), "endpoints[0].security.credential"},
		{"bad protection", ep(`{"binding": "nettcp", "address": "net.tcp://h:1/x", "security": {"mode": "transport", "credential": "windows", "protection": "encrypt"}}`), "endpoints[0].security.protection"},
		{"credential without mode", ep(`{"binding": "nettcp", "address": "net.tcp://h:1/x", "security": {"credential": "windows"}}`), "endpoints[0].security.credential"},
		{"nettcp credential only", ep(`{"binding": "nettcp", "address": "net.tcp://h:1/x", "security": {"mode": "transport_credential_only", "credential": "windows"}}`), "endpoints[0].security.mode"},
		{"nettcp windows with tls", ep(`{"binding": "nettcp", "address": "net.tcp://h:1/x", "tls": {"cert_file": "c", "key_file": "k"}, "security": {"mode": "transport", "credential": "windows"}}`), "endpoints[0].security.credential"},
		{"nettcp transport none without tls", ep(`{"binding": "nettcp", "address": "net.tcp://h:1/x", "security": {"mode": "transport"}}`), "endpoints[0].security.mode"},
		{"nettcp none with tls", ep(`{"binding": "nettcp", "address": "net.tcp://h:1/x", "tls": {"cert_file": "c", "key_file": "k"}, "security": {"mode": "none"}}`), "endpoints[0].security.mode"},
		{"tls protection", ep(`{"binding": "nettcp", "address": "net.tcp://h:1/x", "tls": {"cert_file": "c", "key_file": "k"}, "security": {"mode": "transport", "protection": "sign"}}`), "endpoints[0].security.protection"},
		{"http protection", ep(`{"binding": "soap11", "address": "http://h:1/x", "security": {"mode": "transport_credential_only", "credential": "windows", "protection": "sign"}}`), "endpoints[0].security.protection"},
		{"http transport", ep(`{"binding": "soap11", "address": "http://h:1/x", "security": {"mode": "transport", "credential": "windows"}}`), "endpoints[0].security.mode"},
		{"https credential only", ep(`{"binding": "soap12", "address": "https://h:1/x", "tls": {"cert_file": "c", "key_file": "k"}, "security": {"mode": "transport_credential_only", "credential": "windows"}}`), "endpoints[0].security.mode"},
		{"credential only without credential", ep(`{"binding": "soap12", "address": "http://h:1/x", "security": {"mode": "transport_credential_only"}}`), "endpoints[0].security.credential"},
		{"shared port, different security", ep(`{"binding": "nettcp", "address": "net.tcp://h:1/x", "security": {"mode": "transport", "credential": "windows"}}, {"binding": "nettcp", "address": "net.tcp://h:1/y"}`), "endpoints[1].security"},
		{"shared port, different protection", ep(`{"binding": "nettcp", "address": "net.tcp://h:1/x", "security": {"mode": "transport", "credential": "windows"}}, {"binding": "nettcp", "address": "net.tcp://h:1/y", "security": {"mode": "transport", "credential": "windows", "protection": "sign"}}`), "endpoints[1].security"},
		{"windows without host credentials", `{"endpoints": [{"binding": "nettcp", "address": "net.tcp://h:1/x", "security": {"mode": "transport", "credential": "windows"}}]}`, "endpoints[0].security.credential"},
		{"empty windows", `{"windows": {}}`, "windows"},
		{"principal without keytab", `{"windows": {"ntlm_user_file": "u", "service_principal": "host/h"}}`, "windows.service_principal"},
		{"unknown security field", ep(`{"binding": "nettcp", "address": "net.tcp://h:1/x", "security": {"mode": "transport", "keytab": "k"}}`), `"keytab"`},
	}
	for _, tc := range tests {
		_, err := Parse(strings.NewReader(tc.in))
		if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tc.field) {
			t.Errorf("%s: %v; want ErrInvalid naming %s", tc.name, err, tc.field)
		}
	}
}
