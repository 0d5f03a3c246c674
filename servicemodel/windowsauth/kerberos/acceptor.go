package kerberos

import (
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"time"

	"github.com/jcmturner/gofork/encoding/asn1"
	"github.com/jcmturner/gokrb5/v8/asn1tools"
	"github.com/jcmturner/gokrb5/v8/crypto"
	"github.com/jcmturner/gokrb5/v8/iana"
	"github.com/jcmturner/gokrb5/v8/iana/asnAppTag"
	"github.com/jcmturner/gokrb5/v8/iana/etypeID"
	"github.com/jcmturner/gokrb5/v8/iana/flags"
	"github.com/jcmturner/gokrb5/v8/iana/keyusage"
	"github.com/jcmturner/gokrb5/v8/iana/msgtype"
	"github.com/jcmturner/gokrb5/v8/keytab"
	"github.com/jcmturner/gokrb5/v8/messages"
	"github.com/jcmturner/gokrb5/v8/types"
)

// AcceptorConfig configures the server side.
type AcceptorConfig struct {
	// Keytab holds the service's keys.
	Keytab *keytab.Keytab
	// ServicePrincipal, such as host/server.example, is the only service
	// accepted; empty accepts a ticket for any principal whose key the
	// keytab holds.
	ServicePrincipal string
	// MaxClockSkew is the largest difference between the client's clock
	// and this one; 0 means 5 minutes (krb5.conf's clockskew default).
	MaxClockSkew time.Duration
	// Replay is the replay cache; nil means none — set it (one per host).
	Replay *ReplayCache
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// NewAcceptorConfig returns the configuration of a host with the keytab
// at keytabPath, accepting servicePrincipal (empty: any principal in the
// keytab), the clock skew of the krb5.conf at krb5Config (see
// Credentials.KRB5Config; 5 minutes when it names none), and a replay
// cache of its own: make one per host and share it among its connections.
func NewAcceptorConfig(keytabPath, servicePrincipal, krb5Config string) (*AcceptorConfig, error) {
	kt, err := LoadKeytab(keytabPath)
	if err != nil {
		return nil, err
	}
	cfg, err := LoadConfig(krb5Config)
	if err != nil {
		return nil, err
	}
	return &AcceptorConfig{Keytab: kt, ServicePrincipal: servicePrincipal,
		MaxClockSkew: cfg.LibDefaults.Clockskew, Replay: &ReplayCache{}}, nil
}

// LoadKeytab reads a keytab file.
func LoadKeytab(path string) (*keytab.Keytab, error) {
	kt, err := keytab.Load(path)
	if err != nil {
		return nil, fmt.Errorf("kerberos: keytab %s: %w", path, err)
	}
	return kt, nil
}

// Acceptor runs the server side of one context: it verifies the AP-REQ
// and answers with an AP-REP. It is not safe for concurrent use.
type Acceptor struct {
	cfg    AcceptorConfig
	done   bool
	ctx    *Context
	caller string
}

// NewAcceptor returns the acceptor of one context.
func NewAcceptor(cfg AcceptorConfig) *Acceptor { return &Acceptor{cfg: cfg} }

// Context returns the established context, nil before Step completed.
func (a *Acceptor) Context() *Context { return a.ctx }

// Caller returns the client's name, user@REALM, once the context is
// established.
func (a *Acceptor) Caller() string { return a.caller }

// Step verifies the initiator's AP-REQ token and returns the AP-REP token
// (none when the client did not ask for mutual authentication); the
// context is then complete.
func (a *Acceptor) Step(in []byte) ([]byte, bool, error) {
	if a.done {
		return nil, false, fail(ErrSecurityVerification, "a token after the context completed")
	}
	a.done = true
	out, err := a.accept(in)
	if err != nil {
		return nil, false, err
	}
	return out, true, nil
}

func (a *Acceptor) accept(in []byte) ([]byte, error) {
	id, msg, err := parseToken(in)
	if err != nil {
		return nil, err
	}
	if id != tokAPReq {
		return nil, fail(ErrSecurityVerification, "token id %#04x, want an AP-REQ", id)
	}
	var req messages.APReq
	if err := req.Unmarshal(msg); err != nil {
		return nil, fail(ErrSecurityVerification, "malformed AP-REQ: %v", err)
	}
	if a.cfg.Keytab == nil {
		return nil, fail(ErrWrongPrincipal, "no keytab")
	}
	if len(req.Ticket.SName.NameString) == 0 {
		return nil, fail(ErrSecurityVerification, "ticket without a service name")
	}
	if a.cfg.ServicePrincipal != "" {
		want, realm := types.ParseSPNString(TargetSPN(a.cfg.ServicePrincipal))
		if !want.Equal(req.Ticket.SName) || (realm != "" && realm != req.Ticket.Realm) {
			return nil, fail(ErrWrongPrincipal, "ticket for %s@%s, this service is %s", req.Ticket.SName.PrincipalNameString(), req.Ticket.Realm, a.cfg.ServicePrincipal)
		}
	}
	if types.IsFlagSet(&req.APOptions, flags.APOptionUseSessionKey) {
		return nil, fail(ErrSecurityVerification, "user-to-user tickets are not supported")
	}
	if err := req.Ticket.DecryptEncPart(a.cfg.Keytab, &req.Ticket.SName); err != nil {
		return nil, fail(ErrWrongPrincipal, "ticket for %s@%s does not decrypt with the keytab: %v", req.Ticket.SName.PrincipalNameString(), req.Ticket.Realm, err)
	}
	now := time.Now
	if a.cfg.Now != nil {
		now = a.cfg.Now
	}
	t := now().UTC()
	skew := a.cfg.MaxClockSkew
	if skew == 0 {
		skew = 5 * time.Minute
	}
	tp := &req.Ticket.DecryptedEncPart
	start := tp.StartTime
	if start.IsZero() {
		start = tp.AuthTime
	}
	if t.Add(skew).Before(start) {
		return nil, fail(ErrSkew, "ticket not valid before %v (now %v)", start, t)
	}
	if t.Add(-skew).After(tp.EndTime) {
		return nil, fail(ErrSkew, "ticket expired at %v (now %v)", tp.EndTime, t)
	}
	if types.IsFlagSet(&tp.Flags, flags.Invalid) {
		return nil, fail(ErrSecurityVerification, "ticket flagged invalid")
	}
	if err := req.DecryptAuthenticator(tp.Key); err != nil {
		return nil, fail(ErrSecurityVerification, "authenticator does not decrypt with the ticket's session key")
	}
	auth := &req.Authenticator
	if !auth.CName.Equal(tp.CName) || auth.CRealm != tp.CRealm {
		return nil, fail(ErrSecurityVerification, "authenticator of %s@%s for a ticket of %s@%s", auth.CName.PrincipalNameString(), auth.CRealm, tp.CName.PrincipalNameString(), tp.CRealm)
	}
	ct := auth.CTime.Add(time.Duration(auth.Cusec) * time.Microsecond)
	if d := t.Sub(ct); d > skew || d < -skew {
		return nil, fail(ErrSkew, "authenticator time %v is %v from this clock's %v (at most %v)", ct, d.Round(time.Second), t, skew)
	}
	if auth.Cksum.CksumType != cksumTypeGSS {
		return nil, fail(ErrSecurityVerification, "authenticator checksum of type %d, want the GSS checksum %#x", auth.Cksum.CksumType, cksumTypeGSS)
	}
	gssFlags, err := parseGSSChecksum(auth.Cksum.Checksum)
	if err != nil {
		return nil, err
	}
	if a.cfg.Replay != nil && !a.cfg.Replay.check(req.EncryptedAuthenticator.Cipher, t, ct.Add(skew)) {
		return nil, fail(ErrReplay, "authenticator of %s@%s at %v seen before", auth.CName.PrincipalNameString(), auth.CRealm, ct)
	}
	a.caller = auth.CName.PrincipalNameString() + "@" + auth.CRealm

	key := tp.Key
	if len(auth.SubKey.KeyValue) > 0 {
		key = auth.SubKey
	}
	initSeq := uint64(uint32(auth.SeqNumber))
	conf, integ := gssFlags&gssConf != 0, gssFlags&gssInteg != 0
	mutual := gssFlags&gssMutual != 0 || types.IsFlagSet(&req.APOptions, flags.APOptionMutualRequired)
	if !mutual {
		ctx, err := newContext(key, true, false, initSeq, initSeq, conf, integ)
		if err != nil {
			return nil, err
		}
		a.ctx = ctx
		return nil, nil
	}
	// The AP-REP carries the acceptor's sequence number and, with the RFC
	// 4121 token formats (AES), an acceptor subkey of the same type, which
	// then protects the messages (RFC 4121 2). With RC4-HMAC's RFC 1964
	// formats the initiator's key stays, as MIT and Windows do.
	var seqb [4]byte
	_, _ = rand.Read(seqb[:])
	accSeq := uint64(binary.BigEndian.Uint32(seqb[:]) & 0x3fffffff)
	part := encAPRepPart{CTime: auth.CTime, Cusec: auth.Cusec, SequenceNumber: int64(accSeq)}
	var ctx *Context
	if key.KeyType == etypeID.RC4_HMAC {
		if ctx, err = newContext(key, true, false, accSeq, initSeq, conf, integ); err != nil {
			return nil, err
		}
	} else {
		et, err := crypto.GetEtype(key.KeyType)
		if err != nil {
			return nil, fail(ErrUnsupported, "subkey of type %d", key.KeyType)
		}
		part.Subkey = types.EncryptionKey{KeyType: key.KeyType, KeyValue: make([]byte, et.GetKeyByteSize())}
		_, _ = rand.Read(part.Subkey.KeyValue)
		if ctx, err = newContext(part.Subkey, true, true, accSeq, initSeq, conf, integ); err != nil {
			return nil, err
		}
	}
	rep, err := marshalAPRep(tp.Key, part)
	if err != nil {
		return nil, err
	}
	a.ctx = ctx
	return frameToken(tokAPRep, rep), nil
}

// encAPRepPart is RFC 4120 5.5.2 EncAPRepPart, for marshalling.
type encAPRepPart struct {
	CTime          time.Time           `asn1:"generalized,explicit,tag:0"`
	Cusec          int                 `asn1:"explicit,tag:1"`
	Subkey         types.EncryptionKey `asn1:"optional,explicit,tag:2"`
	SequenceNumber int64               `asn1:"optional,explicit,tag:3"`
}

// marshalAPRep encrypts part with the session key and returns the AP-REP.
func marshalAPRep(key types.EncryptionKey, part encAPRepPart) ([]byte, error) {
	pb, err := asn1.Marshal(part)
	if err != nil {
		return nil, err
	}
	pb = asn1tools.AddASNAppTag(pb, asnAppTag.EncAPRepPart)
	ed, err := crypto.GetEncryptedData(pb, key, keyusage.AP_REP_ENCPART, 0)
	if err != nil {
		return nil, err
	}
	rb, err := asn1.Marshal(messages.APRep{PVNO: iana.PVNO, MsgType: msgtype.KRB_AP_REP, EncPart: ed})
	if err != nil {
		return nil, err
	}
	return asn1tools.AddASNAppTag(rb, asnAppTag.APREP), nil
}
