// Transport security as a binding, a proxy and a host configure it (WCF's
// SecurityMode, ClientCredentialType, ProtectionLevel, ClientCredentials
// and ServiceCredentials), and the caller an operation sees.

package servicemodel

import (
	"context"

	"github.com/wwsgo/wws/servicemodel/windowsauth"
)

// SecurityMode is a binding's security mode, WCF's SecurityMode.
type SecurityMode uint8

const (
	// SecurityModeNone: no security. The zero value; note that WCF's
	// NetTcpBinding defaults to Transport with Windows credentials, so a
	// Go client of a default-secured WCF service sets SecurityModeTransport.
	SecurityModeNone SecurityMode = iota
	// SecurityModeTransport: the transport authenticates and protects the
	// messages (net.tcp's application/negotiate or TLS upgrade; HTTPS).
	SecurityModeTransport
	// SecurityModeTransportCredentialOnly: HTTP authentication without
	// TLS (BasicHttpSecurityMode.TransportCredentialOnly).
	SecurityModeTransportCredentialOnly
)

// CredentialType is how a client authenticates to the transport, WCF's
// TcpClientCredentialType / HttpClientCredentialType.
type CredentialType uint8

const (
	// CredentialNone: the client is not authenticated by the transport.
	CredentialNone CredentialType = iota
	// CredentialWindows: SPNEGO (Kerberos, else NTLM), WCF's default for
	// NetTcpBinding.
	CredentialWindows
	// CredentialCertificate: TLS client certificates.
	CredentialCertificate
)

// ProtectionLevel is what Windows transport security does to the bytes
// after authentication, System.Net.Security.ProtectionLevel.
type ProtectionLevel uint8

const (
	// ProtectionEncryptAndSign: data is sealed and signed, WCF's default.
	// It is the zero value so that a Security without a level gets it.
	ProtectionEncryptAndSign ProtectionLevel = iota
	// ProtectionSign: data is signed, not encrypted.
	ProtectionSign
	// ProtectionNone: authentication only; data travels as it is.
	ProtectionNone
)

func (p ProtectionLevel) String() string {
	switch p {
	case ProtectionEncryptAndSign:
		return "EncryptAndSign"
	case ProtectionSign:
		return "Sign"
	case ProtectionNone:
		return "None"
	}
	return "ProtectionLevel(?)"
}

// Security is a binding's security, WCF's NetTcpSecurity and
// BasicHttpSecurity reduced to what the runtime speaks. The zero value is
// no security.
type Security struct {
	Mode SecurityMode
	// Credential is the client credential type the transport asks for.
	Credential CredentialType
	// Protection applies to net.tcp's Windows security; HTTP's
	// protection is TLS (Mode Transport) or none.
	Protection ProtectionLevel
}

// WindowsClientCredential is who a proxy authenticates as with Windows
// security, WCF's ClientCredentials.Windows. Kerberos is tried first where
// a ticket can be had (from Password, Keytab or CCache), NTLM otherwise
// (Password or NTHash).
type WindowsClientCredential struct {
	// User is DOMAIN\user or user@REALM; empty takes the credential
	// cache's default principal.
	User string
	// Password, or NTHash for NTLM only.
	Password string
	NTHash   []byte
	// Keytab and CCache are Kerberos credential files; empty CCache
	// means $KRB5CCNAME, then the default cache.
	Keytab string
	CCache string
	// KRB5Config is the krb5.conf to honour; empty means $KRB5_CONFIG,
	// then /etc/krb5.conf.
	KRB5Config string
	// DisallowNTLM refuses the NTLM fallback: Kerberos or nothing (WCF's
	// AllowNtlm = false).
	DisallowNTLM bool
}

// EndpointIdentity is the identity a client expects of the service, WCF's
// SpnEndpointIdentity or UpnEndpointIdentity. Empty, the target is
// host/<the address's host>.
type EndpointIdentity struct {
	SPN string
	UPN string
}

// WindowsServiceCredential is how a host verifies Windows clients, WCF's
// ServiceCredentials for Windows authentication.
type WindowsServiceCredential struct {
	// Keytab holds the service's Kerberos keys; empty refuses Kerberos.
	Keytab string
	// ServicePrincipal is the SPN clients ask for; empty accepts any
	// principal in the keytab.
	ServicePrincipal string
	// NTLMUserFile is a gss-ntlmssp user file (DOMAIN:user:password, or
	// an NT hash); empty refuses NTLM.
	NTLMUserFile string
	// KRB5Config as in WindowsClientCredential.
	KRB5Config string
}

// Caller is the client of a call as the transport authenticated it.
type Caller struct {
	// Name is user@REALM (Kerberos) or DOMAIN\user (NTLM).
	Name string
	// Mechanism is "Kerberos" or "NTLM".
	Mechanism string
	// Protection is what the session's data gets.
	Protection ProtectionLevel
}

// callerSource is a RequestContext whose transport may have
// authenticated the sender of its message: Caller returns it, or nil. The
// Caller must not change while the message's call runs.
type callerSource interface {
	Caller() *Caller
}

// CallerIdentity returns the authenticated caller of the call being
// dispatched; ok is false outside a host's dispatch or when the transport
// did not authenticate the client.
func CallerIdentity(ctx context.Context) (c Caller, ok bool) {
	if ci := infoFrom(ctx); ci != nil && ci.caller != nil {
		return *ci.caller, true
	}
	return Caller{}, false
}

// windowsClientConfig is the one translation of a proxy's Windows
// credentials and endpoint identity into windowsauth's, for net.tcp and
// HTTP alike: the target is the SPN, else the UPN, else empty (each
// transport's default, host/<host> or HTTP/<host>). No credentials means
// the default credential cache.
func windowsClientConfig(o dialOptions) windowsauth.ClientConfig {
	cfg := windowsauth.ClientConfig{TargetName: targetName(o.identity)}
	if w := o.windows; w != nil {
		cfg.User, cfg.Password, cfg.NTHash = w.User, w.Password, w.NTHash
		cfg.Keytab, cfg.CCache, cfg.KRB5Config, cfg.DisallowNTLM = w.Keytab, w.CCache, w.KRB5Config, w.DisallowNTLM
	}
	return cfg
}

// windowsServerConfig is windowsauth's ServerConfig of a host's Windows
// service credentials.
func windowsServerConfig(w *WindowsServiceCredential) windowsauth.ServerConfig {
	return windowsauth.ServerConfig{Keytab: w.Keytab, ServicePrincipal: w.ServicePrincipal,
		KRB5Config: w.KRB5Config, NTLMUserFile: w.NTLMUserFile}
}

// targetName is WCF's identity → SPN: the SPN, else the UPN, else empty
// (the transport's default).
func targetName(id EndpointIdentity) string {
	if id.SPN != "" {
		return id.SPN
	}
	return id.UPN
}
