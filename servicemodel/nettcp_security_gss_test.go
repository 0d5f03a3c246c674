package servicemodel_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/wwsgo/wws/internal/gsspeer"
	"github.com/wwsgo/wws/servicemodel"
	"github.com/wwsgo/wws/servicemodel/calculator"
	"github.com/wwsgo/wws/soap"
)

// One Add through servicemodel against testdata/gss/nns_peer.py, an
// [MC-NMF] + [MS-NNS] peer on gss-ntlmssp (python3-gssapi) written apart
// from nettcp: the proxy against the peer as the service, the peer as the
// client of a Host. SOAP 1.2 text, so that the peer can read and write
// the envelopes.

func textWindowsBinding(p servicemodel.ProtectionLevel) *servicemodel.NetTCPBinding {
	b := windowsBinding(p)
	b.Encoding = soap.NewTextEncoding(soap.Soap12WSAddressing10, soap.EncodingOptions{})
	return b
}

func gssProtections() []servicemodel.ProtectionLevel {
	return []servicemodel.ProtectionLevel{servicemodel.ProtectionEncryptAndSign, servicemodel.ProtectionSign}
}

// flagsFor is what the peer prints for a session at p.
func flagsFor(p servicemodel.ProtectionLevel) string {
	if p == servicemodel.ProtectionEncryptAndSign {
		return "confidentiality"
	}
	return "integrity"
}

func TestWindowsProxyToGSSService(t *testing.T) {
	for _, prot := range gssProtections() {
		t.Run(prot.String(), func(t *testing.T) {
			args := []string{"--role", "server", "--spnego", "--add"}
			if prot == servicemodel.ProtectionEncryptAndSign {
				args = append(args, "--conf")
			}
			peer := gsspeer.Start(t, "nns_peer.py", winUsers, args...)
			addr := fmt.Sprintf("net.tcp://127.0.0.1:%s/calculator", peer.Expect("LISTENING")[1])
			p, err := openWindowsProxy(t, textWindowsBinding(prot), addr, &servicemodel.ProxyOptions{Windows: alicePw})
			if err != nil {
				t.Fatal(err)
			}
			if w := peer.Expect("AUTHENTICATED"); w[1] != `WWS\alice` || w[2] != flagsFor(prot) {
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

func TestWindowsGSSClientToHost(t *testing.T) {
	for _, spnego := range []bool{true, false} {
		for _, prot := range gssProtections() {
			t.Run(fmt.Sprintf("spnego=%v/%v", spnego, prot), func(t *testing.T) {
				addr, log := openWindowsHost(t, textWindowsBinding(prot))
				args := []string{"--role", "client", "--port", addr[strings.LastIndex(addr, ":")+1 : strings.LastIndex(addr, "/")],
					"--via", addr, "--domain", "WWS", "--user", "alice", "--password", alicePw.Password, "--encoding", "3"}
				if spnego {
					args = append(args, "--spnego")
				}
				if prot == servicemodel.ProtectionEncryptAndSign {
					args = append(args, "--conf")
				}
				peer := gsspeer.Start(t, "nns_peer.py", winUsers, args...)
				if w := peer.Expect("AUTHENTICATED"); w[2] != flagsFor(prot) {
					t.Fatalf("the peer authenticated with %s", w[2])
				}
				env := `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://www.w3.org/2005/08/addressing"><s:Header>` +
					`<a:Action s:mustUnderstand="1">http://tempuri.org/ICalculator/Add</a:Action>` +
					`<a:MessageID>urn:uuid:2f1c3d7e-9a55-4d8e-bb0e-6f1f4f0c1a21</a:MessageID>` +
					`<a:ReplyTo><a:Address>http://www.w3.org/2005/08/addressing/anonymous</a:Address></a:ReplyTo>` +
					`<a:To s:mustUnderstand="1">` + addr + `</a:To></s:Header>` +
					`<s:Body><Add xmlns="http://tempuri.org/"><a>2</a><b>3</b></Add></s:Body></s:Envelope>`
				peer.Send("SEND", fmt.Sprintf("%x", env))
				reply := string(peer.ExpectHex("REPLY"))
				if !strings.Contains(reply, "<AddResult>5</AddResult>") || !strings.Contains(reply, "urn:uuid:2f1c3d7e-9a55-4d8e-bb0e-6f1f4f0c1a21") {
					t.Fatalf("reply %s", reply)
				}
				peer.Send("END")
				if w := peer.Expect("DONE"); w[1] != "1" {
					t.Fatalf("the peer sent %s envelopes", w[1])
				}
				want := servicemodel.Caller{Name: `WWS\alice`, Mechanism: "NTLM", Protection: prot}
				if c, n, _ := log.last(); c != want || n != 1 {
					t.Fatalf("the operation saw %+v (%d calls), want %+v", c, n, want)
				}
			})
		}
	}
}
