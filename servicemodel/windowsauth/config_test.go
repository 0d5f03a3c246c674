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

// TestConfigMechanisms: the mechanisms a ClientConfig offers, on net.tcp
// and HTTP alike — Kerberos from a password, a keytab or a credential
// cache (no user: the default cache), NTLM from a password or an NT hash
// unless DisallowNTLM — and the configurations that offer none, refused
// before any connection.
func TestConfigMechanisms(t *testing.T) {
	hash := ntlm.NTHash("p")
	for _, tc := range []struct {
		name           string
		cfg            ClientConfig
		kerberos, ntlm bool
		err            string
	}{
		{"password", ClientConfig{User: `WWS\alice`, Password: "p"}, true, true, ""},
		{"password, no NTLM", ClientConfig{User: "alice@WWS.TEST", Password: "p", DisallowNTLM: true}, true, false, ""},
		{"NT hash", ClientConfig{User: `WWS\alice`, NTHash: hash[:]}, false, true, ""},
		{"keytab", ClientConfig{User: "alice@WWS.TEST", Keytab: "/k"}, true, false, ""},
		{"keytab and NT hash", ClientConfig{User: "alice@WWS.TEST", Keytab: "/k", NTHash: hash[:]}, true, true, ""},
		{"ccache", ClientConfig{CCache: "/c"}, true, false, ""},
		{"default cache", ClientConfig{}, true, false, ""},
		{"default cache, no NTLM", ClientConfig{DisallowNTLM: true}, true, false, ""},
		{"user alone", ClientConfig{User: `WWS\alice`}, false, false, "no password, NT hash, keytab or credential cache"},
		{"password without user", ClientConfig{Password: "p"}, false, false, "a password needs a user name"},
		{"keytab without user", ClientConfig{Keytab: "/k"}, false, false, "needs the user name"},
		{"NT hash without user", ClientConfig{NTHash: hash[:]}, false, false, "an NT hash needs a user name"},
		{"NT hash, no NTLM", ClientConfig{User: `WWS\alice`, NTHash: hash[:], DisallowNTLM: true}, false, false, "NTLM is disallowed"},
		{"short NT hash", ClientConfig{User: `WWS\alice`, NTHash: hash[:8]}, false, false, "NT hash of 8 bytes"},
	} {
		nc, err := negotiateClient(tc.cfg)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: %v, want an error with %q", tc.name, err, tc.err)
			}
			if _, herr := NewHTTPTransport(tc.cfg); herr == nil || herr.Error() != err.Error() {
				t.Errorf("%s: HTTP %v, net.tcp %v", tc.name, herr, err)
			}
			if _, uerr := ClientUpgrader(tc.cfg, nettcp.NNSProtectionEncryptAndSign); uerr == nil || uerr.Error() != err.Error() {
				t.Errorf("%s: upgrader %v, net.tcp %v", tc.name, uerr, err)
			}
			continue
		}
		if err != nil || (nc.Kerberos != nil) != tc.kerberos || (nc.NTLM != nil) != tc.ntlm {
			t.Errorf("%s: Kerberos %v, NTLM %v, %v; want %v, %v", tc.name, nc.Kerberos != nil, nc.NTLM != nil, err, tc.kerberos, tc.ntlm)
			continue
		}
		tr, err := NewHTTPTransport(tc.cfg)
		if err != nil || tr.Kerberos != nc.Kerberos || tr.DisallowNTLM != !tc.ntlm {
			t.Errorf("%s: HTTP transport %+v, %v", tc.name, tr, err)
		}
	}
	// One set of credentials is one Kerberos identity (its tickets and
	// its remembered failures shared); another password is another.
	a, _ := negotiateClient(ClientConfig{User: "alice@WWS.TEST", Password: "p"})
	b, _ := negotiateClient(ClientConfig{User: "alice@WWS.TEST", Password: "p", TargetName: "host/x"})
	c, _ := negotiateClient(ClientConfig{User: "alice@WWS.TEST", Password: "q"})
	if a.Kerberos != b.Kerberos || a.Kerberos == c.Kerberos {
		t.Error("Kerberos identities are not shared by credentials")
	}
}

// TestConfigServer: a host verifies Kerberos with a keytab and NTLM with a
// user file; a configuration with neither, or with a service principal
// and no keytab, is refused.
func TestConfigServer(t *testing.T) {
	users := writeUsers(t)
	for name, tc := range map[string]struct {
		cfg  ServerConfig
		want error
		text string
	}{
		"nothing":          {ServerConfig{}, ErrNoCredentials, ""},
		"principal alone":  {ServerConfig{ServicePrincipal: "host/server.example", NTLMUserFile: users}, nil, "needs the keytab"},
		"missing keytab":   {ServerConfig{Keytab: filepath.Join(t.TempDir(), "none"), NTLMUserFile: users}, os.ErrNotExist, ""},
		"missing userfile": {ServerConfig{NTLMUserFile: filepath.Join(t.TempDir(), "missing")}, os.ErrNotExist, ""},
	} {
		_, err := ServerUpgrader(tc.cfg, nettcp.NNSProtectionEncryptAndSign)
		if err == nil || tc.want != nil && !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.text) {
			t.Errorf("server %s: %v, want %v %q", name, err, tc.want, tc.text)
		}
		if _, herr := NewHTTPHost(tc.cfg, http.NotFoundHandler()); herr == nil || herr.Error() != err.Error() {
			t.Errorf("HTTP host %s: %v, net.tcp %v", name, herr, err)
		}
	}
	h, err := NewHTTPHost(ServerConfig{NTLMUserFile: users}, http.NotFoundHandler())
	if err != nil || h.Kerberos != nil || h.Server.Users == nil {
		t.Errorf("NTLM host: %+v, %v", h, err)
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
	// A password also gets Kerberos tickets, an NT hash only NTLM: they
	// are different identities now.
	a, _ := ClientUpgrader(ClientConfig{User: `WWS\alice`, Password: "p"}, nettcp.NNSProtectionEncryptAndSign)
	h, _ := ClientUpgrader(ClientConfig{User: `WWS\alice`, NTHash: hash[:]}, nettcp.NNSProtectionEncryptAndSign)
	k, _ := ClientUpgrader(ClientConfig{User: `WWS\alice`, Password: "p", DisallowNTLM: true}, nettcp.NNSProtectionEncryptAndSign)
	if a.PoolIdentity() == h.PoolIdentity() || a.PoolIdentity() == k.PoolIdentity() {
		t.Error("a password, its NT hash and Kerberos alone share a pool identity")
	}
}

func writeUsers(t *testing.T) string {
	p := filepath.Join(t.TempDir(), "users")
	if err := os.WriteFile(p, []byte(testUsers), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}
