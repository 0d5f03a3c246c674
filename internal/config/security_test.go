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
		{Mode: ModeTransport, Credential: CredentialWindows, Protection: ProtectionEncryptAndSign},
		{Mode: ModeTransport, Credential: CredentialWindows, Protection: ProtectionSign},
		{Mode: ModeTransportCredentialOnly, Credential: CredentialWindows, Protection: ProtectionEncryptAndSign},
		{Mode: ModeTransport, Credential: CredentialWindows, Protection: ProtectionEncryptAndSign},
		{Mode: ModeTransport, Credential: CredentialNone, Protection: ProtectionEncryptAndSign},
		{Mode: ModeNone, Credential: CredentialNone, Protection: ProtectionEncryptAndSign},
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
		{"unknown security field", ep(`{"binding": "nettcp", "address": "net.tcp://h:1/x", "security": {"mode": "transport", "credential": "windows", "password": "k"}}`), `"password"`},
		{"keytab without credential windows", ep(`{"binding": "nettcp", "address": "net.tcp://h:1/x", "tls": {"cert_file": "c", "key_file": "k"}, "security": {"mode": "transport", "keytab": "k"}}`), "endpoints[0].security: keytab"},
		{"two endpoints, two keytabs", `{"endpoints": [
			{"binding": "nettcp", "address": "net.tcp://h:1/x", "security": {"mode": "transport", "credential": "windows", "keytab": "/a.keytab"}},
			{"binding": "nettcp", "address": "net.tcp://h:2/y", "security": {"mode": "transport", "credential": "windows", "keytab": "/b.keytab"}}]}`,
			`endpoints[1].security.keytab: "/b.keytab", but endpoints[0].security.keytab is "/a.keytab"`},
		{"endpoint and host, two user files", ep(`{"binding": "nettcp", "address": "net.tcp://h:1/x", "security": {"mode": "transport", "credential": "windows", "ntlm_user_file": "/other"}}`),
			`endpoints[0].security.ntlm_user_file: "/other", but windows.ntlm_user_file is "/etc/wws/ntlm_users"`},
		{"endpoint principal without keytab", `{"endpoints": [{"binding": "nettcp", "address": "net.tcp://h:1/x", "security": {"mode": "transport", "credential": "windows", "ntlm_user_file": "u", "service_principal": "host/h"}}]}`,
			"endpoints[0].security.service_principal: needs keytab"},
		{"endpoint krb5_config alone", `{"endpoints": [{"binding": "nettcp", "address": "net.tcp://h:1/x", "security": {"mode": "transport", "credential": "windows", "krb5_config": "/k"}}]}`,
			"endpoints[0].security: ntlm_user_file or keytab is required"},
	}
	for _, tc := range tests {
		_, err := Parse(strings.NewReader(tc.in))
		if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tc.field) {
			t.Errorf("%s: %v; want ErrInvalid naming %s", tc.name, err, tc.field)
		}
	}
}

// TestParseSecurityEndpointCredentials: the credentials in an endpoint's
// security block, as issue 12 spells it, fold into the host's with the
// "windows" section and the other endpoints' (the same value twice is
// fine).
func TestParseSecurityEndpointCredentials(t *testing.T) {
	c, err := Parse(strings.NewReader(`{"endpoints": [
		{"binding": "nettcp", "address": "net.tcp://h:1/a", "security": {"mode": "transport", "credential": "windows",
			"keytab": "/etc/wws/calc.keytab", "ntlm_user_file": "/etc/wws/ntlm_users", "protection": "encrypt_and_sign"}},
		{"binding": "soap11", "address": "http://h:3/c", "security": {"mode": "transport_credential_only", "credential": "windows",
			"keytab": "/etc/wws/calc.keytab", "service_principal": "HTTP/h"}},
		{"binding": "nettcp", "address": "net.tcp://h:6/f"}
	], "windows": {"ntlm_user_file": "/etc/wws/ntlm_users", "krb5_config": "/etc/wws/krb5.conf"}}`))
	if err != nil {
		t.Fatal(err)
	}
	w, err := c.HostWindows()
	want := Windows{NTLMUserFile: "/etc/wws/ntlm_users", Keytab: "/etc/wws/calc.keytab", ServicePrincipal: "HTTP/h", KRB5Config: "/etc/wws/krb5.conf"}
	if err != nil || w == nil || *w != want {
		t.Errorf("HostWindows = %+v, %v; want %+v", w, err, want)
	}

	// Only in an endpoint, no "windows" section: the example.
	c, err = Parse(strings.NewReader(`{"endpoints": [{"binding": "nettcp", "address": "net.tcp://h:1/a",
		"security": {"mode": "transport", "credential": "windows", "keytab": "/k", "ntlm_user_file": "/u", "protection": "sign"}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if w, err := c.HostWindows(); err != nil || w == nil || *w != (Windows{Keytab: "/k", NTLMUserFile: "/u"}) || c.Windows != nil {
		t.Errorf("HostWindows = %+v, %v (section %+v)", w, err, c.Windows)
	}
	if s := c.Endpoints[0].SecurityOf(); s.Protection != ProtectionSign {
		t.Errorf("protection %q", s.Protection)
	}

	// Nothing names credentials: none.
	if w, err := Default().HostWindows(); w != nil || err != nil {
		t.Errorf("Default().HostWindows = %+v, %v", w, err)
	}
}
