package windowsauth

import (
	"encoding/asn1"
	"errors"
	"testing"

	"github.com/wwsgo/wws/servicemodel/windowsauth/ntlm"
	"github.com/wwsgo/wws/servicemodel/windowsauth/spnego"
)

// A Windows client's Negotiate package offers Kerberos first with an
// optimistic AP-REQ, then NTLM. The acceptor, without Kerberos, picks NTLM
// and asks for the mechListMIC (request-mic), the client starts NTLM in
// its next token, and the MICs over the client's MechTypeList close the
// negotiation. The client side is played with the ntlm package directly.
func TestSPNEGOAcceptorAfterKerberosOffer(t *testing.T) {
	for _, withMIC := range []bool{true, false} {
		srv := NewSPNEGOServer(*serverConfig(t))
		mechTypes, _ := spnego.MarshalMechTypes([]asn1.ObjectIdentifier{spnego.OIDMSKerberos, spnego.OIDKerberos, spnego.OIDNTLM})
		init, _ := (&spnego.NegTokenInit{RawMechTypes: mechTypes, MechToken: []byte("an AP-REQ nobody here reads")}).Marshal()
		out, done, err := srv.Step(init)
		if err != nil || done {
			t.Fatal(err)
		}
		_, r, err := spnego.Parse(out)
		if err != nil || r.NegState != spnego.NegStateRequestMIC || !r.SupportedMech.Equal(spnego.OIDNTLM) || r.ResponseToken != nil {
			t.Fatalf("first answer %+v, %v", r, err)
		}

		c := ntlm.NewClient(ntlm.ClientConfig{Credentials: alice, Confidentiality: true})
		neg, _ := c.Negotiate()
		tok, _ := (&spnego.NegTokenResp{NegState: spnego.NegStateAbsent, ResponseToken: neg}).Marshal()
		if out, done, err = srv.Step(tok); err != nil || done {
			t.Fatal(err)
		}
		_, r, _ = spnego.Parse(out)
		auth, err := c.Authenticate(r.ResponseToken)
		if err != nil {
			t.Fatal(err)
		}
		last := &spnego.NegTokenResp{NegState: spnego.NegStateAbsent, ResponseToken: auth}
		if withMIC {
			last.MechListMIC = c.Session().AppendSign(nil, mechTypes)
		}
		tok, _ = last.Marshal()
		out, done, err = srv.Step(tok)
		if !withMIC {
			if !errors.Is(err, spnego.ErrSecurityVerification) {
				t.Fatalf("no mechListMIC though NTLM was not the first choice: %v", err)
			}
			continue
		}
		if err != nil || !done {
			t.Fatalf("%v (done %v)", err, done)
		}
		_, r, _ = spnego.Parse(out)
		if r.NegState != spnego.NegStateAcceptCompleted {
			t.Fatalf("last answer %+v", r)
		}
		if err := c.Session().Verify(mechTypes, r.MechListMIC); err != nil {
			t.Fatalf("acceptor's mechListMIC: %v", err)
		}
		if srv.Caller().Name != `WWS\alice` {
			t.Fatalf("caller %+v", srv.Caller())
		}
	}
}
