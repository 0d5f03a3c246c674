package windowsauth

import (
	"encoding/hex"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wwsgo/wws/nettcp"
	"github.com/wwsgo/wws/servicemodel/windowsauth/ntlm"
)

// Configurations that need Kerberos are refused with ErrKerberosUnavailable,
// never quietly served by NTLM.
func TestConfigNeedsKerberos(t *testing.T) {
	for name, cfg := range map[string]ClientConfig{
		"keytab":        {User: `WWS\alice`, Password: "x", Keytab: "/etc/krb5.keytab"},
		"ccache":        {User: `WWS\alice`, Password: "x", CCache: "/tmp/krb5cc_1"},
		"no NTLM":       {User: `WWS\alice`, Password: "x", DisallowNTLM: true},
		"default cache": {},
	} {
		if _, err := ClientUpgrader(cfg, nettcp.NNSProtectionEncryptAndSign); !errors.Is(err, ErrKerberosUnavailable) {
			t.Errorf("client %s: %v, want ErrKerberosUnavailable", name, err)
		}
		if _, err := NewHTTPTransport(cfg); !errors.Is(err, ErrKerberosUnavailable) {
			t.Errorf("HTTP client %s: %v, want ErrKerberosUnavailable", name, err)
		}
	}
	users := writeUsers(t)
	for name, cfg := range map[string]ServerConfig{
		"keytab":    {Keytab: "/etc/krb5.keytab", NTLMUserFile: users},
		"principal": {ServicePrincipal: "host/server.example", NTLMUserFile: users},
	} {
		if _, err := ServerUpgrader(cfg, nettcp.NNSProtectionEncryptAndSign); !errors.Is(err, ErrKerberosUnavailable) {
			t.Errorf("server %s: %v, want ErrKerberosUnavailable", name, err)
		}
		if _, err := NewHTTPHost(cfg, http.NotFoundHandler()); !errors.Is(err, ErrKerberosUnavailable) {
			t.Errorf("HTTP host %s: %v, want ErrKerberosUnavailable", name, err)
		}
	}
	if _, err := ServerUpgrader(ServerConfig{}, nettcp.NNSProtectionEncryptAndSign); !errors.Is(err, ErrNoCredentials) {
		t.Errorf("server without credentials: %v, want ErrNoCredentials", err)
	}
	if _, err := NewHTTPHost(ServerConfig{}, http.NotFoundHandler()); !errors.Is(err, ErrNoCredentials) {
		t.Errorf("HTTP host without credentials: %v, want ErrNoCredentials", err)
	}
	if _, err := ServerUpgrader(ServerConfig{NTLMUserFile: filepath.Join(t.TempDir(), "missing")}, nettcp.NNSProtectionEncryptAndSign); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("server with a missing user file: %v", err)
	}
}

func TestNTLMCredentials(t *testing.T) {
	hash := ntlm.NTHash("Passw0rd!")
	for _, tc := range []struct {
		cfg          ClientConfig
		domain, user string
		ok           bool
	}{
		{ClientConfig{User: `WWS\alice`, Password: "p"}, "WWS", "alice", true},
		{ClientConfig{User: "alice@WWS.EXAMPLE", Password: "p"}, "WWS.EXAMPLE", "alice", true},
		{ClientConfig{User: "alice", Password: "p"}, "", "alice", true},
		{ClientConfig{User: `WWS\alice`, NTHash: hash[:]}, "WWS", "alice", true},
		{ClientConfig{User: `WWS\alice`, NTHash: hash[:8]}, "", "", false},
		{ClientConfig{User: `WWS\alice`}, "", "", false},
		{ClientConfig{User: `WWS\`, Password: "p"}, "", "", false},
	} {
		c, err := ntlmCredentials(tc.cfg)
		if (err == nil) != tc.ok || tc.ok && (c.Domain != tc.domain || c.User != tc.user) {
			t.Errorf("%q: %q %q, %v", tc.cfg.User, c.Domain, c.User, err)
		}
	}
}

// ClientUpgrader and ServerUpgrader authenticate each other at every
// level, the server reading its users from a file; an NT hash does as a
// password does.
func TestConfigUpgraders(t *testing.T) {
	users := writeUsers(t)
	hash := ntlm.NTHash(alice.Password)
	for _, prot := range []nettcp.NNSProtection{nettcp.NNSProtectionEncryptAndSign, nettcp.NNSProtectionSign, nettcp.NNSProtectionNone} {
		for _, cfg := range []ClientConfig{{User: `WWS\alice`, Password: alice.Password}, {User: "alice@wws", NTHash: hash[:]}} {
			cu, err := ClientUpgrader(cfg, prot)
			if err != nil {
				t.Fatal(err)
			}
			su, err := ServerUpgrader(ServerConfig{NTLMUserFile: users}, prot)
			if err != nil {
				t.Fatal(err)
			}
			_, sc, cerr, serr := upgradePair(t, cu, su)
			if cerr != nil || serr != nil {
				t.Fatalf("%v %s: client %v, server %v", prot, cfg.User, cerr, serr)
			}
			c, ok := CallerOf(sc)
			if !ok || c.Mechanism != "NTLM" || c.Protection < prot {
				t.Fatalf("%v %s: caller %+v", prot, cfg.User, c)
			}
		}
	}
}

// ClientUpgrader's pool identity differs per user, secret and target, and
// holds no secret.
func TestConfigPoolIdentity(t *testing.T) {
	hash := ntlm.NTHash("p")
	ids := map[string]ClientConfig{
		"alice":        {User: `WWS\alice`, Password: "p"},
		"bob":          {User: `WWS\bob`, Password: "p"},
		"alice wrong":  {User: `WWS\alice`, Password: "q"},
		"alice target": {User: `WWS\alice`, Password: "p", TargetName: "host/other"},
	}
	seen := map[string]string{}
	for name, cfg := range ids {
		u, err := ClientUpgrader(cfg, nettcp.NNSProtectionEncryptAndSign)
		if err != nil {
			t.Fatal(err)
		}
		id := u.PoolIdentity()
		if other, dup := seen[id]; dup {
			t.Errorf("%s and %s share pool identity %q", name, other, id)
		}
		if strings.Contains(id, cfg.Password) && cfg.Password != "p" || strings.Contains(id, hex.EncodeToString(hash[:])) {
			t.Errorf("%s: pool identity %q holds the secret", name, id)
		}
		seen[id] = name
	}
	a, _ := ClientUpgrader(ClientConfig{User: `WWS\alice`, Password: "p"}, nettcp.NNSProtectionEncryptAndSign)
	h, _ := ClientUpgrader(ClientConfig{User: `WWS\alice`, NTHash: hash[:]}, nettcp.NNSProtectionEncryptAndSign)
	if a.PoolIdentity() != h.PoolIdentity() {
		t.Error("a password and its NT hash are not one identity")
	}
}

func writeUsers(t *testing.T) string {
	p := filepath.Join(t.TempDir(), "users")
	if err := os.WriteFile(p, []byte(testUsers), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}
