package spnego

import (
	"bytes"
	"encoding/asn1"
)

// Mechanism is a GSS-API mechanism negotiated under SPNEGO: one side of its
// context.
type Mechanism interface {
	// OID names the mechanism in the MechTypeList.
	OID() asn1.ObjectIdentifier
	// Step takes the peer's last mechanism token (nil for an initiator's
	// first call) and returns the next one, possibly none, and whether the
	// context is complete.
	Step(token []byte) (out []byte, done bool, err error)
	// MIC signs msg with the complete context (gss_get_mic); VerifyMIC
	// checks the peer's (gss_verify_mic).
	MIC(msg []byte) ([]byte, error)
	VerifyMIC(msg, mic []byte) error
	// NegotiationDone is called once the mechListMICs are exchanged (NTLM
	// starts its RC4 keystreams over then).
	NegotiationDone()
}

// Aliased is a Mechanism that also answers to other OIDs: Kerberos to
// Microsoft's 1.2.840.48018.1.2.2 besides 1.2.840.113554.1.2.2. An
// initiator lists the aliases before the OID, as Windows does; an acceptor
// takes any of them and names the one offered in its reply.
type Aliased interface {
	Aliases() []asn1.ObjectIdentifier
}

// oidsOf returns the OIDs m is listed under, in the order offered.
func oidsOf(m Mechanism) []asn1.ObjectIdentifier {
	if a, ok := m.(Aliased); ok {
		return append(append([]asn1.ObjectIdentifier(nil), a.Aliases()...), m.OID())
	}
	return []asn1.ObjectIdentifier{m.OID()}
}

// answersTo reports whether m is listed under oid.
func answersTo(m Mechanism, oid asn1.ObjectIdentifier) bool {
	for _, o := range oidsOf(m) {
		if o.Equal(oid) {
			return true
		}
	}
	return false
}

// ntlmssp starts a raw NTLM token, which a Windows acceptor takes without
// SPNEGO around it.
var ntlmssp = []byte("NTLMSSP\x00")

// Initiator is the client side of a negotiation. It offers its mechanisms
// in order, leaving out those whose first step fails (Kerberos without a
// ticket), and sends the first remaining one's token optimistically. The
// acceptor may choose another of the list; the initiator then starts that
// mechanism and the mechListMIC becomes required (RFC 4178 5). Not safe for
// concurrent use.
type Initiator struct {
	mechs     []Mechanism
	mechTypes []byte
	step      int
	mechDone  bool
	sentMIC   bool
	// micRequired: the acceptor chose another mechanism than the
	// optimistic one, so both sides must send a mechListMIC.
	micRequired bool
}

// NewInitiator returns an initiator offering mechs, the preferred first.
func NewInitiator(mechs ...Mechanism) *Initiator { return &Initiator{mechs: mechs} }

// Mechanism returns the negotiated mechanism (the optimistic one until
// the acceptor chose), nil when none could start.
func (i *Initiator) Mechanism() Mechanism {
	if len(i.mechs) == 0 {
		return nil
	}
	return i.mechs[0]
}

// Step takes the acceptor's last token (nil at first) and returns the
// next token, possibly none, and whether the negotiation is complete.
func (i *Initiator) Step(in []byte) ([]byte, bool, error) {
	i.step++
	if i.step == 1 {
		return i.start()
	}
	_, resp, err := Parse(in)
	if err != nil {
		return nil, false, err
	}
	if resp == nil {
		return nil, false, failf("acceptor sent a NegTokenInit")
	}
	return i.answer(resp)
}

func (i *Initiator) start() ([]byte, bool, error) {
	if len(i.mechs) == 0 {
		return nil, false, failf("no mechanism to offer")
	}
	var tok []byte
	var firstErr error
	for len(i.mechs) > 0 {
		out, done, err := i.mechs[0].Step(nil)
		if err == nil {
			tok, i.mechDone = out, done
			break
		}
		if firstErr == nil {
			firstErr = err
		}
		i.mechs = i.mechs[1:]
	}
	if len(i.mechs) == 0 {
		return nil, false, firstErr
	}
	var oids []asn1.ObjectIdentifier
	for _, m := range i.mechs {
		oids = append(oids, oidsOf(m)...)
	}
	var err error
	if i.mechTypes, err = MarshalMechTypes(oids); err != nil {
		return nil, false, err
	}
	out, err := (&NegTokenInit{RawMechTypes: i.mechTypes, MechToken: tok}).Marshal()
	return out, false, err
}

