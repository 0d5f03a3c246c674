package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wwsgo/wws/internal/krbtest"
)

// wshost with Kerberos (a keytab in its JSON "windows" section, an NTLM
// user file beside it) on a net.tcp and an HTTP endpoint, and wsproxy
// calling them with a password, -keytab, -ccache (a kinit cache) or the
// default credential cache, in an MIT realm (internal/krbtest). -no-ntlm
// makes each success a Kerberos one.
func TestKerberosAuth(t *testing.T) {
	k := krbtest.Start(t)
	k.AddUser(t, "alice", "Passw0rd!")
	k.AddUser(t, "carol", "Carol-Passw0rd!")
	carolKeytab := k.UserKeytab(t, "carol")
	ccache := k.Kinit(t, "alice", "Passw0rd!")
	hostKeytab := k.AddService(t, "host/calc.example")
	k.Admin(t, "addprinc -randkey HTTP/calc.example", "ktadd -k "+hostKeytab+" HTTP/calc.example")
	k.AddService(t, "host/other.example") // a service the host has no key of

	dir := t.TempDir()
	users := filepath.Join(dir, "ntlm_users")
	if err := os.WriteFile(users, []byte("WWS:alice:Passw0rd!\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	conf := filepath.Join(dir, "wshost.json")
	if err := os.WriteFile(conf, []byte(fmt.Sprintf(`{
		"endpoints": [
			{"binding": "nettcp", "address": "net.tcp://%s/calculator",
				"security": {"mode": "transport", "credential": "windows"}},
			{"binding": "soap11", "address": "http://%s/calculator",
				"security": {"mode": "transport_credential_only", "credential": "windows"}}],
		"windows": {"keytab": %q, "krb5_config": %q, "ntlm_user_file": %q}
	}`, freePort(t), freePort(t), hostKeytab, k.KRB5Config, users)), 0o644); err != nil {
		t.Fatal(err)
	}
	h := startHost(t, 2, "-config", conf)
	tcp, web := h.addr("nettcp"), h.addr("soap11")

	krb5 := "KRB5_CONFIG=" + k.KRB5Config
	pw := func(p string) []string { return []string{krb5, "WSPROXY_PASSWORD=" + p} }
	tcpCall := func(args ...string) []string {
		return append(append([]string{"call", "-security", "windows", "-spn", "host/calc.example"}, args...), tcp, "Add", "a=2", "b=3")
	}
	webCall := func(args ...string) []string {
		return append(append([]string{"call", "-security", "windows", "-spn", "HTTP/calc.example", "-binding", "soap11"}, args...), web, "Add", "a=2", "b=3")
	}
	const five = "<AddResult>5</AddResult>"
	runWSProxyCases(t, []wsproxyCase{
		{"password", pw("Passw0rd!"), tcpCall("-no-ntlm", "-user", "alice@WWS.TEST"), 0, five, ""},
		{"password, -krb5conf", []string{"WSPROXY_PASSWORD=Passw0rd!"}, tcpCall("-no-ntlm", "-krb5conf", k.KRB5Config, "-user", "alice@WWS.TEST"), 0, five, ""},
		{"keytab", []string{krb5}, tcpCall("-no-ntlm", "-user", "carol@WWS.TEST", "-keytab", carolKeytab), 0, five, ""},
		{"ccache", []string{krb5}, tcpCall("-no-ntlm", "-ccache", ccache), 0, five, ""},
		{"default ccache", []string{krb5, "KRB5CCNAME=FILE:" + ccache}, tcpCall("-no-ntlm"), 0, five, ""},
		{"bench", []string{krb5}, []string{"bench", "-security", "windows", "-spn", "host/calc.example", "-no-ntlm", "-ccache", ccache, "-n", "200", "-c", "4", tcp, "Add", "a=2", "b=3"}, 0, "", ""},
		{"HTTP password", pw("Passw0rd!"), webCall("-no-ntlm", "-user", "alice@WWS.TEST"), 0, five, ""},
		{"HTTP ccache", []string{krb5}, webCall("-no-ntlm", "-ccache", ccache), 0, five, ""},
		{"HTTP keytab", []string{krb5}, webCall("-no-ntlm", "-user", "carol@WWS.TEST", "-keytab", carolKeytab), 0, five, ""},
		{"NTLM beside", pw("Passw0rd!"), tcpCall("-user", `WWS\alice`), 0, five, ""},
		{"wrong password", pw("nope"), tcpCall("-no-ntlm", "-user", "alice@WWS.TEST"), 3, "", "no Kerberos ticket"},
		{"wrong SPN", []string{krb5}, []string{"call", "-security", "windows", "-spn", "host/other.example", "-no-ntlm", "-ccache", ccache, tcp, "Add", "a=2", "b=3"}, 3, "", "-spn"},
		{"HTTP wrong password", pw("nope"), webCall("-no-ntlm", "-user", "alice@WWS.TEST"), 3, "", "no Kerberos ticket"},
		{"keytab without user", []string{krb5}, tcpCall("-keytab", carolKeytab), 2, "", "-keytab needs -user"},
	})
}

// -no-ntlm against a wshost that verifies NTLM only: refused, exit 3, no
// fallback.
func TestKerberosOnlyAgainstNTLMHost(t *testing.T) {
	k := krbtest.Start(t)
	k.AddUser(t, "alice", "Passw0rd!")
	k.AddService(t, "host/calc.example")
	ccache := k.Kinit(t, "alice", "Passw0rd!")
	dir := t.TempDir()
	users := filepath.Join(dir, "ntlm_users")
	if err := os.WriteFile(users, []byte("WWS:alice:Passw0rd!\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	conf := filepath.Join(dir, "wshost.json")
	if err := os.WriteFile(conf, []byte(fmt.Sprintf(`{
		"endpoints": [{"binding": "nettcp", "address": "net.tcp://%s/calculator",
			"security": {"mode": "transport", "credential": "windows"}}],
		"windows": {"ntlm_user_file": %q}
	}`, freePort(t), users)), 0o644); err != nil {
		t.Fatal(err)
	}
	h := startHost(t, 1, "-config", conf)
	env := []string{"KRB5_CONFIG=" + k.KRB5Config, "WSPROXY_PASSWORD=Passw0rd!"}
	r := runEnv(t, env, "wsproxy", "call", "-security", "windows", "-spn", "host/calc.example", "-no-ntlm", "-ccache", ccache, h.addr("nettcp"), "Add", "a=2", "b=3")
	if r.code != 3 || r.stdout != "" {
		t.Fatalf("exit %d, want 3\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	mustContain(t, "stderr", r.stderr, "security verification failed", "0x80090308", "with -no-ntlm: a service without Kerberos")
	// The same user with NTLM allowed gets through.
	r = runEnv(t, env, "wsproxy", "call", "-security", "windows", "-user", `WWS\alice`, h.addr("nettcp"), "Add", "a=2", "b=3")
	if r.code != 0 {
		t.Fatalf("NTLM: exit %d\n%s", r.code, r.stderr)
	}
}

// wshost configured as issue 12 spells it: the keytab and the NTLM user
// file in the endpoint's "security" block, no "windows" section. wsproxy
// gets through by Kerberos (-no-ntlm) and by NTLM; a second endpoint
// naming another keytab is refused, naming both places.
func TestKerberosEndpointSecurityJSON(t *testing.T) {
	k := krbtest.Start(t)
	k.AddUser(t, "alice", "Passw0rd!")
	ccache := k.Kinit(t, "alice", "Passw0rd!")
	keytab := k.AddService(t, "host/calc.example")
	dir := t.TempDir()
	users := filepath.Join(dir, "ntlm_users")
	if err := os.WriteFile(users, []byte("WWS:alice:Passw0rd!\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	endpoint := func(port, keytab string) string {
		return fmt.Sprintf(`{"binding": "nettcp", "address": "net.tcp://%s/calculator",
			"security": {"mode": "transport", "credential": "windows", "keytab": %q, "ntlm_user_file": %q, "protection": "encrypt_and_sign"}}`,
			port, keytab, users)
	}
	conf := filepath.Join(dir, "wshost.json")
	if err := os.WriteFile(conf, []byte(`{"endpoints": [`+endpoint(freePort(t), keytab)+`]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	h := startHost(t, 1, "-config", conf)
	env := []string{"KRB5_CONFIG=" + k.KRB5Config, "WSPROXY_PASSWORD=Passw0rd!"}
	for name, args := range map[string][]string{
		"Kerberos": {"-no-ntlm", "-ccache", ccache},
		"NTLM":     {"-user", `WWS\alice`},
	} {
		args = append(append([]string{"call", "-security", "windows", "-spn", "host/calc.example"}, args...), h.addr("nettcp"), "Add", "a=2", "b=3")
		if r := runEnv(t, env, "wsproxy", args...); r.code != 0 || !strings.Contains(r.stdout, "<AddResult>5</AddResult>") {
			t.Errorf("%s: exit %d\nstdout:\n%s\nstderr:\n%s", name, r.code, r.stdout, r.stderr)
		}
	}

	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"endpoints": [`+endpoint("127.0.0.1:1", keytab)+`, `+endpoint("127.0.0.1:2", "/etc/other.keytab")+`]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := run(t, "wshost", "-config", bad); r.code != 2 || !strings.Contains(r.stderr, "endpoints[1].security.keytab") ||
		!strings.Contains(r.stderr, "endpoints[0].security.keytab") {
		t.Errorf("two keytabs: exit %d, stderr %q; want 2 naming endpoints[1].security.keytab and endpoints[0].security.keytab", r.code, r.stderr)
	}
}
