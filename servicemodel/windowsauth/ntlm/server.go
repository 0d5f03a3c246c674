package ntlm

import (
	"crypto/rand"
	"crypto/rc4"
	"crypto/subtle"
	"encoding/binary"
	"io"
	"slices"
	"strings"
	"time"
)

// UserStore looks up the NT hash of a user's password.
type UserStore interface {
	// LookupUser returns the NT hash of user in domain (domain may be empty:
	// any domain); ok is false for an unknown user.
	LookupUser(domain, user string) (ntHash [16]byte, ok bool)
}

// ServerConfig configures a ServerContext.
type ServerConfig struct {
	// Users verifies the credentials; required.
	Users UserStore
	// NetBIOSDomain and NetBIOSComputer name the server in the CHALLENGE
	// (TargetName and TargetInfo); defaults "WORKGROUP" and "WWS".
	NetBIOSDomain, NetBIOSComputer string
	// DNSDomain and DNSComputer, when set, are added to the TargetInfo.
	DNSDomain, DNSComputer string
	// RequireConfidentiality refuses a client that does not negotiate
	// sealing. Extended session security is always required.
	RequireConfidentiality bool
	// Rand supplies the server challenge; nil means crypto/rand.
	Rand io.Reader
	// Now supplies the TargetInfo timestamp; nil means time.Now.
	Now func() time.Time
}

// ServerContext runs the server side of one NTLM handshake
// ([MS-NLMP] 3.2.5): Challenge answers the client's NEGOTIATE, then
// Authenticate verifies its AUTHENTICATE. It is not safe for concurrent use.
type ServerContext struct {
	cfg       ServerConfig
	negotiate []byte
	challenge []byte
	chal      *ChallengeMessage
	session   *Session
	domain    string
	user      string
}

// NewServer returns a context for one handshake.
func NewServer(cfg ServerConfig) *ServerContext { return &ServerContext{cfg: cfg} }

// serverOffered are the flags a ServerContext may grant.
const serverOffered = FlagUnicode | FlagNTLM | FlagSign | FlagSeal | FlagAlwaysSign |
	FlagExtendedSessionSecurity | FlagVersion | Flag128 | FlagKeyExchange | Flag56

// serverRequired are the flags a client must offer and keep. Signing is
// left to the caller: HTTP authentication needs none (curl does not ask for
// it), an [MS-NNS] host checks the protection the context gives.
const serverRequired = FlagExtendedSessionSecurity

func (s *ServerContext) required() NegotiateFlags {
	if s.cfg.RequireConfidentiality {
		return serverRequired | FlagSeal
	}
	return serverRequired
}

// Challenge answers a NEGOTIATE_MESSAGE with a CHALLENGE_MESSAGE.
func (s *ServerContext) Challenge(negotiate []byte) ([]byte, error) {
	if s.negotiate != nil {
		return nil, verifyError(ErrNegotiation, "Challenge called twice")
	}
	nm, err := ParseNegotiate(negotiate)
	if err != nil {
		return nil, err
	}
	if !nm.Flags.Has(s.required()) {
		return nil, verifyError(ErrNegotiation, "client offered %v, missing %v", nm.Flags, s.required()&^nm.Flags)
	}
	cm := &ChallengeMessage{
		Flags:      nm.Flags&serverOffered | FlagTargetInfo | FlagTargetTypeDomain | FlagVersion,
		TargetName: s.netbiosDomain(),
		TargetInfo: s.targetInfo(),
		Version:    defaultVersion,
	}
	if nm.Flags.Has(FlagRequestTarget) {
		cm.Flags |= FlagRequestTarget
	}
	if !nm.Flags.Has(FlagUnicode) {
		cm.Flags |= FlagOEM // strings in the client's OEM code page, ASCII here
	}
	if _, err := io.ReadFull(s.rand(), cm.ServerChallenge[:]); err != nil {
		return nil, err
	}
	b, err := cm.Marshal()
	if err != nil {
		return nil, err
	}
	s.negotiate, s.challenge, s.chal = slices.Clone(negotiate), b, cm
	return slices.Clone(b), nil
}

func (s *ServerContext) netbiosDomain() string {
	if s.cfg.NetBIOSDomain != "" {
		return strings.ToUpper(s.cfg.NetBIOSDomain)
	}
	return "WORKGROUP"
}

func (s *ServerContext) targetInfo() AVPairs {
	computer := s.cfg.NetBIOSComputer
	if computer == "" {
		computer = "WWS"
	}
	info := AVPairs{
		{AvNbDomainName, encodeString(s.netbiosDomain(), true)},
		{AvNbComputerName, encodeString(strings.ToUpper(computer), true)},
	}
	if s.cfg.DNSDomain != "" {
		info = append(info, AVPair{AvDNSDomainName, encodeString(s.cfg.DNSDomain, true)})
	}
	if s.cfg.DNSComputer != "" {
		info = append(info, AVPair{AvDNSComputerName, encodeString(s.cfg.DNSComputer, true)})
	}
	now := time.Now
	if s.cfg.Now != nil {
		now = s.cfg.Now
	}
	return append(info, AVPair{AvTimestamp, binary.LittleEndian.AppendUint64(nil, fileTime(now()))})
}

