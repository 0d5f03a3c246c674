package servicemodel_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/wwsgo/wws/internal/gsspeer"
	"github.com/wwsgo/wws/internal/krbtest"
	"github.com/wwsgo/wws/servicemodel"
	"github.com/wwsgo/wws/servicemodel/calculator"
)

// One Add through servicemodel with Kerberos against testdata/gss/nns_peer.py
// --krb --spnego (MIT krb5 through python3-gssapi, written apart from
// nettcp and windowsauth) in an MIT realm (internal/krbtest): the proxy
// against the peer as the service, the peer as the client of a Host.
// SOAP 1.2 text, as in nettcp_security_gss_test.go.

// startKrbGSSPeer starts nns_peer.py --krb --spnego in r's realm, with the
// client's credential cache or the service's keytab.
func startKrbGSSPeer(t *testing.T, r *kerberosRealm, ccache, keytab string, args ...string) *gsspeer.Peer {
	return gsspeer.StartEnv(t, "nns_peer.py", r.Env(ccache, keytab), "", append([]string{"--krb", "--spnego"}, args...)...)
}

func TestKerberosProxyToGSSService(t *testing.T) {
	r := startKerberosRealm(t, krbSPN)
	for _, prot := range gssProtections() {
		t.Run(prot.String(), func(t *testing.T) {
			args := []string{"--role", "server", "--add"}
			if prot == servicemodel.ProtectionEncryptAndSign {
				args = append(args, "--conf")
			}
			peer := startKrbGSSPeer(t, r, "", r.host.Keytab, args...)
			addr := fmt.Sprintf("net.tcp://127.0.0.1:%s/calculator", peer.Expect("LISTENING")[1])
			// DisallowNTLM: the peer's SPNEGO offers only Kerberos, and
			// the proxy must not get there by any other mechanism.
			cred := &servicemodel.WindowsClientCredential{User: aliceKrb, Password: krbPassword, KRB5Config: r.KRB5Config, DisallowNTLM: true}
			p, err := openWindowsProxy(t, textWindowsBinding(prot), addr, &servicemodel.ProxyOptions{Windows: cred,
				Identity: servicemodel.EndpointIdentity{SPN: krbSPN}})
			if err != nil {
				t.Fatal(err)
			}
			if w := peer.Expect("AUTHENTICATED"); w[1] != aliceKrb || w[2] != flagsFor(prot) {
				t.Fatalf("the peer authenticated %q", w[1:])
			}
			var resp calculator.AddResponse
			if err := p.Call(context.Background(), "Add", &calculator.AddRequest{A: 2, B: 3}, &resp); err != nil || resp.AddResult != 5 {
				t.Fatalf("Add = %d, %v", resp.AddResult, err)
			}
			if w := peer.Expect("ADD"); w[1] != "2" || w[2] != "3" {
				t.Fatalf("the peer added %q", w[1:])
			}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if err := p.Close(ctx); err != nil {
				t.Fatal(err)
			}
			if w := peer.Expect("DONE"); w[1] != "1" {
				t.Fatalf("the peer answered %s envelopes", w[1])
			}
		})
	}
}

func TestKerberosGSSClientToHost(t *testing.T) {
	r := startKerberosRealm(t, krbSPN)
	// The host verifies only with its keytab: no NTLM user file.
	host := &servicemodel.WindowsServiceCredential{Keytab: r.host.Keytab, ServicePrincipal: krbSPN, KRB5Config: r.KRB5Config}
	for _, prot := range gssProtections() {
		t.Run(prot.String(), func(t *testing.T) {
			log := &callerLog{}
			addr := openHost(t, &servicemodel.HostOptions{Windows: host}, textWindowsBinding(prot), winContract(log))
			args := []string{"--role", "client", "--port", addr[strings.LastIndex(addr, ":")+1 : strings.LastIndex(addr, "/")],
				"--via", addr, "--host", "calc.example", "--encoding", "3"}
			if prot == servicemodel.ProtectionEncryptAndSign {
				args = append(args, "--conf")
			}
			peer := startKrbGSSPeer(t, r, r.ccache, "", args...)
			// MIT's initiator puts confidentiality in the authenticator's
			// checksum flags whether asked or not, and the host, as .NET's
			// NegotiateStream, protects the session as the context allows:
			// sealed even on a Sign binding. The peer refuses frames sealed
			// otherwise than its context says, so the Add below also checks
			// that the host's Wrap tokens are sealed.
			sealed := servicemodel.ProtectionEncryptAndSign
			if w := peer.Expect("AUTHENTICATED"); w[1] != "host@calc.example" || w[2] != flagsFor(sealed) {
				t.Fatalf("the peer authenticated %q", w[1:])
			}
			env := `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://www.w3.org/2005/08/addressing"><s:Header>` +
				`<a:Action s:mustUnderstand="1">http://tempuri.org/ICalculator/Add</a:Action>` +
				`<a:MessageID>urn:uuid:7b0e4c2a-1d3f-4e6b-9c8a-5f2d1e0b3a47</a:MessageID>` +
				`<a:ReplyTo><a:Address>http://www.w3.org/2005/08/addressing/anonymous</a:Address></a:ReplyTo>` +
				`<a:To s:mustUnderstand="1">` + addr + `</a:To></s:Header>` +
				`<s:Body><Add xmlns="http://tempuri.org/"><a>2</a><b>3</b></Add></s:Body></s:Envelope>`
			peer.Send("SEND", fmt.Sprintf("%x", env))
			reply := string(peer.ExpectHex("REPLY"))
			if !strings.Contains(reply, "<AddResult>5</AddResult>") || !strings.Contains(reply, "urn:uuid:7b0e4c2a-1d3f-4e6b-9c8a-5f2d1e0b3a47") {
				t.Fatalf("reply %s", reply)
			}
			peer.Send("END")
			if w := peer.Expect("DONE"); w[1] != "1" {
				t.Fatalf("the peer sent %s envelopes", w[1])
			}
			want := servicemodel.Caller{Name: "alice@" + krbtest.Realm, Mechanism: "Kerberos", Protection: sealed}
			if c, n, _ := log.last(); c != want || n != 1 {
				t.Fatalf("the operation saw %+v (%d calls), want %+v", c, n, want)
			}
		})
	}
}
