package windowsauth

import (
	"encoding/asn1"
	"time"

	"github.com/wwsgo/wws/nettcp"
	"github.com/wwsgo/wws/servicemodel/windowsauth/kerberos"
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

// stepper is one side of a context: a mechanism, or SPNEGO around it.
type stepper interface {
	Step([]byte) ([]byte, bool, error)
}

// negotiator is an SPNEGO initiator or acceptor.
type negotiator interface {
	stepper
	Mechanism() spnego.Mechanism
}

// SPNEGOAuthenticator runs SPNEGO (RFC 4178, what .NET's NegotiateStream
// sends: the Negotiate package) as an nettcp.NNSAuthenticator around the
// mechanisms it may negotiate, Kerberos and NTLM. As a server it also
// takes a raw NTLM or Kerberos token.
type SPNEGOAuthenticator struct {
	sp negotiator
}

// NegotiateClientConfig is the client side of Windows' Negotiate package:
// SPNEGO offering Kerberos (where a ticket can be had), then NTLM.
type NegotiateClientConfig struct {
	// Kerberos is the client's Kerberos identity; nil offers no Kerberos.
	Kerberos *kerberos.Client
	// NTLM holds the NTLM credentials; nil offers no NTLM (WCF's
	// AllowNtlm = false). Its TargetName and Confidentiality are replaced
	// by the fields below.
	NTLM *ntlm.ClientConfig
	// TargetName is the service principal, such as host/server.example.
	TargetName string
	// Confidentiality asks for sealing (EncryptAndSign).
	Confidentiality bool
	// Now is Kerberos' clock; nil means time.Now.
	Now func() time.Time
}

// NewNegotiateClient returns the client side of SPNEGO for one handshake.
// With neither mechanism its first Step fails.
func NewNegotiateClient(cfg NegotiateClientConfig) *SPNEGOAuthenticator {
	var mechs []spnego.Mechanism
	if cfg.Kerberos != nil {
		mechs = append(mechs, NewKerberosClient(kerberos.InitiatorConfig{
			Client: cfg.Kerberos, TargetName: cfg.TargetName, Confidentiality: cfg.Confidentiality, Now: cfg.Now}))
	}
	if cfg.NTLM != nil {
		n := *cfg.NTLM
		n.TargetName, n.Confidentiality = cfg.TargetName, cfg.Confidentiality
		mechs = append(mechs, NewNTLMClient(n))
	}
	return &SPNEGOAuthenticator{sp: spnego.NewInitiator(mechs...)}
}

// NegotiateServerConfig is the server side of Windows' Negotiate package.
type NegotiateServerConfig struct {
	// Kerberos verifies Kerberos clients; nil refuses Kerberos.
	Kerberos *kerberos.AcceptorConfig
	// NTLM verifies NTLM clients; nil (or no Users) refuses NTLM.
	NTLM *ntlm.ServerConfig
}

// NewNegotiateServer returns the server side of SPNEGO for one handshake.
func NewNegotiateServer(cfg NegotiateServerConfig) *SPNEGOAuthenticator {
	var mechs []spnego.Mechanism
	if cfg.Kerberos != nil {
		mechs = append(mechs, NewKerberosServer(*cfg.Kerberos))
	}
	if cfg.NTLM != nil && cfg.NTLM.Users != nil {
		mechs = append(mechs, NewNTLMServer(*cfg.NTLM))
	}
	return &SPNEGOAuthenticator{sp: spnego.NewAcceptor(mechs...)}
}

// NewSPNEGOClient returns the client side of SPNEGO offering NTLM only.
func NewSPNEGOClient(cfg ntlm.ClientConfig) *SPNEGOAuthenticator {
	return &SPNEGOAuthenticator{sp: spnego.NewInitiator(NewNTLMClient(cfg))}
}

// NewSPNEGOServer returns the server side of SPNEGO accepting NTLM only.
func NewSPNEGOServer(cfg ntlm.ServerConfig) *SPNEGOAuthenticator {
	return NewNegotiateServer(NegotiateServerConfig{NTLM: &cfg})
}

// Step implements nettcp.NNSAuthenticator.
func (a *SPNEGOAuthenticator) Step(tok []byte) ([]byte, bool, error) {
	out, done, err := a.sp.Step(tok)
	return out, done, nnsError(err)
}

// inner is the negotiated mechanism, nil before there is one.
func (a *SPNEGOAuthenticator) inner() nettcp.NNSAuthenticator {
	if m, ok := a.sp.Mechanism().(nettcp.NNSAuthenticator); ok {
		return m
	}
	return nil
}

// Protection implements nettcp.NNSAuthenticator.
func (a *SPNEGOAuthenticator) Protection() nettcp.NNSProtection {
	if in := a.inner(); in != nil {
		return in.Protection()
	}
	return nettcp.NNSProtectionNone
}

// Security implements nettcp.NNSAuthenticator.
func (a *SPNEGOAuthenticator) Security() nettcp.NNSSecurity {
	if in := a.inner(); in != nil {
		return in.Security()
	}
	return nil
}

// Mechanism names the negotiated mechanism: "Kerberos", "NTLM", or "".
func (a *SPNEGOAuthenticator) Mechanism() string {
	switch a.sp.Mechanism().(type) {
	case *KerberosClient, *KerberosServer:
		return "Kerberos"
	case *NTLMClient, *NTLMServer:
		return "NTLM"
	}
	return ""
}

// Caller returns the authenticated client (server side).
func (a *SPNEGOAuthenticator) Caller() Caller {
	if c, ok := a.inner().(callerer); ok {
		return c.Caller()
	}
	return Caller{}
}
