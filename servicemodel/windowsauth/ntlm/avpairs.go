package ntlm

import (
	"encoding/binary"
	"time"
)

// AV_PAIR lists ([MS-NLMP] 2.2.2.1): the TargetInfo of a CHALLENGE and the
// server-name part of an NTLMv2 response. Each pair is [id u16][len u16]
// [value]; the list ends with MsvAvEOL.

// AVID is an AV_PAIR's AvId.
type AVID uint16

// AvIds ([MS-NLMP] 2.2.2.1).
const (
	AvEOL             AVID = 0
	AvNbComputerName  AVID = 1
	AvNbDomainName    AVID = 2
	AvDNSComputerName AVID = 3
	AvDNSDomainName   AVID = 4
	AvDNSTreeName     AVID = 5
	AvFlags           AVID = 6
	AvTimestamp       AVID = 7
	AvSingleHost      AVID = 8
	AvTargetName      AVID = 9
	AvChannelBindings AVID = 10
)

// avFlagMIC is the MsvAvFlags bit saying the AUTHENTICATE carries a MIC.
const avFlagMIC = 0x2

// AVPair is one attribute-value pair.
type AVPair struct {
	ID    AVID
	Value []byte
}

// AVPairs is an AV_PAIR list without its MsvAvEOL.
type AVPairs []AVPair

// ParseAVPairs reads a list up to its MsvAvEOL; bytes after it are
// ignored (the NTLMv2 response pads the list with four zero bytes). A list
// without MsvAvEOL, a pair running past the end, or a second pair of one
// id is malformed.
func ParseAVPairs(b []byte) (AVPairs, error) {
	var pairs AVPairs
	var seen [AvChannelBindings + 1]bool
	for {
		if len(b) < 4 {
			return nil, malformed("AV_PAIR list without MsvAvEOL")
		}
		id := AVID(binary.LittleEndian.Uint16(b))
		n := int(binary.LittleEndian.Uint16(b[2:]))
		b = b[4:]
		if id == AvEOL {
			return pairs, nil
		}
		if n > len(b) {
			return nil, malformed("AV_PAIR %d of %d bytes, %d left", id, n, len(b))
		}
		if id < AVID(len(seen)) {
			if seen[id] {
				return nil, malformed("AV_PAIR %d repeated", id)
			}
			seen[id] = true
		}
		pairs = append(pairs, AVPair{ID: id, Value: b[:n:n]})
		b = b[n:]
	}
}

// Get returns the value of the pair id.
func (p AVPairs) Get(id AVID) ([]byte, bool) {
	for _, av := range p {
		if av.ID == id {
			return av.Value, true
		}
	}
	return nil, false
}

// Set replaces the value of the pair id, or adds the pair at the end.
func (p AVPairs) Set(id AVID, value []byte) AVPairs {
	for i := range p {
		if p[i].ID == id {
			p[i].Value = value
			return p
		}
	}
	return append(p, AVPair{ID: id, Value: value})
}

// AppendTo appends the encoded list with its MsvAvEOL.
func (p AVPairs) AppendTo(b []byte) []byte {
	for _, av := range p {
		b = binary.LittleEndian.AppendUint16(b, uint16(av.ID))
		b = binary.LittleEndian.AppendUint16(b, uint16(len(av.Value)))
		b = append(b, av.Value...)
	}
	return append(b, 0, 0, 0, 0)
}

// fileTime converts t to a Windows FILETIME (100 ns since 1601).
func fileTime(t time.Time) uint64 {
	const epochDelta = 116444736000000000 // 1601-01-01 to 1970-01-01 in 100 ns
	return uint64(t.UnixNano()/100) + epochDelta
}
