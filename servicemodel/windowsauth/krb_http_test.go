package windowsauth

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/wwsgo/wws/internal/gsspeer"
	"github.com/wwsgo/wws/servicemodel/windowsauth/kerberos"
)

// HTTP Negotiate with Kerberos: wws' host against curl (MIT's GSSAPI with
// a ticket from kinit) and wws' transport; wws' transport against
// testdata/gss/http_peer.py (MIT's SPNEGO acceptor with a keytab).

const httpSPN = "HTTP/server.example"

// startKrbHTTPHost serves "hello <caller> <mechanism>" behind HTTPHost
// with Kerberos for HTTP/server.example and no NTLM.
func startKrbHTTPHost(t *testing.T, r *krbRealm, kt string) *httptest.Server {
	ktab, err := kerberos.LoadKeytab(kt)
	if err != nil {
		t.Fatal(err)
	}
	h := &HTTPHost{Kerberos: &kerberos.AcceptorConfig{Keytab: ktab, ServicePrincipal: httpSPN, Replay: &kerberos.ReplayCache{}},
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
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

func TestHTTPHostWithCurlKerberos(t *testing.T) {
	r := startRealm(t)
	kt := r.AddService(t, httpSPN)
	srv := startKrbHTTPHost(t, r, kt)
	path, err := exec.LookPath("curl")
	if err != nil {
		t.Skip("HTTP interop needs curl (apt-get install curl)")
	}
	u, _ := url.Parse(srv.URL)
	cc := r.Kinit(t, "alice", krbPassword)
	for name, ccache := range map[string]string{"ticket": cc, "no ticket": filepath.Join(t.TempDir(), "empty")} {
		t.Run(name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "body")
			cmd := exec.Command(path, "-s", "-o", out, "-w", "%{http_code}", "--max-time", "20", "--negotiate", "-u", ":",
				"--resolve", "server.example:"+u.Port()+":127.0.0.1", "-d", "<Add/>", "http://server.example:"+u.Port()+"/calc")
			cmd.Env = r.Env(ccache, "")
			code, err := cmd.Output()
			if err != nil {
				t.Fatalf("curl: %v", err)
			}
			body, _ := os.ReadFile(out)
			if ccache == cc && (string(code) != "200" || string(body) != "hello "+aliceKrb+" Kerberos") {
				t.Fatalf("curl: %s %q", code, body)
			}
			if ccache != cc && string(code) != "401" {
				t.Fatalf("curl without a ticket: %s %q", code, body)
			}
		})
	}
}

func TestHTTPTransportKerberos(t *testing.T) {
	r := startRealm(t)
	kt := r.AddService(t, httpSPN)
	cl := r.client(t, "alice", krbPassword)
	t.Run("wws host", func(t *testing.T) {
		srv := startKrbHTTPHost(t, r, kt)
		tr := &HTTPTransport{Kerberos: cl, DisallowNTLM: true, SPN: httpSPN}
		defer tr.CloseIdleConnections()
		c := &http.Client{Transport: tr}
		for _, body := range []string{"<Add/>", "<Subtract/>"} {
			if code, got := post(t, c, srv.URL, body); code != 200 || got != "hello "+aliceKrb+" Kerberos" {
				t.Fatalf("%s: %d %q", body, code, got)
			}
		}
	})
	t.Run("MIT host", func(t *testing.T) {
		p := gsspeer.StartEnv(t, "http_peer.py", r.Env("", kt), "")
		u := fmt.Sprintf("http://127.0.0.1:%s/calc", p.Expect("LISTENING")[1])
		tr := &HTTPTransport{Kerberos: cl, DisallowNTLM: true, SPN: httpSPN}
		defer tr.CloseIdleConnections()
		c := &http.Client{Transport: tr}
		for _, body := range []string{"<Add/>", "<Subtract/>"} {
			if code, got := post(t, c, u, body); code != 200 || got != "hello "+aliceKrb+" "+body {
				t.Fatalf("%s: %d %q", body, code, got)
			}
		}
		bad := &HTTPTransport{Kerberos: cl, DisallowNTLM: true, SPN: "HTTP/other.example"}
		r.AddService(t, "HTTP/other.example")
		defer bad.CloseIdleConnections()
		if code, _ := post(t, &http.Client{Transport: bad}, u, "<Add/>"); code != 401 {
			t.Fatalf("a ticket for another service: %d", code)
		}
	})
}
