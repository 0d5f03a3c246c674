package nettcp

import (
	"context"
	"crypto/tls"
	"net"
)

// TLSUpgrader implements the application/ssl-tls upgrade ([MC-NMF]
// 2.2.3.5–2.2.3.6) with crypto/tls. A server needs Config.Certificates; a
// client verifies against Config.RootCAs (system roots when nil) with
// ServerName defaulting to the Via host, and presents Config.Certificates as
// its optional client certificate. Servers that want a client certificate set
// Config.ClientAuth.
type TLSUpgrader struct {
	Config *tls.Config
}

// Protocol returns "application/ssl-tls".
func (u *TLSUpgrader) Protocol() string { return UpgradeTLS }

// Client performs the TLS client handshake over conn.
func (u *TLSUpgrader) Client(ctx context.Context, conn net.Conn, host string) (net.Conn, error) {
	cfg := u.config()
	if cfg.ServerName == "" {
		cfg.ServerName = host
	}
	tc := tls.Client(conn, cfg)
	if err := tc.HandshakeContext(ctx); err != nil {
		return nil, err
	}
	return tc, nil
}

// Server performs the TLS server handshake over conn.
func (u *TLSUpgrader) Server(ctx context.Context, conn net.Conn) (net.Conn, error) {
	tc := tls.Server(conn, u.config())
	if err := tc.HandshakeContext(ctx); err != nil {
		return nil, err
	}
	return tc, nil
}

func (u *TLSUpgrader) config() *tls.Config {
	if u.Config == nil {
		return &tls.Config{MinVersion: tls.VersionTLS12}
	}
	return u.Config.Clone()
}
