package nettcp

// NNSAuthenticator returns the authenticator of the application/negotiate
// handshake that secured the session's connection, through which a server
// learns who its caller is; nil when no such upgrade ran.
func (s *Session) NNSAuthenticator() NNSAuthenticator {
	if nc, ok := s.conn.(*NNSConn); ok {
		return nc.Authenticator()
	}
	return nil
}
