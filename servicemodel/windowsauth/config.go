package windowsauth

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/wwsgo/wws/nettcp"
	"github.com/wwsgo/wws/servicemodel/windowsauth/kerberos"
	"github.com/wwsgo/wws/servicemodel/windowsauth/ntlm"
)

// The one seam between a binding's Windows credentials and the
// authentication that carries them: ClientUpgrader and ServerUpgrader turn
// a ClientConfig or ServerConfig into the nettcp.NegotiateUpgrader of
// net.tcp's application/negotiate upgrade (SPNEGO, as .NET's
// NegotiateStream), NewHTTPTransport and NewHTTPHost into HTTP's
// Negotiate/NTLM. Every mechanism joins here, as Windows' Negotiate
// package chooses: the client offers Kerberos first where it can get a
// ticket (a password, a keytab or a credential cache, with krb5.conf) and
// falls back to NTLM (a password or an NT hash) unless DisallowNTLM; the
// host accepts Kerberos with a keytab and NTLM with a user file.

// ErrNoCredentials reports a ServerConfig with nothing to verify clients
// against (neither a keytab nor an NTLM user file).
var ErrNoCredentials = errors.New("windowsauth: no credentials to verify clients with")

// ClientConfig is who a client authenticates as, WCF's
// ClientCredentials.Windows with the endpoint identity.
type ClientConfig struct {
	// User is DOMAIN\user or user@REALM (for NTLM, REALM is then the
	// domain; for Kerberos, DOMAIN is the upper-cased realm and a user
	// without either is in krb5.conf's default_realm); empty takes the
	// credential cache's principal (Kerberos only).
	User string
	// Password serves Kerberos (an AS exchange) and NTLM; NTHash (16
	// bytes) serves NTLM alone, when Password is empty.
	Password string
	NTHash   []byte
	// Keytab and CCache are Kerberos credential files (used when Password
	// is empty; CCache empty means $KRB5CCNAME, then
	// /tmp/krb5cc_<uid>); KRB5Config the krb5.conf to honour (empty:
	// $KRB5_CONFIG, then /etc/krb5.conf).
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
	nc, err := negotiateClient(cfg)
	if err != nil {
		return nil, err
	}
	u := NegotiateUpgrader(&nc, nil, protection)
	// Connections authenticated as one identity (with one secret, for
	// one target) are not pooled for another.
	u.Identity = poolIdentity(cfg)
	return u, nil
}

// NewHTTPTransport returns the HTTP client authentication for cfg:
// Negotiate with Kerberos and NTLM as ClientUpgrader offers them (or NTLM
// alone, when the server offers only that and NTLM is allowed), for the
// target cfg.TargetName (empty: HTTP/<host>). The caller sets New and
// MaxConnsPerHost.
func NewHTTPTransport(cfg ClientConfig) (*HTTPTransport, error) {
	nc, err := negotiateClient(cfg)
	if err != nil {
		return nil, err
	}
	t := &HTTPTransport{SPN: cfg.TargetName, Kerberos: nc.Kerberos, DisallowNTLM: nc.NTLM == nil}
	if nc.NTLM != nil {
		t.Credentials = nc.NTLM.Credentials
	}
	return t, nil
}

// negotiateClient returns the mechanisms cfg's credentials can offer:
// Kerberos from a password, a keytab or a credential cache (none of them
// with a user means the default cache); NTLM from a password or an NT
// hash, unless DisallowNTLM. A configuration offering neither is an error.
func negotiateClient(cfg ClientConfig) (NegotiateClientConfig, error) {
	nc := NegotiateClientConfig{TargetName: cfg.TargetName}
	switch {
	case cfg.User == "" && cfg.Password != "":
		return nc, errors.New("windowsauth: a password needs a user name (DOMAIN\\user or user@REALM)")
	case cfg.User == "" && cfg.Keytab != "":
		return nc, fmt.Errorf("windowsauth: keytab %s needs the user name whose keys it holds", cfg.Keytab)
	case cfg.User != "" && cfg.Password == "" && len(cfg.NTHash) == 0 && cfg.Keytab == "" && cfg.CCache == "":
		return nc, fmt.Errorf("windowsauth: user %s has no password, NT hash, keytab or credential cache (without a user name, the default credential cache)", cfg.User)
	case cfg.Password == "" && len(cfg.NTHash) > 0 && cfg.DisallowNTLM && cfg.Keytab == "" && cfg.CCache == "":
		return nc, fmt.Errorf("windowsauth: user %s has only an NT hash, which is NTLM's, and NTLM is disallowed", cfg.User)
	}
	if cfg.User != "" && (cfg.Password != "" || len(cfg.NTHash) > 0) && !cfg.DisallowNTLM {
		cred, err := ntlmCredentials(cfg)
		if err != nil {
			return nc, err
		}
		nc.NTLM = &ntlm.ClientConfig{Credentials: cred, Workstation: cfg.Workstation}
	}
	if cfg.Password != "" || len(cfg.NTHash) == 0 || cfg.Keytab != "" || cfg.CCache != "" {
		nc.Kerberos = kerberosClient(cfg)
	}
	if nc.Kerberos == nil && nc.NTLM == nil {
		return nc, errors.New("windowsauth: an NT hash needs a user name (DOMAIN\\user or user@REALM)")
	}
	return nc, nil
}

