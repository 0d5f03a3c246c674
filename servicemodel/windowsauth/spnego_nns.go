package windowsauth

import (
	"encoding/asn1"

	"github.com/wwsgo/wws/nettcp"
	"github.com/wwsgo/wws/servicemodel/windowsauth/ntlm"
	"github.com/wwsgo/wws/servicemodel/windowsauth/spnego"
)

// NTLM as an SPNEGO mechanism: the mechListMIC is an NTLM signature made
// with the session, after which both RC4 keystreams start over
// (ntlm.Session.ResetSealing).

// OID implements spnego.Mechanism.
func (c *NTLMClient) OID() asn1.ObjectIdentifier { return spnego.OIDNTLM }

// MIC implements spnego.Mechanism.
func (c *NTLMClient) MIC(msg []byte) ([]byte, error) { return micOf(c.ctx.Session(), msg) }

// VerifyMIC implements spnego.Mechanism.
func (c *NTLMClient) VerifyMIC(msg, mic []byte) error { return verifyMICOf(c.ctx.Session(), msg, mic) }

// NegotiationDone implements spnego.Mechanism.
func (c *NTLMClient) NegotiationDone() { c.ctx.Session().ResetSealing() }

// OID implements spnego.Mechanism.
func (s *NTLMServer) OID() asn1.ObjectIdentifier { return spnego.OIDNTLM }

// MIC implements spnego.Mechanism.
func (s *NTLMServer) MIC(msg []byte) ([]byte, error) { return micOf(s.ctx.Session(), msg) }

// VerifyMIC implements spnego.Mechanism.
func (s *NTLMServer) VerifyMIC(msg, mic []byte) error { return verifyMICOf(s.ctx.Session(), msg, mic) }

// NegotiationDone implements spnego.Mechanism.
func (s *NTLMServer) NegotiationDone() { s.ctx.Session().ResetSealing() }

func micOf(s *ntlm.Session, msg []byte) ([]byte, error) {
	if s == nil {
		return nil, ntlm.ErrNegotiation
	}
	return s.AppendSign(nil, msg), nil
}

func verifyMICOf(s *ntlm.Session, msg, mic []byte) error {
	if s == nil {
		return ntlm.ErrNegotiation
	}
	return s.Verify(msg, mic)
}

// stepper is an SPNEGO initiator or acceptor.
type stepper interface {
	Step([]byte) ([]byte, bool, error)
}

// SPNEGOAuthenticator runs SPNEGO around an NTLM authenticator as an
// nettcp.NNSAuthenticator: .NET's NegotiateStream sends SPNEGO tokens
// (the Negotiate package). As a server it also takes raw NTLM tokens.
type SPNEGOAuthenticator struct {
	sp    stepper
	inner nettcp.NNSAuthenticator
}

// NewSPNEGOClient returns the client side of SPNEGO offering NTLM.
func NewSPNEGOClient(cfg ntlm.ClientConfig) *SPNEGOAuthenticator {
	c := NewNTLMClient(cfg)
	return &SPNEGOAuthenticator{sp: spnego.NewInitiator(c), inner: c}
}

// NewSPNEGOServer returns the server side of SPNEGO accepting NTLM.
func NewSPNEGOServer(cfg ntlm.ServerConfig) *SPNEGOAuthenticator {
	s := NewNTLMServer(cfg)
	return &SPNEGOAuthenticator{sp: spnego.NewAcceptor(s), inner: s}
}

// Step implements nettcp.NNSAuthenticator.
func (a *SPNEGOAuthenticator) Step(tok []byte) ([]byte, bool, error) {
	out, done, err := a.sp.Step(tok)
	return out, done, nnsError(err)
}

// Protection implements nettcp.NNSAuthenticator.
func (a *SPNEGOAuthenticator) Protection() nettcp.NNSProtection { return a.inner.Protection() }

// Security implements nettcp.NNSAuthenticator.
func (a *SPNEGOAuthenticator) Security() nettcp.NNSSecurity { return a.inner.Security() }

// Caller returns the authenticated client (server side).
func (a *SPNEGOAuthenticator) Caller() Caller {
	if c, ok := a.inner.(callerer); ok {
		return c.Caller()
	}
	return Caller{}
}