func (i *Initiator) answer(resp *NegTokenResp) ([]byte, bool, error) {
	mech := i.mechs[0]
	if resp.NegState == NegStateReject {
		return nil, false, failf("acceptor rejected the negotiation")
	}
	var out []byte
	if resp.SupportedMech != nil && !answersTo(mech, resp.SupportedMech) {
		// The acceptor chose a later mechanism: drop the optimistic
		// token and start that one (only in its first answer).
		k := 1
		for k < len(i.mechs) && !answersTo(i.mechs[k], resp.SupportedMech) {
			k++
		}
		if i.step != 2 || k == len(i.mechs) || resp.ResponseToken != nil {
			return nil, false, failf("acceptor chose %v, which was not offered or not in its first answer", resp.SupportedMech)
		}
		mech = i.mechs[k]
		i.mechs = append([]Mechanism{mech}, append(i.mechs[:k:k], i.mechs[k+1:]...)...)
		var err error
		if out, i.mechDone, err = mech.Step(nil); err != nil {
			return nil, false, err
		}
		i.micRequired = true
		b, err := (&NegTokenResp{NegState: NegStateAbsent, ResponseToken: out}).Marshal()
		return b, false, err
	}
	if resp.ResponseToken != nil {
		if i.mechDone {
			return nil, false, failf("a mechanism token after the mechanism completed")
		}
		var err error
		if out, i.mechDone, err = mech.Step(resp.ResponseToken); err != nil {
			return nil, false, err
		}
	}
	if resp.NegState == NegStateAcceptCompleted {
		return i.complete(resp, out)
	}
	next := &NegTokenResp{NegState: NegStateAbsent, ResponseToken: out}
	if i.mechDone && !i.sentMIC {
		mic, err := mech.MIC(i.mechTypes)
		if err != nil {
			return nil, false, err
		}
		next.MechListMIC, i.sentMIC = mic, true
	}
	b, err := next.Marshal()
	return b, false, err
}

// complete checks the acceptor's final token.
func (i *Initiator) complete(resp *NegTokenResp, out []byte) ([]byte, bool, error) {
	mech := i.mechs[0]
	if !i.mechDone {
		return nil, false, failf("acceptor completed before the mechanism did")
	}
	if resp.MechListMIC == nil {
		if i.sentMIC || i.micRequired {
			return nil, false, failf("acceptor did not answer the mechListMIC")
		}
		mech.NegotiationDone()
		return out, true, nil
	}
	if err := mech.VerifyMIC(i.mechTypes, resp.MechListMIC); err != nil {
		return nil, false, failf("acceptor's mechListMIC: %v", err)
	}
	if i.micRequired && !i.sentMIC {
		return nil, false, failf("acceptor completed before the initiator's mechListMIC")
	}
	// The acceptor's context is complete: a MIC it sent unasked (Windows
	// does so when Kerberos, the optimistic mechanism, completes with the
	// AP-REP) is verified and needs no answer; a last mechanism token
	// still goes out.
	var final []byte
	if out != nil {
		var err error
		if final, err = (&NegTokenResp{NegState: NegStateAbsent, ResponseToken: out}).Marshal(); err != nil {
			return nil, false, err
		}
	}
	mech.NegotiationDone()
	return final, true, nil
}

// Acceptor is the server side of a negotiation. It takes the first of the
// initiator's mechanisms it has, and a raw NTLM token or a mechanism's raw
// initial token (Kerberos) as that mechanism without SPNEGO, as Windows
// does. Not safe for concurrent use.
type Acceptor struct {
	mechs       []Mechanism
	mech        Mechanism
	raw         bool // no SPNEGO: the mechanism's tokens as they are
	mechTypes   []byte
	micRequired bool
	chosen      asn1.ObjectIdentifier // the OID of mech the initiator offered
	step        int
}

// NewAcceptor returns an acceptor of mechs.
func NewAcceptor(mechs ...Mechanism) *Acceptor { return &Acceptor{mechs: mechs} }

// Mechanism returns the negotiated mechanism, nil before the first Step.
func (a *Acceptor) Mechanism() Mechanism { return a.mech }

