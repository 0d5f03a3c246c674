// Package ntlm implements NTLM authentication and session security
// ([MS-NLMP]) for Windows authentication in WCF bindings: the net.tcp
// application/negotiate upgrade ([MS-NNS]) and HTTP's NTLM and Negotiate
// schemes.
//
// It speaks NTLMv2 only, always with extended session security, and
// requires on the client side what a WCF client negotiates: signing,
// 128-bit keys and key exchange, and sealing for EncryptAndSign:
//
//   - Messages: NegotiateMessage, ChallengeMessage and AuthenticateMessage
//     encode and parse the three tokens ([MS-NLMP] 2.2.1), with every
//     payload field checked to lie inside its message.
//   - ClientContext computes the NTLMv2 response from a password or an NT
//     hash, the exported session key (KEY_EXCH) and the MIC ([MS-NLMP] 3.1.5,
//     3.3.2).
//   - ServerContext issues the challenge and verifies the response against a
//     UserStore, such as a UserFile in gss-ntlmssp's NTLM_USER_FILE format
//     (plaintext passwords or smbpasswd NT hashes), and the MIC.
//   - Session signs, verifies, seals and unseals with per-direction RC4
//     handles and sequence numbers ([MS-NLMP] 3.4); its Wrap and Unwrap make
//     and read the payload of an [MS-NNS] data frame (signature, then sealed
//     or plain data), so a *Session is a nettcp.NNSSecurity.
//
// Every failure matches ErrSecurityVerification (WWSAPI's
// WS_E_SECURITY_VERIFICATION_FAILURE); ErrLogonDenied, ErrMalformedMessage
// and ErrNegotiation say which check failed. The package is tested against
// the known answers of [MS-NLMP] 4.2.4 and, both ways, against gss-ntlmssp
// (testdata/gss/ntlm_peer.py).
//
// Not supported: NTLMv1 and LM, connectionless (datagram) NTLM, anonymous
// logon, channel bindings (MsvAvChannelBindings) and the server-side check
// of the client's MsvAvTargetName.
package ntlm
