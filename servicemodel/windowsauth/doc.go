// Package windowsauth joins Windows authentication mechanisms to the
// transports that carry them. So far: NTLM ([MS-NLMP], package ntlm) as
// the authenticator of net.tcp's application/negotiate upgrade ([MS-NNS],
// nettcp.NegotiateUpgrader), client and server.
//
// NTLMUpgrader returns the upgrader for a binding's Windows transport
// security: the client authenticates with a password or an NT hash, the
// server verifies against a user file (ntlm.UserFile), and both refuse a
// context with less protection than asked for (WCF's ProtectionLevel,
// EncryptAndSign by default). A server learns its caller from the upgraded
// connection: CallerOf.
//
// SPNEGO ([RFC 4178]) and Kerberos are not here yet: the tokens are raw
// NTLMSSP messages, which Windows' Negotiate package accepts from a client
// but which a .NET client does not send (it wraps NTLM in SPNEGO).
package windowsauth
