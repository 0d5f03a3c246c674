package windowsauth

import (
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wwsgo/wws/internal/gsspeer"
	"github.com/wwsgo/wws/servicemodel/windowsauth/ntlm"
)

// startHTTPHost serves "hello <caller> <mechanism>" behind HTTPHost.
func startHTTPHost(t *testing.T) *httptest.Server {
	h := &HTTPHost{Server: *serverConfig(t), Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, ok := HTTPCaller(r.Context())
		if !ok {
			http.Error(w, "no caller", http.StatusInternalServerError)
			return
		}
		io.Copy(io.Discard, r.Body)
		fmt.Fprintf(w, "hello %s %s", c.Name, c.Mechanism)
	})}
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ConnContext = h.ConnContext
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

// curl runs curl, an independent NTLM (its own) and SPNEGO (MIT krb5
// over gss-ntlmssp) client, and returns the status code and body.
func curl(t *testing.T, users string, args ...string) (string, string) {
	t.Helper()
	path, err := exec.LookPath("curl")
	if err != nil {
		t.Skip("HTTP interop needs curl (apt-get install curl)")
	}
	out := filepath.Join(t.TempDir(), "body")
	cmd := exec.Command(path, append([]string{"-s", "-o", out, "-w", "%{http_code}", "--max-time", "20"}, args...)...)
	cmd.Env = os.Environ()
	if users != "" {
		f := filepath.Join(t.TempDir(), "users")
		os.WriteFile(f, []byte(users), 0o600)
		cmd.Env = append(cmd.Env, "NTLM_USER_FILE="+f)
	}
	code, err := cmd.Output()
	if err != nil {
		t.Fatalf("curl: %v", err)
	}
	body, _ := os.ReadFile(out)
	return string(code), string(body)
}

func TestHTTPHostWithCurlNTLM(t *testing.T) {
	srv := startHTTPHost(t)
	code, body := curl(t, "", "--ntlm", "-u", `WWS\alice:Passw0rd!`, "-d", "<Add/>", srv.URL+"/calc")
	if code != "200" || body != `hello WWS\alice NTLM` {
		t.Fatalf("curl --ntlm: %s %q", code, body)
	}
	if code, _ := curl(t, "", "--ntlm", "-u", `WWS\alice:wrong`, srv.URL+"/calc"); code != "401" {
		t.Fatalf("wrong password: %s", code)
	}
	if code, _ := curl(t, "", srv.URL+"/calc"); code != "401" {
		t.Fatalf("no credentials: %s", code)
	}
}

func TestHTTPHostWithCurlNegotiate(t *testing.T) {
	gsspeer.Require(t)
	srv := startHTTPHost(t)
	code, body := curl(t, testUsers, "--negotiate", "-u", ":", srv.URL+"/calc")
	if code != "200" || body != `hello WWS\alice NTLM` {
		t.Fatalf("curl --negotiate: %s %q", code, body)
	}
	if code, _ := curl(t, "WWS:alice:wrong\n", "--negotiate", "-u", ":", srv.URL+"/calc"); code != "401" {
		t.Fatalf("wrong password: %s", code)
	}
}

// The authentication binds to the connection: a second request on it needs
// no header, a request on another connection gets 401.
func TestHTTPHostConnectionBound(t *testing.T) {
	srv := startHTTPHost(t)
	tr := &http.Transport{MaxConnsPerHost: 1}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}
	c := ntlm.NewClient(ntlm.ClientConfig{Credentials: alice})
	neg, _ := c.Negotiate()
	resp := do(t, client, srv.URL, "NTLM "+base64.StdEncoding.EncodeToString(neg))
	if resp.StatusCode != 401 {
		t.Fatalf("NEGOTIATE: %d", resp.StatusCode)
	}
	chal, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(resp.Header.Get("WWW-Authenticate"), "NTLM "))
	if err != nil {
		t.Fatal(err)
	}
	auth, err := c.Authenticate(chal)
	if err != nil {
		t.Fatal(err)
	}
	if resp := do(t, client, srv.URL, "NTLM "+base64.StdEncoding.EncodeToString(auth)); resp.StatusCode != 200 {
		t.Fatalf("AUTHENTICATE: %d", resp.StatusCode)
	}
	if resp := do(t, client, srv.URL, ""); resp.StatusCode != 200 {
		t.Fatalf("second request on the connection: %d", resp.StatusCode)
	}
	other := &http.Client{Transport: &http.Transport{}}
	if resp := do(t, other, srv.URL, ""); resp.StatusCode != 401 || len(resp.Header.Values("WWW-Authenticate")) != 2 {
		t.Fatalf("another connection: %d %v", resp.StatusCode, resp.Header.Values("WWW-Authenticate"))
	}
}

func do(t *testing.T, c *http.Client, url, authz string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	if authz != "" {
		req.Header.Set("Authorization", authz)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}
