package kerberos

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/jcmturner/gokrb5/v8/client"
	"github.com/jcmturner/gokrb5/v8/config"
	"github.com/jcmturner/gokrb5/v8/credentials"
	"github.com/jcmturner/gokrb5/v8/iana/nametype"
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

// Client is a client's Kerberos identity: it gets and caches its TGT and
// service tickets, asking the KDC on first use and again when a ticket is
// about to end (with a password or a keytab; a credential cache is read
// again, as kinit may have renewed it). A failure to get a ticket is
// remembered for 30 seconds, so that a fallback to NTLM does not wait on
// an unreachable KDC at every connection. It starts no goroutine: the AS and
// TGS exchanges run in the caller of a handshake. It is safe for concurrent
// use and meant to be shared by the connections of one proxy.
type Client struct {
	creds Credentials
	// Now is the clock the tickets' lifetimes are judged by; nil means
	// time.Now.
	Now func() time.Time

	mu      sync.Mutex // guards the fields below; held across KDC exchanges
	cl      *client.Client
	realm   string
	cname   types.PrincipalName
	tgt     *ticket
	tickets map[string]*ticket
	failed  map[string]failure // per SPN: the last failure, kept a while
	closed  bool
}

// failure is a failed attempt to get a ticket, answered again until
// until without asking the KDC (a fallback to NTLM then costs nothing).
type failure struct {
	err   error
	until time.Time
}

// failureTTL is how long a failure to get a ticket is remembered.
const failureTTL = 30 * time.Second

// ticket is a ticket with its session key and end time.
type ticket struct {
	tkt messages.Ticket
	key types.EncryptionKey
	end time.Time
}

// ticketMargin: a ticket ending sooner than this is not used.
const ticketMargin = time.Minute

func (t *ticket) valid(now time.Time) bool { return t != nil && now.Add(ticketMargin).Before(t.end) }

// NewClient returns a client for creds; nothing is read or sent before
// the first ticket is asked for.
func NewClient(creds Credentials) *Client { return &Client{creds: creds} }

// Close forgets the client's tickets; later handshakes fail.
func (c *Client) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	c.cl, c.tgt, c.tickets, c.failed = nil, nil, nil, nil
}

func (c *Client) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// setupLocked makes the gokrb5 client (configuration and credentials,
// never its Login, whose renewal goroutine would outlive us).
func (c *Client) setupLocked() error {
	if c.closed {
		return fail(ErrLogonDenied, "client closed")
	}
	if c.cl != nil {
		return nil
	}
	cfg, err := LoadConfig(c.creds.KRB5Config)
	if err != nil {
		return fail(ErrLogonDenied, "%v", err)
	}
	user, realm := splitUser(c.creds.User, cfg.LibDefaults.DefaultRealm)
	switch {
	case c.creds.Password != "":
		c.cl = client.NewWithPassword(user, realm, c.creds.Password, cfg, client.DisablePAFXFAST(true))
	case c.creds.Keytab != "":
		kt, err := keytab.Load(c.creds.Keytab)
		if err != nil {
			return fail(ErrLogonDenied, "keytab %s: %v", c.creds.Keytab, err)
		}
		c.cl = client.NewWithKeytab(user, realm, kt, cfg, client.DisablePAFXFAST(true))
	default:
		cc, err := c.loadCCache()
		if err != nil {
			return err
		}
		if c.cl, err = client.NewFromCCache(cc, cfg, client.DisablePAFXFAST(true)); err != nil {
			return fail(ErrLogonDenied, "credential cache: %v", err)
		}
	}
	c.realm, c.cname = c.cl.Credentials.Domain(), c.cl.Credentials.CName()
	return nil
}

// loadCCache reads the credential cache, checking its principal against
// Credentials.User when set.
func (c *Client) loadCCache() (*credentials.CCache, error) {
	path, err := ccachePath(c.creds.CCache)
	if err != nil {
		return nil, fail(ErrLogonDenied, "%v", err)
	}
	cc, err := credentials.LoadCCache(path)
	if err != nil {
		return nil, fail(ErrLogonDenied, "credential cache %s: %v", path, err)
	}
	if c.creds.User != "" {
		user, realm := splitUser(c.creds.User, cc.GetClientRealm())
		pn := cc.GetClientPrincipalName()
		if !strings.EqualFold(pn.PrincipalNameString(), user) || cc.GetClientRealm() != realm {
			return nil, fail(ErrLogonDenied, "credential cache %s holds %s@%s, not %s@%s", path, pn.PrincipalNameString(), cc.GetClientRealm(), user, realm)
		}
	}
	return cc, nil
}

