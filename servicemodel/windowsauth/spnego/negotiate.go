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

// ntlmssp starts a raw NTLM token, which a Windows acceptor takes without
// SPNEGO around it.
var ntlmssp = []byte("NTLMSSP\x00")

// Initiator is the client side of a negotiation. It offers its mechanisms
// in order and sends the first one's token optimistically; the acceptor
// must choose that one. Not safe for concurrent use.
type Initiator struct {
	mechs     []Mechanism
	mechTypes []byte
	step      int
	mechDone  bool
	sentMIC   bool
}

// NewInitiator returns an initiator offering mechs, the preferred first.
func NewInitiator(mechs ...Mechanism) *Initiator { return &Initiator{mechs: mechs} }

// Mechanism returns the negotiated mechanism.
func (i *Initiator) Mechanism() Mechanism { return i.mechs[0] }

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
	oids := make([]asn1.ObjectIdentifier, len(i.mechs))
	for k, m := range i.mechs {
		oids[k] = m.OID()
	}
	var err error
	if i.mechTypes, err = MarshalMechTypes(oids); err != nil {
		return nil, false, err
	}
	tok, done, err := i.mechs[0].Step(nil)
	if err != nil {
		return nil, false, err
	}
	i.mechDone = done
	out, err := (&NegTokenInit{RawMechTypes: i.mechTypes, MechToken: tok}).Marshal()
	return out, false, err
}

func (i *Initiator) answer(resp *NegTokenResp) ([]byte, bool, error) {
	mech := i.mechs[0]
	if resp.NegState == NegStateReject {
		return nil, false, failf("acceptor rejected the negotiation")
	}
	if resp.SupportedMech != nil && !resp.SupportedMech.Equal(mech.OID()) {
		return nil, false, failf("acceptor chose %v; only the first mechanism offered, %v, is supported", resp.SupportedMech, mech.OID())
	}
	var out []byte
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
		if i.sentMIC {
			return nil, false, failf("acceptor did not answer the mechListMIC")
		}
		mech.NegotiationDone()
		return out, true, nil
	}
	if err := mech.VerifyMIC(i.mechTypes, resp.MechListMIC); err != nil {
		return nil, false, failf("acceptor's mechListMIC: %v", err)
	}
	var final []byte
	if !i.sentMIC || out != nil {
		// The acceptor signed first (the mechanism completed with its last
		// token): answer with our MIC and any last mechanism token.
		next := &NegTokenResp{NegState: NegStateAbsent, ResponseToken: out}
		if !i.sentMIC {
			mic, err := mech.MIC(i.mechTypes)
			if err != nil {
				return nil, false, err
			}
			next.MechListMIC, i.sentMIC = mic, true
		}
		var err error
		if final, err = next.Marshal(); err != nil {
			return nil, false, err
		}
	}
	mech.NegotiationDone()
	return final, true, nil
}

// Acceptor is the server side of a negotiation. It takes the first of the
// initiator's mechanisms it has, and a raw NTLM token as NTLM without
// SPNEGO, as Windows does. Not safe for concurrent use.
type Acceptor struct {
	mechs       []Mechanism
	mech        Mechanism
	raw         bool // no SPNEGO: the mechanism's tokens as they are
	mechTypes   []byte
	micRequired bool
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
			a.micRequired = k > 0
			break
		}
	}
	if a.mech == nil {
		return nil, false, failf("none of the mechanisms offered (%v) is accepted", init.MechTypes)
	}
	reply := &NegTokenResp{NegState: NegStateAcceptIncomplete, SupportedMech: a.mech.OID()}
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

func (a *Acceptor) find(oid asn1.ObjectIdentifier) Mechanism {
	for _, m := range a.mechs {
		if m.OID().Equal(oid) {
			return m
		}
	}
	return nil
}

// complete verifies the initiator's mechListMIC, if it sent one or had to,
// and answers with the acceptor's.
func (a *Acceptor) complete(out, mic []byte) ([]byte, bool, error) {
	reply := &NegTokenResp{NegState: NegStateAcceptCompleted, ResponseToken: out}
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
