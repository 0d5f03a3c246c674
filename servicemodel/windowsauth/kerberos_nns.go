package windowsauth

import (
	"encoding/asn1"
	"fmt"

	"github.com/wwsgo/wws/nettcp"
	"github.com/wwsgo/wws/servicemodel/windowsauth/kerberos"
)

// Kerberos as an nettcp.NNSAuthenticator and an spnego.Mechanism. The data
// frames of a context carry RFC 4121 Wrap tokens: sealed for
// EncryptAndSign, with integrity only for Sign — what dotnet/runtime's
// NegotiateStream makes (NegotiateAuthenticationPal.Windows.cs, Wrap:
// EncryptMessage with SECQOP_WRAP_NO_ENCRYPT when not encrypting; on Unix
// gss_wrap with conf_req_flag false). .NET Framework signed with
// MakeSignature instead, a MIC token before the plaintext; that is read
// too.

// KerberosClient is the client side of a Kerberos context.
type KerberosClient struct {
	init *kerberos.Initiator
}

// NewKerberosClient returns an authenticator for one handshake.
func NewKerberosClient(cfg kerberos.InitiatorConfig) *KerberosClient {
	return &KerberosClient{init: kerberos.NewInitiator(cfg)}
}

// Step implements nettcp.NNSAuthenticator and spnego.Mechanism.
func (c *KerberosClient) Step(tok []byte) ([]byte, bool, error) {
	out, done, err := c.init.Step(tok)
	return out, done, nnsError(err)
}

// Protection implements nettcp.NNSAuthenticator.
func (c *KerberosClient) Protection() nettcp.NNSProtection {
	return kerberosProtection(c.init.Context())
}

// Security implements nettcp.NNSAuthenticator.
func (c *KerberosClient) Security() nettcp.NNSSecurity { return kerberosSecurity(c.init.Context()) }

// OID implements spnego.Mechanism.
func (c *KerberosClient) OID() asn1.ObjectIdentifier { return kerberos.OID }

// Aliases implements spnego.Aliased: Windows lists Microsoft's OID first.
func (c *KerberosClient) Aliases() []asn1.ObjectIdentifier {
	return []asn1.ObjectIdentifier{kerberos.OIDMicrosoft}
}

// MIC implements spnego.Mechanism.
func (c *KerberosClient) MIC(msg []byte) ([]byte, error) { return micOfKerberos(c.init.Context(), msg) }

// VerifyMIC implements spnego.Mechanism.
func (c *KerberosClient) VerifyMIC(msg, mic []byte) error {
	return verifyMICOfKerberos(c.init.Context(), msg, mic)
}

// NegotiationDone implements spnego.Mechanism.
func (c *KerberosClient) NegotiationDone() {}

// KerberosServer is the server side of a Kerberos context.
type KerberosServer struct {
	acc *kerberos.Acceptor
}

// NewKerberosServer returns an authenticator for one handshake.
func NewKerberosServer(cfg kerberos.AcceptorConfig) *KerberosServer {
	return &KerberosServer{acc: kerberos.NewAcceptor(cfg)}
}

// Step implements nettcp.NNSAuthenticator and spnego.Mechanism.
func (s *KerberosServer) Step(tok []byte) ([]byte, bool, error) {
	out, done, err := s.acc.Step(tok)
	return out, done, nnsError(err)
}

// Protection implements nettcp.NNSAuthenticator.
func (s *KerberosServer) Protection() nettcp.NNSProtection {
	return kerberosProtection(s.acc.Context())
}

// Security implements nettcp.NNSAuthenticator.
func (s *KerberosServer) Security() nettcp.NNSSecurity { return kerberosSecurity(s.acc.Context()) }

// OID implements spnego.Mechanism.
func (s *KerberosServer) OID() asn1.ObjectIdentifier { return kerberos.OID }

