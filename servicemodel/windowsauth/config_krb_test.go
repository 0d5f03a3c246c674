package windowsauth

import (
	"bytes"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/wwsgo/wws/internal/krbtest"
	"github.com/wwsgo/wws/nettcp"
	"github.com/wwsgo/wws/servicemodel/windowsauth/ntlm"
)

// The seam with Kerberos (config.go): ClientUpgrader and ServerUpgrader
// from files alone — a password, a keytab or a kinit credential cache on
// the client, a keytab and a user file on the host — against an MIT realm
// (internal/krbtest).

// configRealm is a realm with alice (password), carol (a keytab of hers)
// and the service host/server.example, and the client and server
// configurations of the seam in it.
type configRealm struct {
	*krbRealm
	carolKeytab, ccache, users string
}

func startConfigRealm(t *testing.T) *configRealm {
	r := startRealm(t)
	r.AddUser(t, "carol", "Carol-Passw0rd!")
	return &configRealm{krbRealm: r, carolKeytab: r.UserKeytab(t, "carol"), ccache: r.Kinit(t, "alice", krbPassword), users: writeUsers(t)}
}

func (r *configRealm) server() ServerConfig {
	return ServerConfig{Keytab: r.keytab, ServicePrincipal: krbSPN, KRB5Config: r.KRB5Config, NTLMUserFile: r.users}
}

func TestConfigKerberos(t *testing.T) {
	r := startConfigRealm(t)
	clients := map[string]struct {
		cfg    ClientConfig
		caller string
	}{
		"password":             {ClientConfig{User: aliceKrb, Password: krbPassword, KRB5Config: r.KRB5Config}, aliceKrb},
		"REALM\\user, no NTLM": {ClientConfig{User: `WWS.TEST\alice`, Password: krbPassword, KRB5Config: r.KRB5Config, DisallowNTLM: true}, aliceKrb},
		"keytab":               {ClientConfig{User: "carol@" + krbtest.Realm, Keytab: r.carolKeytab, KRB5Config: r.KRB5Config}, "carol@WWS.TEST"},
		"kinit ccache":         {ClientConfig{CCache: r.ccache, KRB5Config: r.KRB5Config, DisallowNTLM: true}, aliceKrb},
		"ccache with its user": {ClientConfig{User: aliceKrb, CCache: "FILE:" + r.ccache, KRB5Config: r.KRB5Config}, aliceKrb},
	}
	for _, prot := range []nettcp.NNSProtection{nettcp.NNSProtectionEncryptAndSign, nettcp.NNSProtectionSign} {
		su, err := ServerUpgrader(r.server(), prot)
		if err != nil {
			t.Fatal(err)
		}
		for name, c := range clients {
			cu, err := ClientUpgrader(c.cfg, prot)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			cc, sc, cerr, serr := upgradePair(t, cu, su)
			if cerr != nil || serr != nil {
				t.Fatalf("%v %s: client %v, server %v", prot, name, cerr, serr)
			}
			if got, ok := CallerOf(sc); !ok || got != (Caller{Name: c.caller, Mechanism: "Kerberos", Protection: prot}) {
				t.Errorf("%v %s: caller %+v", prot, name, got)
			}
			echo(t, cc, sc, 70_000) // more than one NNS frame
		}
	}
	// The same host takes NTLM from its user file: an NT hash has no
	// Kerberos, and a domain the realm does not know falls back.
	su, err := ServerUpgrader(r.server(), nettcp.NNSProtectionEncryptAndSign)
	if err != nil {
		t.Fatal(err)
	}
	hash := ntlm.NTHash(alice.Password)
	for name, cfg := range map[string]ClientConfig{
		"NT hash":        {User: `WWS\alice`, NTHash: hash[:], KRB5Config: r.KRB5Config},
		"unknown realm":  {User: `WWS\alice`, Password: alice.Password, KRB5Config: r.KRB5Config},
		"wrong password": {User: aliceKrb, Password: "nope", KRB5Config: r.KRB5Config}, // Kerberos refused, NTLM has no such user
	} {
		cu, err := ClientUpgrader(cfg, nettcp.NNSProtectionEncryptAndSign)
		if err != nil {
			t.Fatal(err)
		}
		_, sc, cerr, serr := upgradePair(t, cu, su)
		if name == "wrong password" {
			if cerr == nil || !errors.Is(cerr, nettcp.ErrSecurityVerification) {
				t.Errorf("%s: client %v, want ErrSecurityVerification", name, cerr)
			}
			continue
		}
		if cerr != nil || serr != nil {
			t.Fatalf("%s: client %v, server %v", name, cerr, serr)
		}
		if got, _ := CallerOf(sc); got.Mechanism != "NTLM" || got.Name != `WWS\alice` {
			t.Errorf("%s: caller %+v", name, got)
		}
	}
}

