// Package windowsauth joins Windows authentication mechanisms to the
// transports that carry them: Kerberos (RFC 4120/4121, [MS-KILE], package
// kerberos) and NTLM ([MS-NLMP], package ntlm), inside SPNEGO (RFC 4178,
// package spnego; NTLM also bare), as the authenticator of net.tcp's
// application/negotiate upgrade ([MS-NNS], nettcp.NegotiateUpgrader),
// client and server.
//
// NegotiateUpgrader is Windows' Negotiate package: the client offers
// Kerberos first where it can get a ticket (from a password, a keytab or a
// credential cache, krb5.conf honoured) and falls back to NTLM unless it
// has no NTLM credentials (DisallowNTLM); the server takes Kerberos with a
// keytab and NTLM with a UserStore.
//
// ClientUpgrader and ServerUpgrader, NewHTTPTransport and NewHTTPHost
// (config.go) are the seam a binding uses: they turn a ClientConfig (user;
// password, NT hash, keytab or credential cache; krb5.conf; target name;
// DisallowNTLM) or a ServerConfig (keytab and service principal, NTLM
// user file) into the Negotiate upgrader for a protection level, or into
// HTTP's Negotiate/NTLM.
//
// SPNEGOUpgrader returns the upgrader for a binding's Windows transport
// security as .NET's NegotiateStream speaks it (SPNEGO tokens; its server
// also takes bare NTLM); NTLMUpgrader sends bare NTLM tokens. The client
// authenticates with a password or an NT hash, the server verifies against
// an ntlm.UserStore such as an ntlm.UserFile, and both refuse a context
// with less protection than asked for (WCF's ProtectionLevel,
// EncryptAndSign by default) with ERROR_TRUST_FAILURE. A server learns its
// caller from the upgraded connection: CallerOf.
//
// HTTPHost does the same for HTTP (WWW-Authenticate: Negotiate and NTLM,
// bound to the connection), in front of any http.Handler; HTTPTransport is
// the client side, an http.RoundTripper keeping authenticated connections
// apart.
//
// All are tested against independent implementations: gss-ntlmssp, bare
// and under MIT krb5's SPNEGO, and MIT krb5's Kerberos with MIT's KDC
// (internal/krbtest) (testdata/gss/nns_peer.py, a net.tcp peer written
// apart from nettcp; testdata/gss/http_peer.py for HTTP) and curl (NTLM, and
// Kerberos with MIT's GSSAPI). HTTPTransport and HTTPHost take Kerberos
// under Negotiate too (HTTPTransport.Kerberos, HTTPHost.Kerberos).
package windowsauth
