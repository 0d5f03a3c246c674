// Package spnego implements the Simple and Protected GSS-API Negotiation
// Mechanism (SPNEGO, RFC 4178, with Microsoft's use of it in [MS-SPNG]):
// the NegTokenInit and NegTokenResp tokens, and an initiator and an
// acceptor that negotiate one of their Mechanisms, pass its tokens, and
// protect the negotiation with the mechListMIC.
//
// The mechanisms are supplied by the caller (windowsauth adapts NTLM);
// only the first mechanism of the initiator's list is sent optimistically,
// and an acceptor picks the first mechanism of the initiator's list it
// supports. Every failure matches ErrSecurityVerification.
package spnego