// tgtLocked returns a valid TGT: the one held, a new one from the KDC
// (password, keytab), or the credential cache's.
func (c *Client) tgtLocked() (*ticket, error) {
	now := c.now()
	if c.tgt.valid(now) {
		return c.tgt, nil
	}
	if c.creds.Password == "" && c.creds.Keytab == "" {
		cc, err := c.loadCCache()
		if err != nil {
			return nil, err
		}
		e, ok := cc.GetEntry(types.PrincipalName{NameType: nametype.KRB_NT_SRV_INST, NameString: []string{"krbtgt", c.realm}})
		if !ok {
			return nil, fail(ErrLogonDenied, "no TGT for %s in the credential cache", c.realm)
		}
		t := &ticket{key: e.Key, end: e.EndTime}
		if err := t.tkt.Unmarshal(e.Ticket); err != nil {
			return nil, fail(ErrLogonDenied, "credential cache TGT: %v", err)
		}
		if !t.valid(now) {
			return nil, fail(ErrLogonDenied, "the credential cache's TGT ends at %v: renew it (kinit)", t.end)
		}
		c.tgt = t
		return t, nil
	}
	req, err := messages.NewASReqForTGT(c.realm, c.cl.Config, c.cname)
	if err != nil {
		return nil, fail(ErrLogonDenied, "%v", err)
	}
	rep, err := c.cl.ASExchange(c.realm, req, 0)
	if err != nil {
		return nil, classify(ErrLogonDenied, err)
	}
	c.tgt = &ticket{tkt: rep.Ticket, key: rep.DecryptedEncPart.Key, end: rep.DecryptedEncPart.EndTime}
	return c.tgt, nil
}

// ticket returns a service ticket for spn (service/host[@REALM]) with its
// session key, and the client's name and realm.
func (c *Client) ticket(spn string) (messages.Ticket, types.EncryptionKey, types.PrincipalName, string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	if f, ok := c.failed[spn]; ok && now.Before(f.until) {
		return messages.Ticket{}, types.EncryptionKey{}, types.PrincipalName{}, "", f.err
	}
	t, err := c.serviceTicketLocked(spn)
	if err != nil {
		if c.failed == nil {
			c.failed = make(map[string]failure)
		}
		c.failed[spn] = failure{err, now.Add(failureTTL)}
		return messages.Ticket{}, types.EncryptionKey{}, types.PrincipalName{}, "", err
	}
	delete(c.failed, spn)
	return t.tkt, t.key, c.cname, c.realm, nil
}

func (c *Client) serviceTicketLocked(spn string) (*ticket, error) {
	if err := c.setupLocked(); err != nil {
		return nil, err
	}
	if t := c.tickets[spn]; t.valid(c.now()) {
		return t, nil
	}
	tgt, err := c.tgtLocked()
	if err != nil {
		return nil, err
	}
	princ, realm := types.ParseSPNString(spn)
	princ.NameType = nametype.KRB_NT_PRINCIPAL
	if realm == "" && len(princ.NameString) > 1 {
		realm = c.cl.Config.ResolveRealm(princ.NameString[len(princ.NameString)-1])
	}
	if realm == "" {
		realm = c.realm
	}
	_, rep, err := c.cl.TGSREQGenerateAndExchange(princ, realm, tgt.tkt, tgt.key, false)
	if err != nil {
		return nil, classify(ErrWrongPrincipal, err)
	}
	t := &ticket{tkt: rep.Ticket, key: rep.DecryptedEncPart.Key, end: rep.DecryptedEncPart.EndTime}
	if c.tickets == nil {
		c.tickets = make(map[string]*ticket)
	}
	c.tickets[spn] = t
	return t, nil
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

// TargetSPN turns WCF's endpoint identity into the principal a ticket is
// asked for: an SPN, service/host[@REALM], as it is; a UPN, user@domain,
// as the user principal in the realm of its domain (upper-cased), for a
// service that runs as that user.
func TargetSPN(target string) string {
	if i := strings.LastIndexByte(target, '@'); i >= 0 {
		return target[:i] + "@" + strings.ToUpper(target[i+1:])
	}
	return target
}
