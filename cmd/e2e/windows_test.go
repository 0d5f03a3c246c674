package e2e

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// wshost with a Windows-secured net.tcp endpoint (NTLM against a user
// file) and wsproxy calling it with -security windows.
func TestWindowsAuth(t *testing.T) {
	dir := t.TempDir()
	users := filepath.Join(dir, "ntlm_users")
	if err := os.WriteFile(users, []byte("WWS:alice:Passw0rd!\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	conf := filepath.Join(dir, "wshost.json")
	if err := os.WriteFile(conf, []byte(fmt.Sprintf(`{
		"endpoints": [{"binding": "nettcp", "address": "net.tcp://%s/calculator",
			"security": {"mode": "transport", "credential": "windows", "protection": "encrypt_and_sign"}}],
		"windows": {"ntlm_user_file": %q}
	}`, freePort(t), users)), 0o644); err != nil {
		t.Fatal(err)
	}
	h := startHost(t, 1, "-config", conf)
	addr := h.addr("nettcp")
	pw := func(p string) []string { return []string{"WSPROXY_PASSWORD=" + p} }
	runWSProxyCases(t, []wsproxyCase{
		{"add", pw("Passw0rd!"), []string{"call", "-security", "windows", "-user", `WWS\alice`, addr, "Add", "a=2", "b=3"}, 0, "<AddResult>5</AddResult>", ""},
		{"upn user, spn", pw("Passw0rd!"), []string{"call", "-security", "windows", "-user", "alice@WWS", "-spn", "host/calc.example", addr, "Add", "a=2", "b=3"}, 0, "<AddResult>5</AddResult>", ""},
		{"bench", pw("Passw0rd!"), []string{"bench", "-security", "windows", "-user", `WWS\alice`, "-n", "200", "-c", "4", addr, "Add", "a=2", "b=3"}, 0, "", ""},
		{"wrong password", pw("nope"), []string{"call", "-security", "windows", "-user", `WWS\alice`, addr, "Add", "a=2", "b=3"}, 3, "", "refused the credentials"},
		{"under-protected", pw("Passw0rd!"), []string{"call", "-security", "windows", "-user", `WWS\alice`, "-protection", "sign", addr, "Add", "a=2", "b=3"}, 3, "", "-protection encrypt_and_sign"},
		{"no security", nil, []string{"call", addr, "Add", "a=2", "b=3"}, 3, "", "UpgradeInvalid"},
		{"no password", nil, []string{"call", "-security", "windows", "-user", `WWS\alice`, addr, "Add", "a=2", "b=3"}, 2, "", "WSPROXY_PASSWORD"},
		{"missing keytab", nil, []string{"call", "-security", "windows", "-user", "alice@WWS.EXAMPLE", "-keytab", filepath.Join(dir, "none.keytab"), addr, "Add", "a=2", "b=3"}, 3, "", "none.keytab"},
		{"user without security", nil, []string{"call", "-user", `WWS\alice`, addr, "Add", "a=2", "b=3"}, 2, "", "-security windows"},
	})
	if r := wsproxy(t, "call", "-h"); !strings.Contains(r.stderr, "WSPROXY_PASSWORD") || !strings.Contains(r.stderr, "-protection") {
		t.Errorf("call -h does not document the Windows flags:\n%s", r.stderr)
	}
}

// wshost with Windows-secured HTTP endpoints (NTLM against a user file):
// BasicHttp on http (transport_credential_only) and WSHttp on https
// (transport), and wsproxy calling them with -security windows.
func TestWindowsAuthHTTP(t *testing.T) {
	dir := t.TempDir()
	users := filepath.Join(dir, "ntlm_users")
	if err := os.WriteFile(users, []byte("WWS:alice:Passw0rd!\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cert, key := writeCert(t, dir)
	conf := filepath.Join(dir, "wshost.json")
	if err := os.WriteFile(conf, []byte(fmt.Sprintf(`{
		"endpoints": [
			{"binding": "soap11", "address": "http://%s/calculator",
				"security": {"mode": "transport_credential_only", "credential": "windows"}},
			{"binding": "soap12", "address": "https://%s/calculator", "tls": {"cert_file": %q, "key_file": %q},
				"security": {"mode": "transport", "credential": "windows"}}],
		"windows": {"ntlm_user_file": %q}
	}`, freePort(t), freePort(t), cert, key, users)), 0o644); err != nil {
		t.Fatal(err)
	}
	h := startHost(t, 2, "-config", conf)
	plain, tls := h.addr("soap11"), h.addr("soap12")
	if !strings.HasPrefix(plain, "http://") || !strings.HasPrefix(tls, "https://") {
		t.Fatalf("endpoints %q and %q", plain, tls)
	}
	pw := func(p string) []string { return []string{"WSPROXY_PASSWORD=" + p} }
	win := func(args ...string) []string { return append([]string{"call", "-security", "windows"}, args...) }
	runWSProxyCases(t, []wsproxyCase{
		{"add", pw("Passw0rd!"), win("-user", `WWS\alice`, "-binding", "soap11", plain, "Add", "a=2", "b=3"), 0, "<AddResult>5</AddResult>", ""},
		{"upn user, spn", pw("Passw0rd!"), win("-user", "alice@WWS", "-spn", "HTTP/calc.example", "-binding", "soap11", plain, "Add", "a=2", "b=3"), 0, "<AddResult>5</AddResult>", ""},
		{"https", pw("Passw0rd!"), win("-user", `WWS\alice`, "-cacert", cert, tls, "Add", "a=2", "b=3"), 0, "<AddResult>5</AddResult>", ""},
		{"bench", pw("Passw0rd!"), []string{"bench", "-security", "windows", "-user", `WWS\alice`, "-binding", "soap11", "-n", "200", "-c", "4", plain, "Add", "a=2", "b=3"}, 0, "", ""},
		{"wrong password", pw("nope"), win("-user", `WWS\alice`, "-binding", "soap11", plain, "Add", "a=2", "b=3"), 3, "", "refused the credentials: check -user"},
		{"wrong password, https", pw("nope"), win("-user", `WWS\alice`, "-cacert", cert, tls, "Add", "a=2", "b=3"), 3, "", "refused the credentials: check -user"},
		{"unknown user", pw("Passw0rd!"), win("-user", `WWS\mallory`, "-binding", "soap11", plain, "Add", "a=2", "b=3"), 3, "", "security verification failed"},
		{"no security", nil, []string{"call", "-binding", "soap11", plain, "Add", "a=2", "b=3"}, 3, "", "use -security windows"},
		{"no password", nil, win("-user", `WWS\alice`, "-binding", "soap11", plain, "Add", "a=2", "b=3"), 2, "", "WSPROXY_PASSWORD"},
		{"no user: the default ccache, none", []string{"KRB5CCNAME=FILE:" + filepath.Join(dir, "no-ccache")}, win("-binding", "soap11", plain, "Add", "a=2", "b=3"), 3, "", "no-ccache"},
		{"protection", pw("Passw0rd!"), win("-user", `WWS\alice`, "-protection", "sign", "-binding", "soap11", plain, "Add", "a=2", "b=3"), 2, "", "HTTP's protection is TLS"},
	})
	// The metadata is behind the authentication too (IIS with anonymous
	// access off).
	if r := run(t, "wsproxy", "gen", "-o", filepath.Join(dir, "gen"), plain+"?wsdl"); r.code != 3 || !strings.Contains(r.stderr, "401") {
		t.Errorf("wsproxy gen of a Windows-secured endpoint without credentials: exit %d, want 3 with a 401:\n%s", r.code, r.stderr)
	}
}

// writeCert writes a self-signed certificate for 127.0.0.1 and its key,
// PEM, into dir.
func writeCert(t *testing.T, dir string) (cert, key string) {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true, IsCA: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &k.PublicKey, k)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		t.Fatal(err)
	}
	cert, key = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(cert, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(key, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kder}), 0o600); err != nil {
		t.Fatal(err)
	}
	return cert, key
}

// A config asking for Windows credentials without the host's "windows"
// section is refused, naming the field.
func TestWindowsBadConfig(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.json")
	if err := os.WriteFile(path, []byte(`{"endpoints": [{"binding": "nettcp", "address": "net.tcp://127.0.0.1:1/x",
		"security": {"mode": "transport", "credential": "windows"}}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := run(t, "wshost", "-config", path); r.code != 2 || !strings.Contains(r.stderr, "endpoints[0].security.credential") {
		t.Errorf("exit %d, stderr %q; want 2 naming endpoints[0].security.credential", r.code, r.stderr)
	}
}

// runEnv is run with the environment's WSPROXY_PASSWORD replaced by env.
func runEnv(t *testing.T, env []string, bin string, args ...string) result {
	t.Helper()
	cmd := exec.Command(filepath.Join(binDir, bin), args...)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "WSPROXY_PASSWORD=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		t.Fatal(err)
	}
	return result{cmd.ProcessState.ExitCode(), out.String(), errb.String()}
}

// wsproxyCase is one wsproxy run and what it must give: its exit code and
// text its stdout and stderr must contain ("" for anything).
type wsproxyCase struct {
	name           string
	env            []string
	args           []string
	code           int
	stdout, stderr string
}

// runWSProxyCases runs each case as a subtest.
func runWSProxyCases(t *testing.T, cases []wsproxyCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			r := runEnv(t, tt.env, "wsproxy", tt.args...)
			if r.code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, tt.code, r.stdout, r.stderr)
			}
			mustContain(t, "stdout", r.stdout, tt.stdout)
			mustContain(t, "stderr", r.stderr, tt.stderr)
		})
	}
}