// DisallowNTLM against a host that verifies only NTLM: no plaintext, no
// NTLM, ErrSecurityVerification on both sides.
func TestConfigKerberosOnlyAgainstNTLMHost(t *testing.T) {
	r := startConfigRealm(t)
	su, err := ServerUpgrader(ServerConfig{NTLMUserFile: r.users}, nettcp.NNSProtectionEncryptAndSign)
	if err != nil {
		t.Fatal(err)
	}
	cu, err := ClientUpgrader(ClientConfig{User: `WWS\alice`, Password: alice.Password, KRB5Config: r.KRB5Config, DisallowNTLM: true, TargetName: krbSPN}, nettcp.NNSProtectionEncryptAndSign)
	if err != nil {
		t.Fatal(err)
	}
	_, _, cerr, serr := upgradePair(t, cu, su)
	if !errors.Is(cerr, nettcp.ErrSecurityVerification) || serr == nil {
		t.Fatalf("client %v, server %v; want ErrSecurityVerification and a refusal", cerr, serr)
	}
	// The same user with Kerberos against the realm's service (a keytab
	// host without NTLM) is fine: the refusal was NTLM's absence.
	ku, err := ServerUpgrader(ServerConfig{Keytab: r.keytab, KRB5Config: r.KRB5Config}, nettcp.NNSProtectionEncryptAndSign)
	if err != nil {
		t.Fatal(err)
	}
	cu, err = ClientUpgrader(ClientConfig{User: aliceKrb, Password: krbPassword, KRB5Config: r.KRB5Config, DisallowNTLM: true}, nettcp.NNSProtectionEncryptAndSign)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, cerr, serr := upgradePair(t, cu, ku); cerr != nil || serr != nil {
		t.Fatalf("Kerberos host: client %v, server %v", cerr, serr)
	}
}

// NewHTTPTransport and NewHTTPHost: Negotiate with Kerberos from a keytab
// host, DisallowNTLM against an NTLM-only host refused (the transport does
// not turn to NTLM).
func TestConfigKerberosHTTP(t *testing.T) {
	r := startConfigRealm(t)
	const spn = "HTTP/server.example"
	httpKeytab := r.AddService(t, spn)
	serve := func(cfg ServerConfig) string {
		h, err := NewHTTPHost(cfg, http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
			c, _ := HTTPCaller(req.Context())
			w.Write([]byte(c.Name + " " + c.Mechanism))
		}))
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewUnstartedServer(h)
		srv.Config.ConnContext = h.ConnContext
		srv.Start()
		t.Cleanup(srv.Close)
		return srv.URL
	}
	get := func(cfg ClientConfig, url string) (int, string) {
		tr, err := NewHTTPTransport(cfg)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := (&http.Client{Transport: tr}).Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var b strings.Builder
		if _, err := io.Copy(&b, resp.Body); err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, b.String()
	}
	both := serve(ServerConfig{Keytab: httpKeytab, KRB5Config: r.KRB5Config, NTLMUserFile: r.users})
	for name, cfg := range map[string]ClientConfig{
		"password": {User: aliceKrb, Password: krbPassword, KRB5Config: r.KRB5Config, TargetName: spn},
		"ccache":   {CCache: r.ccache, KRB5Config: r.KRB5Config, TargetName: spn},
	} {
		if code, body := get(cfg, both); code != 200 || body != aliceKrb+" Kerberos" {
			t.Errorf("%s: %d %q", name, code, body)
		}
	}
	if code, body := get(ClientConfig{User: `WWS\alice`, Password: alice.Password, KRB5Config: r.KRB5Config, TargetName: spn}, both); code != 200 || body != `WWS\alice NTLM` {
		t.Errorf("NTLM fallback: %d %q", code, body)
	}
	ntlmOnly := serve(ServerConfig{NTLMUserFile: r.users})
	if code, body := get(ClientConfig{User: aliceKrb, Password: krbPassword, KRB5Config: r.KRB5Config, TargetName: spn, DisallowNTLM: true}, ntlmOnly); code != http.StatusUnauthorized {
		t.Errorf("DisallowNTLM against an NTLM-only host: %d %q, want 401", code, body)
	}
}

// echo sends n bytes from cc and reads them whole from sc.
func echo(t *testing.T, cc, sc net.Conn, n int) {
	t.Helper()
	data := bytes.Repeat([]byte{0x5a}, n)
	go func() { _, _ = cc.Write(data) }()
	got := make([]byte, n)
	if _, err := io.ReadFull(sc, got); err != nil || !bytes.Equal(got, data) {
		t.Fatalf("echo of %d bytes: %v", n, err)
	}
}

// A server offering NTLM alone (WWW-Authenticate: NTLM, no Negotiate)
// gets no NTLM token from a client that disallows NTLM: the transport's
// turn from Negotiate to NTLM is NTLM too.
func TestConfigDisallowNTLMAgainstNTLMOnlyServer(t *testing.T) {
	r := startConfigRealm(t)
	r.AddService(t, "HTTP/server.example") // Kerberos gets its ticket
	var ntlmTokens, negotiateTokens int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		switch a := req.Header.Get("Authorization"); {
		case strings.HasPrefix(a, "NTLM "):
			ntlmTokens++
		case strings.HasPrefix(a, "Negotiate "):
			negotiateTokens++
		}
		w.Header().Set("WWW-Authenticate", "NTLM")
		w.WriteHeader(http.StatusUnauthorized)
	}))
	defer srv.Close()
	tr, err := NewHTTPTransport(ClientConfig{User: aliceKrb, Password: krbPassword, KRB5Config: r.KRB5Config, TargetName: "HTTP/server.example", DisallowNTLM: true})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := (&http.Client{Transport: tr}).Get(srv.URL)
	if err == nil {
		resp.Body.Close()
	}
	if err == nil && resp.StatusCode != http.StatusUnauthorized || ntlmTokens != 0 || negotiateTokens != 1 {
		t.Fatalf("%v %v; %d NTLM and %d Negotiate tokens sent, want a refusal after one Negotiate", resp, err, ntlmTokens, negotiateTokens)
	}
}
