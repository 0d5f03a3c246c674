package windowsauth

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/wwsgo/wws/nettcp"
	"github.com/wwsgo/wws/servicemodel/windowsauth/ntlm"
)

// The one seam between a binding's Windows credentials and the
// authentication that carries them: ClientUpgrader and ServerUpgrader turn
// a ClientConfig or ServerConfig into the nettcp.NegotiateUpgrader of
// net.tcp's application/negotiate upgrade (SPNEGO, as .NET's
// NegotiateStream), NewHTTPTransport and NewHTTPHost into HTTP's
// Negotiate/NTLM. Every mechanism joins here: NTLM today; Kerberos, when
// it lands, is chosen first by the client where it has a ticket, falling
// back to NTLM unless DisallowNTLM.

// ErrKerberosUnavailable reports a configuration that needs Kerberos (a
// keytab, a credential cache, a client without a user name, which means
// the default credential cache, or NTLM refused), which this build does
// not speak yet.
var ErrKerberosUnavailable = errors.New("windowsauth: Kerberos is not supported yet")

// ErrNoCredentials reports a ServerConfig with nothing to verify clients
// against (neither a keytab nor an NTLM user file).
var ErrNoCredentials = errors.New("windowsauth: no credentials to verify clients with")

// ClientConfig is who a client authenticates as, WCF's
// ClientCredentials.Windows with the endpoint identity.
type ClientConfig struct {
	// User is DOMAIN\user or user@REALM (for NTLM, REALM is then the
	// domain); empty takes the default credential cache's principal,
	// which needs Kerberos.
	User string
	// Password, or NTHash (16 bytes, NTLM only) when Password is empty.
	Password string
	NTHash   []byte
	// Keytab and CCache are Kerberos credential files; KRB5Config the
	// krb5.conf to honour.
	Keytab, CCache, KRB5Config string
	// DisallowNTLM refuses the NTLM fallback (WCF's AllowNtlm = false).
	DisallowNTLM bool
	// TargetName is the service's SPN or UPN (WCF's endpoint identity);
	// empty means host/<the Via's host>, lower-cased.
	TargetName string
	// Workstation is the NetBIOS name NTLM sends; may be empty.
	Workstation string
}

// ServerConfig is how a host verifies clients, WCF's ServiceCredentials
// for Windows authentication.
type ServerConfig struct {
	// Keytab holds the service's Kerberos keys; ServicePrincipal the SPN
	// clients must ask for (empty: any in the keytab); KRB5Config the
	// krb5.conf to honour.
	Keytab, ServicePrincipal, KRB5Config string
	// NTLMUserFile is a gss-ntlmssp user file (ntlm.UserFile) verifying
	// NTLM clients; read once, by ServerUpgrader.
	NTLMUserFile string
	// Users verifies NTLM clients instead of NTLMUserFile when set.
	Users ntlm.UserStore
	// NetBIOSDomain names the server in NTLM's CHALLENGE (default
	// WORKGROUP).
	NetBIOSDomain string
}

// ClientUpgrader returns the client's application/negotiate upgrader for
// cfg, refusing a context with less than protection.
func ClientUpgrader(cfg ClientConfig, protection nettcp.NNSProtection) (*nettcp.NegotiateUpgrader, error) {
	cred, err := clientCredentials(cfg)
	if err != nil {
		return nil, err
	}
	u := SPNEGOUpgrader(&ntlm.ClientConfig{Credentials: cred, TargetName: cfg.TargetName, Workstation: cfg.Workstation}, nil, protection)
	// Connections authenticated as one user (with one secret, for one
	// target) are not pooled for another.
	u.Identity = poolIdentity(cred, cfg.TargetName)
	return u, nil
}

// NewHTTPTransport returns the HTTP client authentication for cfg:
// Negotiate (or NTLM, as the server offers) as cfg's user, for the
// target cfg.TargetName (empty: HTTP/<host>). The caller sets New and
// MaxConnsPerHost.
func NewHTTPTransport(cfg ClientConfig) (*HTTPTransport, error) {
	cred, err := clientCredentials(cfg)
	if err != nil {
		return nil, err
	}
	return &HTTPTransport{Credentials: cred, SPN: cfg.TargetName}, nil
}

