// Transport security: an endpoint's "security" (WCF's binding Security:
// mode, client credential type, protection level) and the host's
// Windows service credentials (WCF's serviceCredentials behaviour,
// which belongs to the service, not to an endpoint: one keytab and one
// user file verify the clients of every endpoint). The credentials may be
// named in the host's "windows" section or in an endpoint's "security"
// block (as issue 12 spells it); HostWindows folds them into one set.

package config

import "fmt"

// Security modes, credentials and protection levels as the file spells
// them.
const (
	ModeNone                    = "none"
	ModeTransport               = "transport"
	ModeTransportCredentialOnly = "transport_credential_only"

	CredentialNone    = "none"
	CredentialWindows = "windows"

	ProtectionEncryptAndSign = "encrypt_and_sign"
	ProtectionSign           = "sign"
	ProtectionNone           = "none"
)

// Security is an endpoint's transport security. Empty fields take the
// defaults: mode none, credential none, protection encrypt_and_sign.
//
//   - nettcp: mode transport with credential windows is the
//     application/negotiate upgrade (WCF NetTcpBinding's default) at
//     protection; with credential none it is TLS (the endpoint's "tls").
//   - soap12/soap11: mode transport is HTTPS (the endpoint's "tls"),
//     transport_credential_only is plain HTTP; credential windows asks
//     for WWW-Authenticate: Negotiate/NTLM. HTTP's protection is TLS, so
//     "protection" is not set.
type Security struct {
	Mode       string `json:"mode"`
	Credential string `json:"credential"`
	Protection string `json:"protection"`
	// Windows (keytab, ntlm_user_file, service_principal, krb5_config,
	// inline in the block) are the host's credentials named at the
	// endpoint, for credential windows: folded with the "windows" section
	// and the other endpoints' by HostWindows.
	Windows
}

// Windows are the host's Windows service credentials, used by every
// endpoint whose credential is windows.
type Windows struct {
	// NTLMUserFile is a gss-ntlmssp user file (DOMAIN:user:password, or
	// smbpasswd lines with NT hashes) verifying NTLM clients.
	NTLMUserFile string `json:"ntlm_user_file"`
	// Keytab and ServicePrincipal are the service's Kerberos keys and
	// SPN; KRB5Config its krb5.conf.
	Keytab           string `json:"keytab"`
	ServicePrincipal string `json:"service_principal"`
	KRB5Config       string `json:"krb5_config"`
}

// SecurityOf returns the endpoint's security with the defaults filled in.
func (e *Endpoint) SecurityOf() Security {
	s := Security{Mode: ModeNone, Credential: CredentialNone, Protection: ProtectionEncryptAndSign}
	if e.Security != nil {
		if e.Security.Mode != "" {
			s.Mode = e.Security.Mode
		}
		if e.Security.Credential != "" {
			s.Credential = e.Security.Credential
		}
		if e.Security.Protection != "" {
			s.Protection = e.Security.Protection
		}
	}
	return s
}

// validateSecurity checks the endpoint's security against its binding,
// address and tls; at is its path in the file.
func (e *Endpoint) validateSecurity(at string, https bool) error {
	at += ".security"
	if e.Security == nil {
		return nil
	}
	s := e.SecurityOf()
	switch s.Mode {
	case ModeNone, ModeTransport, ModeTransportCredentialOnly:
	default:
		return invalid(at+".mode", "%q: want none, transport or transport_credential_only", s.Mode)
	}
	switch s.Credential {
	case CredentialNone, CredentialWindows:
	default:
		return invalid(at+".credential", "%q: want none or windows", s.Credential)
	}
	switch s.Protection {
	case ProtectionEncryptAndSign, ProtectionSign, ProtectionNone:
	default:
		return invalid(at+".protection", "%q: want encrypt_and_sign, sign or none", s.Protection)
	}
	if s.Mode == ModeNone && s.Credential != CredentialNone {
		return invalid(at+".credential", "%s needs mode transport or transport_credential_only", s.Credential)
	}
	if e.Binding == BindingNetTCP {
		return e.validateNetTCPSecurity(at, s)
	}
	if e.Security.Protection != "" {
		return invalid(at+".protection", "HTTP's protection is TLS (mode transport, an https address)")
	}
	switch {
	case s.Mode == ModeTransport && !https:
		return invalid(at+".mode", "transport is HTTPS: the address must be https:// (with tls)")
	case s.Mode != ModeTransport && https:
		return invalid(at+".mode", "%s with an https:// address: use transport", s.Mode)
	case s.Mode == ModeTransportCredentialOnly && s.Credential == CredentialNone:
		return invalid(at+".credential", "transport_credential_only needs credential windows")
	}
	return nil
}

