package spnego

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/asn1"
	"errors"
	"fmt"
	"testing"
)

// fakeMech is a two-leg mechanism for the negotiation tests: the
// initiator sends "hello", the acceptor answers "welcome", the initiator
// completes with "done" and the acceptor completes on it. MICs are HMACs
// with a key both share, tagged with the side that made them.
type fakeMech struct {
	oid       asn1.ObjectIdentifier
	initiator bool
	step      int
	reset     bool
	fail      bool // Step fails
}

var fakeOID = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 99999, 1}

func (m *fakeMech) OID() asn1.ObjectIdentifier { return m.oid }

func (m *fakeMech) Step(in []byte) ([]byte, bool, error) {
	m.step++
	if m.fail {
		return nil, false, errors.New("fake: refused")
	}
	script := map[bool][]struct{ in, out string }{
		true:  {{"", "hello"}, {"welcome", "done"}},
		false: {{"hello", "welcome"}, {"done", ""}},
	}[m.initiator]
	if m.step > len(script) || string(in) != script[m.step-1].in {
		return nil, false, fmt.Errorf("fake: step %d got %q", m.step, in)
	}
	var out []byte
	if s := script[m.step-1].out; s != "" {
		out = []byte(s)
	}
	return out, m.step == len(script), nil
}

func (m *fakeMech) mac(side bool, msg []byte) []byte {
	h := hmac.New(sha256.New, []byte("shared"))
	fmt.Fprint(h, side)
	h.Write(msg)
	return h.Sum(nil)
}

func (m *fakeMech) MIC(msg []byte) ([]byte, error) { return m.mac(m.initiator, msg), nil }

func (m *fakeMech) VerifyMIC(msg, mic []byte) error {
	if !hmac.Equal(mic, m.mac(!m.initiator, msg)) {
		return errors.New("fake: bad MIC")
	}
	return nil
}

func (m *fakeMech) NegotiationDone() { m.reset = true }

// run passes tokens between i and a until both are complete.
func run(i *Initiator, a *Acceptor) (initErr, accErr error) {
	tok, _, err := i.Step(nil)
	if err != nil {
		return err, nil
	}
	iDone, aDone := false, false
	for range 10 {
		if tok == nil {
			break
		}
		if tok, aDone, err = a.Step(tok); err != nil {
			return nil, err
		}
		if tok == nil {
			break
		}
		if tok, iDone, err = i.Step(tok); err != nil {
			return err, nil
		}
		if iDone && aDone && tok == nil {
			return nil, nil
		}
	}
	if !iDone || !aDone {
		return fmt.Errorf("initiator done %v, acceptor done %v", iDone, aDone), nil
	}
	return nil, nil
}

func TestNegotiateOptimistic(t *testing.T) {
	im, am := &fakeMech{oid: fakeOID, initiator: true}, &fakeMech{oid: fakeOID}
	if ie, ae := run(NewInitiator(im), NewAcceptor(am)); ie != nil || ae != nil {
		t.Fatalf("initiator %v, acceptor %v", ie, ae)
	}
	if !im.reset || !am.reset {
		t.Fatal("NegotiationDone not called on both sides")
	}
}

// The acceptor has only the initiator's second mechanism: it asks for it
// (request-mic) with no token; the initiator drops its optimistic token,
// starts the second mechanism, and both sides exchange mechListMICs.
func TestNegotiateSecondMechanism(t *testing.T) {
	other := asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 99999, 2}
	second := &fakeMech{oid: fakeOID, initiator: true}
	i := NewInitiator(&fakeMech{oid: other, initiator: true}, second)
	am := &fakeMech{oid: fakeOID}
	a := NewAcceptor(am)
	tok, _, _ := i.Step(nil)
	resp, _, err := a.Step(tok)
	if err != nil {
		t.Fatal(err)
	}
	_, r, _ := Parse(resp)
	if r.NegState != NegStateRequestMIC || !r.SupportedMech.Equal(fakeOID) || r.ResponseToken != nil {
		t.Fatalf("acceptor answered %+v", r)
	}
	tok, done, err := i.Step(resp)
	if err != nil || done {
		t.Fatalf("initiator after request-mic: done %v, %v", done, err)
	}
	for !done {
		if tok, _, err = a.Step(tok); err != nil {
			t.Fatalf("acceptor: %v", err)
		}
		if tok, done, err = i.Step(tok); err != nil {
			t.Fatalf("initiator: %v", err)
		}
	}
	if i.Mechanism() != second || a.Mechanism() != am || !second.reset || !am.reset {
		t.Fatal("the second mechanism was not the one negotiated on both sides")
	}
}

