package windowsauth

import (
	"errors"
	"testing"

	"github.com/wwsgo/wws/servicemodel/windowsauth/spnego"
)

// A Windows acceptor answers the optimistic Kerberos AP-REQ with
// accept-completed, the AP-REP and a mechListMIC it was not asked for.
// The client verifies that MIC over its MechTypeList and completes
// without another token (the acceptor is done); a MIC that does not
// verify fails the handshake. The client offers Microsoft's OID first.
func TestKerberosUnaskedAcceptorMIC(t *testing.T) {
	r := startRealm(t)
	cl := r.client(t, "alice", krbPassword)
	for _, tamper := range []bool{false, true} {
		c := NewNegotiateClient(NegotiateClientConfig{Kerberos: cl, NTLM: nil, TargetName: krbSPN, Confidentiality: true})
		s := NewNegotiateServer(NegotiateServerConfig{Kerberos: r.acceptor(t)})
		initTok, _, err := c.Step(nil)
		if err != nil {
			t.Fatal(err)
		}
		init, _, _ := spnego.Parse(initTok)
		if len(init.MechTypes) != 2 || !init.MechTypes[0].Equal(spnego.OIDMSKerberos) || !init.MechTypes[1].Equal(spnego.OIDKerberos) {
			t.Fatalf("offer %v", init.MechTypes)
		}
		out, done, err := s.Step(initTok)
		if err != nil || !done {
			t.Fatalf("acceptor: %v", err)
		}
		_, resp, _ := spnego.Parse(out)
		if resp.NegState != spnego.NegStateAcceptCompleted || !resp.SupportedMech.Equal(spnego.OIDMSKerberos) || resp.MechListMIC != nil {
			t.Fatalf("acceptor answered %+v", resp)
		}
		ks := s.sp.Mechanism().(*KerberosServer)
		mic, _ := ks.MIC(init.RawMechTypes)
		if tamper {
			mic[len(mic)-1] ^= 1
		}
		resp.MechListMIC = mic
		out, _ = resp.Marshal()
		final, done, err := c.Step(out)
		if tamper {
			if !errors.Is(err, spnego.ErrSecurityVerification) {
				t.Fatalf("a bad mechListMIC: %v", err)
			}
			continue
		}
		if err != nil || !done || final != nil {
			t.Fatalf("client: done %v, %d bytes more, %v", done, len(final), err)
		}
		if c.Mechanism() != "Kerberos" {
			t.Fatalf("negotiated %q", c.Mechanism())
		}
	}
}
