package servicemodel_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/wwsgo/wws/internal/krbtest"
	"github.com/wwsgo/wws/servicemodel"
	"github.com/wwsgo/wws/servicemodel/calculator"
)

// Kerberos between a ServiceProxy and a Host through the bindings'
// Windows credentials (windowsauth's config.go seam), in an MIT realm
// (internal/krbtest): the host verifies with a keytab (and NTLM with a
// user file beside it), the client authenticates from a password, a
// keytab or a credential cache kinit made.

const (
	krbSPN      = "host/calc.example"
	krbHTTPSPN  = "HTTP/calc.example"
	krbPassword = "Passw0rd!"
)

var aliceKrb = "alice@" + krbtest.Realm

// kerberosRealm is a realm with alice (password and a kinit cache), carol
// (a keytab) and the services, and the host's credentials.
type kerberosRealm struct {
	*krbtest.KDC
	ccache, carolKeytab string
	host                *servicemodel.WindowsServiceCredential
}

func startKerberosRealm(t testing.TB, spn string) *kerberosRealm {
	k := krbtest.Start(t)
	k.AddUser(t, "alice", krbPassword)
	k.AddUser(t, "carol", "Carol-Passw0rd!")
	return &kerberosRealm{KDC: k, ccache: k.Kinit(t, "alice", krbPassword), carolKeytab: k.UserKeytab(t, "carol"),
		host: &servicemodel.WindowsServiceCredential{Keytab: k.AddService(t, spn), ServicePrincipal: spn,
			KRB5Config: k.KRB5Config, NTLMUserFile: userFile(t)}}
}

// clients are the Kerberos credentials of the tests, each with the caller
// the host should see.
func (r *kerberosRealm) clients() map[string]struct {
	cred   *servicemodel.WindowsClientCredential
	caller string
} {
	return map[string]struct {
		cred   *servicemodel.WindowsClientCredential
		caller string
	}{
		"password":     {&servicemodel.WindowsClientCredential{User: aliceKrb, Password: krbPassword, KRB5Config: r.KRB5Config}, aliceKrb},
		"keytab":       {&servicemodel.WindowsClientCredential{User: "carol@" + krbtest.Realm, Keytab: r.carolKeytab, KRB5Config: r.KRB5Config, DisallowNTLM: true}, "carol@" + krbtest.Realm},
		"kinit ccache": {&servicemodel.WindowsClientCredential{CCache: r.ccache, KRB5Config: r.KRB5Config, DisallowNTLM: true}, aliceKrb},
	}
}

