package servicemodel_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wwsgo/wws/nettcp"
	"github.com/wwsgo/wws/servicemodel"
	"github.com/wwsgo/wws/servicemodel/calculator"
)

// Windows transport security over net.tcp between a ServiceProxy and a
// Host (NTLM inside SPNEGO inside [MS-NNS]); the independent peers are in
// nettcp_security_gss_test.go.

const winUsers = "WWS:alice:Passw0rd!\nWWS:bob:S3cret!\n"

var alicePw = &servicemodel.WindowsClientCredential{User: `WWS\alice`, Password: "Passw0rd!"}

func windowsSecurity(p servicemodel.ProtectionLevel) servicemodel.Security {
	return servicemodel.Security{Mode: servicemodel.SecurityModeTransport, Credential: servicemodel.CredentialWindows, Protection: p}
}

func userFile(t testing.TB) string {
	p := filepath.Join(t.TempDir(), "ntlm_users")
	if err := os.WriteFile(p, []byte(winUsers), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// callerLog records the CallerIdentity of every Add.
type callerLog struct {
	mu      sync.Mutex
	callers []servicemodel.Caller
	missing int
}

func (l *callerLog) last() (servicemodel.Caller, int, int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.callers) == 0 {
		return servicemodel.Caller{}, 0, l.missing
	}
	return l.callers[len(l.callers)-1], len(l.callers), l.missing
}

// winContract is the Calculator whose Add records its caller.
func winContract(log *callerLog) *servicemodel.Contract {
	s := calculator.New()
	return servicemodel.MustContract(calculator.ContractName, calculator.Namespace,
		servicemodel.Op("Add", func(ctx context.Context, req *calculator.AddRequest) (*calculator.AddResponse, error) {
			c, ok := servicemodel.CallerIdentity(ctx)
			log.mu.Lock()
			if ok {
				log.callers = append(log.callers, c)
			} else {
				log.missing++
			}
			log.mu.Unlock()
			return s.Add(ctx, req)
		}),
		servicemodel.Op("Echo", s.Echo),
	)
}

// openWindowsHost opens a host of winContract at prot; it returns the
// address and the caller log.
func openWindowsHost(t testing.TB, b *servicemodel.NetTCPBinding) (string, *callerLog) {
	return openWindowsHostLogged(t, b, nil)
}

// openWindowsHostLogged is openWindowsHost with the host's Logger.
func openWindowsHostLogged(t testing.TB, b *servicemodel.NetTCPBinding, logger *slog.Logger) (string, *callerLog) {
	log := &callerLog{}
	h, err := servicemodel.NewHost(&servicemodel.HostOptions{Logger: logger, Windows: &servicemodel.WindowsServiceCredential{NTLMUserFile: userFile(t)}},
		&servicemodel.Endpoint{Address: "net.tcp://127.0.0.1:0/calculator", Binding: b, Contract: winContract(log)})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := h.Open(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := h.Close(ctx); err != nil {
			t.Errorf("host Close: %v", err)
		}
	})
	return "net.tcp://" + h.Addrs()[0].String() + "/calculator", log
}

func windowsBinding(p servicemodel.ProtectionLevel) *servicemodel.NetTCPBinding {
	b := servicemodel.NewNetTCPBinding()
	b.Security = windowsSecurity(p)
	b.MaxReceivedMessageSize = 1 << 20
	b.ReaderQuotas.MaxStringContentLength = 1 << 20
	return b
}

func openWindowsProxy(t testing.TB, b *servicemodel.NetTCPBinding, addr string, opts *servicemodel.ProxyOptions) (*servicemodel.ServiceProxy, error) {
	p, err := servicemodel.NewServiceProxy(b, calculator.ClientContract(), opts)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := p.Open(ctx, addr); err != nil {
		return nil, err
	}
	t.Cleanup(p.Abort)
	return p, nil
}

