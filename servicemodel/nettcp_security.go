// NetTCPBinding's transport security: which upgrade a binding's Security
// (and its older TLS field) asks for, the credentials a proxy and a host
// bring to it, and the caller a secured session authenticated.
//
// WCF's NetTcpBinding in Transport mode upgrades with
// WindowsStreamSecurityUpgradeProvider (application/negotiate, [MS-NNS])
// when the client credential type is Windows, and with
// SslStreamSecurityUpgradeProvider (application/ssl-tls) otherwise
// (System.ServiceModel/System/ServiceModel/NetTcpSecurity.cs,
// TcpTransportSecurity.cs).

package servicemodel

import (
	"context"
	"crypto/tls"
	"fmt"
	"log/slog"
	"net"

	"github.com/wwsgo/wws/nettcp"
	"github.com/wwsgo/wws/servicemodel/windowsauth"
)

// netTCPSecurity is the upgrade a NetTCPBinding's Security asks for.
type netTCPSecurity uint8

const (
	tcpSecurityNone netTCPSecurity = iota
	tcpSecurityTLS
	tcpSecurityWindows
)

// security resolves b.Security and b.TLS into one upgrade. Mode None with
// TLS set is TLS (the field predates Security); Mode Transport is
// Windows for Credential Windows, TLS for Certificate or None (server
// authentication only), as WCF's TcpClientCredentialType.
func (b *NetTCPBinding) security() (netTCPSecurity, error) {
	s := b.Security
	switch s.Mode {
	case SecurityModeNone:
		if s.Credential != CredentialNone {
			return 0, fmt.Errorf("%w: net.tcp security mode None with a client credential type", ErrNotSupported)
		}
		if b.TLS != nil {
			return tcpSecurityTLS, nil
		}
		return tcpSecurityNone, nil
	case SecurityModeTransport:
		switch s.Credential {
		case CredentialWindows:
			if b.TLS != nil {
				return 0, fmt.Errorf("%w: net.tcp Windows credentials with a TLS configuration (WCF's TcpClientCredentialType is one or the other)", ErrNotSupported)
			}
			if s.Protection > ProtectionNone {
				return 0, fmt.Errorf("%w: protection level %v", ErrNotSupported, s.Protection)
			}
			return tcpSecurityWindows, nil
		case CredentialCertificate, CredentialNone:
			return tcpSecurityTLS, nil
		}
		return 0, fmt.Errorf("%w: net.tcp client credential type %d", ErrNotSupported, s.Credential)
	case SecurityModeTransportCredentialOnly:
		return 0, fmt.Errorf("%w: net.tcp has no TransportCredentialOnly security mode (an HTTP one)", ErrNotSupported)
	}
	return 0, fmt.Errorf("%w: security mode %d", ErrNotSupported, s.Mode)
}

// clientUpgrader returns the upgrader a client channel to address asks
// for, nil for none.
func (b *NetTCPBinding) clientUpgrader(address string, o dialOptions) (nettcp.Upgrader, error) {
	sec, err := b.security()
	if err != nil {
		return nil, err
	}
	switch sec {
	case tcpSecurityTLS:
		return &nettcp.TLSUpgrader{Config: b.TLS}, nil
	case tcpSecurityWindows:
		u, err := windowsauth.ClientUpgrader(windowsClientConfig(o), nnsProtection(b.Security.Protection))
		if err != nil {
			return nil, fmt.Errorf("%w: Windows credentials for %s: %w", ErrInvalidOperation, address, err)
		}
		return u, nil
	}
	return nil, nil
}