// A mechanism whose first step fails (Kerberos without a ticket) is left
// out of the offer; the next one is sent optimistically.
func TestNegotiateFallback(t *testing.T) {
	other := asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 99999, 2}
	i := NewInitiator(&fakeMech{oid: other, initiator: true, fail: true}, &fakeMech{oid: fakeOID, initiator: true})
	tok, _, err := i.Step(nil)
	if err != nil {
		t.Fatal(err)
	}
	init, _, err := Parse(tok)
	if err != nil || len(init.MechTypes) != 1 || !init.MechTypes[0].Equal(fakeOID) {
		t.Fatalf("offer %+v, %v", init, err)
	}
	i = NewInitiator(&fakeMech{oid: other, initiator: true, fail: true}, &fakeMech{oid: fakeOID, initiator: true})
	if ie, ae := run(i, NewAcceptor(&fakeMech{oid: fakeOID})); ie != nil || ae != nil {
		t.Fatalf("initiator %v, acceptor %v", ie, ae)
	}
	if _, _, err := NewInitiator(&fakeMech{oid: other, initiator: true, fail: true}).Step(nil); err == nil {
		t.Fatal("an initiator whose only mechanism fails sent a token")
	}
}

func TestNegotiateNoCommonMechanism(t *testing.T) {
	i := NewInitiator(&fakeMech{oid: fakeOID, initiator: true})
	a := NewAcceptor(&fakeMech{oid: OIDNTLM})
	if _, ae := run(i, a); !errors.Is(ae, ErrSecurityVerification) {
		t.Fatalf("acceptor: %v", ae)
	}
}

func TestNegotiateBadMIC(t *testing.T) {
	im, am := &fakeMech{oid: fakeOID, initiator: true}, &fakeMech{oid: fakeOID}
	i, a := NewInitiator(im), NewAcceptor(am)
	tok, _, _ := i.Step(nil)
	tok, _, _ = a.Step(tok)
	tok, _, _ = i.Step(tok)
	_, r, _ := Parse(tok)
	r.MechListMIC[0] ^= 1
	tok, _ = r.Marshal()
	if _, _, err := a.Step(tok); !errors.Is(err, ErrSecurityVerification) || am.reset {
		t.Fatalf("acceptor took a bad mechListMIC: %v", err)
	}
}

// An acceptor that completes without answering the initiator's MIC, or
// rejects, is refused.
func TestNegotiateAcceptorMisbehaves(t *testing.T) {
	for name, final := range map[string]NegTokenResp{
		"no MIC":  {NegState: NegStateAcceptCompleted},
		"reject":  {NegState: NegStateReject},
		"bad MIC": {NegState: NegStateAcceptCompleted, MechListMIC: []byte("not a mic")},
	} {
		im := &fakeMech{oid: fakeOID, initiator: true}
		i, a := NewInitiator(im), NewAcceptor(&fakeMech{oid: fakeOID})
		tok, _, _ := i.Step(nil)
		tok, _, _ = a.Step(tok)
		if _, _, err := i.Step(tok); err != nil {
			t.Fatal(err)
		}
		b, _ := final.Marshal()
		if _, done, err := i.Step(b); !errors.Is(err, ErrSecurityVerification) || done || im.reset {
			t.Errorf("%s: %v (done %v)", name, err, done)
		}
	}
}

func TestNegotiateMechanismFails(t *testing.T) {
	i := NewInitiator(&fakeMech{oid: fakeOID, initiator: true})
	a := NewAcceptor(&fakeMech{oid: fakeOID, fail: true})
	if _, ae := run(i, a); ae == nil {
		t.Fatal("a failing mechanism succeeded")
	}
}

func TestAcceptorRawNTLMWithoutNTLM(t *testing.T) {
	a := NewAcceptor(&fakeMech{oid: fakeOID})
	if _, _, err := a.Step([]byte("NTLMSSP\x00\x01\x00\x00\x00")); !errors.Is(err, ErrSecurityVerification) {
		t.Fatalf("%v", err)
	}
}

func TestAcceptorRejectsGarbage(t *testing.T) {
	for _, in := range [][]byte{nil, []byte("garbage"), bytes.Repeat([]byte{0x60}, 100)} {
		if _, _, err := NewAcceptor(&fakeMech{oid: fakeOID}).Step(in); !errors.Is(err, ErrSecurityVerification) {
			t.Errorf("%q: %v", in, err)
		}
	}
}
