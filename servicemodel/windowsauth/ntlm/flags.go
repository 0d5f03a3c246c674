package ntlm

import (
	"fmt"
	"math/bits"
	"strings"
)

// NegotiateFlags are the NTLMSSP_NEGOTIATE_* bits of [MS-NLMP] 2.2.2.5.
type NegotiateFlags uint32

// The flags this package reads or sets ([MS-NLMP] 2.2.2.5).
const (
	FlagUnicode                 NegotiateFlags = 0x00000001
	FlagOEM                     NegotiateFlags = 0x00000002
	FlagRequestTarget           NegotiateFlags = 0x00000004
	FlagSign                    NegotiateFlags = 0x00000010
	FlagSeal                    NegotiateFlags = 0x00000020
	FlagDatagram                NegotiateFlags = 0x00000040
	FlagLMKey                   NegotiateFlags = 0x00000080
	FlagNTLM                    NegotiateFlags = 0x00000200
	FlagAnonymous               NegotiateFlags = 0x00000800
	FlagDomainSupplied          NegotiateFlags = 0x00001000
	FlagWorkstationSupplied     NegotiateFlags = 0x00002000
	FlagAlwaysSign              NegotiateFlags = 0x00008000
	FlagTargetTypeDomain        NegotiateFlags = 0x00010000
	FlagTargetTypeServer        NegotiateFlags = 0x00020000
	FlagExtendedSessionSecurity NegotiateFlags = 0x00080000
	FlagIdentify                NegotiateFlags = 0x00100000
	FlagRequestNonNTSessionKey  NegotiateFlags = 0x00400000
	FlagTargetInfo              NegotiateFlags = 0x00800000
	FlagVersion                 NegotiateFlags = 0x02000000
	Flag128                     NegotiateFlags = 0x20000000
	FlagKeyExchange             NegotiateFlags = 0x40000000
	Flag56                      NegotiateFlags = 0x80000000
)

var flagNames = map[NegotiateFlags]string{
	FlagUnicode: "UNICODE", FlagOEM: "OEM", FlagRequestTarget: "REQUEST_TARGET",
	FlagSign: "SIGN", FlagSeal: "SEAL", FlagDatagram: "DATAGRAM", FlagLMKey: "LM_KEY",
	FlagNTLM: "NTLM", FlagAnonymous: "ANONYMOUS", FlagDomainSupplied: "OEM_DOMAIN_SUPPLIED",
	FlagWorkstationSupplied: "OEM_WORKSTATION_SUPPLIED", FlagAlwaysSign: "ALWAYS_SIGN",
	FlagTargetTypeDomain: "TARGET_TYPE_DOMAIN", FlagTargetTypeServer: "TARGET_TYPE_SERVER",
	FlagExtendedSessionSecurity: "EXTENDED_SESSIONSECURITY", FlagIdentify: "IDENTIFY",
	FlagRequestNonNTSessionKey: "REQUEST_NON_NT_SESSION_KEY", FlagTargetInfo: "TARGET_INFO",
	FlagVersion: "VERSION", Flag128: "128", FlagKeyExchange: "KEY_EXCH", Flag56: "56",
}

// String lists the set flags by their [MS-NLMP] names, low bit first.
func (f NegotiateFlags) String() string {
	var names []string
	for rest := uint32(f); rest != 0; rest &= rest - 1 {
		bit := NegotiateFlags(1) << bits.TrailingZeros32(rest)
		if name, ok := flagNames[bit]; ok {
			names = append(names, name)
		} else {
			names = append(names, fmt.Sprintf("%#x", uint32(bit)))
		}
	}
	if len(names) == 0 {
		return "0"
	}
	return strings.Join(names, "|")
}

// Has reports whether all of want are set.
func (f NegotiateFlags) Has(want NegotiateFlags) bool { return f&want == want }
