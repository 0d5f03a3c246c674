package kerberos

import (
	"time"

	"github.com/jcmturner/gokrb5/v8/crypto"
	"github.com/jcmturner/gokrb5/v8/iana/errorcode"
	"github.com/jcmturner/gokrb5/v8/iana/etypeID"
	"github.com/jcmturner/gokrb5/v8/iana/flags"
	"github.com/jcmturner/gokrb5/v8/iana/keyusage"
	"github.com/jcmturner/gokrb5/v8/messages"
	"github.com/jcmturner/gokrb5/v8/types"
)

// InitiatorConfig configures the client side of one context.
type InitiatorConfig struct {
	// Client supplies the service ticket.
	Client *Client
	// TargetName is the service principal, such as host/server.example
	// (WCF's default, host/<the address's host>) or HTTP/server.example,
	// optionally with @REALM, or a UPN, svc@example.com, for a service
	// running as that user (WCF's UpnEndpointIdentity).
	TargetName string
	// Confidentiality asks for sealing (the CONF flag; WCF's
	// EncryptAndSign). Integrity, mutual authentication, replay and
	// sequence detection are always asked for.
	Confidentiality bool
	// Now is the clock of the authenticator; nil means time.Now.
	Now func() time.Time
}

// Initiator runs the client side of one context (RFC 4121 4.1): AP-REQ,
// then the AP-REP's verification. It is not safe for concurrent use.
type Initiator struct {
	cfg     InitiatorConfig
	step    int
	key     types.EncryptionKey // the ticket's session key
	auth    types.Authenticator
	flags   uint32
	ctx     *Context
	apReq   []byte
	failure error
}

// NewInitiator returns the initiator of one context.
func NewInitiator(cfg InitiatorConfig) *Initiator { return &Initiator{cfg: cfg} }

// Context returns the established context, nil before Step completed.
func (i *Initiator) Context() *Context { return i.ctx }

// Step returns the AP-REQ on its first call (in is ignored) and verifies
// the acceptor's AP-REP on the second, completing the context.
func (i *Initiator) Step(in []byte) ([]byte, bool, error) {
	if i.failure != nil {
		return nil, false, i.failure
	}
	i.step++
	var out []byte
	var done bool
	var err error
	switch i.step {
	case 1:
		out, err = i.start()
	case 2:
		err = i.finish(in)
		done = err == nil
	default:
		err = fail(ErrSecurityVerification, "a token after the context completed")
	}
	if err != nil {
		i.failure = err
	}
	return out, done, err
}

// Start gets the service ticket (logging in first if needed) and returns
// the AP-REQ token. A failure here means no Kerberos ticket can be had.
func (i *Initiator) start() ([]byte, error) {
	if i.cfg.Client == nil {
		return nil, fail(ErrLogonDenied, "no Kerberos credentials")
	}
	spn := TargetSPN(i.cfg.TargetName)
	tkt, key, cname, crealm, err := i.cfg.Client.ticket(spn)
	if err != nil {
		return nil, err
	}
	et, err := crypto.GetEtype(key.KeyType)
	if err != nil {
		return nil, fail(ErrUnsupported, "session key of type %d", key.KeyType)
	}
	auth, err := types.NewAuthenticator(crealm, cname)
	if err != nil {
		return nil, err
	}
	now := time.Now
	if i.cfg.Now != nil {
		now = i.cfg.Now
	}
	t := now().UTC()
	auth.CTime = t.Truncate(time.Second)
	auth.Cusec = t.Nanosecond() / 1000
	if err := auth.GenerateSeqNumberAndSubKey(key.KeyType, et.GetKeyByteSize()); err != nil {
		return nil, err
	}
	i.flags = gssMutual | gssReplay | gssSequence | gssInteg
	if i.cfg.Confidentiality {
		i.flags |= gssConf
	}
	auth.Cksum = types.Checksum{CksumType: cksumTypeGSS, Checksum: gssChecksum(i.flags)}
	req, err := messages.NewAPReq(tkt, key, auth)
	if err != nil {
		return nil, err
	}
	types.SetFlag(&req.APOptions, flags.APOptionMutualRequired)
	b, err := req.Marshal()
	if err != nil {
		return nil, err
	}
	i.key, i.auth = key, auth
	i.apReq = frameToken(tokAPReq, b)
	return i.apReq, nil
}

// finish verifies the AP-REP (RFC 4120 3.2.5) and makes the context.
func (i *Initiator) finish(in []byte) error {
	id, msg, err := parseToken(in)
	if err != nil {
		return err
	}
	switch id {
	case tokKRBError:
		var ke messages.KRBError
		if err := ke.Unmarshal(msg); err != nil {
			return fail(ErrSecurityVerification, "malformed KRB-ERROR: %v", err)
		}
		return krbErrorOf(ke)
	case tokAPRep:
	default:
		return fail(ErrSecurityVerification, "token id %#04x, want an AP-REP", id)
	}
	var rep messages.APRep
	if err := rep.Unmarshal(msg); err != nil {
		return fail(ErrSecurityVerification, "malformed AP-REP: %v", err)
	}
	plain, err := crypto.DecryptEncPart(rep.EncPart, i.key, keyusage.AP_REP_ENCPART)
	if err != nil {
		return fail(ErrSecurityVerification, "AP-REP does not decrypt with the session key: %v", err)
	}
	var part messages.EncAPRepPart
	if err := part.Unmarshal(plain); err != nil {
		return fail(ErrSecurityVerification, "malformed AP-REP part: %v", err)
	}
	if !part.CTime.Equal(i.auth.CTime) || part.Cusec != i.auth.Cusec {
		return fail(ErrSecurityVerification, "AP-REP time %v.%06d does not echo the authenticator's %v.%06d", part.CTime, part.Cusec, i.auth.CTime, i.auth.Cusec)
	}
	// An acceptor subkey replaces ours with the RFC 4121 formats; with
	// RC4-HMAC's only when of another type (MIT's rule,
	// init_sec_context.c).
	key, acceptorSubkey := i.auth.SubKey, false
	if len(part.Subkey.KeyValue) > 0 && (key.KeyType != etypeID.RC4_HMAC || part.Subkey.KeyType != key.KeyType) {
		key, acceptorSubkey = part.Subkey, true
	}
	ctx, err := newContext(key, false, acceptorSubkey, uint64(uint32(i.auth.SeqNumber)), uint64(uint32(part.SequenceNumber)), i.flags&gssConf != 0, true)
	if err != nil {
		return err
	}
	i.ctx = ctx
	return nil
}

// krbErrorOf maps a KRB-ERROR from the acceptor to a sentinel.
func krbErrorOf(ke messages.KRBError) error {
	kind := ErrSecurityVerification
	switch ke.ErrorCode {
	case errorcode.KRB_AP_ERR_SKEW:
		kind = ErrSkew
	case errorcode.KRB_AP_ERR_REPEAT:
		kind = ErrReplay
	case errorcode.KRB_AP_ERR_NOKEY, errorcode.KRB_AP_ERR_BADKEYVER, errorcode.KRB_AP_ERR_BAD_INTEGRITY,
		errorcode.KRB_AP_ERR_NOT_US, errorcode.KRB_AP_ERR_MODIFIED:
		kind = ErrWrongPrincipal
	}
	return fail(kind, "acceptor: %v", ke)
}