// Authenticate verifies an AUTHENTICATE_MESSAGE: the user's NTLMv2
// response against the UserStore, the negotiated flags, and the MIC when
// the client says it sent one. Wrong credentials and unknown users give
// ErrLogonDenied (both also ErrSecurityVerification), without telling the
// two apart in what a caller might send to the peer.
func (s *ServerContext) Authenticate(authenticate []byte) error {
	if s.chal == nil || s.session != nil {
		return verifyError(ErrNegotiation, "Authenticate out of order")
	}
	am, err := ParseAuthenticate(authenticate)
	if err != nil {
		return err
	}
	flags := am.Flags & s.chal.Flags
	if !flags.Has(s.required()) {
		return verifyError(ErrNegotiation, "client kept %v, missing %v", flags, s.required()&^flags)
	}
	if am.User == "" || len(am.NtChallengeResponse) <= 16+ntlmv2TempHeader {
		return verifyError(ErrLogonDenied, "anonymous or non-NTLMv2 logon (NT response of %d bytes)", len(am.NtChallengeResponse))
	}
	// An unknown user costs the same work as a wrong password.
	hash, known := s.cfg.Users.LookupUser(am.Domain, am.User)
	respKey := ntowfv2(hash, am.User, am.Domain)
	temp := am.NtChallengeResponse[16:]
	proof := ntProofStr(respKey, s.chal.ServerChallenge, temp)
	if !known {
		return verifyError(ErrLogonDenied, "unknown user %q in domain %q", am.User, am.Domain)
	}
	if subtle.ConstantTimeCompare(proof[:], am.NtChallengeResponse[:16]) != 1 {
		return verifyError(ErrLogonDenied, "wrong password for %q in domain %q", am.User, am.Domain)
	}
	info, err := ParseAVPairs(temp[ntlmv2TempHeader:])
	if err != nil {
		return err
	}
	exported, err := s.exportedKey(flags, am, sessionBaseKey(respKey, proof))
	if err != nil {
		return err
	}
	if err := s.checkMIC(info, am, authenticate, exported); err != nil {
		return err
	}
	s.session = newSession(flags, exported, false)
	s.domain, s.user = am.Domain, am.User
	return nil
}

// exportedKey recovers the exported session key ([MS-NLMP] 3.2.5.1.2).
func (s *ServerContext) exportedKey(flags NegotiateFlags, am *AuthenticateMessage, keyExchangeKey [16]byte) ([16]byte, error) {
	if !flags.Has(FlagKeyExchange) {
		return keyExchangeKey, nil
	}
	if len(am.EncryptedRandomSessionKey) != 16 {
		return [16]byte{}, malformed("EncryptedRandomSessionKey of %d bytes with KEY_EXCH", len(am.EncryptedRandomSessionKey))
	}
	var exported [16]byte
	k, _ := rc4.NewCipher(keyExchangeKey[:])
	k.XORKeyStream(exported[:], am.EncryptedRandomSessionKey)
	return exported, nil
}

// checkMIC verifies the MIC when MsvAvFlags announce one:
// HMAC_MD5(ExportedSessionKey, NEGOTIATE || CHALLENGE || AUTHENTICATE with
// the MIC zeroed).
func (s *ServerContext) checkMIC(info AVPairs, am *AuthenticateMessage, raw []byte, exported [16]byte) error {
	v, ok := info.Get(AvFlags)
	if !ok || len(v) != 4 || binary.LittleEndian.Uint32(v)&avFlagMIC == 0 {
		return nil
	}
	if am.MIC == nil {
		return malformed("MsvAvFlags announce a MIC the message has no room for")
	}
	zeroed := slices.Clone(raw)
	clear(zeroed[authMICOffset:authWithMIC])
	want := hmacMD5(exported[:], s.negotiate, s.challenge, zeroed)
	if subtle.ConstantTimeCompare(want[:], am.MIC) != 1 {
		return verifyError(ErrSecurityVerification, "MIC mismatch: the handshake's messages were altered")
	}
	return nil
}

func (s *ServerContext) rand() io.Reader {
	if s.cfg.Rand != nil {
		return s.cfg.Rand
	}
	return rand.Reader
}

// Session returns the session security, nil before a successful
// Authenticate.
func (s *ServerContext) Session() *Session { return s.session }

// User returns the authenticated user's domain and name as the client sent
// them; empty before a successful Authenticate.
func (s *ServerContext) User() (domain, user string) { return s.domain, s.user }