// TestWindowsAddCall: Add at each protection level; the operation sees
// the caller NTLM authenticated and the protection its session has. NTLM
// always signs (our client requires it, as every Windows client asks for
// it), so a binding at None gets Sign: the level is the least accepted.
func TestWindowsAddCall(t *testing.T) {
	for _, tc := range []struct {
		prot, got servicemodel.ProtectionLevel
	}{
		{servicemodel.ProtectionEncryptAndSign, servicemodel.ProtectionEncryptAndSign},
		{servicemodel.ProtectionSign, servicemodel.ProtectionSign},
		{servicemodel.ProtectionNone, servicemodel.ProtectionSign},
	} {
		t.Run(tc.prot.String(), func(t *testing.T) {
			addr, log := openWindowsHost(t, windowsBinding(tc.prot))
			p, err := openWindowsProxy(t, windowsBinding(tc.prot), addr, &servicemodel.ProxyOptions{Windows: alicePw})
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			var resp calculator.AddResponse
			if err := p.Call(ctx, "Add", &calculator.AddRequest{A: 2, B: 3}, &resp); err != nil || resp.AddResult != 5 {
				t.Fatalf("Add = %d, %v", resp.AddResult, err)
			}
			want := servicemodel.Caller{Name: `WWS\alice`, Mechanism: "NTLM", Protection: tc.got}
			if c, n, missing := log.last(); c != want || n != 1 || missing != 0 {
				t.Fatalf("the operation saw %+v (%d calls, %d without a caller), want %+v", c, n, missing, want)
			}
			// A message of several NNS data frames (63 KiB of plaintext each).
			text := strings.Repeat("0123456789abcdef", 200_000/16)
			var echo calculator.EchoResponse
			if err := p.Call(ctx, "Echo", &calculator.EchoRequest{Text: &text}, &echo); err != nil || echo.EchoResult == nil || *echo.EchoResult != text {
				t.Fatalf("Echo of %d bytes: %v", len(text), err)
			}
			if err := p.Close(ctx); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// An unsecured host's operations see no caller.
func TestCallerIdentityUnsecured(t *testing.T) {
	log := &callerLog{}
	h, err := servicemodel.NewHost(nil, &servicemodel.Endpoint{Address: "net.tcp://127.0.0.1:0/calculator",
		Binding: servicemodel.NewNetTCPBinding(), Contract: winContract(log)})
	if err != nil {
		t.Fatal(err)
	}
	open(t, h)
	defer h.Abort()
	p, err := openWindowsProxy(t, servicemodel.NewNetTCPBinding(), "net.tcp://"+h.Addrs()[0].String()+"/calculator", nil)
	if err != nil {
		t.Fatal(err)
	}
	var resp calculator.AddResponse
	if err := p.Call(context.Background(), "Add", &calculator.AddRequest{A: 1, B: 1}, &resp); err != nil {
		t.Fatal(err)
	}
	if _, n, missing := log.last(); n != 0 || missing != 1 {
		t.Fatalf("%d callers, %d calls without; want none, one", n, missing)
	}
	if _, ok := servicemodel.CallerIdentity(context.Background()); ok {
		t.Fatal("CallerIdentity outside a call says ok")
	}
}

// Refusals: each an errors.Is-able ErrSecurityVerification on the client,
// and the host goes on serving a good session beside them.
func TestWindowsRefusals(t *testing.T) {
	addr, log := openWindowsHost(t, windowsBinding(servicemodel.ProtectionEncryptAndSign))
	good, err := openWindowsProxy(t, windowsBinding(servicemodel.ProtectionEncryptAndSign), addr, &servicemodel.ProxyOptions{Windows: alicePw})
	if err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		cred *servicemodel.WindowsClientCredential
		prot servicemodel.ProtectionLevel
		code uint32 // the HandshakeError the host sends
	}{
		"wrong password":      {&servicemodel.WindowsClientCredential{User: `WWS\alice`, Password: "wrong"}, servicemodel.ProtectionEncryptAndSign, nettcp.NNSErrLogonDenied},
		"unknown user":        {&servicemodel.WindowsClientCredential{User: `WWS\eve`, Password: "Passw0rd!"}, servicemodel.ProtectionEncryptAndSign, nettcp.NNSErrLogonDenied},
		"wrong domain":        {&servicemodel.WindowsClientCredential{User: `OTHER\alice`, Password: "Passw0rd!"}, servicemodel.ProtectionEncryptAndSign, nettcp.NNSErrLogonDenied},
		"under-protected":     {alicePw, servicemodel.ProtectionSign, nettcp.NNSErrTrustFailure},
		"under-protected UPN": {&servicemodel.WindowsClientCredential{User: "alice@WWS", Password: "Passw0rd!"}, servicemodel.ProtectionNone, nettcp.NNSErrTrustFailure},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := openWindowsProxy(t, windowsBinding(tc.prot), addr, &servicemodel.ProxyOptions{Windows: tc.cred})
			if !errors.Is(err, servicemodel.ErrSecurityVerification) {
				t.Fatalf("Open: %v; want ErrSecurityVerification", err)
			}
			var ne *nettcp.NNSError
			if !errors.As(err, &ne) || ne.Code != tc.code {
				t.Fatalf("Open: %v; want the host's HandshakeError %#x", err, tc.code)
			}
			var resp calculator.AddResponse
			if err := good.Call(context.Background(), "Add", &calculator.AddRequest{A: 40, B: 2}, &resp); err != nil || resp.AddResult != 42 {
				t.Fatalf("the good session after it: %d, %v", resp.AddResult, err)
			}
		})
	}
	if _, n, _ := log.last(); n != 5 {
		t.Fatalf("%d calls reached the operation, want the good session's 5", n)
	}
	// No upgrade at all: the host sends the UpgradeInvalid framing fault.
	_, err = openWindowsProxy(t, servicemodel.NewNetTCPBinding(), addr, nil)
	if !errors.Is(err, servicemodel.ErrEndpointFailure) {
		t.Fatalf("an unsecured client: %v; want the framing fault (ErrEndpointFailure)", err)
	}
}

// Configurations that cannot be served are errors, never a plaintext
// session.
func TestWindowsConfigErrors(t *testing.T) {
	b := windowsBinding(servicemodel.ProtectionEncryptAndSign)
	for name, opts := range map[string]*servicemodel.ProxyOptions{
		"user alone":          {Windows: &servicemodel.WindowsClientCredential{User: `WWS\alice`}},
		"password, no user":   {Windows: &servicemodel.WindowsClientCredential{Password: "x"}},
		"keytab, no user":     {Windows: &servicemodel.WindowsClientCredential{Keytab: "/etc/krb5.keytab"}},
		"NT hash, NTLM off":   {Windows: &servicemodel.WindowsClientCredential{User: `WWS\alice`, NTHash: make([]byte, 16), DisallowNTLM: true}},
		"short NT hash":       {Windows: &servicemodel.WindowsClientCredential{User: `WWS\alice`, NTHash: []byte{1}}},
		"domain without user": {Windows: &servicemodel.WindowsClientCredential{User: `WWS\`, Password: "x"}},
	} {
		_, err := openWindowsProxy(t, b, "net.tcp://127.0.0.1:1/calculator", opts)
		if !errors.Is(err, servicemodel.ErrInvalidOperation) {
			t.Errorf("%s: Open %v; want ErrInvalidOperation", name, err)
		}
	}
	for name, sec := range map[string]servicemodel.Security{
		"TransportCredentialOnly": {Mode: servicemodel.SecurityModeTransportCredentialOnly, Credential: servicemodel.CredentialWindows},
		"None with credential":    {Credential: servicemodel.CredentialWindows},
	} {
		b := servicemodel.NewNetTCPBinding()
		b.Security = sec
		if _, err := openWindowsProxy(t, b, "net.tcp://127.0.0.1:1/calculator", &servicemodel.ProxyOptions{Windows: alicePw}); !errors.Is(err, servicemodel.ErrNotSupported) {
			t.Errorf("%s: Open %v; want ErrNotSupported", name, err)
		}
	}
	for name, tc := range map[string]struct {
		opts *servicemodel.HostOptions
		want error
	}{
		"no Windows credential": {nil, servicemodel.ErrInvalidEndpoint},
		"no user file":          {&servicemodel.HostOptions{Windows: &servicemodel.WindowsServiceCredential{}}, servicemodel.ErrInvalidEndpoint},
		"missing user file":     {&servicemodel.HostOptions{Windows: &servicemodel.WindowsServiceCredential{NTLMUserFile: "/nonexistent/users"}}, servicemodel.ErrInvalidEndpoint},
		"missing keytab":        {&servicemodel.HostOptions{Windows: &servicemodel.WindowsServiceCredential{Keytab: "/nonexistent/krb5.keytab"}}, servicemodel.ErrInvalidEndpoint},
		"principal, no keytab":  {&servicemodel.HostOptions{Windows: &servicemodel.WindowsServiceCredential{ServicePrincipal: "host/x", NTLMUserFile: userFile(t)}}, servicemodel.ErrInvalidEndpoint},
	} {
		opts := tc.opts
		h, err := servicemodel.NewHost(opts, &servicemodel.Endpoint{Address: "net.tcp://127.0.0.1:0/calculator", Binding: b, Contract: calculator.Contract()})
		if err != nil {
			t.Fatal(err)
		}
		if err := h.Open(context.Background()); !errors.Is(err, tc.want) {
			t.Errorf("%s: host Open %v; want %v", name, err, tc.want)
		}
		h.Abort()
	}
}

// Endpoints sharing a port agree on its security.
func TestWindowsPortSharingConflict(t *testing.T) {
	addr := freeNetTCPAddr(t)
	for _, other := range []*servicemodel.NetTCPBinding{servicemodel.NewNetTCPBinding(), windowsBinding(servicemodel.ProtectionSign)} {
		h, err := servicemodel.NewHost(&servicemodel.HostOptions{Windows: &servicemodel.WindowsServiceCredential{NTLMUserFile: userFile(t)}},
			&servicemodel.Endpoint{Address: addr, Binding: windowsBinding(servicemodel.ProtectionEncryptAndSign), Contract: calculator.Contract()},
			&servicemodel.Endpoint{Address: addr + "2", Binding: other, Contract: calculator.Contract()})
		if err != nil {
			t.Fatal(err)
		}
		err = h.Open(context.Background())
		h.Abort()
		if !errors.Is(err, servicemodel.ErrAddressInUse) || !strings.Contains(err.Error(), "security") {
			t.Errorf("Open: %v; want ErrAddressInUse naming the security", err)
		}
	}
	h, err := servicemodel.NewHost(&servicemodel.HostOptions{Windows: &servicemodel.WindowsServiceCredential{NTLMUserFile: userFile(t)}},
		&servicemodel.Endpoint{Address: addr, Binding: windowsBinding(servicemodel.ProtectionSign), Contract: calculator.Contract()},
		&servicemodel.Endpoint{Address: addr + "2", Binding: windowsBinding(servicemodel.ProtectionSign), Contract: calculator.Contract()})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Abort()
	if err := h.Open(context.Background()); err != nil {
		t.Fatalf("two endpoints of one security on a port: %v", err)
	}
}

// TestWindowsSoak: 8 sealed sessions, 500 calls pipelined on each; every
// reply arrives and matches its request.
func TestWindowsSoak(t *testing.T) {
	const sessions, calls = 8, 500
	addr, log := openWindowsHost(t, windowsBinding(servicemodel.ProtectionEncryptAndSign))
	var wg sync.WaitGroup
	errs := make(chan error, sessions*calls)
	for s := range sessions {
		p, err := openWindowsProxy(t, windowsBinding(servicemodel.ProtectionEncryptAndSign), addr,
			&servicemodel.ProxyOptions{Windows: alicePw, MaxPendingCalls: calls})
		if err != nil {
			t.Fatal(err)
		}
		for i := range calls {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var resp calculator.AddResponse
				a, b := int32(s*calls+i), int32(i)
				if err := p.Call(context.Background(), "Add", &calculator.AddRequest{A: a, B: b}, &resp); err != nil {
					errs <- err
				} else if resp.AddResult != a+b {
					errs <- fmt.Errorf("Add(%d, %d) = %d", a, b, resp.AddResult)
				}
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if _, n, missing := log.last(); n != sessions*calls || missing != 0 {
		t.Fatalf("the operation saw %d callers and %d calls without; want %d", n, missing, sessions*calls)
	}
}

// servicemodel.DialChannel authenticates a bare channel as a proxy does.
func TestWindowsDialChannel(t *testing.T) {
	addr, log := openWindowsHost(t, windowsBinding(servicemodel.ProtectionEncryptAndSign))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	// Without credentials: Kerberos from the default credential cache,
	// here none.
	t.Setenv("KRB5CCNAME", filepath.Join(t.TempDir(), "no-ccache"))
	if _, err := servicemodel.DialChannel(ctx, windowsBinding(servicemodel.ProtectionEncryptAndSign), addr, nil); !errors.Is(err, servicemodel.ErrSecurityVerification) || !strings.Contains(err.Error(), "no-ccache") {
		t.Fatalf("without credentials (the Kerberos cache, missing): %v; want ErrSecurityVerification naming the cache", err)
	}
	ch, err := servicemodel.DialChannel(ctx, windowsBinding(servicemodel.ProtectionEncryptAndSign), addr, &servicemodel.ProxyOptions{Windows: alicePw})
	if err != nil {
		t.Fatal(err)
	}
	c := &tcpClient{ch: ch, to: addr}
	var resp calculator.AddResponse
	if err := c.call(ctx, "Add", &calculator.AddRequest{A: 2, B: 3}, &resp); err != nil || resp.AddResult != 5 {
		t.Fatalf("Add = %d, %v", resp.AddResult, err)
	}
	if err := ch.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if c, n, _ := log.last(); c.Name != `WWS\alice` || n != 1 {
		t.Fatalf("caller %+v, %d calls", c, n)
	}
}

// A pooled connection authenticated as one user is reused by that user's
// next proxy, never by another's.
func TestWindowsPoolKeepsUsersApart(t *testing.T) {
	addr, log := openWindowsHost(t, windowsBinding(servicemodel.ProtectionEncryptAndSign))
	pool := nettcp.NewPool(nil)
	defer pool.Close()
	b := windowsBinding(servicemodel.ProtectionEncryptAndSign)
	b.Pool = pool
	bob := &servicemodel.WindowsClientCredential{User: `WWS\bob`, Password: "S3cret!"}
	for i, tc := range []struct {
		cred     *servicemodel.WindowsClientCredential
		name     string
		idleFrom int // idle connections before the call; the call takes one when it is its user's
	}{
		{alicePw, `WWS\alice`, 0},
		{bob, `WWS\bob`, 1},       // alice's idle connection is not bob's
		{alicePw, `WWS\alice`, 2}, // alice's is reused
	} {
		if got := pool.Idle(); got != tc.idleFrom {
			t.Fatalf("call %d: %d idle connections, want %d", i, got, tc.idleFrom)
		}
		p, err := openWindowsProxy(t, b, addr, &servicemodel.ProxyOptions{Windows: tc.cred})
		if err != nil {
			t.Fatal(err)
		}
		var resp calculator.AddResponse
		if err := p.Call(context.Background(), "Add", &calculator.AddRequest{A: 1, B: 1}, &resp); err != nil {
			t.Fatal(err)
		}
		if c, _, _ := log.last(); c.Name != tc.name {
			t.Fatalf("call %d as %s: the operation saw %s", i, tc.name, c.Name)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		err = p.Close(ctx)
		cancel()
		if err != nil {
			t.Fatal(err)
		}
	}
	if got := pool.Idle(); got != 2 {
		t.Fatalf("%d idle connections at the end, want alice's and bob's", got)
	}
}

// lockedBuffer is a log destination safe for the host's goroutines; seen
// is closed once a line containing want has been written.
type lockedBuffer struct {
	mu   sync.Mutex
	b    bytes.Buffer
	want string
	seen chan struct{}
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.seen != nil && bytes.Contains(p, []byte(l.want)) {
		close(l.seen)
		l.seen = nil
	}
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// A host's Logger hears, at Debug, of each client whose Windows
// authentication it refused, and of no client it accepted.
func TestWindowsRefusalLogged(t *testing.T) {
	seen := make(chan struct{})
	buf := lockedBuffer{want: "Windows authentication refused", seen: seen}
	addr, _ := openWindowsHostLogged(t, windowsBinding(servicemodel.ProtectionEncryptAndSign),
		slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})))
	p, err := openWindowsProxy(t, windowsBinding(servicemodel.ProtectionEncryptAndSign), addr, &servicemodel.ProxyOptions{Windows: alicePw})
	if err != nil {
		t.Fatal(err)
	}
	var resp calculator.AddResponse
	if err := p.Call(context.Background(), "Add", &calculator.AddRequest{A: 1, B: 1}, &resp); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "refused") {
		t.Fatalf("a good client was logged as refused:\n%s", buf.String())
	}
	_, err = openWindowsProxy(t, windowsBinding(servicemodel.ProtectionEncryptAndSign), addr,
		&servicemodel.ProxyOptions{Windows: &servicemodel.WindowsClientCredential{User: `WWS\\eve`, Password: "x"}})
	if !errors.Is(err, servicemodel.ErrSecurityVerification) {
		t.Fatalf("Open as eve: %v", err)
	}
	// The host logs after sending the HandshakeError the client already
	// read: wait for the record.
	select {
	case <-seen:
	case <-time.After(10 * time.Second):
		t.Fatalf("no refusal logged:\n%s", buf.String())
	}
	out := buf.String()
	for _, want := range []string{"Windows authentication refused", "remote=127.0.0.1:", "logon denied", "endpoint=net.tcp://"} {
		if !strings.Contains(out, want) {
			t.Errorf("the host's log lacks %q:\n%s", want, out)
		}
	}
}

// recordingConn keeps what a client writes.
type recordingConn struct {
	net.Conn
	mu   sync.Mutex
	sent bytes.Buffer
}

func (c *recordingConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	c.sent.Write(p)
	c.mu.Unlock()
	return c.Conn.Write(p)
}

func utf16le(s string) []byte {
	var b []byte
	for _, r := range s {
		b = append(b, byte(r), byte(r>>8))
	}
	return b
}

// ProxyOptions.Identity is the target name NTLM sends (MsvAvTargetName in
// the AUTHENTICATE message): the SPN, else the UPN, else host/<address
// host>, as WCF's endpoint identity.
func TestWindowsIdentityIsTargetName(t *testing.T) {
	addr, _ := openWindowsHost(t, windowsBinding(servicemodel.ProtectionEncryptAndSign))
	for _, tc := range []struct {
		id     servicemodel.EndpointIdentity
		target string
	}{
		{servicemodel.EndpointIdentity{}, "host/127.0.0.1"},
		{servicemodel.EndpointIdentity{SPN: "host/calc.example.com"}, "host/calc.example.com"},
		{servicemodel.EndpointIdentity{UPN: "svc-calc@EXAMPLE.COM"}, "svc-calc@EXAMPLE.COM"},
		{servicemodel.EndpointIdentity{SPN: "HTTP/spn.example", UPN: "upn@EXAMPLE"}, "HTTP/spn.example"},
	} {
		var rec *recordingConn
		b := windowsBinding(servicemodel.ProtectionEncryptAndSign)
		b.DialContext = func(ctx context.Context, network, a string) (net.Conn, error) {
			c, err := (&net.Dialer{}).DialContext(ctx, network, a)
			if err != nil {
				return nil, err
			}
			rec = &recordingConn{Conn: c}
			return rec, nil
		}
		p, err := openWindowsProxy(t, b, addr, &servicemodel.ProxyOptions{Windows: alicePw, Identity: tc.id})
		if err != nil {
			t.Fatal(err)
		}
		p.Abort()
		rec.mu.Lock()
		sent := rec.sent.Bytes()
		rec.mu.Unlock()
		if !bytes.Contains(sent, utf16le(tc.target)) {
			t.Errorf("identity %+v: the handshake does not name the target %s", tc.id, tc.target)
		}
	}
}
