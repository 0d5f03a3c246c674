package servicemodel

// Windows authentication on the HTTP bindings (http_security.go): Go
// proxy ↔ Go host, the Go proxy against testdata/gss/http_peer.py (MIT's
// SPNEGO and gss-ntlmssp) as the server, and curl and http_peer.py's
// client against the Go host. A counting TCP forwarder in front of the
// server observes the connections and the Authorization headers, so that
// the reuse of an authenticated connection is asserted on the wire.

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/wwsgo/wws/internal/gsspeer"
	"github.com/wwsgo/wws/internal/testpeer"
)

const waUsers = "WWS:alice:Passw0rd!\nWWS:bob:S3cret!\n"

var waAlice = &WindowsClientCredential{User: `WWS\alice`, Password: "Passw0rd!"}

type waWho struct {
	XMLName struct{} `xml:"http://tempuri.org/ Who"`
}

type waWhoResponse struct {
	XMLName    struct{} `xml:"http://tempuri.org/ WhoResponse"`
	Name       string
	Mechanism  string
	Protection string
}

// waContract is Add, and Who answering CallerIdentity.
func waContract() *Contract {
	return MustContract("ICalculator", "",
		Op("Add", func(_ context.Context, r *hcAdd) (*hcAddResponse, error) {
			return &hcAddResponse{AddResult: r.A + r.B}, nil
		}),
		Op("Echo", func(_ context.Context, r *hcEcho) (*hcEchoResponse, error) {
			return &hcEchoResponse{EchoResult: r.Text}, nil
		}),
		Op("Who", func(ctx context.Context, _ *waWho) (*waWhoResponse, error) {
			c, ok := CallerIdentity(ctx)
			if !ok {
				return nil, errors.New("no caller")
			}
			return &waWhoResponse{Name: c.Name, Mechanism: c.Mechanism, Protection: c.Protection.String()}, nil
		}))
}

// windowsBindings are the HTTP bindings with TransportCredentialOnly
// Windows security.
var windowsBindings = []struct {
	name string
	new  func() *HTTPBinding
}{
	{"BasicHttp", NewBasicHTTPBinding},
	{"WSHttp", NewWSHTTPBinding},
	{"binary", NewBinaryHTTPBinding},
}

func windowsSecured(b *HTTPBinding) *HTTPBinding {
	b.Security = Security{Mode: SecurityModeTransportCredentialOnly, Credential: CredentialWindows}
	return b
}

func writeUsers(t testing.TB, users string) string {
	f := filepath.Join(t.TempDir(), "ntlm_users")
	if err := os.WriteFile(f, []byte(users), 0o600); err != nil {
		t.Fatal(err)
	}
	return f
}

// startWindowsHost opens a host of waContract at <scheme>://127.0.0.1:0/calc
// verifying waUsers, and returns its URL.
func startWindowsHost(t testing.TB, b *HTTPBinding) string {
	t.Helper()
	opts := &HostOptions{Windows: &WindowsServiceCredential{NTLMUserFile: writeUsers(t, waUsers)}, Metadata: fakeMetadata}
	h, err := NewHost(opts, &Endpoint{Address: b.Scheme() + "://127.0.0.1:0/calc", Binding: b, Contract: waContract()})
	if err != nil {
		t.Fatal(err)
	}
	if err := h.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close(context.Background()) })
	return fmt.Sprintf("%s://127.0.0.1:%d/calc", b.Scheme(), h.Addrs()[0].(*net.TCPAddr).Port)
}

// windowsProxy opens a proxy of waContract to url with cred.
func windowsProxy(t testing.TB, b *HTTPBinding, url string, cred *WindowsClientCredential) *ServiceProxy {
	t.Helper()
	p, err := NewServiceProxy(b, waContract(), &ProxyOptions{Windows: cred})
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Open(context.Background(), url); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close(context.Background()) })
	return p
}

func waAdd(p *ServiceProxy, a, b int32) (int32, error) {
	var resp hcAddResponse
	err := p.Call(context.Background(), "Add", &hcAdd{A: a, B: b}, &resp)
	return resp.AddResult, err
}

func waWhoAmI(t testing.TB, p *ServiceProxy) waWhoResponse {
	t.Helper()
	var resp waWhoResponse
	if err := p.Call(context.Background(), "Who", &waWho{}, &resp); err != nil {
		t.Fatalf("Who: %v", err)
	}
	return resp
}

