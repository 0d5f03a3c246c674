package windowsauth

import (
	"fmt"

	"github.com/wwsgo/wws/nettcp"
	"github.com/wwsgo/wws/servicemodel/windowsauth/ntlm"
)

// NTLMClient is the client side of an NTLM handshake as an
// nettcp.NNSAuthenticator: NEGOTIATE, then AUTHENTICATE answering the
// CHALLENGE.
type NTLMClient struct {
	ctx  *ntlm.ClientContext
	step int
}

// NewNTLMClient returns an authenticator for one handshake.
func NewNTLMClient(cfg ntlm.ClientConfig) *NTLMClient {
	return &NTLMClient{ctx: ntlm.NewClient(cfg)}
}

// Step implements nettcp.NNSAuthenticator.
func (c *NTLMClient) Step(tok []byte) ([]byte, bool, error) {
	c.step++
	switch c.step {
	case 1:
		out, err := c.ctx.Negotiate()
		return out, false, nnsError(err)
	case 2:
		out, err := c.ctx.Authenticate(tok)
		return out, err == nil, nnsError(err)
	}
	return nil, false, nnsError(fmt.Errorf("%w: NTLM has no step %d", ntlm.ErrNegotiation, c.step))
}

// Protection implements nettcp.NNSAuthenticator.
func (c *NTLMClient) Protection() nettcp.NNSProtection { return protectionOf(c.ctx.Session()) }

// Security implements nettcp.NNSAuthenticator.
func (c *NTLMClient) Security() nettcp.NNSSecurity { return c.ctx.Session() }

// NTLMServer is the server side of an NTLM handshake as an
// nettcp.NNSAuthenticator: CHALLENGE answering the NEGOTIATE, then the
// verification of the AUTHENTICATE.
type NTLMServer struct {
	ctx  *ntlm.ServerContext
	step int
}

// NewNTLMServer returns an authenticator for one handshake.
func NewNTLMServer(cfg ntlm.ServerConfig) *NTLMServer {
	return &NTLMServer{ctx: ntlm.NewServer(cfg)}
}

// Step implements nettcp.NNSAuthenticator.
func (s *NTLMServer) Step(tok []byte) ([]byte, bool, error) {
	s.step++
	switch s.step {
	case 1:
		out, err := s.ctx.Challenge(tok)
		return out, false, nnsError(err)
	case 2:
		err := s.ctx.Authenticate(tok)
		return nil, err == nil, nnsError(err)
	}
	return nil, false, nnsError(fmt.Errorf("%w: NTLM has no step %d", ntlm.ErrNegotiation, s.step))
}

// Protection implements nettcp.NNSAuthenticator.
func (s *NTLMServer) Protection() nettcp.NNSProtection { return protectionOf(s.ctx.Session()) }

// Security implements nettcp.NNSAuthenticator.
func (s *NTLMServer) Security() nettcp.NNSSecurity { return s.ctx.Session() }

// Caller returns the authenticated client; the zero Caller before the
// handshake succeeded.
func (s *NTLMServer) Caller() Caller {
	if s.ctx.Session() == nil {
		return Caller{}
	}
	dom, user := s.ctx.User()
	name := user
	if dom != "" {
		name = dom + `\` + user
	}
	return Caller{Name: name, Mechanism: "NTLM", Protection: s.Protection()}
}

func protectionOf(s *ntlm.Session) nettcp.NNSProtection {
	switch {
	case s == nil:
		return nettcp.NNSProtectionNone
	case s.Confidentiality():
		return nettcp.NNSProtectionEncryptAndSign
	case s.Integrity():
		return nettcp.NNSProtectionSign
	}
	return nettcp.NNSProtectionNone
}
