package windowsauth

import (
	"net"

	"github.com/wwsgo/wws/nettcp"
)

// Caller is an authenticated client as a server sees it.
type Caller struct {
	// Name is DOMAIN\user for NTLM (as the client spelled it), user@REALM
	// for Kerberos.
	Name string
	// Mechanism is "NTLM" or "Kerberos".
	Mechanism string
	// Protection is what the data frames get.
	Protection nettcp.NNSProtection
}

// callerer is an authenticator that knows its caller.
type callerer interface{ Caller() Caller }

// CallerOf returns the caller authenticated on a connection upgraded by a
// NegotiateUpgrader whose server authenticator knows its caller (such as
// NTLMServer, KerberosServer or SPNEGOAuthenticator); ok is false for other connections.
func CallerOf(conn net.Conn) (Caller, bool) {
	nc, ok := conn.(*nettcp.NNSConn)
	if !ok {
		return Caller{}, false
	}
	return callerOf(nc.Authenticator())
}

// SessionCaller returns the caller authenticated on a server session, as
// CallerOf does for its connection.
func SessionCaller(s *nettcp.Session) (Caller, bool) {
	return callerOf(s.NNSAuthenticator())
}

func callerOf(a nettcp.NNSAuthenticator) (Caller, bool) {
	c, ok := a.(callerer)
	if !ok {
		return Caller{}, false
	}
	caller := c.Caller()
	return caller, caller.Name != ""
}
