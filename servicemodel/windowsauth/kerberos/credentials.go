package kerberos

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/jcmturner/gokrb5/v8/client"
	"github.com/jcmturner/gokrb5/v8/config"
	"github.com/jcmturner/gokrb5/v8/credentials"
	"github.com/jcmturner/gokrb5/v8/keytab"
	"github.com/jcmturner/gokrb5/v8/messages"
	"github.com/jcmturner/gokrb5/v8/types"
)

// Credentials say where a client's Kerberos identity comes from: a
// password, else a keytab, else a credential cache.
type Credentials struct {
	// User is user, user@REALM or REALM\user; without a realm, krb5.conf's
	// default_realm. It may be empty with a credential cache, whose
	// default principal is taken.
	User string
	// Password gets a TGT from the KDC (AS exchange).
	Password string
	// Keytab is the path of a keytab holding the user's keys.
	Keytab string
	// CCache is the path of a credential cache (FILE: or a path); empty
	// means $KRB5CCNAME, then /tmp/krb5cc_<uid>.
	CCache string
	// KRB5Config is the path of krb5.conf; empty means $KRB5_CONFIG (the
	// first file of its list that exists), then /etc/krb5.conf.
	KRB5Config string
}

// LoadConfig reads the krb5.conf path names, or the one the environment
// names when path is empty (see Credentials.KRB5Config). No file at all
// gives an empty configuration.
func LoadConfig(path string) (*config.Config, error) {
	if path == "" {
		candidates := filepath.SplitList(os.Getenv("KRB5_CONFIG"))
		candidates = append(candidates, "/etc/krb5.conf")
		for _, p := range candidates {
			if _, err := os.Stat(p); err == nil {
				path = p
				break
			}
		}
		if path == "" {
			return config.New(), nil
		}
	}
	cfg, err := config.Load(path)
	if err != nil {
		// gokrb5 reports unsupported directives as an error beside a
		// usable configuration.
		var uerr config.UnsupportedDirective
		if errors.As(err, &uerr) && cfg != nil {
			return cfg, nil
		}
		return nil, fmt.Errorf("kerberos: krb5.conf %s: %w", path, err)
	}
	return cfg, nil
}

// ccachePath resolves Credentials.CCache.
func ccachePath(p string) (string, error) {
	if p == "" {
		p = os.Getenv("KRB5CCNAME")
	}
	if p == "" {
		return fmt.Sprintf("/tmp/krb5cc_%d", os.Getuid()), nil
	}
	if kind, rest, ok := strings.Cut(p, ":"); ok && !strings.HasPrefix(p, "/") {
		if kind != "FILE" {
			return "", fmt.Errorf("kerberos: credential cache %q: only FILE caches are supported", p)
		}
		p = rest
	}
	return p, nil
}

