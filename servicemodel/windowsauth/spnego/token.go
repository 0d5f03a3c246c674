package spnego

import (
	"bytes"
	"encoding/asn1"
	"errors"
	"fmt"
)

// Object identifiers of the negotiation and of the mechanisms Windows
// offers in it.
var (
	OIDSPNEGO     = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 2}
	OIDNTLM       = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 311, 2, 2, 10}
	OIDKerberos   = asn1.ObjectIdentifier{1, 2, 840, 113554, 1, 2, 2}
	OIDMSKerberos = asn1.ObjectIdentifier{1, 2, 840, 48018, 1, 2, 2}
)

// ErrSecurityVerification: a token was malformed, the peer rejected the
// negotiation or its mechanism failed, or a mechListMIC did not verify.
// Named after WWSAPI's WS_E_SECURITY_VERIFICATION_FAILURE.
var ErrSecurityVerification = errors.New("spnego: security verification failed")

func failf(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrSecurityVerification, fmt.Sprintf(format, args...))
}

// NegState is a NegTokenResp's negState (RFC 4178 4.2.2).
type NegState int

// negState values; NegStateAbsent marks a token without one.
const (
	NegStateAbsent           NegState = -1
	NegStateAcceptCompleted  NegState = 0
	NegStateAcceptIncomplete NegState = 1
	NegStateReject           NegState = 2
	NegStateRequestMIC       NegState = 3
)

// NegTokenInit is the initiator's first token (RFC 4178 4.2.1).
type NegTokenInit struct {
	MechTypes   []asn1.ObjectIdentifier
	MechToken   []byte
	MechListMIC []byte
	// RawMechTypes is the DER of the MechTypeList as received, what the
	// mechListMIC covers.
	RawMechTypes []byte
}

// NegTokenResp is every later token (RFC 4178 4.2.2).
type NegTokenResp struct {
	NegState      NegState
	SupportedMech asn1.ObjectIdentifier
	ResponseToken []byte
	MechListMIC   []byte
}

// MarshalMechTypes encodes a MechTypeList.
func MarshalMechTypes(mechs []asn1.ObjectIdentifier) ([]byte, error) {
	return asn1.Marshal(mechs)
}

// Marshal encodes the token as the GSS-API InitialContextToken of SPNEGO
// (RFC 2743 3.1): [APPLICATION 0] { OID 1.3.6.1.5.5.2, [0] NegTokenInit }.
func (m *NegTokenInit) Marshal() ([]byte, error) {
	raw := m.RawMechTypes
	if raw == nil {
		var err error
		if raw, err = MarshalMechTypes(m.MechTypes); err != nil {
			return nil, err
		}
	}
	var seq []byte
	seq = appendExplicit(seq, 0, raw)
	if m.MechToken != nil {
		seq = appendExplicit(seq, 2, mustOctets(m.MechToken))
	}
	if m.MechListMIC != nil {
		seq = appendExplicit(seq, 3, mustOctets(m.MechListMIC))
	}
	choice := appendExplicit(nil, 0, wrap(asn1.ClassUniversal, asn1.TagSequence, seq))
	oid, err := asn1.Marshal(OIDSPNEGO)
	if err != nil {
		return nil, err
	}
	return wrap(asn1.ClassApplication, 0, append(oid, choice...)), nil
}

// Marshal encodes the token as the [1] choice of NegotiationToken.
func (m *NegTokenResp) Marshal() ([]byte, error) {
	var seq []byte
	if m.NegState != NegStateAbsent {
		b, err := asn1.Marshal(asn1.Enumerated(m.NegState))
		if err != nil {
			return nil, err
		}
		seq = appendExplicit(seq, 0, b)
	}
	if m.SupportedMech != nil {
		b, err := asn1.Marshal(m.SupportedMech)
		if err != nil {
			return nil, err
		}
		seq = appendExplicit(seq, 1, b)
	}
	if m.ResponseToken != nil {
		seq = appendExplicit(seq, 2, mustOctets(m.ResponseToken))
	}
	if m.MechListMIC != nil {
		seq = appendExplicit(seq, 3, mustOctets(m.MechListMIC))
	}
	return appendExplicit(nil, 1, wrap(asn1.ClassUniversal, asn1.TagSequence, seq)), nil
}

// wrap encodes a constructed value of the class and tag around content.
func wrap(class, tag int, content []byte) []byte {
	b, _ := asn1.Marshal(asn1.RawValue{Class: class, Tag: tag, IsCompound: true, Bytes: content})
	return b
}

// appendExplicit appends the context-specific [tag] around der.
func appendExplicit(b []byte, tag int, der []byte) []byte {
	return append(b, wrap(asn1.ClassContextSpecific, tag, der)...)
}

func mustOctets(b []byte) []byte {
	der, _ := asn1.Marshal(b)
	return der
}

// maxToken bounds a token parsed: an NNS handshake frame holds 64 KiB.
const maxToken = 0xFFFF