func (e *Endpoint) validateNetTCPSecurity(at string, s Security) error {
	switch {
	case s.Mode == ModeTransportCredentialOnly:
		return invalid(at+".mode", "transport_credential_only is HTTP's; net.tcp has none or transport")
	case s.Mode == ModeNone && e.TLS != nil:
		return invalid(at+".mode", "none with tls: TLS is mode transport, credential none")
	case s.Mode == ModeTransport && s.Credential == CredentialWindows && e.TLS != nil:
		return invalid(at+".credential", "windows is the application/negotiate upgrade, not TLS: remove tls, or use credential none")
	case s.Mode == ModeTransport && s.Credential == CredentialNone && e.TLS == nil:
		return invalid(at+".mode", "transport with credential none is TLS: set tls")
	case e.Security.Protection != "" && s.Credential != CredentialWindows:
		return invalid(at+".protection", "protection is for credential windows (TLS always encrypts)")
	}
	return nil
}

// validateWindows checks that the host can verify the Windows clients its
// endpoints ask for, with one value for each credential.
func (c *Config) validateWindows() error {
	for i := range c.Endpoints {
		e := &c.Endpoints[i]
		if e.Security != nil && e.Security.Windows != (Windows{}) && e.SecurityOf().Credential != CredentialWindows {
			return invalid(fmt.Sprintf("endpoints[%d].security", i), "keytab, ntlm_user_file, service_principal and krb5_config are for credential windows")
		}
	}
	w, err := c.HostWindows()
	if err != nil || w != nil {
		return err
	}
	for i := range c.Endpoints {
		if c.Endpoints[i].SecurityOf().Credential == CredentialWindows {
			return invalid(fmt.Sprintf("endpoints[%d].security.credential", i), "windows needs the host's credentials (ntlm_user_file or keytab, in the \"windows\" section or the endpoint's security)")
		}
	}
	return nil
}

// HostWindows returns the host's Windows service credentials: the
// "windows" section with the keys endpoints' security blocks name folded
// in, or nil if nothing names any. Two places naming different values
// for one key is ErrInvalid naming both; the same value twice is fine.
// The folded credentials need ntlm_user_file or keytab, and keytab for
// service_principal.
func (c *Config) HostWindows() (*Windows, error) {
	var w Windows
	from := map[string]string{} // key → where its value was first named
	first := ""                 // the first place naming credentials
	if c.Windows != nil {
		first = "windows"
	}
	fold := func(at string, src *Windows) error {
		for _, f := range []struct {
			key      string
			dst, val *string
		}{
			{"ntlm_user_file", &w.NTLMUserFile, &src.NTLMUserFile},
			{"keytab", &w.Keytab, &src.Keytab},
			{"service_principal", &w.ServicePrincipal, &src.ServicePrincipal},
			{"krb5_config", &w.KRB5Config, &src.KRB5Config},
		} {
			switch {
			case *f.val == "" || *f.val == *f.dst:
			case *f.dst != "":
				return invalid(at+"."+f.key, "%q, but %s.%s is %q: the host has one", *f.val, from[f.key], f.key, *f.dst)
			default:
				*f.dst, from[f.key] = *f.val, at
			}
		}
		return nil
	}
	if c.Windows != nil {
		if err := fold("windows", c.Windows); err != nil {
			return nil, err
		}
	}
	for i := range c.Endpoints {
		if s := c.Endpoints[i].Security; s != nil && s.Windows != (Windows{}) {
			at := fmt.Sprintf("endpoints[%d].security", i)
			if first == "" {
				first = at
			}
			if err := fold(at, &s.Windows); err != nil {
				return nil, err
			}
		}
	}
	switch {
	case first == "":
		return nil, nil
	case w.NTLMUserFile == "" && w.Keytab == "":
		return nil, invalid(first, "ntlm_user_file or keytab is required")
	case w.ServicePrincipal != "" && w.Keytab == "":
		return nil, invalid(from["service_principal"]+".service_principal", "needs keytab")
	}
	return &w, nil
}

// securityKey describes a net.tcp endpoint's security, which endpoints
// sharing a port must agree on.
func (e *Endpoint) securityKey() string {
	s := e.SecurityOf()
	switch {
	case e.TLS != nil:
		return "tls"
	case s.Mode == ModeTransport && s.Credential == CredentialWindows:
		return "windows/" + s.Protection
	}
	return "none"
}