// serverUpgrader returns the upgrader a host endpoint requires, nil for
// none. win is HostOptions.Windows; log, when not nil, hears of the
// clients Windows authentication refuses.
func (b *NetTCPBinding) serverUpgrader(endpoint string, win *WindowsServiceCredential, log *slog.Logger) (nettcp.Upgrader, error) {
	sec, err := b.security()
	if err != nil {
		return nil, fmt.Errorf("%w: endpoint %s: %w", ErrInvalidEndpoint, endpoint, err)
	}
	switch sec {
	case tcpSecurityTLS:
		if b.TLS == nil || len(b.TLS.Certificates) == 0 && b.TLS.GetCertificate == nil && b.TLS.GetConfigForClient == nil {
			return nil, fmt.Errorf("%w: endpoint %s: transport security without Windows credentials is TLS: set TLS with the server's Certificates", ErrInvalidEndpoint, endpoint)
		}
		if b.Security.Credential == CredentialCertificate && b.TLS.ClientAuth < tls.RequireAnyClientCert {
			return nil, fmt.Errorf("%w: endpoint %s: Certificate credentials need TLS.ClientAuth set to require client certificates (tls.RequireAndVerifyClientCert with ClientCAs)", ErrInvalidEndpoint, endpoint)
		}
		return &nettcp.TLSUpgrader{Config: b.TLS}, nil
	case tcpSecurityWindows:
		if win == nil {
			return nil, fmt.Errorf("%w: endpoint %s asks for Windows credentials and HostOptions.Windows is nil", ErrInvalidEndpoint, endpoint)
		}
		u, err := windowsauth.ServerUpgrader(windowsServerConfig(win), nnsProtection(b.Security.Protection))
		if err != nil {
			return nil, fmt.Errorf("%w: endpoint %s: %w", ErrInvalidEndpoint, endpoint, err)
		}
		if log != nil {
			return &refusalLogger{Upgrader: u, log: log, endpoint: endpoint}, nil
		}
		return u, nil
	}
	return nil, nil
}

// refusalLogger is a host's Windows upgrader that logs, at Debug, each
// client whose authentication failed (the handshake's error: logon
// denied, too little protection, a malformed token) with its address. The
// client got the HandshakeError frame; no channel exists for the host to
// log a fault of.
type refusalLogger struct {
	nettcp.Upgrader
	log      *slog.Logger
	endpoint string
}

// Server implements nettcp.Upgrader.
func (u *refusalLogger) Server(ctx context.Context, conn net.Conn) (net.Conn, error) {
	c, err := u.Upgrader.Server(ctx, conn)
	if err != nil && u.log.Enabled(context.Background(), slog.LevelDebug) {
		u.log.Debug("Windows authentication refused", slog.String("endpoint", u.endpoint),
			slog.String("remote", conn.RemoteAddr().String()), slog.Any("error", err))
	}
	return c, err
}

// securityDiff names how the security of two endpoints sharing a port
// differs, "" when it does not.
func securityDiff(a, b *NetTCPBinding) string {
	sa, errA := a.security()
	sb, errB := b.security()
	if errA != nil || errB != nil {
		return "" // Start reports those
	}
	describe := func(s netTCPSecurity, b *NetTCPBinding) string {
		switch s {
		case tcpSecurityTLS:
			return "TLS"
		case tcpSecurityWindows:
			return "Windows/" + b.Security.Protection.String()
		}
		return "none"
	}
	if da, db := describe(sa, a), describe(sb, b); da != db {
		return fmt.Sprintf("security %s and %s", da, db)
	}
	return ""
}

// nnsProtection is p as [MS-NNS] names it.
func nnsProtection(p ProtectionLevel) nettcp.NNSProtection {
	switch p {
	case ProtectionSign:
		return nettcp.NNSProtectionSign
	case ProtectionNone:
		return nettcp.NNSProtectionNone
	}
	return nettcp.NNSProtectionEncryptAndSign
}

// protectionLevel is the inverse of nnsProtection.
func protectionLevel(p nettcp.NNSProtection) ProtectionLevel {
	switch p {
	case nettcp.NNSProtectionSign:
		return ProtectionSign
	case nettcp.NNSProtectionNone:
		return ProtectionNone
	}
	return ProtectionEncryptAndSign
}

// sessionCaller returns the caller an application/negotiate upgrade
// authenticated on s, nil when none did.
func sessionCaller(s *nettcp.Session) *Caller {
	c, ok := windowsauth.SessionCaller(s)
	if !ok {
		return nil
	}
	return &Caller{Name: c.Name, Mechanism: c.Mechanism, Protection: protectionLevel(c.Protection)}
}