// Aliases implements spnego.Aliased.
func (s *KerberosServer) Aliases() []asn1.ObjectIdentifier {
	return []asn1.ObjectIdentifier{kerberos.OIDMicrosoft}
}

// MIC implements spnego.Mechanism.
func (s *KerberosServer) MIC(msg []byte) ([]byte, error) { return micOfKerberos(s.acc.Context(), msg) }

// VerifyMIC implements spnego.Mechanism.
func (s *KerberosServer) VerifyMIC(msg, mic []byte) error {
	return verifyMICOfKerberos(s.acc.Context(), msg, mic)
}

// NegotiationDone implements spnego.Mechanism.
func (s *KerberosServer) NegotiationDone() {}

// Caller returns the authenticated client, user@REALM; the zero Caller
// before the handshake succeeded.
func (s *KerberosServer) Caller() Caller {
	if s.acc.Context() == nil {
		return Caller{}
	}
	return Caller{Name: s.acc.Caller(), Mechanism: "Kerberos", Protection: s.Protection()}
}

func kerberosProtection(ctx *kerberos.Context) nettcp.NNSProtection {
	switch {
	case ctx == nil:
		return nettcp.NNSProtectionNone
	case ctx.Confidentiality():
		return nettcp.NNSProtectionEncryptAndSign
	case ctx.Integrity():
		return nettcp.NNSProtectionSign
	}
	return nettcp.NNSProtectionNone
}

func kerberosSecurity(ctx *kerberos.Context) nettcp.NNSSecurity {
	if ctx == nil {
		return nil
	}
	return &kerberosFrames{ctx: ctx, seal: ctx.Confidentiality()}
}

func micOfKerberos(ctx *kerberos.Context, msg []byte) ([]byte, error) {
	if ctx == nil {
		return nil, kerberos.ErrSecurityVerification
	}
	return ctx.MIC(nil, msg), nil
}

func verifyMICOfKerberos(ctx *kerberos.Context, msg, mic []byte) error {
	if ctx == nil {
		return kerberos.ErrSecurityVerification
	}
	return ctx.VerifyMIC(msg, mic)
}

// kerberosFrames protects NNS data frames with a Kerberos context: sealed
// Wrap tokens when seal, else integrity-only ones; a frame of the other
// kind is refused (no silent downgrade).
type kerberosFrames struct {
	ctx  *kerberos.Context
	seal bool
}

// micTokenLen returns the length of the MIC token that starts payload in
// .NET Framework's MakeSignature frames (MIC token, then the data): 28
// bytes with AES (RFC 4121: 04 04 …), 37 with RC4-HMAC (RFC 1964, framed:
// 60 23 06 09 <krb5 OID> 01 01 …); 0 when payload starts with neither.
func micTokenLen(payload []byte) int {
	const aesMIC, rc4MIC = 16 + 12, 37
	switch {
	case len(payload) >= aesMIC && payload[0] == 0x04 && payload[1] == 0x04:
		return aesMIC
	case len(payload) >= rc4MIC && payload[0] == 0x60 && payload[1] == rc4MIC-2 && payload[13] == 0x01 && payload[14] == 0x01:
		return rc4MIC
	}
	return 0
}

func (f *kerberosFrames) Wrap(dst, plaintext []byte) ([]byte, error) {
	return f.ctx.Wrap(dst, plaintext, f.seal), nil
}

func (f *kerberosFrames) Unwrap(payload []byte) ([]byte, error) {
	if n := micTokenLen(payload); !f.seal && n > 0 {
		if err := f.ctx.VerifyMIC(payload[n:], payload[:n]); err != nil {
			return nil, err
		}
		return payload[n:], nil
	}
	p, sealed, err := f.ctx.Unwrap(payload)
	if err != nil {
		return nil, err
	}
	if sealed != f.seal {
		return nil, fmt.Errorf("%w: a frame sealed=%v in a session that negotiated sealed=%v", kerberos.ErrSecurityVerification, sealed, f.seal)
	}
	return p, nil
}