// kerberosClients are the Kerberos identities of the ClientConfigs seen,
// keyed by a digest of their credentials: a kerberos.Client keeps its
// tickets and remembers a failure to get one for a while, which serves
// only when every connection with the same credentials shares it.
var kerberosClients struct {
	sync.Mutex
	m map[[sha256.Size]byte]*kerberos.Client
}

// maxKerberosClients bounds kerberosClients; beyond it one is dropped (a
// connection using it keeps it; the next gets a new one).
const maxKerberosClients = 64

// kerberosClient returns the shared Kerberos identity of cfg's
// credentials.
func kerberosClient(cfg ClientConfig) *kerberos.Client {
	creds := kerberos.Credentials{User: cfg.User, Password: cfg.Password, Keytab: cfg.Keytab, CCache: cfg.CCache, KRB5Config: cfg.KRB5Config}
	key := digest(creds.User, creds.Password, creds.Keytab, creds.CCache, creds.KRB5Config)
	kerberosClients.Lock()
	defer kerberosClients.Unlock()
	if c, ok := kerberosClients.m[key]; ok {
		return c
	}
	if kerberosClients.m == nil {
		kerberosClients.m = make(map[[sha256.Size]byte]*kerberos.Client)
	}
	if len(kerberosClients.m) >= maxKerberosClients {
		for k := range kerberosClients.m {
			delete(kerberosClients.m, k)
			break
		}
	}
	c := kerberos.NewClient(creds)
	kerberosClients.m[key] = c
	return c
}

// digest is SHA-256 of the fields, each length-prefixed.
func digest(fields ...string) [sha256.Size]byte {
	h := sha256.New()
	var n [8]byte
	for _, f := range fields {
		binary.BigEndian.PutUint64(n[:], uint64(len(f)))
		h.Write(n[:])
		h.Write([]byte(f))
	}
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	return sum
}

// poolIdentity names cfg's identity for nettcp.NegotiateUpgrader.Identity:
// the user, a digest of every credential (not the secrets themselves) and
// the target.
func poolIdentity(cfg ClientConfig) string {
	sum := digest(cfg.User, cfg.Password, string(cfg.NTHash), cfg.Keytab, cfg.CCache, cfg.KRB5Config, fmt.Sprint(cfg.DisallowNTLM))
	return cfg.User + "|" + hex.EncodeToString(sum[:8]) + "|" + cfg.TargetName
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
// (HandshakeError ERROR_TRUST_FAILURE). It takes SPNEGO with Kerberos (a
// keytab) and NTLM (a user file), and bare NTLM or Kerberos tokens, as
// .NET does.
func ServerUpgrader(cfg ServerConfig, protection nettcp.NNSProtection) (*nettcp.NegotiateUpgrader, error) {
	sc, err := negotiateServer(cfg)
	if err != nil {
		return nil, err
	}
	return NegotiateUpgrader(nil, &sc, protection), nil
}

// NewHTTPHost returns the HTTP host authentication for cfg in front of
// handler: Negotiate (Kerberos and NTLM) and NTLM verified as
// ServerUpgrader verifies them. The caller installs its ConnContext and
// may set MaxChallengedBody.
func NewHTTPHost(cfg ServerConfig, handler http.Handler) (*HTTPHost, error) {
	sc, err := negotiateServer(cfg)
	if err != nil {
		return nil, err
	}
	h := &HTTPHost{Kerberos: sc.Kerberos, Handler: handler}
	if sc.NTLM != nil {
		h.Server = *sc.NTLM
	}
	return h, nil
}

// negotiateServer returns the mechanisms cfg verifies clients with:
// Kerberos with the keytab (its own replay cache; the clock skew of
// krb5.conf), NTLM with the user file or Users.
func negotiateServer(cfg ServerConfig) (NegotiateServerConfig, error) {
	var sc NegotiateServerConfig
	switch {
	case cfg.Keytab != "":
		acc, err := kerberos.NewAcceptorConfig(cfg.Keytab, cfg.ServicePrincipal, cfg.KRB5Config)
		if err != nil {
			return sc, fmt.Errorf("windowsauth: %w", err)
		}
		sc.Kerberos = acc
	case cfg.ServicePrincipal != "":
		return sc, fmt.Errorf("windowsauth: service principal %s needs the keytab holding its keys", cfg.ServicePrincipal)
	}
	users := cfg.Users
	if users == nil && cfg.NTLMUserFile != "" {
		uf, err := ntlm.LoadUserFile(cfg.NTLMUserFile)
		if err != nil {
			return sc, fmt.Errorf("windowsauth: NTLM user file: %w", err)
		}
		users = uf
	}
	if users != nil {
		sc.NTLM = &ntlm.ServerConfig{Users: users, NetBIOSDomain: cfg.NetBIOSDomain}
	}
	if sc.Kerberos == nil && sc.NTLM == nil {
		return sc, ErrNoCredentials
	}
	return sc, nil
}