// forwarder is a TCP forwarder to a server that counts the connections
// and the Authorization headers its clients send.
type forwarder struct {
	url    string
	conns  atomic.Int32
	authzs atomic.Int32
}

// forward starts a forwarder to the server of url and returns it; its url
// is url with the forwarder's port.
func forward(t testing.TB, url string) *forwarder {
	t.Helper()
	scheme, rest, _ := strings.Cut(url, "://")
	target, path, _ := strings.Cut(rest, "/")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f := &forwarder{url: scheme + "://" + ln.Addr().String() + "/" + path}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var open []net.Conn
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s, err := net.Dial("tcp", target)
			if err != nil {
				c.Close()
				continue
			}
			f.conns.Add(1)
			mu.Lock()
			open = append(open, c, s)
			mu.Unlock()
			wg.Add(2)
			go func() {
				defer wg.Done()
				io.Copy(io.MultiWriter(s, &headerCounter{n: &f.authzs}), c)
				s.(*net.TCPConn).CloseWrite()
			}()
			go func() {
				defer wg.Done()
				io.Copy(c, s)
				c.(*net.TCPConn).CloseWrite()
			}()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		for _, c := range open {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	return f
}

// headerCounter counts "\r\nAuthorization: " in what is written to it.
type headerCounter struct {
	n    *atomic.Int32
	tail []byte // the last len(needle)-1 bytes, which cannot hold a needle
}

var authzNeedle = []byte("\r\nAuthorization: ")

func (h *headerCounter) Write(p []byte) (int, error) {
	buf := append(h.tail, p...)
	h.n.Add(int32(bytes.Count(buf, authzNeedle)))
	if keep := len(authzNeedle) - 1; len(buf) > keep {
		buf = buf[len(buf)-keep:]
	}
	h.tail = append(h.tail[:0], buf...)
	return len(p), nil
}

// TestHTTPWindowsGoToGo: Go proxy ↔ Go host over each binding with
// TransportCredentialOnly Windows (NTLM under SPNEGO): the operation sees
// the caller, and every call of the proxy rides the one connection that
// was authenticated once (two Authorization headers: NEGOTIATE, then
// AUTHENTICATE).
func TestHTTPWindowsGoToGo(t *testing.T) {
	checkLeaks(t)
	for _, tb := range windowsBindings {
		t.Run(tb.name, func(t *testing.T) {
			url := startWindowsHost(t, windowsSecured(tb.new()))
			fw := forward(t, url)
			p := windowsProxy(t, windowsSecured(tb.new()), fw.url, waAlice)
			if got := waWhoAmI(t, p); got.Name != `WWS\alice` || got.Mechanism != "NTLM" || got.Protection != "None" {
				t.Fatalf("CallerIdentity: %+v", got)
			}
			for i := range int32(5) {
				if sum, err := waAdd(p, i, 3); err != nil || sum != i+3 {
					t.Fatalf("Add(%d, 3) = %d, %v", i, sum, err)
				}
			}
			if c, a := fw.conns.Load(), fw.authzs.Load(); c != 1 || a != 2 {
				t.Fatalf("6 calls took %d connections and %d Authorization headers, want 1 and 2", c, a)
			}
		})
	}
}

// TestHTTPWindowsLargeMessage: a first call whose message is larger than
// what net/http discards of an unread body (256 KiB) still authenticates:
// the host reads the body of each 401 leg, so the connection the
// handshake is bound to stays open.
func TestHTTPWindowsLargeMessage(t *testing.T) {
	checkLeaks(t)
	url := startWindowsHost(t, raised(windowsSecured(NewWSHTTPBinding())))
	fw := forward(t, url)
	p := windowsProxy(t, raised(windowsSecured(NewWSHTTPBinding())), fw.url, waAlice)
	text := strings.Repeat("x", 1<<20)
	for range 2 {
		var resp hcEchoResponse
		if err := p.Call(context.Background(), "Echo", &hcEcho{Text: &text}, &resp); err != nil || resp.EchoResult == nil || *resp.EchoResult != text {
			t.Fatalf("Echo of 1 MiB: %v", err)
		}
	}
	if c, a := fw.conns.Load(), fw.authzs.Load(); c != 1 || a != 2 {
		t.Fatalf("2 calls took %d connections and %d Authorization headers, want 1 and 2", c, a)
	}
}

// TestHTTPSWindows: Transport security (HTTPS) with Windows credentials;
// the caller's protection is TLS's.
func TestHTTPSWindows(t *testing.T) {
	checkLeaks(t)
	certs := testTLS(t)
	sb := NewWSHTTPBinding()
	sb.TLS, sb.Security = certs.server, Security{Mode: SecurityModeTransport, Credential: CredentialWindows}
	fw := forward(t, startWindowsHost(t, sb)) // TLS end to end: it counts connections only
	cb := NewWSHTTPBinding()
	cb.TLS, cb.Security = certs.client, sb.Security
	p := windowsProxy(t, cb, fw.url, &WindowsClientCredential{User: "bob@WWS", Password: "S3cret!"})
	if got := waWhoAmI(t, p); got.Name != `WWS\bob` || got.Mechanism != "NTLM" || got.Protection != "EncryptAndSign" {
		t.Fatalf("CallerIdentity: %+v", got)
	}
	if sum, err := waAdd(p, 2, 3); err != nil || sum != 5 {
		t.Fatalf("Add = %d, %v", sum, err)
	}
	if c := fw.conns.Load(); c != 1 {
		t.Fatalf("2 calls took %d TLS connections, want 1", c)
	}
}

// TestHTTPWindowsRefused: wrong password, unknown user and a wrong NT
// hash fail with ErrSecurityVerification; an anonymous client gets
// access denied and the 401 names both schemes, the metadata included;
// good clients beside them, before, during and after, are unaffected.
func TestHTTPWindowsRefused(t *testing.T) {
	checkLeaks(t)
	b := windowsSecured(NewBasicHTTPBinding())
	url := startWindowsHost(t, b)
	good := windowsProxy(t, windowsSecured(NewBasicHTTPBinding()), url, waAlice)
	if _, err := waAdd(good, 1, 1); err != nil {
		t.Fatal(err)
	}
	bad := []*WindowsClientCredential{
		{User: `WWS\alice`, Password: "wrong"},
		{User: `WWS\mallory`, Password: "Passw0rd!"},
		{User: `WWS\alice`, NTHash: make([]byte, 16)},
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // a good client calling all along
		defer wg.Done()
		for i := range int32(40) {
			if sum, err := waAdd(good, i, 1); err != nil || sum != i+1 {
				t.Errorf("good client beside bad ones: Add(%d, 1) = %d, %v", i, sum, err)
				return
			}
		}
	}()
	for _, cred := range bad {
		for range 3 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				p := windowsProxy(t, windowsSecured(NewBasicHTTPBinding()), url, cred)
				_, err := waAdd(p, 1, 2)
				if !errors.Is(err, ErrSecurityVerification) {
					t.Errorf("%s: %v, want ErrSecurityVerification", cred.User, err)
				}
			}()
		}
	}
	wg.Wait()
	anon, err := NewServiceProxy(NewBasicHTTPBinding(), waContract(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := anon.Open(context.Background(), url); err != nil {
		t.Fatal(err)
	}
	defer anon.Close(context.Background())
	if _, err := waAdd(anon, 1, 2); !errors.Is(err, ErrEndpointAccessDenied) || !strings.Contains(err.Error(), `"Negotiate, NTLM"`) {
		t.Fatalf("anonymous: %v, want ErrEndpointAccessDenied naming the schemes asked for", err)
	}
	for _, u := range []string{url, url + "?wsdl"} {
		resp, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Values("WWW-Authenticate"); resp.StatusCode != 401 || strings.Join(got, ",") != "Negotiate,NTLM" {
			t.Fatalf("anonymous GET %s: %d %q", u, resp.StatusCode, got)
		}
	}
	late := windowsProxy(t, windowsSecured(NewBasicHTTPBinding()), url, waAlice)
	if got := waWhoAmI(t, late); got.Name != `WWS\alice` {
		t.Fatalf("a new good client after the bad ones: %+v", got)
	}
}

// TestHTTPWindowsConfig: security settings that cannot work fail at Open,
// naming what to change.
func TestHTTPWindowsConfig(t *testing.T) {
	certs := testTLS(t)
	bindings := []struct {
		name string
		b    func() *HTTPBinding
	}{
		{"credential without mode", func() *HTTPBinding {
			b := NewBasicHTTPBinding()
			b.Security.Credential = CredentialWindows
			return b
		}},
		{"Transport without TLS", func() *HTTPBinding {
			b := NewBasicHTTPBinding()
			b.Security = Security{Mode: SecurityModeTransport, Credential: CredentialWindows}
			return b
		}},
		{"TransportCredentialOnly with TLS", func() *HTTPBinding {
			b := windowsSecured(NewBasicHTTPBinding())
			b.TLS = certs.client
			return b
		}},
		{"TransportCredentialOnly without credential", func() *HTTPBinding {
			b := NewBasicHTTPBinding()
			b.Security.Mode = SecurityModeTransportCredentialOnly
			return b
		}},
		{"no KeepAlive", func() *HTTPBinding {
			b := windowsSecured(NewBasicHTTPBinding())
			b.KeepAlive = false
			return b
		}},
	}
	for _, tc := range bindings {
		if _, err := tc.b().DialChannel(context.Background(), "http://127.0.0.1:1/x"); !errors.Is(err, errHTTPBinding) {
			t.Errorf("%s: dial: %v", tc.name, err)
		}
		if _, err := tc.b().Listen("http://127.0.0.1:0/x", ListenOptions{}); !errors.Is(err, errHTTPBinding) {
			t.Errorf("%s: listen: %v", tc.name, err)
		}
	}
	clients := []struct {
		name string
		cred *WindowsClientCredential
		want error
	}{
		{"no password", &WindowsClientCredential{User: `WWS\alice`}, ErrInvalidOperation},
		{"password, no user", &WindowsClientCredential{Password: "p"}, ErrInvalidOperation},
		{"short hash", &WindowsClientCredential{User: `WWS\alice`, NTHash: []byte{1}}, ErrInvalidOperation},
	}
	for _, tc := range clients {
		p, err := NewServiceProxy(windowsSecured(NewBasicHTTPBinding()), waContract(), &ProxyOptions{Windows: tc.cred})
		if err != nil {
			t.Fatal(err)
		}
		if err := p.Open(context.Background(), "http://127.0.0.1:1/x"); !errors.Is(err, tc.want) {
			t.Errorf("%s: Open: %v, want %v", tc.name, err, tc.want)
			p.Abort()
		}
	}
	hosts := []struct {
		name string
		cred *WindowsServiceCredential
		want error
	}{
		{"no credential", nil, ErrInvalidEndpoint},
		{"missing keytab", &WindowsServiceCredential{Keytab: "/nonexistent/k"}, ErrInvalidEndpoint},
		{"missing keytab beside a user file", &WindowsServiceCredential{Keytab: "/nonexistent/k", NTLMUserFile: writeUsers(t, waUsers)}, ErrInvalidEndpoint},
		{"principal without keytab", &WindowsServiceCredential{ServicePrincipal: "HTTP/x", NTLMUserFile: writeUsers(t, waUsers)}, ErrInvalidEndpoint},
		{"no user file", &WindowsServiceCredential{}, ErrInvalidEndpoint},
		{"missing user file", &WindowsServiceCredential{NTLMUserFile: filepath.Join(t.TempDir(), "none")}, ErrInvalidEndpoint},
	}
	for _, tc := range hosts {
		if _, err := windowsSecured(NewBasicHTTPBinding()).Listen("http://127.0.0.1:0/x", ListenOptions{Windows: tc.cred}); !errors.Is(err, tc.want) {
			t.Errorf("%s: Listen: %v, want %v", tc.name, err, tc.want)
		}
	}
}

// TestWindowsCredentialsAlike: HTTP and net.tcp read a proxy's Windows
// credentials through one seam (windowsauth.ClientConfig), so each
// unusable one fails Open on both with the same error and the same
// explanation.
func TestWindowsCredentialsAlike(t *testing.T) {
	tcp := NewNetTCPBinding()
	tcp.Security = Security{Mode: SecurityModeTransport, Credential: CredentialWindows}
	for _, tc := range []struct {
		name string
		cred *WindowsClientCredential
		want error
	}{
		{"password, no user", &WindowsClientCredential{Password: "p"}, ErrInvalidOperation},
		{"keytab, no user", &WindowsClientCredential{Keytab: "/k"}, ErrInvalidOperation},
		{"NT hash, NTLM off", &WindowsClientCredential{User: `WWS\alice`, NTHash: make([]byte, 16), DisallowNTLM: true}, ErrInvalidOperation},
		{"no password", &WindowsClientCredential{User: `WWS\alice`}, ErrInvalidOperation},
		{"short hash", &WindowsClientCredential{User: `WWS\alice`, NTHash: []byte{1}}, ErrInvalidOperation},
		{"no user part", &WindowsClientCredential{User: `WWS\`, Password: "p"}, ErrInvalidOperation},
	} {
		var reasons []string
		for _, c := range []struct {
			b    Binding
			addr string
		}{{windowsSecured(NewBasicHTTPBinding()), "http://127.0.0.1:1/x"}, {tcp, "net.tcp://127.0.0.1:1/x"}} {
			p, err := NewServiceProxy(c.b, waContract(), &ProxyOptions{Windows: tc.cred})
			if err != nil {
				t.Fatal(err)
			}
			err = p.Open(context.Background(), c.addr)
			if !errors.Is(err, tc.want) {
				t.Errorf("%s: %s: Open: %v, want %v", tc.name, c.addr, err, tc.want)
				p.Abort()
				continue
			}
			_, reason, _ := strings.Cut(err.Error(), ": windowsauth: ")
			reasons = append(reasons, reason)
		}
		if len(reasons) == 2 && (reasons[0] != reasons[1] || reasons[0] == "") {
			t.Errorf("%s: HTTP says %q, net.tcp %q", tc.name, reasons[0], reasons[1])
		}
	}
}

// TestHTTPWindowsWithGSSHost: the Go proxy against http_peer.py's SOAP
// Add (gss-ntlmssp, under MIT's SPNEGO for Negotiate; NTLM alone makes the
// client turn from Negotiate to NTLM): one handshake, one connection for
// three calls; a wrong password is ErrSecurityVerification.
func TestHTTPWindowsWithGSSHost(t *testing.T) {
	checkLeaks(t)
	for _, scheme := range []struct {
		name   string
		authzs int32 // Authorization headers of the handshake
	}{{"Negotiate", 2}, {"NTLM", 3}} {
		for _, tb := range windowsBindings[:2] {
			t.Run(scheme.name+"/"+tb.name, func(t *testing.T) {
				peer := gsspeer.Start(t, "http_peer.py", waUsers, "--soap", "--scheme", scheme.name)
				fw := forward(t, fmt.Sprintf("http://127.0.0.1:%s/calc", peer.Expect("LISTENING")[1]))
				p := windowsProxy(t, windowsSecured(tb.new()), fw.url, waAlice)
				for i := range int32(3) {
					if sum, err := waAdd(p, i, 10); err != nil || sum != i+10 {
						t.Fatalf("Add(%d, 10) = %d, %v", i, sum, err)
					}
				}
				if got := peer.Expect("AUTHENTICATED"); got[1] != `WWS\alice` {
					t.Fatalf("the peer authenticated %q", got[1])
				}
				if c, a := fw.conns.Load(), fw.authzs.Load(); c != 1 || a != scheme.authzs {
					t.Fatalf("3 calls took %d connections and %d Authorization headers, want 1 and %d", c, a, scheme.authzs)
				}
				bad := windowsProxy(t, windowsSecured(tb.new()), fw.url, &WindowsClientCredential{User: `WWS\alice`, Password: "wrong"})
				if _, err := waAdd(bad, 1, 2); !errors.Is(err, ErrSecurityVerification) {
					t.Fatalf("wrong password: %v, want ErrSecurityVerification", err)
				}
			})
		}
	}
}

const waAddEnvelope = `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>` +
	`<Add xmlns="http://tempuri.org/"><a>2</a><b>3</b></Add></s:Body></s:Envelope>`

const waWhoEnvelope = `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>` +
	`<Who xmlns="http://tempuri.org/"/></s:Body></s:Envelope>`

// curlSOAP posts a SOAP 1.1 envelope with curl and returns the status code
// and the body.
func curlSOAP(t *testing.T, users, action, envelope string, args ...string) (string, string) {
	t.Helper()
	path, err := exec.LookPath("curl")
	if err != nil {
		testpeer.Require(t, fmt.Errorf("curl is not installed (apt-get install curl): %w", err), "WWS_REQUIRE_GSS")
	}
	out := filepath.Join(t.TempDir(), "body")
	cmd := exec.Command(path, append([]string{"-s", "-o", out, "-w", "%{http_code}", "--max-time", "20",
		"-H", "Content-Type: text/xml; charset=utf-8", "-H", `SOAPAction: "` + hcAction + action + `"`,
		"--data-binary", envelope}, args...)...)
	cmd.Env = os.Environ()
	if users != "" {
		cmd.Env = append(cmd.Env, "NTLM_USER_FILE="+writeUsers(t, users))
	}
	code, err := cmd.Output()
	if err != nil {
		t.Fatalf("curl: %v", err)
	}
	body, _ := os.ReadFile(out)
	return string(code), string(body)
}

// TestHTTPWindowsHostWithCurl: curl's own NTLM, and its Negotiate (MIT's
// SPNEGO over gss-ntlmssp), make SOAP calls to the Go host.
func TestHTTPWindowsHostWithCurl(t *testing.T) {
	checkLeaks(t)
	url := startWindowsHost(t, windowsSecured(NewBasicHTTPBinding()))
	code, body := curlSOAP(t, "", "Add", waAddEnvelope, "--ntlm", "-u", `WWS\alice:Passw0rd!`, url)
	if code != "200" || !strings.Contains(body, "<AddResult>5</AddResult>") {
		t.Fatalf("curl --ntlm Add: %s %q", code, body)
	}
	code, body = curlSOAP(t, "", "Who", waWhoEnvelope, "--ntlm", "-u", `WWS\bob:S3cret!`, url)
	if code != "200" || !strings.Contains(body, `<Name>WWS\bob</Name>`) {
		t.Fatalf("curl --ntlm Who: %s %q", code, body)
	}
	if code, _ := curlSOAP(t, "", "Add", waAddEnvelope, "--ntlm", "-u", `WWS\alice:wrong`, url); code != "401" {
		t.Fatalf("curl --ntlm with a wrong password: %s", code)
	}
	gsspeer.Require(t)
	code, body = curlSOAP(t, waUsers, "Who", waWhoEnvelope, "--negotiate", "-u", ":", url)
	if code != "200" || !strings.Contains(body, `<Name>WWS\alice</Name>`) {
		t.Fatalf("curl --negotiate Who: %s %q", code, body)
	}
}

// TestHTTPWindowsHostWithGSSClient: http_peer.py's client (gss-ntlmssp,
// under MIT's SPNEGO for Negotiate) calls the Go host twice on one
// connection, authenticating once; a wrong password gets 401.
func TestHTTPWindowsHostWithGSSClient(t *testing.T) {
	checkLeaks(t)
	url := startWindowsHost(t, windowsSecured(NewBasicHTTPBinding()))
	for _, scheme := range []string{"Negotiate", "NTLM"} {
		t.Run(scheme, func(t *testing.T) {
			peer := gsspeer.Start(t, "http_peer.py", waUsers, "--role", "client", "--scheme", scheme, "--url", url,
				"--soapaction", hcAction+"Who")
			peer.Send("POST", hex.EncodeToString([]byte(waWhoEnvelope)))
			peer.Expect("AUTHENTICATED")
			for i := range 2 {
				if i > 0 {
					peer.Send("POST", hex.EncodeToString([]byte(waWhoEnvelope)))
				}
				w := peer.Expect("STATUS") // a second AUTHENTICATED would fail here
				body, _ := hex.DecodeString(w[2])
				if w[1] != "200" || !bytes.Contains(body, []byte(`<Name>WWS\alice</Name>`)) {
					t.Fatalf("call %d: %s %q", i, w[1], body)
				}
			}
		})
	}
	peer := gsspeer.Start(t, "http_peer.py", "WWS:alice:wrong\n", "--role", "client", "--url", url,
		"--password", "wrong", "--soapaction", hcAction+"Who")
	peer.Send("POST", hex.EncodeToString([]byte(waWhoEnvelope)))
	if w := peer.Expect("STATUS"); w[1] != "401" {
		t.Fatalf("wrong password: %v", w)
	}
}
