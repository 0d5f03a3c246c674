package ntlm

import (
	"crypto/rand"
	"crypto/rc4"
	"encoding/binary"
	"io"
	"slices"
	"time"
)

// Credentials name a user and hold their secret: a password, or the NT hash
// of one (NTOWFv1, as smbpasswd files keep it).
type Credentials struct {
	Domain   string
	User     string
	Password string
	// NTHash is used when Password is empty.
	NTHash *[16]byte
}

func (c *Credentials) ntHash() [16]byte {
	if c.Password == "" && c.NTHash != nil {
		return *c.NTHash
	}
	return NTHash(c.Password)
}

// ClientConfig configures a ClientContext.
type ClientConfig struct {
	Credentials
	// Workstation is the client's NetBIOS name sent in AUTHENTICATE; may be
	// empty.
	Workstation string
	// TargetName is the service principal name the client means to reach,
	// such as "host/server.example.com"; sent as MsvAvTargetName.
	TargetName string
	// Confidentiality requests sealing (WCF's EncryptAndSign). Signing,
	// 128-bit keys, key exchange and extended session security are always
	// requested and required.
	Confidentiality bool
	// Rand supplies the client challenge and the exported session key;
	// nil means crypto/rand.
	Rand io.Reader
	// Now supplies the NTLMv2 timestamp when the server sends none; nil
	// means time.Now.
	Now func() time.Time
}

// ClientContext runs the client side of one NTLM handshake
// ([MS-NLMP] 3.1.5): Negotiate, then Authenticate with the server's
// CHALLENGE. It is not safe for concurrent use.
type ClientContext struct {
	cfg       ClientConfig
	negotiate []byte
	session   *Session
}

// NewClient returns a context for one handshake.
func NewClient(cfg ClientConfig) *ClientContext { return &ClientContext{cfg: cfg} }

// clientRequired are the flags a ClientContext requires of the server.
const clientRequired = FlagUnicode | FlagNTLM | FlagSign | FlagExtendedSessionSecurity |
	Flag128 | FlagKeyExchange | FlagTargetInfo

func (c *ClientContext) requested() NegotiateFlags {
	f := FlagUnicode | FlagRequestTarget | FlagNTLM | FlagSign | FlagAlwaysSign |
		FlagExtendedSessionSecurity | FlagVersion | Flag128 | FlagKeyExchange | Flag56
	if c.cfg.Confidentiality {
		f |= FlagSeal
	}
	return f
}

// Negotiate returns the NEGOTIATE_MESSAGE that starts the handshake.
func (c *ClientContext) Negotiate() ([]byte, error) {
	if c.negotiate != nil {
		return nil, verifyError(ErrNegotiation, "Negotiate called twice")
	}
	m := NegotiateMessage{Flags: c.requested(), Version: defaultVersion}
	b, err := m.Marshal()
	if err != nil {
		return nil, err
	}
	c.negotiate = b
	return slices.Clone(b), nil
}

// Authenticate answers the server's CHALLENGE_MESSAGE with the
// AUTHENTICATE_MESSAGE and readies the session security (Session). Whether
// the server accepted the credentials is known only from its answer to
// that message.
func (c *ClientContext) Authenticate(challenge []byte) ([]byte, error) {
	if c.negotiate == nil || c.session != nil {
		return nil, verifyError(ErrNegotiation, "Authenticate out of order")
	}
	ch, err := ParseChallenge(challenge)
	if err != nil {
		return nil, err
	}
	want := clientRequired
	if c.cfg.Confidentiality {
		want |= FlagSeal
	}
	if !ch.Flags.Has(want) {
		return nil, verifyError(ErrNegotiation, "server offered %v, missing %v", ch.Flags, want&^ch.Flags)
	}
	flags := ch.Flags & (c.requested() | FlagTargetInfo | FlagTargetTypeDomain | FlagTargetTypeServer)

	var random [8 + 16]byte
	if _, err := io.ReadFull(c.rand(), random[:]); err != nil {
		return nil, err
	}
	clientChallenge := [8]byte(random[:8])
	exported := [16]byte(random[8:])

	info, stamp, mic := c.clientInfo(ch)
	respKey := ntowfv2(c.cfg.ntHash(), c.cfg.User, c.cfg.Domain)
	temp := ntlmv2Temp(stamp, clientChallenge, info.AppendTo(nil))
	proof := ntProofStr(respKey, ch.ServerChallenge, temp)
	baseKey := sessionBaseKey(respKey, proof)

	am := AuthenticateMessage{
		Flags:               flags,
		NtChallengeResponse: append(proof[:], temp...),
		Domain:              c.cfg.Domain,
		User:                c.cfg.User,
		Workstation:         c.cfg.Workstation,
		Version:             defaultVersion,
	}
	if mic {
		// With a server timestamp the LM response is Z(24) ([MS-NLMP] 3.1.5.1.2).
		am.LmChallengeResponse = make([]byte, 24)
		am.MIC = make([]byte, 16)
	} else {
		lm := hmacMD5(respKey[:], ch.ServerChallenge[:], clientChallenge[:])
		am.LmChallengeResponse = append(lm[:], clientChallenge[:]...)
	}
	if flags.Has(FlagKeyExchange) {
		am.EncryptedRandomSessionKey = make([]byte, 16)
		k, _ := rc4.NewCipher(baseKey[:])
		k.XORKeyStream(am.EncryptedRandomSessionKey, exported[:])
	} else {
		exported = baseKey
	}
	out, err := am.Marshal()
	if err != nil {
		return nil, err
	}
	if mic {
		sum := hmacMD5(exported[:], c.negotiate, challenge, out)
		copy(out[authMICOffset:], sum[:])
	}
	c.session = newSession(flags, exported, true)
	return out, nil
}

// clientInfo returns the AV pairs of the NTLMv2 response (the server's
// TargetInfo, MsvAvFlags and MsvAvTargetName), the timestamp to use, and
// whether a MIC is sent: when the server sent a timestamp, as Windows does.
func (c *ClientContext) clientInfo(ch *ChallengeMessage) (AVPairs, uint64, bool) {
	info := slices.Clone(ch.TargetInfo)
	ts, ok := info.Get(AvTimestamp)
	mic := ok && len(ts) == 8
	var stamp uint64
	if mic {
		stamp = binary.LittleEndian.Uint64(ts)
		var avFlags uint32
		if v, ok := info.Get(AvFlags); ok && len(v) == 4 {
			avFlags = binary.LittleEndian.Uint32(v)
		}
		info = info.Set(AvFlags, binary.LittleEndian.AppendUint32(nil, avFlags|avFlagMIC))
	} else {
		now := time.Now
		if c.cfg.Now != nil {
			now = c.cfg.Now
		}
		stamp = fileTime(now())
	}
	if c.cfg.TargetName != "" {
		info = info.Set(AvTargetName, encodeString(c.cfg.TargetName, true))
	}
	return info, stamp, mic
}

func (c *ClientContext) rand() io.Reader {
	if c.cfg.Rand != nil {
		return c.cfg.Rand
	}
	return rand.Reader
}

// Session returns the session security, nil before Authenticate.
func (c *ClientContext) Session() *Session { return c.session }
