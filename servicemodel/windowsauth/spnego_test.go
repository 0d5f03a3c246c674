package windowsauth

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/wwsgo/wws/internal/gsspeer"
	"github.com/wwsgo/wws/nettcp"
	"github.com/wwsgo/wws/servicemodel/windowsauth/ntlm"
	"github.com/wwsgo/wws/servicemodel/windowsauth/spnego"
)

func TestSPNEGOGoToGo(t *testing.T) {
	for _, prot := range protections {
		u := SPNEGOUpgrader(&ntlm.ClientConfig{Credentials: alice}, serverConfig(t), prot)
		cc, sc, cerr, serr := upgradePair(t, u, u)
		if cerr != nil || serr != nil {
			t.Fatalf("%v: client %v, server %v", prot, cerr, serr)
		}
		if c, ok := CallerOf(sc); !ok || c.Name != `WWS\alice` || c.Protection != prot {
			t.Fatalf("%v: caller %+v", prot, c)
		}
		go cc.Write([]byte("after the mechListMICs"))
		buf := make([]byte, 64)
		if n, err := sc.Read(buf); err != nil || string(buf[:n]) != "after the mechListMICs" {
			t.Fatalf("%v: read %q, %v", prot, buf[:n], err)
		}
	}
}

// A server with SPNEGOUpgrader also takes a client sending raw NTLM.
func TestSPNEGOServerTakesRawNTLM(t *testing.T) {
	prot := nettcp.NNSProtectionEncryptAndSign
	_, sc, cerr, serr := upgradePair(t, NTLMUpgrader(&ntlm.ClientConfig{Credentials: alice}, nil, prot), SPNEGOUpgrader(nil, serverConfig(t), prot))
	if cerr != nil || serr != nil {
		t.Fatalf("client %v, server %v", cerr, serr)
	}
	if c, ok := CallerOf(sc); !ok || c.Name != `WWS\alice` {
		t.Fatalf("caller %+v", c)
	}
}

func TestSPNEGOWrongPassword(t *testing.T) {
	prot := nettcp.NNSProtectionEncryptAndSign
	bad := ntlm.Credentials{Domain: "WWS", User: "alice", Password: "nope"}
	_, _, cerr, serr := upgradePair(t, SPNEGOUpgrader(&ntlm.ClientConfig{Credentials: bad}, nil, prot), SPNEGOUpgrader(nil, serverConfig(t), prot))
	var ne *nettcp.NNSError
	if !errors.As(cerr, &ne) || ne.Code != nettcp.NNSErrLogonDenied || !errors.Is(serr, ntlm.ErrLogonDenied) {
		t.Fatalf("client %v, server %v", cerr, serr)
	}
}

// stepper drives the Go side of a token exchange with ntlm_peer.py until
// both sides are complete.
func exchangeWithPeer(t *testing.T, p *gsspeer.Peer, goSide stepper, goFirst bool) error {
	t.Helper()
	goDone, peerDone := false, false
	if goFirst {
		out, _, err := goSide.Step(nil)
		if err != nil {
			t.Fatal(err)
		}
		p.Send("TOKEN", hex.EncodeToString(out))
	}
	for !goDone || !peerDone {
		w, err := p.Next()
		if err != nil {
			return err
		}
		switch w[0] {
		case "TOKEN":
			tok, _ := hex.DecodeString(w[1])
			out, done, err := goSide.Step(tok)
			if err != nil {
				return err
			}
			goDone = done
			if out != nil {
				p.Send("TOKEN", hex.EncodeToString(out))
			}
		case "ESTABLISHED":
			peerDone = true
		default:
			return fmt.Errorf("peer: %s", strings.Join(w, " "))
		}
	}
	return nil
}

// TestSPNEGOWithGSS negotiates NTLM under SPNEGO against MIT krb5's SPNEGO
// over gss-ntlmssp both ways (mechListMICs exchanged and checked), then
// exchanges sealed messages both ways, which shows that both sides start
// their RC4 keystreams over after the MICs alike.
func TestSPNEGOWithGSS(t *testing.T) {
	for _, goClient := range []bool{true, false} {
		t.Run(map[bool]string{true: "GoInitiator", false: "GoAcceptor"}[goClient], func(t *testing.T) {
			var a *SPNEGOAuthenticator
			var p *gsspeer.Peer
			if goClient {
				a = NewSPNEGOClient(ntlm.ClientConfig{Credentials: alice, Confidentiality: true, TargetName: "host/server.example"})
				p = gsspeer.Start(t, "ntlm_peer.py", testUsers, "--role", "accept", "--spnego")
			} else {
				a = NewSPNEGOServer(*serverConfig(t))
				// MIT's SPNEGO initiator uses the NTLM credentials gss-ntlmssp
				// reads from NTLM_USER_FILE, not those acquired with the password.
				p = gsspeer.Start(t, "ntlm_peer.py", testUsers, "--role", "initiate", "--spnego", "--conf",
					"--domain", "WWS", "--user", "alice", "--password", "Passw0rd!")
			}
			if err := exchangeWithPeer(t, p, a, goClient); err != nil {
				t.Fatal(err)
			}
			sec := a.Security()
			for _, msg := range [][]byte{[]byte("first after SPNEGO"), bytes.Repeat([]byte("z"), 5000)} {
				payload, err := sec.Wrap(nil, msg)
				if err != nil {
					t.Fatal(err)
				}
				p.Send("UNWRAP", hex.EncodeToString(payload))
				if got := p.ExpectHex("PLAIN"); !bytes.Equal(got, msg) {
					t.Fatalf("peer unwrapped %d bytes", len(got))
				}
				p.Send("WRAP", "1", hex.EncodeToString(msg))
				got, err := sec.Unwrap(p.ExpectHex("DATA"))
				if err != nil || !bytes.Equal(got, msg) {
					t.Fatalf("Go unwrapped %d bytes, %v", len(got), err)
				}
			}
		})
	}
}

func TestSPNEGOWithGSSRefusals(t *testing.T) {
	bad := ntlm.Credentials{Domain: "WWS", User: "alice", Password: "nope"}
	p := gsspeer.Start(t, "ntlm_peer.py", testUsers, "--role", "accept", "--spnego")
	if err := exchangeWithPeer(t, p, NewSPNEGOClient(ntlm.ClientConfig{Credentials: bad, Confidentiality: true}), true); err == nil {
		t.Fatal("gss SPNEGO acceptor took a wrong password")
	}
	// MIT's SPNEGO initiator looks for NTLM credentials it can list, which
	// gss-ntlmssp finds through NTLM_USER_FILE; the password given wins.
	p = gsspeer.Start(t, "ntlm_peer.py", "WWS:alice:nope\n", "--role", "initiate", "--spnego", "--conf", "--domain", "WWS", "--user", "alice", "--password", "nope")
	if err := exchangeWithPeer(t, p, NewSPNEGOServer(*serverConfig(t)), false); !errors.Is(err, ntlm.ErrLogonDenied) {
		t.Fatalf("Go SPNEGO acceptor: %v", err)
	}
}

var _ spnego.Mechanism = (*NTLMClient)(nil)
var _ spnego.Mechanism = (*NTLMServer)(nil)
