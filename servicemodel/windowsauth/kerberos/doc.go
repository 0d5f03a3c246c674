// Package kerberos is the Kerberos V5 GSS-API mechanism (RFC 4121 over
// RFC 4120) as Windows speaks it ([MS-KILE]), client and server, for
// SPNEGO (RFC 4178, package spnego) and net.tcp's application/negotiate
// upgrade ([MS-NNS]).
//
// A client (Initiator) gets a service ticket from a password, a keytab or
// a credential cache, honouring krb5.conf ($KRB5_CONFIG, $KRB5CCNAME), and
// sends an AP-REQ asking for mutual authentication with a GSS checksum
// (RFC 4121 4.1.1: the MUTUAL, REPLAY, SEQUENCE, CONF and INTEG flags) and
// a subkey; it verifies the AP-REP. A server (Acceptor) verifies the AP-REQ
// with its keytab: the ticket, the authenticator, the clock skew, a replay
// cache; it answers with an AP-REP carrying its own subkey, and names its
// caller user@REALM.
//
// The established Context protects messages with RFC 4121 4.2 tokens (RFC
// 4757 7 ones for RC4-HMAC): Wrap
// with confidentiality (sealed: the plaintext, filler and a copy of the
// header encrypted, the result rotated right by RRC), Wrap with integrity
// only, and MIC. The tickets, keytabs, credential caches and the RFC 3961
// key derivation come from github.com/jcmturner/gokrb5/v8, whose own wrap
// token has no confidentiality; the per-message encryption
// (aes256-cts-hmac-sha1-96 and aes128-cts-hmac-sha1-96, RFC 3962) is here,
// with keys derived once per context; and rc4-hmac (RFC 4757), whose
// contexts use the RFC 1964 token layout. A context whose key is of another
// type (DES, 3DES, the RFC 8009 AES-SHA2 types) fails with ErrUnsupported.
//
// Every failure matches ErrSecurityVerification, named after WWSAPI's
// WS_E_SECURITY_VERIFICATION_FAILURE; ErrLogonDenied, ErrSkew, ErrReplay
// and ErrWrongPrincipal say which check failed.
package kerberos