// clientCredentials checks cfg for the mechanisms this build speaks and
// returns its NTLM credentials.
func clientCredentials(cfg ClientConfig) (ntlm.Credentials, error) {
	switch {
	case cfg.Keytab != "" || cfg.CCache != "":
		return ntlm.Credentials{}, fmt.Errorf("%w: a keytab or a credential cache is a Kerberos credential", ErrKerberosUnavailable)
	case cfg.DisallowNTLM:
		return ntlm.Credentials{}, fmt.Errorf("%w: NTLM is disallowed and there is no other mechanism", ErrKerberosUnavailable)
	case cfg.User == "":
		return ntlm.Credentials{}, fmt.Errorf("%w: no user name, so the default credential cache", ErrKerberosUnavailable)
	}
	return ntlmCredentials(cfg)
}

// poolIdentity names cred for nettcp.NegotiateUpgrader.Identity: the user,
// a digest of the NT hash (not the secret itself) and the target.
func poolIdentity(cred ntlm.Credentials, target string) string {
	var h [16]byte
	if cred.Password != "" || cred.NTHash == nil {
		h = ntlm.NTHash(cred.Password)
	} else {
		h = *cred.NTHash
	}
	sum := sha256.Sum256(h[:])
	return cred.Domain + `\` + cred.User + "|" + hex.EncodeToString(sum[:8]) + "|" + target
}

// ntlmCredentials splits cfg.User into NTLM's domain and user.
func ntlmCredentials(cfg ClientConfig) (ntlm.Credentials, error) {
	c := ntlm.Credentials{User: cfg.User, Password: cfg.Password}
	if dom, user, ok := strings.Cut(cfg.User, `\`); ok {
		c.Domain, c.User = dom, user
	} else if i := strings.LastIndexByte(cfg.User, '@'); i >= 0 {
		c.User, c.Domain = cfg.User[:i], cfg.User[i+1:]
	}
	if c.User == "" {
		return c, fmt.Errorf("windowsauth: user name %q has no user", cfg.User)
	}
	if cfg.Password == "" {
		if len(cfg.NTHash) != 16 {
			return c, fmt.Errorf("windowsauth: user %s has no password, and an NT hash of %d bytes (want 16)", cfg.User, len(cfg.NTHash))
		}
		var h [16]byte
		copy(h[:], cfg.NTHash)
		c.NTHash = &h
	}
	return c, nil
}

// ServerUpgrader returns the host's application/negotiate upgrader for
// cfg, refusing a client whose context has less than protection
// (HandshakeError ERROR_TRUST_FAILURE). It takes SPNEGO, and bare NTLM as
// .NET does.
func ServerUpgrader(cfg ServerConfig, protection nettcp.NNSProtection) (*nettcp.NegotiateUpgrader, error) {
	users, err := serverUsers(cfg)
	if err != nil {
		return nil, err
	}
	return SPNEGOUpgrader(nil, &ntlm.ServerConfig{Users: users, NetBIOSDomain: cfg.NetBIOSDomain}, protection), nil
}

// NewHTTPHost returns the HTTP host authentication for cfg in front of
// handler: Negotiate and NTLM verified as ServerUpgrader verifies them.
// The caller installs its ConnContext and may set MaxChallengedBody.
func NewHTTPHost(cfg ServerConfig, handler http.Handler) (*HTTPHost, error) {
	users, err := serverUsers(cfg)
	if err != nil {
		return nil, err
	}
	return &HTTPHost{Server: ntlm.ServerConfig{Users: users, NetBIOSDomain: cfg.NetBIOSDomain}, Handler: handler}, nil
}

// serverUsers checks cfg for the mechanisms this build speaks and returns
// the NTLM users it verifies clients against.
func serverUsers(cfg ServerConfig) (ntlm.UserStore, error) {
	if cfg.Keytab != "" || cfg.ServicePrincipal != "" {
		return nil, fmt.Errorf("%w: a keytab or a service principal is a Kerberos credential", ErrKerberosUnavailable)
	}
	if cfg.Users != nil {
		return cfg.Users, nil
	}
	if cfg.NTLMUserFile == "" {
		return nil, ErrNoCredentials
	}
	uf, err := ntlm.LoadUserFile(cfg.NTLMUserFile)
	if err != nil {
		return nil, fmt.Errorf("windowsauth: NTLM user file: %w", err)
	}
	return uf, nil
}