// TestKerberosAddCall: Add over net.tcp with Kerberos at EncryptAndSign
// (and Sign), the operation seeing alice@WWS.TEST by Kerberos; a reply
// larger than one NNS frame; NTLM from the same host's user file beside.
func TestKerberosAddCall(t *testing.T) {
	r := startKerberosRealm(t, krbSPN)
	for _, prot := range []servicemodel.ProtectionLevel{servicemodel.ProtectionEncryptAndSign, servicemodel.ProtectionSign} {
		log := &callerLog{}
		addr := openHost(t, &servicemodel.HostOptions{Windows: r.host}, windowsBinding(prot), winContract(log))
		for name, c := range r.clients() {
			p, err := openWindowsProxy(t, windowsBinding(prot), addr, &servicemodel.ProxyOptions{Windows: c.cred,
				Identity: servicemodel.EndpointIdentity{SPN: krbSPN}})
			if err != nil {
				t.Fatalf("%v %s: Open: %v", prot, name, err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			var resp calculator.AddResponse
			if err := p.Call(ctx, "Add", &calculator.AddRequest{A: 2, B: 3}, &resp); err != nil || resp.AddResult != 5 {
				t.Fatalf("%v %s: Add = %d, %v", prot, name, resp.AddResult, err)
			}
			big := strings.Repeat("kerberos", 20_000) // 160 kB: three NNS frames each way
			var echo calculator.EchoResponse
			if err := p.Call(ctx, "Echo", &calculator.EchoRequest{Text: &big}, &echo); err != nil || echo.EchoResult == nil || *echo.EchoResult != big {
				t.Fatalf("%v %s: Echo of %d bytes: %v", prot, name, len(big), err)
			}
			cancel()
			if got, _, _ := log.last(); got != (servicemodel.Caller{Name: c.caller, Mechanism: "Kerberos", Protection: prot}) {
				t.Errorf("%v %s: CallerIdentity %+v", prot, name, got)
			}
			p.Abort()
		}
		p, err := openWindowsProxy(t, windowsBinding(prot), addr, &servicemodel.ProxyOptions{Windows: alicePw})
		if err != nil {
			t.Fatal(err)
		}
		var resp calculator.AddResponse
		if err := p.Call(context.Background(), "Add", &calculator.AddRequest{A: 2, B: 3}, &resp); err != nil {
			t.Fatal(err)
		}
		if got, _, _ := log.last(); got.Name != `WWS\alice` || got.Mechanism != "NTLM" {
			t.Errorf("%v: NTLM beside Kerberos: CallerIdentity %+v", prot, got)
		}
	}
}

// TestKerberosRefusals: a wrong password with NTLM disallowed, a wrong
// SPN, and DisallowNTLM against a host with only an NTLM user file fail
// Open with ErrSecurityVerification; nothing falls back to plaintext.
func TestKerberosRefusals(t *testing.T) {
	r := startKerberosRealm(t, krbSPN)
	kerberosHost := openHost(t, &servicemodel.HostOptions{Windows: r.host}, windowsBinding(servicemodel.ProtectionEncryptAndSign), winContract(&callerLog{}))
	ntlmHost := openHost(t, &servicemodel.HostOptions{Windows: &servicemodel.WindowsServiceCredential{NTLMUserFile: userFile(t)}},
		windowsBinding(servicemodel.ProtectionEncryptAndSign), winContract(&callerLog{}))
	r.AddService(t, "host/other.example")
	kerberosOnly := func(password string) *servicemodel.WindowsClientCredential {
		return &servicemodel.WindowsClientCredential{User: aliceKrb, Password: password, KRB5Config: r.KRB5Config, DisallowNTLM: true}
	}
	for name, tc := range map[string]struct {
		addr string
		cred *servicemodel.WindowsClientCredential
		spn  string
		text string
	}{
		"wrong password":         {kerberosHost, kerberosOnly("nope"), krbSPN, "logon denied"},
		"wrong SPN":              {kerberosHost, kerberosOnly(krbPassword), "host/other.example", ""},
		"NTLM-only host":         {ntlmHost, kerberosOnly(krbPassword), krbSPN, ""},
		"unknown user with NTLM": {kerberosHost, &servicemodel.WindowsClientCredential{User: "mallory@" + krbtest.Realm, Password: "x", KRB5Config: r.KRB5Config}, krbSPN, ""},
	} {
		_, err := openWindowsProxy(t, windowsBinding(servicemodel.ProtectionEncryptAndSign), tc.addr,
			&servicemodel.ProxyOptions{Windows: tc.cred, Identity: servicemodel.EndpointIdentity{SPN: tc.spn}})
		if !errors.Is(err, servicemodel.ErrSecurityVerification) || !strings.Contains(err.Error(), tc.text) {
			t.Errorf("%s: Open %v; want ErrSecurityVerification %q", name, err, tc.text)
		}
	}
}

// TestKerberosHTTP: BasicHttp with TransportCredentialOnly and Windows
// credentials, Kerberos under Negotiate: Add from a password, a keytab
// and a kinit cache, the operation seeing alice by Kerberos (protection
// None: no TLS); a wrong password with NTLM disallowed is refused.
func TestKerberosHTTP(t *testing.T) {
	r := startKerberosRealm(t, krbHTTPSPN)
	b := windowsSecuredHTTP()
	log := &callerLog{}
	addr := openHost(t, &servicemodel.HostOptions{Windows: r.host}, b, winContract(log))
	for name, c := range r.clients() {
		p, err := servicemodel.NewServiceProxy(windowsSecuredHTTP(), calculator.ClientContract(), &servicemodel.ProxyOptions{Windows: c.cred,
			Identity: servicemodel.EndpointIdentity{SPN: krbHTTPSPN}})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		if err := p.Open(ctx, addr); err != nil {
			t.Fatal(err)
		}
		for range 2 { // the second on the authenticated connection
			var resp calculator.AddResponse
			if err := p.Call(ctx, "Add", &calculator.AddRequest{A: 2, B: 3}, &resp); err != nil || resp.AddResult != 5 {
				t.Fatalf("%s: Add = %d, %v", name, resp.AddResult, err)
			}
		}
		cancel()
		p.Abort()
		if got, _, _ := log.last(); got != (servicemodel.Caller{Name: c.caller, Mechanism: "Kerberos", Protection: servicemodel.ProtectionNone}) {
			t.Errorf("%s: CallerIdentity %+v", name, got)
		}
	}
	p, err := servicemodel.NewServiceProxy(windowsSecuredHTTP(), calculator.ClientContract(), &servicemodel.ProxyOptions{
		Windows:  &servicemodel.WindowsClientCredential{User: aliceKrb, Password: "nope", KRB5Config: r.KRB5Config, DisallowNTLM: true},
		Identity: servicemodel.EndpointIdentity{SPN: krbHTTPSPN}})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Abort()
	if err := p.Open(context.Background(), addr); err != nil {
		t.Fatal(err)
	}
	var resp calculator.AddResponse
	if err := p.Call(context.Background(), "Add", &calculator.AddRequest{A: 2, B: 3}, &resp); !errors.Is(err, servicemodel.ErrSecurityVerification) {
		t.Errorf("wrong password: %v; want ErrSecurityVerification", err)
	}
}

func windowsSecuredHTTP() *servicemodel.HTTPBinding {
	b := servicemodel.NewBasicHTTPBinding()
	b.Security = servicemodel.Security{Mode: servicemodel.SecurityModeTransportCredentialOnly, Credential: servicemodel.CredentialWindows}
	return b
}

// openHost opens a host of contract on b at 127.0.0.1 and returns its
// address.
func openHost(t testing.TB, opts *servicemodel.HostOptions, b servicemodel.Binding, contract *servicemodel.Contract) string {
	t.Helper()
	scheme := "net.tcp"
	if hb, ok := b.(*servicemodel.HTTPBinding); ok {
		scheme = hb.Scheme()
	}
	h, err := servicemodel.NewHost(opts, &servicemodel.Endpoint{Address: scheme + "://127.0.0.1:0/calculator", Binding: b, Contract: contract})
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
		h.Close(ctx)
	})
	return scheme + "://" + h.Addrs()[0].String() + "/calculator"
}
