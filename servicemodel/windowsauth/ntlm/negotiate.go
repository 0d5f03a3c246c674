package ntlm

import (
	"bytes"
	"encoding/binary"
)

// NegotiateMessage is the NEGOTIATE_MESSAGE ([MS-NLMP] 2.2.1.1), the
// client's first token:
//
//	0 Signature  8 MessageType=1  12 NegotiateFlags  16 DomainNameFields
//	24 WorkstationFields  32 Version (with NTLMSSP_NEGOTIATE_VERSION)  payload
type NegotiateMessage struct {
	Flags       NegotiateFlags
	Domain      string // OEM; sent only with FlagDomainSupplied
	Workstation string // OEM; sent only with FlagWorkstationSupplied
	Version     Version
}

const negotiateFixed = 32

// Marshal encodes the message; Version is written when FlagVersion is set.
func (m *NegotiateMessage) Marshal() ([]byte, error) {
	fixed := negotiateFixed
	if m.Flags.Has(FlagVersion) {
		fixed += 8
	}
	w := newBuilder(typeNegotiate, fixed)
	binary.LittleEndian.PutUint32(w.b[12:], uint32(m.Flags))
	w.field(16, []byte(m.Domain))
	w.field(24, []byte(m.Workstation))
	if m.Flags.Has(FlagVersion) {
		copy(w.b[32:], m.Version.appendTo(nil))
	}
	return w.bytes()
}

// ParseNegotiate decodes a NEGOTIATE_MESSAGE. The message's bytes are
// copied; the result does not refer to b.
func ParseNegotiate(b []byte) (*NegotiateMessage, error) {
	if err := checkHeader(b, typeNegotiate, negotiateFixed); err != nil {
		return nil, err
	}
	b = bytes.Clone(b)
	m := &NegotiateMessage{Flags: NegotiateFlags(binary.LittleEndian.Uint32(b[12:]))}
	f := fields{b: b, fixed: negotiateFixed, minStart: len(b)}
	dom, err := f.field(16)
	if err != nil {
		return nil, err
	}
	ws, err := f.field(24)
	if err != nil {
		return nil, err
	}
	m.Domain, m.Workstation = string(dom), string(ws)
	// The Version is there unless a payload begins where it would be.
	if m.Flags.Has(FlagVersion) && (f.minStart == len(b) || f.minStart >= negotiateFixed+8) {
		if len(b) < negotiateFixed+8 {
			return nil, malformed("NEGOTIATE of %d bytes announces a Version it has no room for", len(b))
		}
		m.Version = parseVersion(b[32:])
	}
	return m, nil
}
