package ntlm

import (
	"bytes"
	"encoding/binary"
)

// AuthenticateMessage is the AUTHENTICATE_MESSAGE ([MS-NLMP] 2.2.1.3), the
// client's last token:
//
//	0 Signature  8 MessageType=3  12 LmChallengeResponseFields
//	20 NtChallengeResponseFields  28 DomainNameFields  36 UserNameFields
//	44 WorkstationFields  52 EncryptedRandomSessionKeyFields
//	60 NegotiateFlags  64 Version  72 MIC (16 bytes)  payload
//
// Version and MIC are present when the payload begins after them; the MIC
// is meaningful when the NTLMv2 response's MsvAvFlags say so.
type AuthenticateMessage struct {
	Flags                     NegotiateFlags
	LmChallengeResponse       []byte
	NtChallengeResponse       []byte
	Domain                    string
	User                      string
	Workstation               string
	EncryptedRandomSessionKey []byte
	Version                   Version
	// MIC is the message integrity code, nil when the message has no room
	// for one. Marshal writes a MIC field when MIC is not nil.
	MIC []byte
}

const (
	authenticateFixed = 64
	authMICOffset     = 72
	authWithMIC       = 88
)

// Marshal encodes the message: Version and MIC fields are written when
// MIC is not nil (the MIC's value as given; see ClientContext for how it is
// computed), Version alone when FlagVersion is set.
func (m *AuthenticateMessage) Marshal() ([]byte, error) {
	fixed := authenticateFixed
	switch {
	case m.MIC != nil:
		fixed = authWithMIC
	case m.Flags.Has(FlagVersion):
		fixed += 8
	}
	w := newBuilder(typeAuthenticate, fixed)
	u := m.Flags.Has(FlagUnicode)
	w.field(12, m.LmChallengeResponse)
	w.field(20, m.NtChallengeResponse)
	w.field(28, encodeString(m.Domain, u))
	w.field(36, encodeString(m.User, u))
	w.field(44, encodeString(m.Workstation, u))
	w.field(52, m.EncryptedRandomSessionKey)
	binary.LittleEndian.PutUint32(w.b[60:], uint32(m.Flags))
	if fixed > authenticateFixed {
		copy(w.b[64:], m.Version.appendTo(nil))
	}
	if m.MIC != nil {
		copy(w.b[authMICOffset:authWithMIC], m.MIC)
	}
	return w.bytes()
}

// ParseAuthenticate decodes an AUTHENTICATE_MESSAGE. The message's bytes
// are copied; the result does not refer to b.
func ParseAuthenticate(b []byte) (*AuthenticateMessage, error) {
	if err := checkHeader(b, typeAuthenticate, authenticateFixed); err != nil {
		return nil, err
	}
	b = bytes.Clone(b)
	m := &AuthenticateMessage{Flags: NegotiateFlags(binary.LittleEndian.Uint32(b[60:]))}
	f := fields{b: b, fixed: authenticateFixed, minStart: len(b)}
	var raw [6][]byte
	for i := range raw {
		var err error
		if raw[i], err = f.field(12 + 8*i); err != nil {
			return nil, err
		}
	}
	m.LmChallengeResponse, m.NtChallengeResponse, m.EncryptedRandomSessionKey = raw[0], raw[1], raw[5]
	u := m.Flags.Has(FlagUnicode)
	for i, s := range []*string{&m.Domain, &m.User, &m.Workstation} {
		var err error
		if *s, err = decodeString(raw[2+i], u); err != nil {
			return nil, err
		}
	}
	if f.minStart >= authenticateFixed+8 {
		m.Version = parseVersion(b[64:])
	}
	if f.minStart >= authWithMIC {
		m.MIC = b[authMICOffset:authWithMIC:authWithMIC]
	}
	return m, nil
}