// splitUser parses user, user@REALM or REALM\user.
func splitUser(u, defaultRealm string) (user, realm string) {
	if d, n, ok := strings.Cut(u, `\`); ok {
		return n, strings.ToUpper(d)
	}
	if i := strings.LastIndexByte(u, '@'); i >= 0 {
		return u[:i], u[i+1:]
	}
	return u, defaultRealm
}

// Client is a client's Kerberos identity: it gets (and caches) service
// tickets, logging in on first use. It is safe for concurrent use and
// meant to be shared by the connections of one proxy; Close releases it.
type Client struct {
	creds Credentials

	mu     sync.Mutex // guards the fields below
	cl     *client.Client
	closed bool
}

// NewClient returns a client for creds; nothing is read or sent before
// the first ticket is asked for.
func NewClient(creds Credentials) *Client { return &Client{creds: creds} }

// Close forgets the client's tickets and stops gokrb5's renewal of them.
func (c *Client) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	if c.cl != nil {
		c.cl.Destroy()
		c.cl = nil
	}
}

// login makes the gokrb5 client and gets its TGT; c.mu is held.
func (c *Client) loginLocked() (*client.Client, error) {
	if c.closed {
		return nil, errors.New("kerberos: client closed")
	}
	if c.cl != nil {
		return c.cl, nil
	}
	cfg, err := LoadConfig(c.creds.KRB5Config)
	if err != nil {
		return nil, fail(ErrLogonDenied, "%v", err)
	}
	user, realm := splitUser(c.creds.User, cfg.LibDefaults.DefaultRealm)
	var cl *client.Client
	switch {
	case c.creds.Password != "":
		cl = client.NewWithPassword(user, realm, c.creds.Password, cfg, client.DisablePAFXFAST(true))
	case c.creds.Keytab != "":
		kt, err := keytab.Load(c.creds.Keytab)
		if err != nil {
			return nil, fail(ErrLogonDenied, "keytab %s: %v", c.creds.Keytab, err)
		}
		cl = client.NewWithKeytab(user, realm, kt, cfg, client.DisablePAFXFAST(true))
	default:
		path, err := ccachePath(c.creds.CCache)
		if err != nil {
			return nil, fail(ErrLogonDenied, "%v", err)
		}
		cc, err := credentials.LoadCCache(path)
		if err != nil {
			return nil, fail(ErrLogonDenied, "credential cache %s: %v", path, err)
		}
		if c.creds.User != "" {
			pn := cc.GetClientPrincipalName()
			if !strings.EqualFold(pn.PrincipalNameString(), user) || (realm != "" && cc.GetClientRealm() != realm) {
				return nil, fail(ErrLogonDenied, "credential cache %s holds %s@%s, not %s@%s", path, pn.PrincipalNameString(), cc.GetClientRealm(), user, realm)
			}
		}
		if cl, err = client.NewFromCCache(cc, cfg, client.DisablePAFXFAST(true)); err != nil {
			return nil, fail(ErrLogonDenied, "credential cache %s: %v", path, err)
		}
		c.cl = cl
		return cl, nil
	}
	if err := cl.Login(); err != nil {
		cl.Destroy()
		return nil, classify(ErrLogonDenied, err)
	}
	c.cl = cl
	return cl, nil
}

// ticket returns a service ticket for spn with its session key, and the
// client's name and realm.
func (c *Client) ticket(spn string) (messages.Ticket, types.EncryptionKey, types.PrincipalName, string, error) {
	c.mu.Lock()
	cl, err := c.loginLocked()
	c.mu.Unlock()
	if err != nil {
		return messages.Ticket{}, types.EncryptionKey{}, types.PrincipalName{}, "", err
	}
	tkt, key, err := cl.GetServiceTicket(spn)
	if err != nil {
		return tkt, key, types.PrincipalName{}, "", classify(ErrWrongPrincipal, err)
	}
	return tkt, key, cl.Credentials.CName(), cl.Credentials.Domain(), nil
}

// classify maps a gokrb5 or KDC error to this package's sentinels by the
// RFC 4120 error code it names; otherwise to def.
func classify(def error, err error) error {
	s := err.Error()
	kind := def
	switch {
	case strings.Contains(s, "KDC_ERR_PREAUTH_FAILED"), strings.Contains(s, "KDC_ERR_C_PRINCIPAL_UNKNOWN"),
		strings.Contains(s, "KDC_ERR_CLIENT_REVOKED"), strings.Contains(s, "KDC_ERR_KEY_EXPIRED"):
		kind = ErrLogonDenied
	case strings.Contains(s, "KDC_ERR_S_PRINCIPAL_UNKNOWN"):
		kind = ErrWrongPrincipal
	case strings.Contains(s, "KRB_AP_ERR_SKEW"):
		kind = ErrSkew
	}
	return fail(kind, "%v", err)
}

// TargetSPN turns a target name into the principal a ticket is asked for:
// service/host[@REALM] as it is, GSS's service@host as service/host.
func TargetSPN(target string) string {
	if !strings.Contains(target, "/") {
		if svc, host, ok := strings.Cut(target, "@"); ok {
			return svc + "/" + host
		}
	}
	return target
}
