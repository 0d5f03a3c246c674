package windowsauth

import (
	"errors"
	"strings"

	"github.com/wwsgo/wws/nettcp"
	"github.com/wwsgo/wws/servicemodel/windowsauth/ntlm"
)

// NTLMUpgrader returns the application/negotiate upgrader that
// authenticates with raw NTLM tokens. client configures the client side
// (nil: the upgrader cannot dial), server the server side (nil: it cannot
// accept); protection is the least protection either side accepts, and the
// client asks for sealing when it is EncryptAndSign (WCF's default). A
// client without a TargetName uses WCF's default SPN, host/<the Via's
// host>.
func NTLMUpgrader(client *ntlm.ClientConfig, server *ntlm.ServerConfig, protection nettcp.NNSProtection) *nettcp.NegotiateUpgrader {
	return upgrader(client, server, protection,
		func(c ntlm.ClientConfig) nettcp.NNSAuthenticator { return NewNTLMClient(c) },
		func(s ntlm.ServerConfig) nettcp.NNSAuthenticator { return NewNTLMServer(s) })
}

// SPNEGOUpgrader is NTLMUpgrader with SPNEGO around NTLM, as .NET's
// NegotiateStream speaks it; its server side also takes raw NTLM.
func SPNEGOUpgrader(client *ntlm.ClientConfig, server *ntlm.ServerConfig, protection nettcp.NNSProtection) *nettcp.NegotiateUpgrader {
	return upgrader(client, server, protection,
		func(c ntlm.ClientConfig) nettcp.NNSAuthenticator { return NewSPNEGOClient(c) },
		func(s ntlm.ServerConfig) nettcp.NNSAuthenticator { return NewSPNEGOServer(s) })
}

func upgrader(client *ntlm.ClientConfig, server *ntlm.ServerConfig, protection nettcp.NNSProtection,
	newClient func(ntlm.ClientConfig) nettcp.NNSAuthenticator, newServer func(ntlm.ServerConfig) nettcp.NNSAuthenticator) *nettcp.NegotiateUpgrader {
	u := &nettcp.NegotiateUpgrader{Protection: protection}
	if client != nil {
		cfg := *client
		cfg.Confidentiality = protection == nettcp.NNSProtectionEncryptAndSign
		u.NewClient = func(host string) (nettcp.NNSAuthenticator, error) {
			c := cfg
			if c.TargetName == "" {
				c.TargetName = "host/" + strings.ToLower(host)
			}
			return newClient(c), nil
		}
	}
	if server != nil {
		cfg := *server
		u.NewServer = func() (nettcp.NNSAuthenticator, error) {
			if cfg.Users == nil {
				return nil, errors.New("windowsauth: NTLM server without a UserStore")
			}
			return newServer(cfg), nil
		}
	}
	return u
}

// NegotiateUpgrader returns the application/negotiate upgrader of Windows'
// Negotiate package: SPNEGO with Kerberos and NTLM (NewNegotiateClient,
// NewNegotiateServer). client configures the client side (nil: the
// upgrader cannot dial), server the server side (nil: it cannot accept);
// protection is the least protection either side accepts, and the client
// asks for sealing when it is EncryptAndSign. A client without a
// TargetName uses WCF's default SPN, host/<the Via's host>.
func NegotiateUpgrader(client *NegotiateClientConfig, server *NegotiateServerConfig, protection nettcp.NNSProtection) *nettcp.NegotiateUpgrader {
	u := &nettcp.NegotiateUpgrader{Protection: protection}
	if client != nil {
		cfg := *client
		cfg.Confidentiality = protection == nettcp.NNSProtectionEncryptAndSign
		u.NewClient = func(host string) (nettcp.NNSAuthenticator, error) {
			c := cfg
			if c.TargetName == "" {
				c.TargetName = "host/" + strings.ToLower(host)
			}
			return NewNegotiateClient(c), nil
		}
	}
	if server != nil {
		cfg := *server
		u.NewServer = func() (nettcp.NNSAuthenticator, error) {
			if cfg.Kerberos == nil && (cfg.NTLM == nil || cfg.NTLM.Users == nil) {
				return nil, errors.New("windowsauth: Negotiate server with neither a Kerberos keytab nor an NTLM UserStore")
			}
			return NewNegotiateServer(cfg), nil
		}
	}
	return u
}
