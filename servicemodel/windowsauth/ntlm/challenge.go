package ntlm

import (
	"bytes"
	"encoding/binary"
)

// ChallengeMessage is the CHALLENGE_MESSAGE ([MS-NLMP] 2.2.1.2), the
// server's answer:
//
//	0 Signature  8 MessageType=2  12 TargetNameFields  20 NegotiateFlags
//	24 ServerChallenge  32 Reserved  40 TargetInfoFields
//	48 Version (with NTLMSSP_NEGOTIATE_VERSION)  payload
type ChallengeMessage struct {
	Flags           NegotiateFlags
	TargetName      string // UTF-16 with FlagUnicode, else OEM
	ServerChallenge [8]byte
	TargetInfo      AVPairs // with FlagTargetInfo
	Version         Version
}

const challengeFixed = 48

// Marshal encodes the message; Version is written when FlagVersion is set.
func (m *ChallengeMessage) Marshal() ([]byte, error) {
	fixed := challengeFixed
	if m.Flags.Has(FlagVersion) {
		fixed += 8
	}
	w := newBuilder(typeChallenge, fixed)
	w.field(12, encodeString(m.TargetName, m.Flags.Has(FlagUnicode)))
	binary.LittleEndian.PutUint32(w.b[20:], uint32(m.Flags))
	copy(w.b[24:], m.ServerChallenge[:])
	var info []byte
	if m.Flags.Has(FlagTargetInfo) {
		info = m.TargetInfo.AppendTo(nil)
	}
	w.field(40, info)
	if m.Flags.Has(FlagVersion) {
		copy(w.b[48:], m.Version.appendTo(nil))
	}
	return w.bytes()
}

// ParseChallenge decodes a CHALLENGE_MESSAGE. The message's bytes are
// copied; the result does not refer to b.
func ParseChallenge(b []byte) (*ChallengeMessage, error) {
	if err := checkHeader(b, typeChallenge, challengeFixed); err != nil {
		return nil, err
	}
	b = bytes.Clone(b)
	m := &ChallengeMessage{Flags: NegotiateFlags(binary.LittleEndian.Uint32(b[20:]))}
	copy(m.ServerChallenge[:], b[24:32])
	f := fields{b: b, fixed: challengeFixed, minStart: len(b)}
	name, err := f.field(12)
	if err != nil {
		return nil, err
	}
	if m.TargetName, err = decodeString(name, m.Flags.Has(FlagUnicode)); err != nil {
		return nil, err
	}
	info, err := f.field(40)
	if err != nil {
		return nil, err
	}
	if m.Flags.Has(FlagTargetInfo) {
		if m.TargetInfo, err = ParseAVPairs(info); err != nil {
			return nil, err
		}
	}
	if m.Flags.Has(FlagVersion) && f.minStart >= challengeFixed+8 && len(b) >= challengeFixed+8 {
		m.Version = parseVersion(b[48:])
	}
	return m, nil
}