// Step takes the initiator's last token and returns the next, possibly
// none, and whether the negotiation is complete.
func (a *Acceptor) Step(in []byte) ([]byte, bool, error) {
	a.step++
	if a.step == 1 {
		return a.start(in)
	}
	if a.raw {
		return a.mech.Step(in)
	}
	init, resp, err := Parse(in)
	if err != nil {
		return nil, false, err
	}
	if init != nil {
		return nil, false, failf("a second NegTokenInit")
	}
	if resp.ResponseToken == nil {
		return nil, false, failf("initiator sent no mechanism token")
	}
	out, done, err := a.mech.Step(resp.ResponseToken)
	if err != nil {
		return nil, false, err
	}
	if done {
		return a.complete(out, resp.MechListMIC)
	}
	b, err := (&NegTokenResp{NegState: NegStateAcceptIncomplete, ResponseToken: out}).Marshal()
	return b, false, err
}

func (a *Acceptor) start(in []byte) ([]byte, bool, error) {
	if bytes.HasPrefix(in, ntlmssp) {
		if a.mech = a.find(OIDNTLM); a.mech == nil {
			return nil, false, failf("a raw NTLM token, and NTLM is not accepted")
		}
		a.raw = true
		return a.mech.Step(in)
	}
	if oid := rawMechOID(in); oid != nil {
		// A mechanism's own initial token (a raw Kerberos AP-REQ), which
		// Windows' Negotiate package also takes.
		if a.mech = a.find(oid); a.mech == nil {
			return nil, false, failf("a raw %v token, and that mechanism is not accepted", oid)
		}
		a.raw = true
		return a.mech.Step(in)
	}
	init, _, err := Parse(in)
	if err != nil {
		return nil, false, err
	}
	if init == nil {
		return nil, false, failf("the first token is not a NegTokenInit")
	}
	a.mechTypes = init.RawMechTypes
	for k, oid := range init.MechTypes {
		if a.mech = a.find(oid); a.mech != nil {
			// The optimistic token is for the first OID offered; an
			// alias of the first mechanism before it counts as first.
			a.micRequired = k > 0 && !answersTo(a.mech, init.MechTypes[0])
			a.chosen = oid
			break
		}
	}
	if a.mech == nil {
		return nil, false, failf("none of the mechanisms offered (%v) is accepted", init.MechTypes)
	}
	reply := &NegTokenResp{NegState: NegStateAcceptIncomplete, SupportedMech: a.chosen}
	if !a.micRequired && init.MechToken != nil {
		out, done, err := a.mech.Step(init.MechToken)
		if err != nil {
			return nil, false, err
		}
		if done {
			return a.complete(out, init.MechListMIC)
		}
		reply.ResponseToken = out
	} else if a.micRequired {
		reply.NegState = NegStateRequestMIC
	}
	b, err := reply.Marshal()
	return b, false, err
}

// rawMechOID returns the mechanism of a GSS InitialContextToken (RFC 2743
// 3.1) that is not SPNEGO's, else nil.
func rawMechOID(tok []byte) asn1.ObjectIdentifier {
	var raw asn1.RawValue
	if _, err := asn1.Unmarshal(tok, &raw); err != nil || raw.Class != asn1.ClassApplication || raw.Tag != 0 {
		return nil
	}
	var oid asn1.ObjectIdentifier
	if _, err := asn1.Unmarshal(raw.Bytes, &oid); err != nil || oid.Equal(OIDSPNEGO) {
		return nil
	}
	return oid
}

func (a *Acceptor) find(oid asn1.ObjectIdentifier) Mechanism {
	for _, m := range a.mechs {
		if answersTo(m, oid) {
			return m
		}
	}
	return nil
}

// complete verifies the initiator's mechListMIC, if it sent one or had to,
// and answers with the acceptor's.
func (a *Acceptor) complete(out, mic []byte) ([]byte, bool, error) {
	reply := &NegTokenResp{NegState: NegStateAcceptCompleted, ResponseToken: out}
	if a.step == 1 {
		reply.SupportedMech = a.chosen // RFC 4178 4.2.2: in the first reply
	}
	switch {
	case mic != nil:
		if err := a.mech.VerifyMIC(a.mechTypes, mic); err != nil {
			return nil, false, failf("initiator's mechListMIC: %v", err)
		}
		var err error
		if reply.MechListMIC, err = a.mech.MIC(a.mechTypes); err != nil {
			return nil, false, err
		}
	case a.micRequired:
		return nil, false, failf("initiator sent no mechListMIC though its first mechanism was not chosen")
	}
	b, err := reply.Marshal()
	if err != nil {
		return nil, false, err
	}
	a.mech.NegotiationDone()
	return b, true, nil
}