// Parse decodes a token: an InitialContextToken carrying a NegTokenInit
// (or a bare [0] NegTokenInit), or a [1] NegTokenResp. Exactly one result
// is not nil.
func Parse(tok []byte) (*NegTokenInit, *NegTokenResp, error) {
	if len(tok) > maxToken {
		return nil, nil, failf("token of %d bytes", len(tok))
	}
	var outer asn1.RawValue
	rest, err := asn1.Unmarshal(tok, &outer)
	if err != nil || len(rest) != 0 {
		return nil, nil, failf("token is not one DER value (%v)", err)
	}
	switch {
	case outer.Class == asn1.ClassApplication && outer.Tag == 0 && outer.IsCompound:
		var oid asn1.ObjectIdentifier
		inner, err := asn1.Unmarshal(outer.Bytes, &oid)
		if err != nil || !oid.Equal(OIDSPNEGO) {
			return nil, nil, failf("initial token for mechanism %v (%v), want SPNEGO", oid, err)
		}
		if err := unmarshalOne(inner, &outer); err != nil {
			return nil, nil, err
		}
		if outer.Class != asn1.ClassContextSpecific || outer.Tag != 0 {
			return nil, nil, failf("initial token without NegTokenInit")
		}
		fallthrough
	case outer.Class == asn1.ClassContextSpecific && outer.Tag == 0 && outer.IsCompound:
		m, err := parseInit(outer.Bytes)
		return m, nil, err
	case outer.Class == asn1.ClassContextSpecific && outer.Tag == 1 && outer.IsCompound:
		m, err := parseResp(outer.Bytes)
		return nil, m, err
	}
	return nil, nil, failf("token of class %d tag %d is no NegotiationToken", outer.Class, outer.Tag)
}

func unmarshalOne(b []byte, v any) error {
	rest, err := asn1.Unmarshal(b, v)
	if err != nil || len(rest) != 0 {
		return failf("malformed token (%v, %d bytes left)", err, len(rest))
	}
	return nil
}

// fieldsOf reads a SEQUENCE of context-specific [n] elements, each at most
// once and in increasing order, and returns each one's content.
func fieldsOf(b []byte, max int) ([][]byte, error) {
	var seq asn1.RawValue
	if err := unmarshalOne(b, &seq); err != nil {
		return nil, err
	}
	if seq.Class != asn1.ClassUniversal || seq.Tag != asn1.TagSequence || !seq.IsCompound {
		return nil, failf("a NegotiationToken that is not a SEQUENCE")
	}
	fields := make([][]byte, max+1)
	last := -1
	for rest := seq.Bytes; len(rest) > 0; {
		var f asn1.RawValue
		var err error
		if rest, err = asn1.Unmarshal(rest, &f); err != nil {
			return nil, failf("malformed field (%v)", err)
		}
		if f.Class != asn1.ClassContextSpecific || !f.IsCompound || f.Tag <= last {
			return nil, failf("field of class %d tag %d out of place", f.Class, f.Tag)
		}
		last = f.Tag
		if f.Tag <= max {
			fields[f.Tag] = f.Bytes
		}
	}
	return fields, nil
}

func octets(b []byte) ([]byte, error) {
	if b == nil {
		return nil, nil
	}
	var o []byte
	if err := unmarshalOne(b, &o); err != nil {
		return nil, err
	}
	return o, nil
}

func parseInit(b []byte) (*NegTokenInit, error) {
	f, err := fieldsOf(b, 3)
	if err != nil {
		return nil, err
	}
	if f[0] == nil {
		return nil, failf("NegTokenInit without mechTypes")
	}
	m := &NegTokenInit{RawMechTypes: bytes.Clone(f[0])}
	if err := unmarshalOne(m.RawMechTypes, &m.MechTypes); err != nil {
		return nil, err
	}
	if len(m.MechTypes) == 0 {
		return nil, failf("NegTokenInit offers no mechanism")
	}
	if m.MechToken, err = octets(f[2]); err != nil {
		return nil, err
	}
	if m.MechListMIC, err = octets(f[3]); err != nil {
		return nil, err
	}
	return m, nil
}

func parseResp(b []byte) (*NegTokenResp, error) {
	f, err := fieldsOf(b, 3)
	if err != nil {
		return nil, err
	}
	m := &NegTokenResp{NegState: NegStateAbsent}
	if f[0] != nil {
		var st asn1.Enumerated
		if err := unmarshalOne(f[0], &st); err != nil {
			return nil, err
		}
		if st < 0 || st > 3 {
			return nil, failf("negState %d", st)
		}
		m.NegState = NegState(st)
	}
	if f[1] != nil {
		if err := unmarshalOne(f[1], &m.SupportedMech); err != nil {
			return nil, err
		}
	}
	if m.ResponseToken, err = octets(f[2]); err != nil {
		return nil, err
	}
	if m.MechListMIC, err = octets(f[3]); err != nil {
		return nil, err
	}
	return m, nil
}
